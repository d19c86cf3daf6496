"""Pages of 第一书记 and 驻村工作队: the postings list with the figures, one posting (its month of sign-ins as a
calendar, leave, work reports, replacement), the phone sign-in page, the county's presence list and its rule."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.choices import MANAGER_ROLES
from dangjian.core.io.tables import xlsx_response
from dangjian.core.models import User
from dangjian.core.views.common import export_org, home_org, is_filtered, run_and_report
from dangjian.villages import rules
from dangjian.villages.choices import PostingRole, PostingStatus
from dangjian.villages.forms.secretaries import (
    DecideForm,
    EndForm,
    LeaveForm,
    PostingForm,
    ProxySignInForm,
    ReportForm,
    ReviewForm,
    SettingForm,
    SignInForm,
    style_filters,
)
from dangjian.villages.permissions import can_approve, can_set_county_rules
from dangjian.villages.selectors import secretaries as selectors
from dangjian.villages.services import secretaries as services

WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


def _manager(user: Any) -> bool:
    return getattr(user, "role", None) in MANAGER_ROLES and getattr(user, "org", None) is not None


def _require_manager(user: Any) -> None:
    if not _manager(user) and not getattr(user, "is_superuser", False):
        raise PermissionDenied("没有查看第一书记管理的权限")


def _month(raw: str | None, default: dt.date) -> dt.date:
    """`?month=2026-03` (a bad value falls back to the default month)."""
    try:
        year, month = (int(part) for part in (raw or "").split("-"))
        return dt.date(year, month, 1)
    except (TypeError, ValueError):
        return default.replace(day=1)


def _period(request: HttpRequest) -> tuple[dt.date, dt.date]:
    """The figures' period: `?since=`/`?until=` (dates), else this year to today."""
    today = clock.today()
    since, until = dt.date(today.year, 1, 1), today
    for key in ("since", "until"):
        raw = request.GET.get(key, "").strip()
        if raw:
            try:
                value = dt.date.fromisoformat(raw)
            except ValueError:
                continue
            since, until = (value, until) if key == "since" else (since, value)
    return since, until


def _county_org(user: Any) -> Any:
    from dangjian.orglife.selectors.settings import county_of

    return county_of(user)


# --- the list -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def secretary_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    mine = list(selectors.my_postings(user))
    if not _manager(user) and mine:
        return redirect("villages:secretary_signin")
    _require_manager(user)
    filterset, postings = selectors.posting_list(user, request.GET)
    since, until = _period(request)
    context = {
        "filter_form": style_filters(filterset.form),
        "page": core_selectors.paginate(postings, request.GET.get("page")),
        "filtered": is_filtered(request, "since", "until"),
        "figures": selectors.figures(user, since, until, export_org(request)),
        "can_post": services.can_post(user, user.org, PostingRole.TEAM_MEMBER) if user.org else False,
        "can_set_rules": _county_org(user) is not None and can_set_county_rules(user, _county_org(user)),
        "mine": mine,
    }
    return render(request, "villages/secretaries/list.html", context)


@login_required
@require_GET
def secretary_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_manager(user)
    _, postings = selectors.posting_list(user, request.GET)
    org = export_org(request) or home_org(user)
    file_name = f"第一书记和驻村工作队-{org.name if org else ''}-{clock.today():%Y%m%d}.xlsx"
    content = services.postings_export(actor=user, org=org, postings=postings, file_name=file_name)
    return xlsx_response(content, file_name)


def _account(user: Any, username: str, org: Any) -> User | None:
    username = (username or "").strip()
    if not username:
        return None
    account = User.objects.filter(username=username, is_active=True).select_related("org").first()
    if account is None or account.org is None or account.org.county_id != org.county_id:
        raise ValidationError({"account": f"本县(区)没有用户名为“{username}”的有效账号"})
    return account


@login_required
@require_http_methods(["GET", "POST"])
def secretary_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_manager(user)
    initial = {"started_on": clock.today(), "role": request.GET.get("role", PostingRole.FIRST_SECRETARY)}
    initial["org_code"] = request.GET.get("org", "")
    form = PostingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = core_selectors.org_by_code(user, data.pop("org_code"))
        username = data.pop("account_username")
        if org is None:
            form.add_error("org_code", f"组织代码“{form.cleaned_data['org_code']}”不存在或不在您的管理范围内")
        else:
            try:
                posting = services.posting_create(actor=user, org=org, account=_account(user, username, org), **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已选派{posting.name}为{org.name}{posting.get_role_display()}")
                return redirect("villages:secretary_detail", pk=posting.pk)
    context = {"form": form, "title": "选派第一书记或驻村工作队员", "back": reverse("villages:secretary_list")}
    return render(request, "villages/secretaries/form.html", context)


# --- one posting --------------------------------------------------------------------------------------------


def _calendar(posting: Any, month: dt.date) -> list[list[dict[str, Any] | None]]:
    signed = selectors.signin_days(posting, month)
    leave = selectors.leave_days_in(list(posting.leaves.all()), month)
    today = clock.today()
    weeks = []
    for week in calendar.Calendar().monthdatescalendar(month.year, month.month):
        row: list[dict[str, Any] | None] = []
        for day in week:
            if day.month != month.month:
                row.append(None)
                continue
            inside = day >= posting.started_on and (posting.ended_on is None or day <= posting.ended_on)
            signin = signed.get(day)
            row.append(
                {
                    "day": day,
                    "signin": signin,
                    "leave": day in leave,
                    "outside": not inside,
                    "future": day > today,
                }
            )
        weeks.append(row)
    return weeks


@login_required
@require_GET
def secretary_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    posting = selectors.posting_detail(user, pk)
    today = clock.today()
    month = _month(request.GET.get("month"), min(today, posting.ended_on or today))
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    approver = can_approve(user, posting.org)
    context = {
        "posting": posting,
        "month": month,
        "previous": previous,
        "following": following if following <= today else None,
        "weeks": _calendar(posting, month),
        "weekdays": WEEKDAYS,
        "presence": selectors.month_presence(posting, month),
        "reports": list(posting.reports.order_by("-period", "-id")),
        "leaves": list(posting.leaves.order_by("-starts_on", "-id")),
        "successors": list(posting.successors.all()),
        "own": services.is_posted_person(user, posting),
        "approver": approver,
        "can_end": posting.status == PostingStatus.ACTIVE and services.can_post(user, posting.org, posting.role),
        "can_act": services.can_act_for_posting(user, posting) and posting.status == PostingStatus.ACTIVE,
        "proxy_form": ProxySignInForm(initial={"day": today}) if approver and posting.status == "active" else None,
        "period_label": rules.report_period_label,
    }
    for report in context["reports"]:
        report.label = rules.report_period_label(report.cycle, report.period)
    return render(request, "villages/secretaries/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def secretary_end(request: HttpRequest, pk: int) -> HttpResponse:
    """轮换/撤换 asks first (the reason, and optionally the successor)."""
    user: Any = request.user
    posting = selectors.posting_detail(user, pk)
    if not services.can_post(user, posting.org, posting.role):
        raise PermissionDenied("没有办理该驻村人员轮换或撤换的权限")
    form = EndForm(request.POST or None, initial={"ended_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ended, follower = services.posting_end(
                actor=user,
                posting=posting,
                reason=data["reason"],
                note=data["note"],
                ended_on=data["ended_on"],
                successor=form.successor(),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            text = f"{ended.name}已{ended.get_status_display().split('/')[0]}"
            messages.success(request, text + (f",继任:{follower.name}" if follower else ""))
            return redirect("villages:secretary_detail", pk=(follower or ended).pk)
    context = {"form": form, "posting": posting}
    return render(request, "villages/secretaries/end.html", context)


@login_required
@require_POST
def secretary_proxy_signin(request: HttpRequest, pk: int) -> HttpResponse:
    """The township records a day for the posted person (代签/补录, marked as such)."""
    user: Any = request.user
    posting = selectors.posting_detail(user, pk)
    form = ProxySignInForm(request.POST)
    if not form.is_valid():
        messages.error(request, ";".join(e for errors in form.errors.values() for e in errors))
    else:
        day = form.cleaned_data["day"]
        run_and_report(
            request,
            lambda: services.signin_create(actor=user, posting=posting, day=day, place=form.cleaned_data["place"]),
            f"已为{posting.name}补录{day:%Y-%m-%d}的签到",
        )
    return redirect(reverse("villages:secretary_detail", args=[posting.pk]) + f"?month={form.data.get('day', '')[:7]}")


@login_required
@require_http_methods(["GET", "POST"])
def secretary_leave_create(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    posting = selectors.posting_detail(user, pk)
    if not services.can_act_for_posting(user, posting):
        raise PermissionDenied("没有为该驻村人员请假的权限")
    form = LeaveForm(request.POST or None)
    back = reverse("villages:secretary_detail", args=[posting.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_create(actor=user, posting=posting, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已提交请假,待乡镇(街道)审批")
            return redirect(back)
    context = {"form": form, "title": f"{posting.name}请假", "back": back}
    return render(request, "villages/secretaries/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def secretary_leave_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    _, leaves = selectors.leave_list(user, {})
    leave = leaves.filter(pk=pk).first()
    if leave is None:
        raise Http404("对象不存在")
    if not can_approve(user, leave.posting.org):
        raise PermissionDenied("只有乡镇(街道)或县级管理员可以审批请假")
    form = DecideForm(request.POST or None)
    back = reverse("villages:secretary_detail", args=[leave.posting_id])
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.leave_decide(actor=user, leave=leave, approve=approve, note=form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已批准请假" if approve else "已不批准该请假")
            return redirect(back)
    title = f"审批请假:{leave.posting.name} {leave.starts_on:%Y-%m-%d}至{leave.ends_on:%Y-%m-%d}({leave.reason})"
    return render(request, "villages/secretaries/form.html", {"form": form, "title": title, "back": back})


@login_required
@require_http_methods(["GET", "POST"])
def secretary_report_create(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    posting = selectors.posting_detail(user, pk)
    if not services.can_act_for_posting(user, posting):
        raise PermissionDenied("只有驻村人员本人或乡镇(街道)可以申报工作实绩")
    form = ReportForm(request.POST or None, initial={"period": clock.today()})
    back = reverse("villages:secretary_detail", args=[posting.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.report_submit(actor=user, posting=posting, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已提交工作实绩申报,待乡镇(街道)审核")
            return redirect(back)
    context = {"form": form, "title": f"{posting.name}工作实绩申报", "back": back}
    return render(request, "villages/secretaries/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def secretary_report_review(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    _, reports = selectors.report_list(user, {})
    report = reports.filter(pk=pk).first()
    if report is None:
        raise Http404("对象不存在")
    if not can_approve(user, report.posting.org):
        raise PermissionDenied("只有乡镇(街道)或县级管理员可以审核工作实绩")
    form = ReviewForm(request.POST or None)
    back = reverse("villages:secretary_detail", args=[report.posting_id])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        approve = data["decision"] == "approve"
        try:
            services.report_review(actor=user, report=report, approve=approve, note=data["note"], score=data["score"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已通过该申报" if approve else "已退回该申报")
            return redirect(back)
    context = {"form": form, "title": "审核工作实绩", "back": back, "report": report}
    context["label"] = rules.report_period_label(report.cycle, report.period)
    return render(request, "villages/secretaries/review.html", context)


# --- the phone sign-in --------------------------------------------------------------------------------------


@login_required
@require_GET
def secretary_signin(request: HttpRequest) -> HttpResponse:
    """The posted person's phone page: one big 签到 button per posting, today's state, this month's days."""
    user: Any = request.user
    today = clock.today()
    cards = []
    for posting in selectors.my_postings(user):
        presence = selectors.month_presence(posting, today)
        signed = posting.signins.filter(day=today).first()
        cards.append({"posting": posting, "presence": presence, "signed": signed, "form": SignInForm()})
    return render(request, "villages/secretaries/signin.html", {"cards": cards, "today": today})


@login_required
@require_POST
def secretary_signin_post(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    posting = selectors.my_postings(user).filter(pk=pk).first()
    if posting is None:
        raise Http404("对象不存在")
    form = SignInForm(request.POST)
    values = form.cleaned_data if form.is_valid() else {}
    run_and_report(
        request,
        lambda: services.signin_create(
            actor=user,
            posting=posting,
            place=values.get("place", ""),
            latitude=values.get("latitude"),
            longitude=values.get("longitude"),
        ),
        f"签到成功:{clock.today():%Y-%m-%d} 在{posting.org.name}",
    )
    return redirect("villages:secretary_signin")


# --- presence -----------------------------------------------------------------------------------------------


def _presence(request: HttpRequest) -> tuple[Any, dt.date, list[Any], bool | None]:
    user: Any = request.user
    today = clock.today()
    month = _month(request.GET.get("month"), today)
    below = {"true": True, "false": False}.get(request.GET.get("below", ""))
    filterset, rows = selectors.presence_rows(user, month, request.GET, below=below)
    return filterset, month, rows, below


@login_required
@require_GET
def secretary_presence(request: HttpRequest) -> HttpResponse:
    """The county's list of those below the rule (or all) for a month."""
    _require_manager(request.user)
    filterset, month, rows, below = _presence(request)
    today = clock.today()
    months = []
    cursor = today.replace(day=1)
    for _ in range(12):
        months.append(cursor)
        cursor = (cursor - dt.timedelta(days=1)).replace(day=1)
    context = {
        "filter_form": style_filters(filterset.form),
        "month": month,
        "months": months,
        "below": below,
        "rows": rows,
        "below_count": sum(1 for r in rows if r.below),
        "filtered": is_filtered(request, "month"),
    }
    return render(request, "villages/secretaries/presence.html", context)


@login_required
@require_GET
def secretary_presence_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_manager(user)
    _, month, rows, _ = _presence(request)
    org = export_org(request) or home_org(user)
    file_name = f"驻村在村天数-{org.name if org else ''}-{month:%Y%m}.xlsx"
    content = services.presence_export(actor=user, org=org, month=month, rows=rows, file_name=file_name)
    return xlsx_response(content, file_name)


# --- the county's rule --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def secretary_settings(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_manager(user)
    county = _county_org(user)
    setting = services.setting_for(county.pk if county else None)
    editable = county is not None and can_set_county_rules(user, county)
    initial = {name: getattr(setting, name) for name in services.SETTING_FIELDS}
    form = SettingForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(services.NOT_COUNTY_ADMIN)
        if form.is_valid():
            try:
                services.secretary_setting_update(actor=user, county=county, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "已保存第一书记管理设置")
                return redirect("villages:secretary_settings")
    context = {"form": form, "setting": setting, "editable": editable, "county": county}
    return render(request, "villages/secretaries/settings.html", context)


urlpatterns: list[URLPattern] = [
    path("secretaries/", secretary_list, name="secretary_list"),
    path("secretaries/export.xlsx", secretary_export, name="secretary_export"),
    path("secretaries/new/", secretary_create, name="secretary_create"),
    path("secretaries/signin/", secretary_signin, name="secretary_signin"),
    path("secretaries/presence/", secretary_presence, name="secretary_presence"),
    path("secretaries/presence/export.xlsx", secretary_presence_export, name="secretary_presence_export"),
    path("secretaries/settings/", secretary_settings, name="secretary_settings"),
    path("secretaries/<int:pk>/", secretary_detail, name="secretary_detail"),
    path("secretaries/<int:pk>/end/", secretary_end, name="secretary_end"),
    path("secretaries/<int:pk>/signin/", secretary_signin_post, name="secretary_signin_post"),
    path("secretaries/<int:pk>/proxy-signin/", secretary_proxy_signin, name="secretary_proxy_signin"),
    path("secretaries/<int:pk>/leaves/new/", secretary_leave_create, name="secretary_leave_create"),
    path("secretaries/<int:pk>/reports/new/", secretary_report_create, name="secretary_report_create"),
    path("secretaries/leaves/<int:pk>/decide/", secretary_leave_decide, name="secretary_leave_decide"),
    path("secretaries/reports/<int:pk>/review/", secretary_report_review, name="secretary_report_review"),
]
