"""Pages of 民情夜市 and mediation: the sessions of a period with the figures and the villages behind the weekly rule,
a session's page and its phone-friendly form, the issues (list, page, 交办/办结/反馈/无法解决), and the mediation
pages (disputes with the figures, the register of mediators, a dispute's page and its actions). Every list filters,
searches, pages and exports (.xlsx, audited)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.filters import parse_year
from dangjian.core.forms import style_filter_form
from dangjian.core.io.tables import xlsx_response
from dangjian.core.models import Org
from dangjian.core.views.common import (
    ORG_NOT_FOUND,
    export_org,
    home_org,
    is_filtered,
    manages_own_org,
    org_from_code,
    requested_org,
    require_manager,
    save_changes,
)
from dangjian.service import rules
from dangjian.service.choices import DisputeStatus, IssueStatus, MediationLevel
from dangjian.service.forms.minqing import (
    AssignForm,
    DisputeForm,
    EscalateForm,
    FeedbackForm,
    IssueForm,
    MediateForm,
    MediatorForm,
    ReferForm,
    ResolveForm,
    SessionForm,
    SettleForm,
    UnresolvableForm,
    style,
)
from dangjian.service.permissions import can_manage_village
from dangjian.service.selectors import minqing as selectors
from dangjian.service.services import minqing as services

BEHIND_SHOWN = 50


def _month(today: dt.date) -> tuple[dt.date, dt.date]:
    return today.replace(day=1), today.replace(day=calendar.monthrange(today.year, today.month)[1])


def _date(raw: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat((raw or "").strip())
    except ValueError:
        return default


def _period_params(request: HttpRequest) -> tuple[QueryDict, dt.date, dt.date]:
    """The query with the period filled in (this month unless `start`/`end` say otherwise)."""
    first, last = _month(clock.today())
    params = request.GET.copy()
    start = _date(params.get("start"), first)
    end = max(_date(params.get("end"), last), start)
    params["start"], params["end"] = start.isoformat(), end.isoformat()
    return params, start, end


def _scope_org(request: HttpRequest) -> Org | None:
    return requested_org(request) if request.GET.get("org", "").strip() else home_org(request.user)


def _period_label(start: dt.date, end: dt.date) -> str:
    if (start, end) == _month(clock.today()):
        return "本月"
    return f"{start:%Y-%m-%d}至{end:%Y-%m-%d}"


def _file_name(kind: str, org: Org | None) -> str:
    return f"{kind}-{org.name if org else ''}-{clock.today():%Y%m%d}.xlsx"


# --- 民情夜市 -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def minqing_home(request: HttpRequest) -> HttpResponse:
    """The sessions of a period (this month by default), its figures and the villages behind the weekly rule."""
    user: Any = request.user
    params, start, end = _period_params(request)
    filterset, sessions = selectors.session_list(user, params)
    org = _scope_org(request)
    today = clock.today()
    weekly = selectors.weekly_rows(user, org, start, end, today) if org is not None else []
    behind = [row for row in weekly if row.tally.behind]
    form = style_filter_form(filterset.form)
    context = {
        "filter_form": form,
        "page": core_selectors.paginate(sessions, request.GET.get("page")),
        "filtered": is_filtered(request),
        "can_manage": manages_own_org(user),
        "figures": selectors.minqing_figures(user, org=org, start=start, end=end) if org is not None else None,
        "org": org,
        "period": _period_label(start, end),
        "weeks": len(rules.due_weeks(start, end)),
        "weekly_count": len(weekly),
        "behind": behind[:BEHIND_SHOWN],
        "behind_count": len(behind),
        "own_tally": weekly[0].tally if len(weekly) == 1 else None,
    }
    return render(request, "service/minqing/home.html", context)


@login_required
@require_GET
def minqing_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manager(user, "没有导出民情夜市的权限")
    params, _, _ = _period_params(request)
    _, sessions = selectors.session_list(user, params)
    org = export_org(request) or home_org(user)
    name = _file_name("民情夜市", org)
    return xlsx_response(services.sessions_export(actor=user, org=org, sessions=sessions, file_name=name), name)


def _back_session(session: Any) -> str:
    return reverse("service:minqing_session_detail", kwargs={"pk": session.pk})


def _managed_session(request: HttpRequest, pk: int) -> Any:
    session = selectors.session_detail(request.user, pk)
    if not can_manage_village(request.user, session.org):
        raise PermissionDenied("没有管理该民情夜市的权限")
    return session


@login_required
@require_GET
def minqing_session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_detail(request.user, pk)
    issues = list(session.issues.order_by("id"))
    context = {"session": session, "issues": issues, "manager": can_manage_village(request.user, session.org)}
    return render(request, "service/minqing/session_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def minqing_session_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    own = require_manager(user, "没有登记民情夜市的权限")
    initial = {"org_code": request.GET.get("org", own.code), "held_on": clock.today(), "starts_at": "19:30"}
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = org_from_code(user, data.pop("org_code"))
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        else:
            try:
                session = services.session_create(actor=user, org=org, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已登记{session.held_on:%Y-%m-%d}的民情夜市")
                return redirect(_back_session(session))
    return render(request, "service/minqing/form.html", {"form": form, "title": "登记民情夜市"})


@login_required
@require_http_methods(["GET", "POST"])
def minqing_session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _managed_session(request, pk)
    initial = {name: getattr(session, name) for name in services.SESSION_FIELDS}
    form = SessionForm(request.POST or None, initial=initial, with_org=False)
    if save_changes(
        request, form, lambda changes: services.session_update(actor=request.user, session=session, **changes)
    ):
        return redirect(_back_session(session))
    context = {"form": form, "title": "修改民情夜市", "session": session}
    return render(request, "service/minqing/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def minqing_session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = _managed_session(request, pk)
    if request.method == "POST":
        try:
            services.session_delete(actor=request.user, session=session)
        except ValidationError as exc:
            messages.error(request, ";".join(exc.messages))
            return redirect(_back_session(session))
        messages.success(request, f"已删除{session.held_on:%Y-%m-%d}的民情夜市")
        return redirect("service:minqing_home")
    context = {
        "title": "删除民情夜市",
        "text": f"确认删除{session.org.name}{session.held_on:%Y-%m-%d}的民情夜市?",
        "back": _back_session(session),
    }
    return render(request, "service/minqing/confirm.html", context)


# --- issues -------------------------------------------------------------------------------------------------


@login_required
@require_GET
def minqing_issue_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filterset, issues = selectors.issue_list(user, request.GET)
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": core_selectors.paginate(issues, request.GET.get("page")),
        "filtered": is_filtered(request),
        "can_manage": manages_own_org(user),
        "today": clock.today(),
    }
    return render(request, "service/minqing/issue_list.html", context)


@login_required
@require_GET
def minqing_issue_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manager(user, "没有导出群众诉求的权限")
    _, issues = selectors.issue_list(user, request.GET)
    org = export_org(request) or home_org(user)
    name = _file_name("群众诉求", org)
    return xlsx_response(services.issues_export(actor=user, org=org, issues=issues, file_name=name), name)


@login_required
@require_http_methods(["GET", "POST"])
def minqing_issue_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    own = require_manager(user, "没有登记群众诉求的权限")
    recent = clock.today() - dt.timedelta(days=60)
    sessions, _ = selectors.session_list(user, {"start": recent.isoformat(), "end": clock.today().isoformat()})
    choices = list(sessions.qs.order_by("-held_on")[:100])
    chosen = request.GET.get("session", "")
    initial: dict[str, Any] = {"org_code": own.code}
    if chosen.isdigit():
        picked = next((s for s in choices if s.pk == int(chosen)), None)
        if picked is not None:
            initial |= {"session": picked.pk, "org_code": picked.org.code}
    form = IssueForm(request.POST or None, initial=initial, sessions=choices)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = org_from_code(user, data.pop("org_code"))
        session_id = data.pop("session")
        session = next((s for s in choices if s.pk == session_id), None)
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        else:
            try:
                issue = services.issue_create(actor=user, org=org, session=session, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "已登记群众诉求")
                return redirect("service:minqing_issue_detail", pk=issue.pk)
    return render(request, "service/minqing/form.html", {"form": form, "title": "登记群众诉求"})


def _issue_actions(issue: Any) -> list[tuple[str, str]]:
    return [
        (action, label)
        for action, label in rules.ISSUE_ACTION_LABELS.items()
        if issue.status in rules.ISSUE_ACTIONS[action]
    ]


@login_required
@require_GET
def minqing_issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = selectors.issue_detail(request.user, pk)
    manager = can_manage_village(request.user, issue.org)
    context = {
        "issue": issue,
        "actions": _issue_actions(issue) if manager else [],
        "overdue": issue.status == IssueStatus.HANDLING and issue.due_on and issue.due_on < clock.today(),
    }
    return render(request, "service/minqing/issue_detail.html", context)


ISSUE_FORMS: dict[str, tuple[type, Callable[..., Any]]] = {
    "assign": (AssignForm, lambda user, issue, d: services.issue_assign(actor=user, issue=issue, **d)),
    "resolve": (ResolveForm, lambda user, issue, d: services.issue_resolve(actor=user, issue=issue, **d)),
    "feedback": (FeedbackForm, lambda user, issue, d: services.issue_feedback(actor=user, issue=issue, **d)),
    "unresolvable": (
        UnresolvableForm,
        lambda user, issue, d: services.issue_unresolvable(actor=user, issue=issue, **d),
    ),
}
ISSUE_FORM_ERRORS = {"unresolvable_reason": "reason", "feedback_note": "note"}


def _put_errors(form: Any, exc: ValidationError, renamed: dict[str, str]) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for key, errors in exc.message_dict.items():
        name = renamed.get(key, key)
        form.add_error(name if name in form.fields else None, errors)


@login_required
@require_http_methods(["GET", "POST"])
def minqing_issue_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """交办, 办结, 登记群众反馈, 说明无法解决: a short form (GET) and the step (POST)."""
    issue = selectors.issue_detail(request.user, pk)
    if action not in ISSUE_FORMS:
        raise Http404
    if not can_manage_village(request.user, issue.org):
        raise PermissionDenied("没有办理该诉求的权限")
    form_class, run = ISSUE_FORMS[action]
    initial = {"assignee_name": issue.assignee_name, "due_on": issue.due_on} if action == "assign" else {}
    form = style(form_class(request.POST or None, initial=initial))
    problem = rules.issue_action_problem(issue.status, action)
    if problem is None and request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "") or k in ("note",)}
        try:
            run(request.user, issue, data)
        except ValidationError as exc:
            _put_errors(form, exc, ISSUE_FORM_ERRORS)
        else:
            messages.success(request, f"已{rules.ISSUE_ACTION_LABELS[action]}")
            return redirect("service:minqing_issue_detail", pk=issue.pk)
    context = {
        "form": form,
        "title": rules.ISSUE_ACTION_LABELS[action],
        "issue": issue,
        "problem": problem,
        "back": reverse("service:minqing_issue_detail", kwargs={"pk": issue.pk}),
    }
    return render(request, "service/minqing/action.html", context)


# --- mediation ----------------------------------------------------------------------------------------------


@login_required
@require_GET
def mediation_home(request: HttpRequest) -> HttpResponse:
    """The disputes (filtered), the year's figures of the scope and its mediators by level."""
    user: Any = request.user
    filterset, disputes = selectors.dispute_list(user, request.GET)
    today = clock.today()
    year = parse_year(request.GET.get("year"))
    org = _scope_org(request)
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), max(today, dt.date(year, 1, 1)))
    counts = selectors.mediator_counts(user, org) if org is not None else {}
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": core_selectors.paginate(disputes, request.GET.get("page")),
        "filtered": is_filtered(request),
        "can_manage": manages_own_org(user),
        "figures": selectors.minqing_figures(user, org=org, start=start, end=end) if org is not None else None,
        "org": org,
        "year": year,
        "mediators": [(label, counts.get(value, 0)) for value, label in MediationLevel.choices[:3]],
    }
    return render(request, "service/minqing/mediation_home.html", context)


@login_required
@require_GET
def mediation_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manager(user, "没有导出矛盾纠纷的权限")
    _, disputes = selectors.dispute_list(user, request.GET)
    org = export_org(request) or home_org(user)
    name = _file_name("矛盾纠纷", org)
    return xlsx_response(services.disputes_export(actor=user, org=org, disputes=disputes, file_name=name), name)


@login_required
@require_GET
def mediation_mediator_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filterset, mediators = selectors.mediator_list(user, request.GET)
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": core_selectors.paginate(mediators, request.GET.get("page")),
        "filtered": is_filtered(request),
        "can_manage": manages_own_org(user),
    }
    return render(request, "service/minqing/mediators.html", context)


@login_required
@require_GET
def mediation_mediator_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manager(user, "没有导出调解员的权限")
    _, mediators = selectors.mediator_list(user, request.GET)
    org = export_org(request) or home_org(user)
    name = _file_name("调解员", org)
    return xlsx_response(services.mediators_export(actor=user, org=org, mediators=mediators, file_name=name), name)


@login_required
@require_http_methods(["GET", "POST"])
def mediation_mediator_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    own = require_manager(user, "没有登记调解员的权限")
    form = MediatorForm(request.POST or None, initial={"org_code": own.code})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = org_from_code(user, data.pop("org_code"))
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        else:
            try:
                mediator = services.mediator_create(actor=user, org=org, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已登记调解员{mediator.name}")
                return redirect("service:mediation_mediator_list")
    return render(request, "service/minqing/form.html", {"form": form, "title": "登记调解员"})


@login_required
@require_http_methods(["GET", "POST"])
def mediation_mediator_retire(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a mediator no longer serving (kept on record for the disputes they mediated)."""
    _, mediators = selectors.mediator_list(request.user, {})
    mediator = mediators.filter(pk=pk).first()
    if mediator is None:
        raise Http404
    if not can_manage_village(request.user, mediator.org):
        raise PermissionDenied("没有管理该调解员的权限")
    if request.method == "POST":
        services.mediator_update(actor=request.user, mediator=mediator, active=False)
        messages.success(request, f"{mediator.name}已标记为不再担任调解员")
        return redirect("service:mediation_mediator_list")
    context = {
        "title": "调解员离任",
        "text": f"确认{mediator.name}({mediator.get_level_display()}调解员,{mediator.org.name})不再担任调解员?",
        "back": reverse("service:mediation_mediator_list"),
    }
    return render(request, "service/minqing/confirm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mediation_dispute_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    own = require_manager(user, "没有受理矛盾纠纷的权限")
    _, scoped_mediators = selectors.mediator_list(user, {"active": "true"})
    choices = list(scoped_mediators[:300])
    initial = {"org_code": own.code, "received_on": clock.today(), "level": MediationLevel.VILLAGE}
    form = DisputeForm(request.POST or None, initial=initial, mediators=choices)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = org_from_code(user, data.pop("org_code"))
        picked = set(data.pop("mediators"))
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        else:
            try:
                dispute = services.dispute_create(
                    actor=user, org=org, mediators=[m for m in choices if m.pk in picked], **data
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            except PermissionDenied as exc:
                form.add_error("level", str(exc))
            else:
                messages.success(request, "已受理矛盾纠纷")
                return redirect("service:mediation_dispute_detail", pk=dispute.pk)
    return render(request, "service/minqing/form.html", {"form": form, "title": "受理矛盾纠纷"})


DISPUTE_ACTIONS = {"mediate": "登记调解", "settle": "调解成功", "escalate": "上交上级调解", "refer": "调解不成移交"}


@login_required
@require_GET
def mediation_dispute_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    dispute = selectors.dispute_detail(user, pk)
    handles = dispute.status == DisputeStatus.MEDIATING and services.can_handle_dispute(
        user, dispute.org, dispute.level
    )
    actions = list(DISPUTE_ACTIONS.items()) if handles else []
    if rules.next_level(dispute.level) is None:
        actions = [a for a in actions if a[0] != "escalate"]
    context = {
        "dispute": dispute,
        "sessions": selectors.dispute_sessions(dispute),
        "mediators": list(dispute.mediators.select_related("org").order_by("level", "name")),
        "actions": actions,
        "waiting_above": dispute.status == DisputeStatus.MEDIATING and not handles,
    }
    return render(request, "service/minqing/dispute_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mediation_dispute_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """登记调解, 调解成功, 上交上级调解, 调解不成移交: a short form (GET) and the step (POST)."""
    user: Any = request.user
    dispute = selectors.dispute_detail(user, pk)
    if action not in DISPUTE_ACTIONS:
        raise Http404
    if not services.can_handle_dispute(user, dispute.org, dispute.level):
        raise PermissionDenied(f"该纠纷在{rules.LEVEL_LABELS[dispute.level]}调解,没有办理的权限")
    up = rules.next_level(dispute.level)
    data = request.POST or None
    if action == "escalate":
        above = selectors.mediator_choices(user, dispute.org, up) if up else []
        form: Any = EscalateForm(data, mediators=above, initial={"level": up})
    else:
        form = {"mediate": MediateForm, "settle": SettleForm, "refer": ReferForm}[action](data)
    style(form)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            if action == "mediate":
                services.dispute_mediate(actor=user, dispute=dispute, **values)
            elif action == "settle":
                services.dispute_settle(actor=user, dispute=dispute, **values)
            elif action == "refer":
                services.dispute_refer(actor=user, dispute=dispute, **values)
            else:
                picked = set(values.pop("mediators", []))
                chosen = [m for m in above if m.pk in picked]
                services.dispute_escalate(actor=user, dispute=dispute, mediators=chosen, **values)
        except ValidationError as exc:
            _put_errors(form, exc, {"refer_target": "target", "refer_reason": "reason"})
        else:
            messages.success(request, f"已{DISPUTE_ACTIONS[action]}")
            return redirect("service:mediation_dispute_detail", pk=dispute.pk)
    context = {
        "form": form,
        "title": DISPUTE_ACTIONS[action],
        "dispute": dispute,
        "back": reverse("service:mediation_dispute_detail", kwargs={"pk": dispute.pk}),
    }
    return render(request, "service/minqing/action.html", context)


urlpatterns: list[URLPattern] = [
    path("minqing/", minqing_home, name="minqing_home"),
    path("minqing/export.xlsx", minqing_export, name="minqing_export"),
    path("minqing/sessions/new/", minqing_session_create, name="minqing_session_create"),
    path("minqing/sessions/<int:pk>/", minqing_session_detail, name="minqing_session_detail"),
    path("minqing/sessions/<int:pk>/edit/", minqing_session_edit, name="minqing_session_edit"),
    path("minqing/sessions/<int:pk>/delete/", minqing_session_delete, name="minqing_session_delete"),
    path("minqing/issues/", minqing_issue_list, name="minqing_issue_list"),
    path("minqing/issues/export.xlsx", minqing_issue_export, name="minqing_issue_export"),
    path("minqing/issues/new/", minqing_issue_create, name="minqing_issue_create"),
    path("minqing/issues/<int:pk>/", minqing_issue_detail, name="minqing_issue_detail"),
    path("minqing/issues/<int:pk>/<slug:action>/", minqing_issue_action, name="minqing_issue_action"),
    path("mediation/", mediation_home, name="mediation_home"),
    path("mediation/export.xlsx", mediation_export, name="mediation_export"),
    path("mediation/mediators/", mediation_mediator_list, name="mediation_mediator_list"),
    path("mediation/mediators/export.xlsx", mediation_mediator_export, name="mediation_mediator_export"),
    path("mediation/mediators/new/", mediation_mediator_create, name="mediation_mediator_create"),
    path("mediation/mediators/<int:pk>/retire/", mediation_mediator_retire, name="mediation_mediator_retire"),
    path("mediation/disputes/new/", mediation_dispute_create, name="mediation_dispute_create"),
    path("mediation/disputes/<int:pk>/", mediation_dispute_detail, name="mediation_dispute_detail"),
    path("mediation/disputes/<int:pk>/<slug:action>/", mediation_dispute_action, name="mediation_dispute_action"),
]
