"""Pages of 上传下达 (notices down the tree: sent list with sign counts, the inbox, the notice with its receipts and
签收) and 信息报送 (reports up the tree: list with review actions, the form, counts per org and period)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.choices import MANAGER_ROLES
from dangjian.core.io.tables import xlsx_response
from dangjian.core.views.common import (
    ORG_NOT_FOUND,
    export_org,
    home_org,
    is_filtered,
    org_from_code,
    requested_org,
    run_and_report,
)
from dangjian.orglife import rules
from dangjian.orglife.forms.notices import NoticeForm, ReportForm, ReviewForm
from dangjian.orglife.forms.volunteers import style_filters
from dangjian.orglife.models import InfoReport
from dangjian.orglife.permissions import can_approve, can_manage_branch
from dangjian.orglife.selectors import notices as selectors
from dangjian.orglife.services import notices as services


def _require_manager_role(user: Any) -> None:
    """Notices and reports are the work of the orgs' manager accounts, not of members."""
    if not (user.is_superuser or user.role in MANAGER_ROLES):
        raise PermissionDenied("通知签收和信息报送由党组织管理账号办理")


def _manages_own(user: Any) -> bool:
    own = getattr(user, "org", None)
    return own is not None and can_manage_branch(user, own)


def _attachment(field: Any) -> FileResponse:
    if not field:
        raise Http404("没有附件")
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404("附件不存在") from None
    return FileResponse(handle, as_attachment=True, filename=Path(field.name or "").name)


# --- notices ------------------------------------------------------------------------------------------------


@login_required
@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    """Two tabs: the notices sent in the user's scope with their sign counts, and the own org's inbox."""
    user: Any = request.user
    _require_manager_role(user)
    tab = "inbox" if request.GET.get("tab") == "inbox" else "sent"
    params = {k: v for k, v in request.GET.items() if k != "tab"}
    if tab == "inbox":
        filterset, rows = selectors.inbox(user, params)
        form = style_filters(filterset.form)
        for name in ("notice", "org"):
            form.fields.pop(name, None)
        page = core_selectors.paginate(rows, request.GET.get("page"))
        selectors.decorate_receipts(list(page.page.object_list))
    else:
        filterset, rows = selectors.sent_list(user, params)
        form = style_filters(filterset.form)
        page = core_selectors.paginate(rows, request.GET.get("page"))
        for notice in page.page.object_list:
            notice.sign_label = rules.ratio_label(notice.signed, notice.recipients)
    context = {
        "tab": tab,
        "filter_form": form,
        "page": page,
        "filtered": is_filtered(request, "tab"),
        "can_send": _manages_own(user),
        "inbox_pending": selectors.inbox_pending(user),
    }
    return render(request, "orglife/notices/list.html", context)


@login_required
@require_GET
def notice_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_manager_role(user)
    _, notices = selectors.sent_list(user, {k: v for k, v in request.GET.items() if k != "tab"})
    org = export_org(request) or home_org(user)
    file_name = f"通知-{org.name if org else ''}-{clock.today():%Y%m%d}.xlsx"
    content = services.notices_export(actor=user, org=org, notices=notices, file_name=file_name)
    return xlsx_response(content, file_name)


@login_required
@require_http_methods(["GET", "POST"])
def notice_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not _manages_own(user):
        raise PermissionDenied("没有下发通知的权限")
    form = NoticeForm(request.POST or None, request.FILES or None, initial={"org_code": user.org.code})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = org_from_code(user, data.pop("org_code"))
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        else:
            data["attachment"] = data.get("attachment") or None
            try:
                notice = services.notice_send(actor=user, org=org, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已下发通知“{notice.title}”,共{notice.recipients}个组织待签收")
                return redirect("orglife:notice_detail", pk=notice.pk)
    return render(request, "orglife/notices/notice_form.html", {"form": form})


@login_required
@require_GET
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice, the own org's 签收, and the receipts within the user's scope (who has not signed first)."""
    user: Any = request.user
    _require_manager_role(user)
    notice = selectors.notice_detail(user, pk)
    own = selectors.own_receipt(user, notice)
    if own is not None:
        selectors.decorate_receipts([own], notice)
    filterset, receipts = selectors.notice_receipts(user, notice, request.GET)
    form = style_filters(filterset.form)
    form.fields.pop("notice", None)
    page = core_selectors.paginate(receipts, request.GET.get("page"))
    selectors.decorate_receipts(list(page.page.object_list), notice)
    signed, total, overdue = selectors.receipt_counts(user, notice)
    for receipt in page.page.object_list:
        receipt.can_sign = receipt.signed_at is None and services.can_sign(user, receipt)
    context = {
        "notice": notice,
        "own": own,
        "can_sign_own": own is not None and own.signed_at is None and services.can_sign(user, own),
        "filter_form": form,
        "page": page,
        "filtered": is_filtered(request),
        "sign_label": rules.ratio_label(notice.signed, notice.recipients),
        "scope_label": rules.ratio_label(signed, total),
        "partial_scope": total != notice.recipients,
        "overdue": overdue,
        "today": clock.today(),
        "show_receipts": total > 0 and (total > 1 or own is None),
    }
    return render(request, "orglife/notices/notice_detail.html", context)


@login_required
@require_POST
def notice_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """The own org signs (签收) the notice."""
    user: Any = request.user
    notice = selectors.notice_detail(user, pk)
    own = selectors.own_receipt(user, notice)
    if own is None:
        raise Http404("该通知没有下发给本组织")
    run_and_report(request, lambda: services.notice_sign(actor=user, receipt=own), f"已签收“{notice.title}”")
    return redirect("orglife:notice_detail", pk=notice.pk)


@login_required
@require_POST
def receipt_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager above signs for an org below (e.g. a 党小组 without an account of its own)."""
    user: Any = request.user
    receipt = selectors.receipt_detail(user, pk)
    run_and_report(request, lambda: services.notice_sign(actor=user, receipt=receipt), f"已为{receipt.org.name}签收")
    return redirect("orglife:notice_detail", pk=receipt.notice_id)


@login_required
@require_GET
def receipts_export(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    _require_manager_role(user)
    notice = selectors.notice_detail(user, pk)
    _, receipts = selectors.notice_receipts(user, notice, request.GET)
    file_name = f"通知签收情况-{notice.title}-{clock.today():%Y%m%d}.xlsx"
    content = services.receipts_export(actor=user, notice=notice, receipts=receipts, file_name=file_name)
    return xlsx_response(content, file_name)


@login_required
@require_GET
def notice_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A notice's attachment, to the orgs that read the notice only (never served publicly)."""
    return _attachment(selectors.notice_detail(request.user, pk).attachment)


# --- reports ------------------------------------------------------------------------------------------------


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_manager_role(user)
    filterset, reports = selectors.report_list(user, request.GET)
    page = core_selectors.paginate(reports, request.GET.get("page"))
    for report in page.page.object_list:
        report.can_review = report.status == "submitted" and can_approve(user, report.org)
    context = {
        "filter_form": style_filters(filterset.form),
        "page": page,
        "filtered": is_filtered(request),
        "can_submit": _manages_own(user),
        "pending_review": selectors.reports_pending_review(user),
    }
    return render(request, "orglife/notices/reports.html", context)


@login_required
@require_GET
def report_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_manager_role(user)
    _, reports = selectors.report_list(user, request.GET)
    org = export_org(request) or home_org(user)
    file_name = f"信息报送-{org.name if org else ''}-{clock.today():%Y%m%d}.xlsx"
    content = services.reports_export(actor=user, org=org, reports=reports, file_name=file_name)
    return xlsx_response(content, file_name)


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest) -> HttpResponse:
    """Submit a report; `?from=<id>` starts from a returned report (resubmitted as a new one)."""
    user: Any = request.user
    if not _manages_own(user):
        raise PermissionDenied("没有报送信息的权限")
    initial: dict[str, Any] = {"org_code": user.org.code}
    source = request.GET.get("from", "").strip()
    previous: InfoReport | None = selectors.report_detail(user, source) if source.isdigit() else None
    if previous is not None:
        initial |= {"org_code": previous.org.code, "kind": previous.kind, "title": previous.title}
        initial["body"] = previous.body
    form = ReportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = org_from_code(user, data.pop("org_code"))
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        else:
            data["attachment"] = data.get("attachment") or None
            try:
                report = services.report_submit(actor=user, org=org, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已报送“{report.title}”")
                return redirect("orglife:report_detail", pk=report.pk)
    return render(request, "orglife/notices/report_form.html", {"form": form, "previous": previous})


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    _require_manager_role(user)
    report = selectors.report_detail(user, pk)
    reviewer = report.status == "submitted" and can_approve(user, report.org)
    context = {
        "report": report,
        "review_form": ReviewForm() if reviewer else None,
        "can_resubmit": report.status == "returned" and can_manage_branch(user, report.org),
    }
    return render(request, "orglife/notices/report_detail.html", context)


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    report = selectors.report_detail(user, pk)
    if not can_approve(user, report.org):
        raise PermissionDenied("只有上级组织可以审核该信息,报送单位不能审核本单位的信息")
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.report_review(
                actor=user, report=report, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已审核“{report.title}”")
            return redirect("orglife:report_detail", pk=report.pk)
    context = {"report": report, "review_form": form, "can_resubmit": False}
    return render(request, "orglife/notices/report_detail.html", context)


@login_required
@require_GET
def report_attachment(request: HttpRequest, pk: int) -> FileResponse:
    return _attachment(selectors.report_detail(request.user, pk).attachment)


@login_required
@require_GET
def report_counts(request: HttpRequest) -> HttpResponse:
    """Reports counted per org for a period (submitted, adopted, the adoption rate with its numerator and
    denominator), for the user's org or `?org=`."""
    user: Any = request.user
    _require_manager_role(user)
    period, errors = selectors.count_period(request.GET, default_year=clock.today().year)
    for message in errors.values():
        messages.error(request, message)
    if period is None:
        period = rules.period_of(clock.today(), "year")
    group = request.GET.get("group") if request.GET.get("group") in dict(selectors.COUNT_GROUPS) else "child"
    org = requested_org(request) if request.GET.get("org", "").strip() else home_org(user)
    total, rows = selectors.report_counts(user, org, period, group=group)
    if request.GET.get("export") == "xlsx":
        file_name = f"信息报送统计-{org.name if org else ''}-{period.label}-{clock.today():%Y%m%d}.xlsx"
        caption = f"{org.name if org else ''} {period.label}"
        content = services.counts_export(
            actor=user, org=org, caption=caption, rows=rows, total=total, file_name=file_name
        )
        return xlsx_response(content, file_name)
    today = clock.today()
    context = {
        "org": org,
        "period": period,
        "group": group,
        "groups": selectors.COUNT_GROUPS,
        "total": total,
        "page": core_selectors.paginate(rows, request.GET.get("page")),
        "years": list(range(today.year, today.year - 5, -1)),
        "year": period.first.year,
        "quarter": request.GET.get("quarter", ""),
        "month": request.GET.get("month", ""),
        "quarters": [1, 2, 3, 4],
        "months": list(range(1, 13)),
        "org_code": request.GET.get("org", ""),
    }
    return render(request, "orglife/notices/counts.html", context)


urlpatterns: list[URLPattern] = [
    path("notices/", notice_list, name="notice_list"),
    path("notices/export.xlsx", notice_export, name="notice_export"),
    path("notices/new/", notice_create, name="notice_create"),
    path("notices/<int:pk>/", notice_detail, name="notice_detail"),
    path("notices/<int:pk>/sign/", notice_sign, name="notice_sign"),
    path("notices/<int:pk>/receipts.xlsx", receipts_export, name="notice_receipts_export"),
    path("notices/<int:pk>/attachment/", notice_attachment, name="notice_attachment"),
    path("notices/receipts/<int:pk>/sign/", receipt_sign, name="notice_receipt_sign"),
    path("reports/", report_list, name="report_list"),
    path("reports/export.xlsx", report_export, name="report_export"),
    path("reports/new/", report_create, name="report_create"),
    path("reports/counts/", report_counts, name="report_counts"),
    path("reports/<int:pk>/", report_detail, name="report_detail"),
    path("reports/<int:pk>/review/", report_review, name="report_review"),
    path("reports/<int:pk>/attachment/", report_attachment, name="report_attachment"),
]
