"""Pages of 志愿服务: the home page (a member's open activities and hours on the phone; a manager's teams,
activities with sign-up counts and the year's figures), activities with their sign-ups and the hours form, teams,
and the hours per member, team and org with their export."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.filters import parse_year
from dangjian.core.io.tables import Sheet, audited_xlsx, xlsx_response
from dangjian.core.models import Org, Person
from dangjian.core.views.common import (
    ORG_NOT_FOUND,
    export_org,
    home_org,
    is_filtered,
    org_from_code,
    person_choice,
    requested_org,
    run_and_report,
)
from dangjian.orglife import rules
from dangjian.orglife.choices import ActivityStatus
from dangjian.orglife.forms.volunteers import ActivityForm, CancelForm, HoursForm, TeamEditForm, TeamForm, style_filters
from dangjian.orglife.models import VolunteerActivity, VolunteerTeam
from dangjian.orglife.permissions import can_act_for, can_manage_branch
from dangjian.orglife.selectors import volunteers as selectors
from dangjian.orglife.services import volunteers as services


def _years() -> list[int]:
    today = clock.today()
    return list(range(today.year, today.year - 5, -1))


def _manages(user: Any) -> bool:
    own = getattr(user, "org", None)
    return own is not None and can_manage_branch(user, own)


def _require_manager(user: Any, message: str) -> Org:
    if not _manages(user):
        raise PermissionDenied(message)
    return user.org


def _phase(activity: VolunteerActivity, now: Any) -> str:
    return rules.activity_phase(
        cancelled=activity.status == ActivityStatus.CANCELLED,
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        now=now,
    )


def _decorate(activities: list[VolunteerActivity], person: Person | None = None) -> list[VolunteerActivity]:
    """Phase, label "12/20", fullness and (for a member) their own sign-up on each activity of a page."""
    now = timezone.now()
    mine = selectors.my_signups(person, [a.pk for a in activities]) if person is not None else {}
    for activity in activities:
        activity.phase = _phase(activity, now)
        activity.phase_label = rules.PHASE_LABELS[activity.phase]
        activity.places = rules.capacity_label(activity.taken, activity.capacity)
        activity.full = rules.activity_full(activity.capacity, activity.taken)
        activity.mine = mine.get(activity.pk)
    return activities


def _pick_page(request: HttpRequest, title: str, found: list[Person], back: str) -> HttpResponse:
    context = {"title": title, "found": found, "q": request.GET.get("q", "").strip(), "back": back}
    return render(request, "core/person_pick.html", context)


@login_required
@require_GET
def volunteer_home(request: HttpRequest) -> HttpResponse:
    """A member: the activities open to sign up, their sign-ups and hours; a manager also the figures, the
    latest activities with their sign-up counts and the teams."""
    user: Any = request.user
    person = getattr(user, "person", None)
    year = clock.today().year
    manager = _manages(user)
    context: dict[str, Any] = {
        "open_activities": _decorate(selectors.open_activities(user, limit=20), person),
        "person": person,
        "my_hours": selectors.my_hours(person, year),
        "my_signups": selectors.my_recent_signups(person, limit=10) if person is not None else [],
        "my_teams": list(selectors.my_memberships(person).values()),
        "can_manage": manager,
        "year": year,
    }
    if manager:
        _, activities = selectors.activity_list(user, {"org": user.org.code})
        _, teams = selectors.team_list(user, {"org": user.org.code, "dissolved": "false"})
        context |= {
            "figures": selectors.hours_figures(user, year),
            "activities": _decorate(list(activities[:10])),
            "teams": list(teams[:10]),
        }
    return render(request, "orglife/volunteers/home.html", context)


# --- activities ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filterset, activities = selectors.activity_list(user, request.GET)
    page = core_selectors.paginate(activities, request.GET.get("page"))
    _decorate(list(page.page.object_list), getattr(user, "person", None))
    context = {
        "filter_form": style_filters(filterset.form),
        "page": page,
        "filtered": is_filtered(request),
        "can_manage": _manages(user),
    }
    return render(request, "orglife/volunteers/activities.html", context)


@login_required
@require_GET
def activity_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_manager(user, "没有导出志愿服务活动的权限")
    _, activities = selectors.activity_list(user, request.GET)
    org = export_org(request) or home_org(user)
    file_name = f"志愿服务活动-{org.name if org else ''}-{clock.today():%Y%m%d}.xlsx"
    content = services.activities_export(actor=user, org=org, activities=activities, file_name=file_name)
    return xlsx_response(content, file_name)


def _team_options(user: Any, org: Org | None) -> list[VolunteerTeam]:
    return list(selectors.team_choices(user, org).select_related("org")[:200])


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    own = _require_manager(user, "没有发布志愿服务活动的权限")
    team_id = request.GET.get("team", "").strip()
    form = ActivityForm(
        request.POST or None,
        teams=_team_options(user, None),
        initial={"org_code": own.code, "capacity": 0, "team": int(team_id) if team_id.isdigit() else None},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = org_from_code(user, data.pop("org_code"))
        team_pk = data.pop("team")
        team = selectors.team_choices(user).filter(pk=team_pk).first() if team_pk else None
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        else:
            try:
                activity = services.activity_create(actor=user, org=org, team=team, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已发布志愿服务活动“{activity.title}”")
                return redirect("orglife:volunteer_activity", pk=activity.pk)
    return render(request, "orglife/volunteers/activity_form.html", {"form": form, "title": "发布志愿服务活动"})


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    activity = selectors.activity_detail(user, pk)
    if not can_manage_branch(user, activity.org):
        raise PermissionDenied("没有修改该志愿服务活动的权限")
    initial = {name: getattr(activity, name) for name in services.ACTIVITY_FIELDS if name != "team"}
    initial |= {"team": activity.team_id, "starts_at": timezone.localtime(activity.starts_at)}
    initial["ends_at"] = timezone.localtime(activity.ends_at)
    teams = _team_options(user, activity.org)
    if activity.team is not None and activity.team not in teams:
        teams.append(activity.team)  # a dissolved team stays on the activities it ran
    form = ActivityForm(request.POST or None, teams=teams, with_org=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in services.ACTIVITY_FIELDS}
        for name in ("starts_at", "ends_at"):  # the form shows minutes; unchanged minutes are no change
            shown = timezone.localtime(getattr(activity, name)).replace(second=0, microsecond=0)
            if name in changes and changes[name] == shown:
                del changes[name]
        if "team" in changes:
            team_id = changes["team"]
            changes["team"] = selectors.team_choices(user).filter(pk=team_id).first() if team_id else None
        try:
            if changes:
                services.activity_update(actor=user, activity=activity, **changes)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存修改" if changes else "没有需要保存的修改")
            return redirect("orglife:volunteer_activity", pk=activity.pk)
    context = {"form": form, "title": "修改志愿服务活动", "activity": activity}
    return render(request, "orglife/volunteers/activity_form.html", context)


@login_required
@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    activity = selectors.activity_detail(user, pk)
    person = getattr(user, "person", None)
    _decorate([activity], person)
    organiser = can_manage_branch(user, activity.org)
    signups = list(selectors.activity_signups(user, activity))
    cap = rules.service_hours_cap(activity.starts_at, activity.ends_at)
    hours_form = None
    if organiser and activity.phase == "ended" and signups:
        hours_form = HoursForm(signups=signups, default=cap)
    eligible = person is not None and person.org_path.startswith(activity.org_path)
    context = {
        "activity": activity,
        "signups": signups,
        "confirmed_hours": sum((s.hours for s in signups if s.confirmed), Decimal("0.0")),
        "organiser": organiser,
        "hours_form": hours_form,
        "hours_rows": [(s, hours_form[f"hours-{s.pk}"]) for s in signups] if hours_form else [],
        "cap": cap,
        "can_sign_up": eligible and activity.phase == "upcoming" and not activity.full and activity.mine is None,
        "eligible": eligible,
        "cancel_reason": activity.cancel_reason if activity.phase == "cancelled" else "",
        # a member sees their own sign-up above; a branch sees its own members' sign-ups to others' activities
        "show_signups": organiser or _manages(user),
        "signups_heading": "报名名单" if organiser else "本组织党员的报名",
    }
    return render(request, "orglife/volunteers/activity_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def activity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancelling asks first, with the reason."""
    user: Any = request.user
    activity = selectors.activity_detail(user, pk)
    if not can_manage_branch(user, activity.org):
        raise PermissionDenied("没有取消该志愿服务活动的权限")
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_cancel(actor=user, activity=activity, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已取消活动“{activity.title}”")
            return redirect("orglife:volunteer_activity", pk=activity.pk)
    return render(request, "orglife/volunteers/activity_cancel.html", {"form": form, "activity": activity})


@login_required
@require_POST
def activity_signup(request: HttpRequest, pk: int) -> HttpResponse:
    """A member signs up on the phone (one tap)."""
    user: Any = request.user
    activity = selectors.activity_detail(user, pk)
    person = getattr(user, "person", None)
    if person is None:
        raise PermissionDenied("该账号没有对应的党员,不能报名")
    run_and_report(
        request,
        lambda: services.signup_create(actor=user, activity=activity, person=person),
        f"已报名“{activity.title}”",
    )
    return redirect("orglife:volunteer_activity", pk=activity.pk)


@login_required
@require_http_methods(["GET", "POST"])
def activity_register(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser registers a member (who signed up by phone call, or came without signing up)."""
    user: Any = request.user
    activity = selectors.activity_detail(user, pk)
    if not can_manage_branch(user, activity.org):
        raise PermissionDenied("没有为该活动登记报名的权限")
    person, found = person_choice(request, activity.org)
    back = reverse("orglife:volunteer_activity", kwargs={"pk": activity.pk})
    if person is None:
        return _pick_page(request, f"为“{activity.title}”登记报名", found, back)
    if request.method == "POST":
        run_and_report(
            request,
            lambda: services.signup_create(actor=user, activity=activity, person=person),
            f"已为{person.name}登记报名",
        )
        return redirect(back)
    context = {"activity": activity, "person": person, "back": back}
    return render(request, "orglife/volunteers/register_confirm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def signup_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdrawing asks first."""
    user: Any = request.user
    signup = selectors.signup_detail(user, pk)
    if not (can_act_for(user, signup.person) or can_manage_branch(user, signup.activity.org)):
        raise PermissionDenied("没有取消该报名的权限")
    back = reverse("orglife:volunteer_activity", kwargs={"pk": signup.activity_id})
    if request.method == "POST":
        run_and_report(
            request,
            lambda: services.signup_withdraw(actor=user, signup=signup),
            f"已取消{signup.person.name}对“{signup.activity.title}”的报名",
        )
        return redirect(back)
    return render(request, "orglife/volunteers/withdraw_confirm.html", {"signup": signup, "back": back})


@login_required
@require_POST
def activity_hours(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser confirms each volunteer's hours (0 takes a confirmation back)."""
    user: Any = request.user
    activity = selectors.activity_detail(user, pk)
    if not can_manage_branch(user, activity.org):
        raise PermissionDenied("只有活动组织单位可以确认服务时长")
    signups = list(selectors.activity_signups(user, activity))
    cap = rules.service_hours_cap(activity.starts_at, activity.ends_at)
    form = HoursForm(request.POST, signups=signups, default=cap)
    if form.is_valid():
        try:
            done = services.activity_hours_confirm(actor=user, activity=activity, hours=form.hours())
        except ValidationError as exc:
            messages.error(request, ";".join(exc.messages))
        else:
            confirmed = sum(1 for s in done if s.confirmed)
            messages.success(request, f"已确认{confirmed}人的服务时长")
    else:
        problems = [f"{form.fields[name].label}:{e}" for name, errors in form.errors.items() for e in errors]
        messages.error(request, ";".join(problems))
    return redirect("orglife:volunteer_activity", pk=activity.pk)


@login_required
@require_GET
def activity_signups_export(request: HttpRequest, pk: int) -> HttpResponse:
    """An activity's sign-up sheet with the confirmed hours (audited)."""
    user: Any = request.user
    activity = selectors.activity_detail(user, pk)
    if not can_manage_branch(user, activity.org):
        raise PermissionDenied("没有导出该活动报名表的权限")
    signups = list(selectors.activity_signups(user, activity))
    rows = [
        [
            s.person.name,
            s.person.org.name,
            f"{timezone.localtime(s.signed_at):%Y-%m-%d %H:%M}",
            "已确认" if s.confirmed else "未确认",
            s.hours if s.confirmed else "",
        ]
        for s in signups
    ]
    caption = f"{activity.title} {timezone.localtime(activity.starts_at):%Y-%m-%d %H:%M} {activity.place}"
    headers = ["姓名", "所在党组织", "报名时间", "时长确认", "服务时长(小时)"]
    file_name = f"志愿服务报名名单-{activity.title}-{clock.today():%Y%m%d}.xlsx"
    content = audited_xlsx(
        Sheet("报名名单", headers, rows, caption=caption),
        actor=user,
        org=activity.org,
        kind="volunteer_signups",
        file_name=file_name,
    )
    return xlsx_response(content, file_name)


# --- teams --------------------------------------------------------------------------------------------------


@login_required
@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filterset, teams = selectors.team_list(user, request.GET)
    person = getattr(user, "person", None)
    context = {
        "filter_form": style_filters(filterset.form),
        "page": core_selectors.paginate(teams, request.GET.get("page")),
        "filtered": is_filtered(request),
        "can_manage": _manages(user),
        "mine": selectors.my_memberships(person),
    }
    return render(request, "orglife/volunteers/teams.html", context)


@login_required
@require_GET
def team_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_manager(user, "没有导出志愿服务队的权限")
    _, teams = selectors.team_list(user, request.GET)
    rows = [
        [
            t.name,
            t.org.name,
            t.service_area,
            t.leader.name if t.leader else "",
            t.founded_on,
            t.current,
            "已解散" if t.dissolved else "在册",
        ]
        for t in teams.iterator(chunk_size=2000)
    ]
    org = export_org(request) or home_org(user)
    headers = ["队伍名称", "所属组织", "服务内容", "队长", "成立日期", "志愿者人数", "状态"]
    file_name = f"志愿服务队-{org.name if org else ''}-{clock.today():%Y%m%d}.xlsx"
    content = audited_xlsx(
        Sheet("志愿服务队", headers, rows, caption=org.name if org else ""),
        actor=user,
        org=org,
        kind="volunteer_teams",
        file_name=file_name,
    )
    return xlsx_response(content, file_name)


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    own = _require_manager(user, "没有组建志愿服务队的权限")
    form = TeamForm(request.POST or None, initial={"org_code": own.code, "founded_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = org_from_code(user, data.pop("org_code"))
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        else:
            try:
                team = services.team_create(actor=user, org=org, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已组建志愿服务队“{team.name}”")
                return redirect("orglife:volunteer_team", pk=team.pk)
    return render(request, "orglife/volunteers/team_form.html", {"form": form, "title": "组建志愿服务队"})


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    team = selectors.team_detail(user, pk)
    if not can_manage_branch(user, team.org):
        raise PermissionDenied("没有修改该志愿服务队的权限")
    members = list(selectors.team_members(user, team))
    initial = {"name": team.name, "service_area": team.service_area, "founded_on": team.founded_on}
    initial["leader"] = team.leader_id
    form = TeamEditForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in services.TEAM_FIELDS}
        if "leader" in changes:
            changes["leader"] = next((m.person for m in members if m.person_id == changes["leader"]), None)
        try:
            if changes:
                services.team_update(actor=user, team=team, **changes)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存修改" if changes else "没有需要保存的修改")
            return redirect("orglife:volunteer_team", pk=team.pk)
    return render(request, "orglife/volunteers/team_form.html", {"form": form, "title": "修改志愿服务队", "team": team})


@login_required
@require_GET
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    team = selectors.team_detail(user, pk)
    person = getattr(user, "person", None)
    members = list(selectors.team_members(user, team))
    mine = selectors.my_memberships(person).get(team.pk)
    _, activities = selectors.activity_list(user, {"team": team.pk})
    context = {
        "team": team,
        "members": members,
        "mine": mine,
        "manager": can_manage_branch(user, team.org),
        "can_join": person is not None
        and mine is None
        and not team.dissolved
        and person.org_path.startswith(team.org_path),
        "activities": _decorate(list(activities[:20]), person),
    }
    return render(request, "orglife/volunteers/team_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def team_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Dissolving asks first."""
    user: Any = request.user
    team = selectors.team_detail(user, pk)
    if not can_manage_branch(user, team.org):
        raise PermissionDenied("没有解散该志愿服务队的权限")
    if request.method == "POST":
        run_and_report(request, lambda: services.team_dissolve(actor=user, team=team), f"已解散“{team.name}”")
        return redirect("orglife:volunteer_team", pk=team.pk)
    return render(request, "orglife/volunteers/team_dissolve.html", {"team": team})


@login_required
@require_POST
def team_join(request: HttpRequest, pk: int) -> HttpResponse:
    """A member joins a team themself (one tap on the phone)."""
    user: Any = request.user
    team = selectors.team_detail(user, pk)
    person = getattr(user, "person", None)
    if person is None:
        raise PermissionDenied("该账号没有对应的党员,不能加入志愿服务队")
    run_and_report(request, lambda: services.team_join(actor=user, team=team, person=person), f"已加入“{team.name}”")
    return redirect("orglife:volunteer_team", pk=team.pk)


@login_required
@require_http_methods(["GET", "POST"])
def team_add_member(request: HttpRequest, pk: int) -> HttpResponse:
    """The manager adds a member to a team."""
    user: Any = request.user
    team = selectors.team_detail(user, pk)
    if not can_manage_branch(user, team.org):
        raise PermissionDenied("没有为该队伍添加志愿者的权限")
    person, found = person_choice(request, team.org)
    back = reverse("orglife:volunteer_team", kwargs={"pk": team.pk})
    if person is None:
        return _pick_page(request, f"为“{team.name}”添加志愿者", found, back)
    if request.method == "POST":
        run_and_report(
            request,
            lambda: services.team_join(actor=user, team=team, person=person),
            f"已将{person.name}加入“{team.name}”",
        )
        return redirect(back)
    return render(request, "orglife/volunteers/member_add_confirm.html", {"team": team, "person": person, "back": back})


@login_required
@require_http_methods(["GET", "POST"])
def member_leave(request: HttpRequest, pk: int) -> HttpResponse:
    """Leaving a team asks first."""
    user: Any = request.user
    member = selectors.membership_detail(user, pk)
    if not (can_act_for(user, member.person) or can_manage_branch(user, member.team.org)):
        raise PermissionDenied("没有为该志愿者办理退出的权限")
    back = reverse("orglife:volunteer_team", kwargs={"pk": member.team_id})
    if request.method == "POST":
        run_and_report(
            request,
            lambda: services.team_leave(actor=user, member=member),
            f"{member.person.name}已退出“{member.team.name}”",
        )
        return redirect(back)
    return render(request, "orglife/volunteers/leave_confirm.html", {"member": member, "back": back})


# --- hours --------------------------------------------------------------------------------------------------


def _hours_org(request: HttpRequest) -> Org | None:
    """The org the figures roll up under: `?org=` (None when not in scope), else the user's own."""
    return requested_org(request) if request.GET.get("org", "").strip() else home_org(request.user)


@login_required
@require_GET
def hours_summary(request: HttpRequest) -> HttpResponse:
    """Confirmed hours of the year: per member (filtered, paged), per team, and per org rolled up."""
    user: Any = request.user
    year = parse_year(request.GET.get("year"))
    filterset, people = selectors.member_hours(user, request.GET, year)
    org = _hours_org(request)
    total, orgs = selectors.org_hours(user, year, org)
    context = {
        "year": year,
        "years": _years(),
        "filter_form": style_filters(filterset.form),
        "page": core_selectors.paginate(people, request.GET.get("page")),
        "filtered": is_filtered(request, "year"),
        "teams": selectors.team_hours(user, year, org) if org is not None else [],
        "org": org,
        "total": total,
        "orgs": orgs,
        "can_manage": _manages(user),
    }
    return render(request, "orglife/volunteers/hours.html", context)


@login_required
@require_GET
def hours_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_manager(user, "没有导出志愿服务时长的权限")
    year = parse_year(request.GET.get("year"))
    _, people = selectors.member_hours(user, request.GET, year)
    org = _hours_org(request)
    _, orgs = selectors.org_hours(user, year, org)
    file_name = f"志愿服务时长-{org.name if org else ''}-{year}年-{clock.today():%Y%m%d}.xlsx"
    content = services.hours_export(
        actor=user,
        org=org,
        year=year,
        people=people,
        teams=selectors.team_hours(user, year, org) if org is not None else [],
        orgs=orgs,
        file_name=file_name,
    )
    return xlsx_response(content, file_name)


urlpatterns: list[URLPattern] = [
    path("volunteers/", volunteer_home, name="volunteer_home"),
    path("volunteers/activities/", activity_list, name="volunteer_activities"),
    path("volunteers/activities/export.xlsx", activity_export, name="volunteer_activity_export"),
    path("volunteers/activities/new/", activity_create, name="volunteer_activity_create"),
    path("volunteers/activities/<int:pk>/", activity_detail, name="volunteer_activity"),
    path("volunteers/activities/<int:pk>/edit/", activity_edit, name="volunteer_activity_edit"),
    path("volunteers/activities/<int:pk>/cancel/", activity_cancel, name="volunteer_activity_cancel"),
    path("volunteers/activities/<int:pk>/signup/", activity_signup, name="volunteer_signup"),
    path("volunteers/activities/<int:pk>/register/", activity_register, name="volunteer_register"),
    path("volunteers/activities/<int:pk>/hours/", activity_hours, name="volunteer_hours_confirm"),
    path("volunteers/activities/<int:pk>/signups.xlsx", activity_signups_export, name="volunteer_signups_export"),
    path("volunteers/signups/<int:pk>/withdraw/", signup_withdraw, name="volunteer_withdraw"),
    path("volunteers/teams/", team_list, name="volunteer_teams"),
    path("volunteers/teams/export.xlsx", team_export, name="volunteer_team_export"),
    path("volunteers/teams/new/", team_create, name="volunteer_team_create"),
    path("volunteers/teams/<int:pk>/", team_detail, name="volunteer_team"),
    path("volunteers/teams/<int:pk>/edit/", team_edit, name="volunteer_team_edit"),
    path("volunteers/teams/<int:pk>/dissolve/", team_dissolve, name="volunteer_team_dissolve"),
    path("volunteers/teams/<int:pk>/join/", team_join, name="volunteer_team_join"),
    path("volunteers/teams/<int:pk>/members/new/", team_add_member, name="volunteer_member_add"),
    path("volunteers/members/<int:pk>/leave/", member_leave, name="volunteer_member_leave"),
    path("volunteers/hours/", hours_summary, name="volunteer_hours"),
    path("volunteers/hours/export.xlsx", hours_export, name="volunteer_hours_export"),
]
