"""Pages of 四议两公开: the list of matters (filters, search, pagination, export, figures for the scope and period), a
matter's page with the six steps as a vertical stepper, the step forms (the meeting's verdict is shown after
submitting), closing a failed matter, the county's disclosure setting, and the public page of one matter's
disclosures (no sign-in, only while within the period)."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.choices import OrgLevel
from dangjian.core.forms import style_filter_form
from dangjian.core.io.tables import xlsx_response
from dangjian.core.models import Org
from dangjian.core.scoping import get_scoped_or_404
from dangjian.core.views.common import (
    ORG_NOT_FOUND,
    export_org,
    home_county,
    home_org,
    is_filtered,
    manages_own_org,
    org_from_code,
    require_manager,
    save_changes,
)
from dangjian.service import rules
from dangjian.service.choices import DecisionStatus
from dangjian.service.forms.decisions import CloseForm, DecisionForm, DisclosureForm, MeetingForm, PolicyForm
from dangjian.service.models import DecisionStep
from dangjian.service.permissions import can_manage_village, can_set_county_rules
from dangjian.service.selectors import decisions as selectors
from dangjian.service.services import decisions as services

MINUTES_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


def _back(decision: Any) -> str:
    return reverse("service:decision_detail", kwargs={"pk": decision.pk})


def _managed(request: HttpRequest, pk: int) -> Any:
    decision = selectors.decision_detail(request.user, pk)
    if not can_manage_village(request.user, decision.org):
        raise PermissionDenied(services.NO_MANAGE)
    return decision


def _period(request: HttpRequest) -> tuple[dt.date, dt.date]:
    """The figures' period: the list's 提议日期 range, else this year so far."""
    today = clock.today()
    start = _date(request.GET.get("start")) or today.replace(month=1, day=1)
    end = _date(request.GET.get("end")) or today
    return (start, end) if start <= end else (end, start)


def _date(raw: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(raw or "").strip())
    except ValueError:
        return None


def _figures_org(request: HttpRequest) -> Org | None:
    user: Any = request.user
    code = request.GET.get("org", "").strip()
    if code:
        return org_from_code(user, code)
    township = request.GET.get("township", "").strip()
    if township.isdigit():
        town = selectors.townships(user).filter(pk=int(township)).first()
        if town is not None:
            return town
    return home_org(user)


def _filter_form(request: HttpRequest, filterset: Any) -> Any:
    form = style_filter_form(filterset.form)
    towns = [("", "全部"), *((t.pk, t.name) for t in selectors.townships(request.user))]
    form.fields["township"].widget = forms.Select(choices=towns, attrs={"class": "form-select form-select-sm"})
    for name in ("start", "end"):
        form.fields[name].widget = forms.DateInput(
            attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d"
        )
    return form


# --- list and export ----------------------------------------------------------------------------------------


@login_required
@require_GET
def decision_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filterset, decisions = selectors.decision_list(user, request.GET)
    org = _figures_org(request)
    start, end = _period(request)
    context = {
        "filter_form": _filter_form(request, filterset),
        "page": core_selectors.paginate(decisions, request.GET.get("page")),
        "filtered": is_filtered(request),
        "can_manage": manages_own_org(user),
        "figures": selectors.figures(user, org=org, start=start, end=end) if org is not None else None,
    }
    return render(request, "service/decisions/list.html", context)


@login_required
@require_GET
def decision_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manager(user, "没有导出四议两公开事项的权限")
    _, decisions = selectors.decision_list(user, request.GET)
    org = export_org(request) or home_org(user)
    file_name = f"四议两公开-{org.name if org else ''}-{clock.today():%Y%m%d}.xlsx"
    content = services.decisions_export(actor=user, org=org, decisions=decisions, file_name=file_name)
    return xlsx_response(content, file_name)


# --- a matter -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    decision = selectors.decision_detail(user, pk)
    attempts = selectors.steps_of(decision)
    manager = can_manage_village(user, decision.org)
    open_ = decision.status not in (DecisionStatus.COMPLETED, DecisionStatus.FAILED)
    current = [a for a in attempts if a.step == decision.current_step]
    last_failed = bool(current) and not current[-1].passed
    shown = selectors.shown_disclosures(clock.today()).filter(decision=decision).exists()
    context = {
        "decision": decision,
        "steps": selectors.stepper(decision, attempts),
        "manager": manager,
        "can_record": manager and open_,
        "can_close": manager and open_ and decision.resolved_on is None and last_failed,
        "editable": manager and decision.resolved_on is None and decision.status != DecisionStatus.FAILED,
        "deletable": manager and not attempts,
        "public_shown": shown,
    }
    return render(request, "service/decisions/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    own = require_manager(user, "没有登记四议两公开事项的权限")
    initial = {"org_code": own.code} if own.level == OrgLevel.GRASSROOTS else {}
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("org_code")
        org = org_from_code(user, code)
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=code))
        else:
            try:
                decision = services.decision_create(actor=user, org=org, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已登记事项“{decision.title}”,请登记第1步'党支部会提议'")
                return redirect(_back(decision))
    return render(request, "service/decisions/form.html", {"form": form, "title": "登记重大事项"})


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _managed(request, pk)
    initial = {name: getattr(decision, name) for name in services.DECISION_FIELDS}
    form = DecisionForm(request.POST or None, with_org=False, initial=initial)
    if save_changes(
        request, form, lambda changes: services.decision_update(actor=request.user, decision=decision, **changes)
    ):
        return redirect(_back(decision))
    context = {"form": form, "title": "修改事项", "decision": decision}
    return render(request, "service/decisions/form.html", context)


def _confirm(
    request: HttpRequest, decision: Any, action: Any, success: str, title: str, text: str, form: Any = None
) -> HttpResponse:
    """A confirmation page (GET) and the action (POST)."""
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            action(form.cleaned_data if form is not None else {})
        except ValidationError as exc:
            if form is None:
                messages.error(request, ";".join(exc.messages))
                return redirect(_back(decision))
            form.add_service_errors(exc)
        else:
            messages.success(request, success)
            return redirect(_back(decision) if decision.pk else reverse("service:decision_list"))
    context = {"decision": decision, "title": title, "text": text, "form": form}
    return render(request, "service/decisions/confirm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decision_delete(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _managed(request, pk)
    title = decision.title

    def delete(data: dict[str, Any]) -> None:
        services.decision_delete(actor=request.user, decision=decision)
        decision.pk = None

    return _confirm(request, decision, delete, f"已删除事项“{title}”", "删除事项", f"确认删除事项“{title}”?")


@login_required
@require_http_methods(["GET", "POST"])
def decision_close(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _managed(request, pk)
    form = CloseForm(request.POST or None)
    name = rules.DECISION_STEP_NAMES[decision.current_step]
    return _confirm(
        request,
        decision,
        lambda data: services.decision_close(actor=request.user, decision=decision, reason=data["reason"]),
        f"事项“{decision.title}”已终止(未通过)",
        "终止事项",
        f"第{decision.current_step}步'{name}'未通过。确认终止“{decision.title}”?终止后不能再登记步骤,已有记录保留。",
        form,
    )


# --- steps --------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def decision_step(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    """Record an attempt at a step. A meeting's verdict is shown on the matter's page as soon as it is saved (a
    failed vote: hold it again, or close the matter)."""
    user: Any = request.user
    decision = _managed(request, pk)
    if step not in rules.DECISION_STEP_NAMES:
        raise Http404("没有该步骤")
    passed = {s.step for s in decision.steps.filter(passed=True).only("step")}
    problem = rules.step_order_problem(step, passed)
    if decision.status in services.CLOSED:
        problem = f"事项{decision.get_status_display()},不能再登记步骤"
    if problem:
        messages.error(request, problem)
        return redirect(_back(decision))
    today = clock.today()
    bound = request.method == "POST"
    data = request.POST if bound else None
    if step in rules.MEETING_STEPS:
        initial: dict[str, Any] = {"held_on": today, "votes_against": 0, "abstentions": 0}
        if step == 3:
            initial["expected"] = selectors.expected_formal(decision.org, today)
        form: Any = MeetingForm(data, request.FILES if bound else None, step=step, initial=initial)
    else:
        minimum = services.policy_for(decision.county_id).period_days
        form = DisclosureForm(data, minimum=minimum, initial={"held_on": today, "period_days": minimum})
    if bound and form.is_valid():
        try:
            row = services.step_record(actor=user, decision=decision, step=step, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            if row.passed:
                messages.success(request, f"第{step}步'{rules.DECISION_STEP_NAMES[step]}':{row.verdict}")
            else:
                messages.warning(
                    request, f"第{step}步'{rules.DECISION_STEP_NAMES[step]}':{row.verdict}。可重新召开或终止事项"
                )
            return redirect(_back(decision))
    context = {
        "decision": decision,
        "form": form,
        "step": step,
        "step_name": rules.DECISION_STEP_NAMES[step],
        "meeting": step in rules.MEETING_STEPS,
        "rule": RULE_TEXT[step],
    }
    return render(request, "service/decisions/step_form.html", context)


RULE_TEXT = {
    1: "支委会:超过半数委员到会方为有效;赞成票超过应到会委员半数方为通过。",
    2: "两委联席会议(县级做法):超过半数成员到会方为有效;赞成票超过应到成员半数方为通过。兼任两委者计一人。",
    3: (
        "党员大会:有表决权的到会正式党员超过应到正式党员半数方为有效;赞成票超过应到会正式党员半数方为通过。"
        "预备党员不参加表决。"
    ),
    4: "村民代表会议:三分之二以上村民代表到会方为有效;赞成票超过到会代表半数方为通过(村民委员会组织法第二十六条)。",
    5: "决议公开:公开后在村(社区)公开页面显示,直至公开期限最后一天。",
    6: "实施结果公开:公开后在村(社区)公开页面显示,直至公开期限最后一天。",
}


@login_required
@require_GET
def step_minutes(request: HttpRequest, pk: int) -> FileResponse:
    """A meeting's minutes, to users who see the matter (never public)."""
    row = get_scoped_or_404(DecisionStep, request.user, pk=pk)
    if not row.minutes:
        raise Http404("没有会议记录")
    try:
        handle = row.minutes.open("rb")
    except FileNotFoundError:
        raise Http404("会议记录文件不存在") from None
    name = PurePath(row.minutes.name).name
    content_type = MINUTES_TYPES.get(PurePath(name).suffix.lower(), "application/octet-stream")
    response = FileResponse(handle, content_type=content_type, as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the county's setting -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def decision_policy(request: HttpRequest) -> HttpResponse:
    """The county's disclosure setting: everyone under it reads it, the county's administrators change it."""
    user: Any = request.user
    county = home_county(user)
    if county is None:
        raise PermissionDenied("没有所属县(区)")
    policy = services.policy_for(county.pk)
    can_set = can_set_county_rules(user, county)
    initial = {"period_days": policy.period_days, "on_time_days": policy.on_time_days}
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_set:
            raise PermissionDenied(services.NOT_COUNTY_ADMIN)
        if form.is_valid():
            try:
                services.policy_update(actor=user, county=county, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "已保存四议两公开公开设置")
                return redirect("service:decision_policy")
    context = {"form": form, "policy": policy, "county": county, "can_set": can_set}
    return render(request, "service/decisions/policy.html", context)


# --- public -------------------------------------------------------------------------------------------------


@require_GET
def public_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """One matter's disclosures while within their period (404 otherwise): title, category, dates, the published
    content and the resolution's counts — never notes, minutes or names."""
    decision, rows = selectors.public_decision(pk, clock.today())
    return render(request, "service/decisions/public.html", {"decision": decision, "org": decision.org, "rows": rows})


urlpatterns: list[URLPattern] = [
    path("decisions/", decision_list, name="decision_list"),
    path("decisions/export.xlsx", decision_export, name="decision_export"),
    path("decisions/new/", decision_create, name="decision_create"),
    path("decisions/policy/", decision_policy, name="decision_policy"),
    path("decisions/<int:pk>/", decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/edit/", decision_edit, name="decision_edit"),
    path("decisions/<int:pk>/delete/", decision_delete, name="decision_delete"),
    path("decisions/<int:pk>/close/", decision_close, name="decision_close"),
    path("decisions/<int:pk>/steps/<int:step>/", decision_step, name="decision_step"),
    path("decisions/steps/<int:pk>/minutes/", step_minutes, name="decision_step_minutes"),
]

public_urlpatterns: list[URLPattern] = [
    path("decisions/<int:pk>/", public_decision, name="public_decision"),
]
