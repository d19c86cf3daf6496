"""Pages of 村官直审: the rounds with the figures of a round or year for any scope (filters, export), a round (its
villages, adding them in bulk, their export), an audited village (auditors, findings, conclusion, rectification,
verification, the public notice), the township's rectification queue (overdue first), and the public notice page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.choices import OrgLevel
from dangjian.core.filters import parse_year
from dangjian.core.io.tables import xlsx_response
from dangjian.core.models import Org
from dangjian.core.views.common import ORG_NOT_FOUND, export_org, home_org, is_filtered, save_changes, service_errors
from dangjian.service import rules
from dangjian.service.choices import AuditConclusion, AuditFindingStatus, AuditRoundStatus
from dangjian.service.forms.audits import (
    AddVillagesForm,
    AuditForm,
    ConclusionForm,
    DeadlineForm,
    FindingForm,
    NoticeForm,
    RectifyForm,
    RoundEditForm,
    RoundForm,
    VerifyForm,
    code_list,
    style_filters,
)
from dangjian.service.models import VillageAuditNotice
from dangjian.service.permissions import can_approve, can_manage_village, can_set_county_rules
from dangjian.service.rules import audit_finding_overdue
from dangjian.service.selectors import audits as selectors
from dangjian.service.services import audits as services

FORM_TEMPLATE = "service/audits/form.html"
CONFIRM_TEMPLATE = "service/audits/confirm.html"


def _county(user: Any) -> Org | None:
    org = home_org(user)
    if org is None:
        return None
    return org if org.level == OrgLevel.COUNTY else Org.objects.filter(pk=org.county_id).first()


def _is_county(user: Any) -> bool:
    county = _county(user)
    return county is not None and can_set_county_rules(user, county)


def _is_admin(user: Any) -> bool:
    return getattr(user, "role", None) in ("county_admin", "township_admin")


def _may_export(user: Any) -> bool:
    own = getattr(user, "org", None)
    return _is_admin(user) or (own is not None and can_manage_village(user, own))


def _scope_org(request: HttpRequest) -> Org | None:
    code = request.GET.get("org", "").strip()
    if not code:
        return None
    org = core_selectors.org_by_code(request.user, code)
    if org is None:
        raise Http404("党组织不存在")
    return org


def _int(raw: str) -> int | None:
    return int(raw) if raw.strip().isdigit() else None


def _township_select(form: forms.Form, user: Any) -> None:
    towns = [("", "全部"), *((t.pk, t.name) for t in selectors.townships(user))]
    if "township" in form.fields:
        form.fields["township"].widget = forms.Select(choices=towns, attrs={"class": "form-select form-select-sm"})


# --- list and figures ---------------------------------------------------------------------------------------


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    """The figures of a round or a year (default: the latest round's year) for the scope, and the rounds."""
    user: Any = request.user
    round_id = _int(request.GET.get("round", ""))
    raw_year = request.GET.get("year", "").strip()
    year = parse_year(raw_year) if raw_year else (selectors.last_round_year(user) or clock.today().year)
    scope_org = _scope_org(request)
    figures = selectors.figures(user, clock.today(), round_id=round_id, year=None if round_id else year, org=scope_org)
    filterset, rounds = selectors.round_list(user, request.GET)
    form = style_filters(filterset.form)
    context = {
        "figures": figures,
        "year": year,
        "round_id": round_id,
        "all_rounds": list(selectors.rounds_visible(user).values_list("pk", "name")[:50]),
        "scope_org": scope_org,
        "filter_form": form,
        "page": core_selectors.paginate(rounds, request.GET.get("page")),
        "filtered": any(request.GET.get(key, "").strip() for key in ("status", "search")),
        "is_county": _is_county(user),
        "is_admin": _is_admin(user),
        "may_export": _may_export(user),
    }
    return render(request, "service/audits/list.html", context)


@login_required
@require_GET
def audit_export(request: HttpRequest) -> HttpResponse:
    """The audited villages (with conclusion and counts) of the filtered scope, as .xlsx."""
    user: Any = request.user
    if not _may_export(user):
        raise PermissionDenied("没有导出村官直审情况的权限")
    _, rows = selectors.audit_list(user, request.GET)
    org = export_org(request) or home_org(user)
    name = org.name if org else ""
    file_name = f"村官直审-{name}-{clock.today():%Y%m%d}.xlsx"
    content = services.audits_export(
        actor=user,
        org=org,
        audits=rows,
        towns=selectors.town_names(org.county_id if org else None),
        file_name=file_name,
        caption=f"{name} 村官直审情况",
    )
    return xlsx_response(content, file_name)


# --- rounds -------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    county = _county(user)
    if county is None or not can_set_county_rules(user, county):
        raise PermissionDenied("只有县委组织部可以启动村官直审轮次")
    today = clock.today()
    initial = {"year": today.year, "notice_days": rules.AUDIT_NOTICE_DAYS, "body": "county_audit"}
    form = RoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(actor=user, county=county, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已启动“{round_.name}”")
            return redirect("service:audit_round", pk=round_.pk)
    return render(request, FORM_TEMPLATE, {"form": form, "title": "启动村官直审轮次"})


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    round_ = selectors.round_detail(user, pk)
    if not can_set_county_rules(user, round_.org):
        raise PermissionDenied("只有县委组织部可以修改村官直审轮次")
    initial = {name: getattr(round_, name) for name in RoundEditForm.model_fields}
    form = RoundEditForm(request.POST or None, initial=initial)
    if save_changes(request, form, lambda changes: services.round_update(actor=user, round=round_, **changes)):
        return redirect("service:audit_round", pk=round_.pk)
    return render(request, FORM_TEMPLATE, {"form": form, "title": "修改审计轮次", "round": round_})


@login_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The round's villages (filters, search, pagination, export) with their conclusion and counts."""
    user: Any = request.user
    round_ = selectors.round_detail(user, pk)
    params = request.GET.copy()
    params["round"] = str(round_.pk)
    filterset, rows = selectors.audit_list(user, params)
    form = style_filters(filterset.form)
    form.fields.pop("round", None)
    form.fields.pop("year", None)
    _township_select(form, user)
    figures = selectors.figures(user, clock.today(), round_id=round_.pk)
    context = {
        "round": round_,
        "figures": figures,
        "filter_form": form,
        "page": core_selectors.paginate(rows, request.GET.get("page")),
        "filtered": is_filtered(request),
        "is_county": can_set_county_rules(user, round_.org),
        "next_status": rules.audit_round_next(round_.status),
        "may_export": _may_export(user),
        "statuses": AuditRoundStatus,
    }
    return render(request, "service/audits/round.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_advance(request: HttpRequest, pk: int) -> HttpResponse:
    """计划 → 实施中 → 已完成; GET asks first."""
    user: Any = request.user
    round_ = selectors.round_detail(user, pk)
    if not can_set_county_rules(user, round_.org):
        raise PermissionDenied("只有县委组织部可以推进村官直审轮次")
    back = reverse("service:audit_round", kwargs={"pk": round_.pk})
    target = rules.audit_round_next(round_.status)
    if target is None:
        messages.error(request, f"“{round_.name}”已完成")
        return redirect(back)
    label = AuditRoundStatus(target).label
    if request.method == "POST":
        try:
            services.round_advance(actor=user, round=round_)
        except ValidationError as exc:
            messages.error(request, ";".join(exc.messages))
        else:
            messages.success(request, f"“{round_.name}”已进入“{label}”")
        return redirect(back)
    message = f"确认将“{round_.name}”的状态改为“{label}”?"
    return render(request, CONFIRM_TEMPLATE, {"title": f"审计轮次{label}", "message": message, "back": back})


@login_required
@require_http_methods(["GET", "POST"])
def villages_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add the villages of the county, of a township, or picked ones (each once per round)."""
    user: Any = request.user
    round_ = selectors.round_detail(user, pk)
    if not can_set_county_rules(user, round_.org):
        raise PermissionDenied("只有县委组织部可以确定被审计的村")
    towns = [(t.pk, t.name) for t in selectors.townships(user)]
    form = AddVillagesForm(request.POST or None, towns=towns)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["mode"] == "codes":
                orgs = []
                for code in code_list(data["codes"]):
                    org = core_selectors.org_by_code(user, code)
                    if org is None:
                        raise ValidationError({"codes": ORG_NOT_FOUND.format(code=code)})
                    orgs.append(org)
                count = services.audits_add_codes(actor=user, round=round_, orgs=orgs)
            else:
                under = Org.objects.get(pk=data["township"]) if data["mode"] == "township" else None
                count = services.audits_add_all(actor=user, round=round_, under=under)
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, f"已添加被审计的村(社区){count}个" if count else "没有需要添加的村(社区)")
            return redirect("service:audit_round", pk=round_.pk)
    return render(request, FORM_TEMPLATE, {"form": form, "title": "添加被审计的村(社区)", "round": round_})


@login_required
@require_GET
def round_export(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    round_ = selectors.round_detail(user, pk)
    if not _may_export(user):
        raise PermissionDenied("没有导出村官直审情况的权限")
    params = request.GET.copy()
    params["round"] = str(round_.pk)
    _, rows = selectors.audit_list(user, params)
    org = export_org(request) or home_org(user)
    file_name = f"{round_.name}-{clock.today():%Y%m%d}.xlsx"
    content = services.audits_export(
        actor=user,
        org=org,
        audits=rows,
        towns=selectors.town_names(round_.county_id),
        file_name=file_name,
        caption=f"{round_.name} 被审计村(社区)",
    )
    return xlsx_response(content, file_name)


# --- an audited village -------------------------------------------------------------------------------------


@login_required
@require_GET
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    found = selectors.audit_detail(user, pk)
    today = clock.today()
    findings = [(f, audit_finding_overdue(f.deadline, f.status, today)) for f in selectors.audit_findings(found)]
    approver = can_approve(user, found.org)
    context = {
        "audit": found,
        "findings": findings,
        "notice": selectors.audit_notice(found),
        "approver": approver,
        "keeper": can_manage_village(user, found.org),
        "is_county": can_set_county_rules(user, found.round.org),
        "ongoing": found.round.status == AuditRoundStatus.ONGOING,
        "done": found.round.status == AuditRoundStatus.DONE,
        "statuses": AuditFindingStatus,
        "conclusions": AuditConclusion,
        "today": today,
    }
    return render(request, "service/audits/audit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def audit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    found = selectors.audit_detail(user, pk)
    if not can_approve(user, found.org):
        raise PermissionDenied("只有乡镇或县委组织部可以记录审计情况")
    initial = {name: getattr(found, name) for name in AuditForm.model_fields}
    form = AuditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        try:
            if changes:
                services.audit_update(actor=user, audit_obj=found, **changes)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存审计人员和进离点日期" if changes else "没有需要保存的修改")
            return redirect("service:audit_village", pk=found.pk)
    return render(request, FORM_TEMPLATE, {"form": form, "title": "审计人员和进离点日期", "audit": found})


@login_required
@require_http_methods(["GET", "POST"])
def audit_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    found = selectors.audit_detail(user, pk)
    if not can_set_county_rules(user, found.round.org):
        raise PermissionDenied("只有县委组织部可以调整被审计的村")
    back = reverse("service:audit_village", kwargs={"pk": found.pk})
    if request.method == "POST":
        try:
            services.audit_remove(actor=user, audit_obj=found)
        except ValidationError as exc:
            messages.error(request, ";".join(exc.messages))
            return redirect(back)
        messages.success(request, f"已将{found.org.name}移出本轮审计")
        return redirect("service:audit_round", pk=found.round_id)
    message = f"确认将{found.org.name}移出“{found.round.name}”?"
    return render(request, CONFIRM_TEMPLATE, {"title": "移出本轮审计", "message": message, "back": back})


@login_required
@require_http_methods(["GET", "POST"])
def audit_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    found = selectors.audit_detail(user, pk)
    if not can_approve(user, found.org):
        raise PermissionDenied("只有乡镇或县委组织部可以录入审计结论")
    form = ConclusionForm(request.POST or None, initial={"concluded_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_conclude(actor=user, audit_obj=found, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已录入{found.org.name}的审计结论")
            return redirect("service:audit_village", pk=found.pk)
    return render(request, FORM_TEMPLATE, {"form": form, "title": "录入审计结论", "audit": found})


@login_required
@require_http_methods(["GET", "POST"])
def finding_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    found = selectors.audit_detail(user, pk)
    if not can_approve(user, found.org):
        raise PermissionDenied("只有乡镇或县委组织部可以记录审计问题")
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_add(actor=user, audit_obj=found, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已记录审计问题")
            return redirect(reverse("service:audit_village", kwargs={"pk": found.pk}) + "#findings")
    return render(request, FORM_TEMPLATE, {"form": form, "title": "记录审计问题", "audit": found})


@login_required
@require_http_methods(["GET", "POST"])
def finding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a finding (before the conclusion) or move its deadline (after)."""
    user: Any = request.user
    finding = selectors.finding_detail(user, pk)
    if not can_approve(user, finding.audit.org):
        raise PermissionDenied("只有乡镇或县委组织部可以修改审计问题")
    form_class = DeadlineForm if finding.audit.conclusion else FindingForm
    initial = {name: getattr(finding, name) for name in form_class.model_fields}
    form = form_class(request.POST or None, initial=initial)
    if save_changes(request, form, lambda changes: services.finding_update(actor=user, finding=finding, **changes)):
        return redirect(reverse("service:audit_village", kwargs={"pk": finding.audit_id}) + "#findings")
    title = "调整整改期限" if finding.audit.conclusion else "修改审计问题"
    return render(request, FORM_TEMPLATE, {"form": form, "title": title, "audit": finding.audit})


@login_required
@require_http_methods(["GET", "POST"])
def finding_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    finding = selectors.finding_detail(user, pk)
    if not can_approve(user, finding.audit.org):
        raise PermissionDenied("只有乡镇或县委组织部可以删除审计问题")
    back = reverse("service:audit_village", kwargs={"pk": finding.audit_id}) + "#findings"
    if request.method == "POST":
        try:
            services.finding_delete(actor=user, finding=finding)
        except ValidationError as exc:
            messages.error(request, ";".join(exc.messages))
        else:
            messages.success(request, "已删除该审计问题")
        return redirect(back)
    message = f"确认删除{finding.audit.org.name}的审计问题“{finding.description[:30]}”?"
    return render(request, CONFIRM_TEMPLATE, {"title": "删除审计问题", "message": message, "back": back})


@login_required
@require_http_methods(["GET", "POST"])
def finding_rectify(request: HttpRequest, pk: int) -> HttpResponse:
    """The village reports a finding's rectification."""
    user: Any = request.user
    finding = selectors.finding_detail(user, pk)
    if not can_manage_village(user, finding.audit.org):
        raise PermissionDenied("没有为该村报送整改结果的权限")
    form = RectifyForm(request.POST or None, initial={"rectified_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_rectify(actor=user, finding=finding, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已报送整改结果,待乡镇或县委组织部核实")
            return redirect(reverse("service:audit_village", kwargs={"pk": finding.audit_id}) + "#findings")
    context = {"form": form, "title": "报送整改结果", "audit": finding.audit, "finding": finding}
    return render(request, FORM_TEMPLATE, context)


@login_required
@require_http_methods(["GET", "POST"])
def finding_verify(request: HttpRequest, pk: int) -> HttpResponse:
    """The township or county verifies a reported rectification (never the village itself)."""
    user: Any = request.user
    finding = selectors.finding_detail(user, pk)
    if not can_approve(user, finding.audit.org):
        raise PermissionDenied("只有乡镇或县委组织部可以核实整改情况")
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        passed = form.cleaned_data["verdict"] == "yes"
        try:
            services.finding_verify(actor=user, finding=finding, passed=passed, note=form.cleaned_data["note"])
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, "已核实:整改到位" if passed else "已核实:未到位,退回继续整改")
            back = request.POST.get("next", "")
            if back == "queue":
                return redirect("service:audit_queue")
            return redirect(reverse("service:audit_village", kwargs={"pk": finding.audit_id}) + "#findings")
    context = {"form": form, "title": "核实整改情况", "audit": finding.audit, "finding": finding}
    return render(request, FORM_TEMPLATE, context)


# --- notices ------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def notice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    found = selectors.audit_detail(user, pk)
    if not can_approve(user, found.org):
        raise PermissionDenied("只有乡镇或县委组织部可以发布审计公示")
    initial = {
        "published_on": clock.today(),
        "days": found.round.notice_days,
        "text": services.notice_default_text(found) if found.conclusion else "",
    }
    form = NoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_publish(actor=user, audit_obj=found, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已发布{found.org.name}的审计结论公示")
            return redirect(reverse("service:audit_village", kwargs={"pk": found.pk}) + "#notice")
    return render(request, FORM_TEMPLATE, {"form": form, "title": "发布审计结论公示", "audit": found})


@login_required
@require_http_methods(["GET", "POST"])
def notice_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    found = selectors.audit_detail(user, pk)
    notice = VillageAuditNotice.objects.filter(audit=found).first()
    if notice is None:
        raise Http404("公示不存在")
    if not can_approve(user, found.org):
        raise PermissionDenied("只有乡镇或县委组织部可以撤回审计公示")
    back = reverse("service:audit_village", kwargs={"pk": found.pk}) + "#notice"
    if request.method == "POST":
        services.notice_withdraw(actor=user, notice=notice)
        messages.success(request, "已撤回审计结论公示")
        return redirect(back)
    message = f"确认撤回{found.org.name}的审计结论公示?撤回后公开页面不再显示。"
    return render(request, CONFIRM_TEMPLATE, {"title": "撤回审计公示", "message": message, "back": back})


# --- the rectification queue --------------------------------------------------------------------------------


def _queue(request: HttpRequest) -> tuple[Any, Any]:
    user: Any = request.user
    filterset, rows = selectors.queue(user, request.GET, clock.today())
    form = style_filters(filterset.form)
    form.fields.pop("audit", None)
    form.fields.pop("round", None)
    _township_select(form, user)
    return form, rows


@login_required
@require_GET
def audit_queue(request: HttpRequest) -> HttpResponse:
    """Findings still open after the conclusions: overdue first, then those awaiting verification."""
    user: Any = request.user
    form, rows = _queue(request)
    today = clock.today()
    page = core_selectors.paginate(rows, request.GET.get("page"))
    items = [(f, audit_finding_overdue(f.deadline, f.status, today)) for f in page.page.object_list]
    context = {
        "filter_form": form,
        "page": page,
        "items": items,
        "filtered": is_filtered(request),
        "is_admin": _is_admin(user),
        "may_export": _may_export(user),
        "statuses": AuditFindingStatus,
    }
    return render(request, "service/audits/queue.html", context)


@login_required
@require_GET
def queue_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not _may_export(user):
        raise PermissionDenied("没有导出村官直审问题的权限")
    _, rows = _queue(request)
    org = export_org(request) or home_org(user)
    name = org.name if org else ""
    file_name = f"村官直审问题整改-{name}-{clock.today():%Y%m%d}.xlsx"
    content = services.findings_export(
        actor=user,
        org=org,
        findings=rows,
        towns=selectors.town_names(org.county_id if org else None),
        file_name=file_name,
        caption=f"{name} 村官直审问题整改情况",
    )
    return xlsx_response(content, file_name)


# --- public -------------------------------------------------------------------------------------------------


@require_GET
def public_audit_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """A notice for the public (no sign-in), while within its period; 404 before and after."""
    notice = selectors.public_notice(pk, clock.today())
    org = Org.objects.select_related("county").get(pk=notice.org_id)
    return render(request, "service/audits/public_notice.html", {"notice": notice, "org": org})


urlpatterns: list[URLPattern] = [
    path("audits/", audit_list, name="audit_list"),
    path("audits/villages.xlsx", audit_export, name="audit_export"),
    path("audits/queue/", audit_queue, name="audit_queue"),
    path("audits/queue.xlsx", queue_export, name="audit_queue_export"),
    path("audits/rounds/new/", round_create, name="audit_round_create"),
    path("audits/rounds/<int:pk>/", round_detail, name="audit_round"),
    path("audits/rounds/<int:pk>/edit/", round_edit, name="audit_round_edit"),
    path("audits/rounds/<int:pk>/advance/", round_advance, name="audit_round_advance"),
    path("audits/rounds/<int:pk>/add/", villages_add, name="audit_villages_add"),
    path("audits/rounds/<int:pk>/villages.xlsx", round_export, name="audit_round_export"),
    path("audits/villages/<int:pk>/", audit_detail, name="audit_village"),
    path("audits/villages/<int:pk>/edit/", audit_edit, name="audit_village_edit"),
    path("audits/villages/<int:pk>/remove/", audit_remove, name="audit_village_remove"),
    path("audits/villages/<int:pk>/conclude/", audit_conclude, name="audit_conclude"),
    path("audits/villages/<int:pk>/findings/new/", finding_add, name="audit_finding_add"),
    path("audits/villages/<int:pk>/notice/", notice_publish, name="audit_notice_publish"),
    path("audits/villages/<int:pk>/notice/withdraw/", notice_withdraw, name="audit_notice_withdraw"),
    path("audits/findings/<int:pk>/edit/", finding_edit, name="audit_finding_edit"),
    path("audits/findings/<int:pk>/delete/", finding_delete, name="audit_finding_delete"),
    path("audits/findings/<int:pk>/rectify/", finding_rectify, name="audit_finding_rectify"),
    path("audits/findings/<int:pk>/verify/", finding_verify, name="audit_finding_verify"),
]

public_urlpatterns: list[URLPattern] = [
    path("audits/<int:pk>/", public_audit_notice, name="public_audit_notice"),
]
