"""Reads of 志愿服务: teams and activities (published to the org's subtree, so a member sees what they may join),
sign-ups, and the confirmed hours per member, per team and per org (rolled up)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from dangjian.core.filters import IntegerFilter, subtree_filter
from dangjian.core.models import Org, Person
from dangjian.core.scoping import get_scoped_or_404, published_to, scoped, subtree
from dangjian.members.selectors.evaluation import YearFilter
from dangjian.orglife import rules
from dangjian.orglife.choices import ActivityStatus
from dangjian.orglife.models import Signup, TeamMember, VolunteerActivity, VolunteerTeam

PHASE_CHOICES = list(rules.PHASE_LABELS.items())


def _org_filter(queryset: QuerySet, value: str, path_field: str = "org_path") -> QuerySet:
    return subtree_filter(queryset, path_field, value) if value.strip() else queryset


class TeamFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    search = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="队伍名称")
    dissolved = django_filters.BooleanFilter(field_name="dissolved", label="已解散(true 仅已解散, false 仅在册队伍)")

    class Meta:
        model = VolunteerTeam
        fields = ["org", "search", "dissolved"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)


class TeamMemberFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="志愿者所在党组织代码(含全部下级)")
    team = IntegerFilter(field_name="team_id", label="志愿服务队编号")
    person = IntegerFilter(field_name="person_id", label="党员编号")
    search = django_filters.CharFilter(field_name="person__name", lookup_expr="contains", label="姓名")
    current = django_filters.BooleanFilter(method="filter_current", label="仍在队(true 仅在队, false 仅已退出)")

    class Meta:
        model = TeamMember
        fields = ["org", "team", "person", "search", "current"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)

    def filter_current(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(left_on__isnull=value)


def phase_q(phase: str, now: dt.datetime) -> Q:
    """The activities in a phase (报名中, 进行中, 已结束, 已取消) at `now`, as a query."""
    live = ~Q(status=ActivityStatus.CANCELLED)
    return {
        "upcoming": live & Q(starts_at__gt=now),
        "ongoing": live & Q(starts_at__lte=now, ends_at__gt=now),
        "ended": live & Q(ends_at__lte=now),
        "cancelled": Q(status=ActivityStatus.CANCELLED),
    }.get(phase, Q())


class ActivityFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="组织单位代码(含全部下级)")
    team = IntegerFilter(field_name="team_id", label="志愿服务队编号")
    search = django_filters.CharFilter(method="filter_search", label="活动名称或地点")
    phase = django_filters.ChoiceFilter(choices=PHASE_CHOICES, method="filter_phase", label="活动状态")
    year = YearFilter(field_name="starts_at__year", label="年度")
    since = django_filters.DateFilter(field_name="starts_at__date", lookup_expr="gte", label="开始日期自")
    until = django_filters.DateFilter(field_name="starts_at__date", lookup_expr="lte", label="开始日期至")

    class Meta:
        model = VolunteerActivity
        fields = ["org", "team", "search", "phase", "year", "since", "until"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(title__contains=value) | Q(place__contains=value)) if value else queryset

    def filter_phase(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(phase_q(value, timezone.now())) if value else queryset


class SignupFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="志愿者所在党组织代码(含全部下级)")
    activity = IntegerFilter(field_name="activity_id", label="活动编号")
    person = IntegerFilter(field_name="person_id", label="党员编号")
    search = django_filters.CharFilter(field_name="person__name", lookup_expr="contains", label="姓名")
    confirmed = django_filters.BooleanFilter(field_name="confirmed", label="时长已确认")
    year = YearFilter(field_name="activity__starts_at__year", label="活动年度")

    class Meta:
        model = Signup
        fields = ["org", "activity", "person", "search", "confirmed", "year"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)


class MemberHoursFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    person = IntegerFilter(field_name="id", label="党员编号")
    search = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="姓名")

    class Meta:
        model = Person
        fields = ["org", "person", "search"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)


# --- teams --------------------------------------------------------------------------------------------------


def teams_visible(user: Any) -> QuerySet[VolunteerTeam]:
    """Teams in the user's subtree and those of the orgs above (which a member may join)."""
    return published_to(VolunteerTeam, user)


def team_list(user: Any, params: Mapping[str, Any]) -> tuple[TeamFilter, QuerySet[VolunteerTeam]]:
    teams = (
        teams_visible(user)
        .select_related("org", "leader")
        .annotate(current=Count("members", filter=Q(members__left_on__isnull=True)))
    )
    filterset = TeamFilter(params or None, queryset=teams)
    return filterset, filterset.qs.order_by("dissolved", "org_path", "name", "id")


def visible_get(queryset: QuerySet, pk: Any) -> Any:
    """One object of an already limited queryset (published to the user); anything else is the same 404 as a
    missing one."""
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("对象不存在") from None


def team_detail(user: Any, pk: Any) -> VolunteerTeam:
    return visible_get(teams_visible(user).select_related("org", "leader"), pk)


def team_members(user: Any, team: VolunteerTeam, *, current: bool = True) -> QuerySet[TeamMember]:
    """A team's volunteers the user may see (a manager: all in scope; a member: themself)."""
    members = scoped(TeamMember, user).filter(team=team).select_related("person__org")
    if current:
        members = members.filter(left_on__isnull=True)
    return members.order_by("left_on", "joined_on", "id")


def member_list(user: Any, params: Mapping[str, Any]) -> tuple[TeamMemberFilter, QuerySet[TeamMember]]:
    members = scoped(TeamMember, user).select_related("person__org", "team")
    filterset = TeamMemberFilter(params or None, queryset=members)
    return filterset, filterset.qs.order_by("team_id", "left_on", "joined_on", "id")


def membership_detail(user: Any, pk: Any) -> TeamMember:
    return get_scoped_or_404(TeamMember.objects.select_related("person__org", "team__org"), user, pk=pk)


def my_memberships(person: Person | None) -> dict[int, TeamMember]:
    """The teams a member is currently in, by team id."""
    if person is None:
        return {}
    rows = TeamMember.objects.filter(person=person, left_on__isnull=True).select_related("team")
    return {member.team_id: member for member in rows}


def team_choices(user: Any, org: Org | None = None) -> QuerySet[VolunteerTeam]:
    """Teams an activity of `org` may name: live teams in the org's subtree (within the user's scope)."""
    teams = scoped(VolunteerTeam, user).filter(dissolved=False)
    if org is not None:
        teams = teams.filter(**subtree("org_path", org.path))
    return teams.order_by("org_path", "name")


# --- activities ---------------------------------------------------------------------------------------------


def activities_visible(user: Any) -> QuerySet[VolunteerActivity]:
    """Activities in the user's subtree and those of the orgs above (which a member may sign up for)."""
    return published_to(VolunteerActivity, user)


def _with_taken(activities: QuerySet[VolunteerActivity]) -> QuerySet[VolunteerActivity]:
    return activities.select_related("org", "team").annotate(taken=Count("signups"))


def activity_list(user: Any, params: Mapping[str, Any]) -> tuple[ActivityFilter, QuerySet[VolunteerActivity]]:
    filterset = ActivityFilter(params or None, queryset=_with_taken(activities_visible(user)))
    return filterset, filterset.qs.order_by("-starts_at", "-id")


def activity_detail(user: Any, pk: Any) -> VolunteerActivity:
    return visible_get(_with_taken(activities_visible(user)), pk)


def open_activities(user: Any, *, limit: int = 50) -> list[VolunteerActivity]:
    """Activities not yet started and not cancelled that the user sees, soonest first (the phone's list)."""
    now = timezone.now()
    rows = _with_taken(activities_visible(user)).filter(phase_q("upcoming", now)).order_by("starts_at", "id")
    return list(rows[:limit])


def activity_signups(user: Any, activity: VolunteerActivity) -> QuerySet[Signup]:
    """An activity's sign-ups the user may see: the organiser all, a branch its members', a member their own."""
    return scoped(Signup, user).filter(activity=activity).select_related("person__org").order_by("signed_at", "id")


def signup_list(user: Any, params: Mapping[str, Any]) -> tuple[SignupFilter, QuerySet[Signup]]:
    signups = scoped(Signup, user).select_related("person__org", "activity__org")
    filterset = SignupFilter(params or None, queryset=signups)
    return filterset, filterset.qs.order_by("-activity__starts_at", "activity_id", "id")


def signup_detail(user: Any, pk: Any) -> Signup:
    return get_scoped_or_404(Signup.objects.select_related("person__org", "activity__org"), user, pk=pk)


def my_signups(person: Person | None, activity_ids: list[int] | None = None) -> dict[int, Signup]:
    """A member's sign-ups by activity id (limited to `activity_ids` when given)."""
    if person is None:
        return {}
    rows = Signup.objects.filter(person=person)
    if activity_ids is not None:
        rows = rows.filter(activity_id__in=activity_ids)
    return {signup.activity_id: signup for signup in rows}


def my_recent_signups(person: Person, *, limit: int = 20) -> list[Signup]:
    rows = Signup.objects.filter(person=person).select_related("activity__org").order_by("-activity__starts_at")
    return list(rows[:limit])


# --- hours --------------------------------------------------------------------------------------------------


def _confirmed_in(year: int | None) -> dict[str, Any]:
    return {"confirmed": True} | ({"activity__starts_at__year": year} if year else {})


def member_hours(user: Any, params: Mapping[str, Any], year: int | None) -> tuple[MemberHoursFilter, QuerySet[Person]]:
    """Members with confirmed hours in the year (all years when None): `hours` and `times` per member."""
    lookups = {f"volunteer_signups__{key}": value for key, value in _confirmed_in(year).items()}
    people = (
        scoped(Person, user)
        .filter(**lookups)
        .annotate(hours=Sum("volunteer_signups__hours"), times=Count("volunteer_signups"))
        .select_related("org")
    )
    filterset = MemberHoursFilter(params or None, queryset=people)
    return filterset, filterset.qs.order_by("-hours", "org_path", "id")


@dataclass
class TeamHours:
    id: int
    name: str
    org_name: str
    dissolved: bool
    activities: int = 0
    times: int = 0
    hours: Decimal = field(default_factory=lambda: Decimal("0.0"))


def team_hours(user: Any, year: int | None, org: Org | None = None) -> list[TeamHours]:
    """Confirmed hours per team (of the activities the team ran) that the user's scope sees."""
    signups = scoped(Signup, user).filter(activity__team__isnull=False, **_confirmed_in(year))
    if org is not None:
        signups = signups.filter(**subtree("activity__team__org_path", org.path))
    rows = list(
        signups.values("activity__team")
        .annotate(times=Count("id"), hours=Sum("hours"), activities=Count("activity", distinct=True))
        .order_by()
    )
    teams = {
        team.pk: team
        for team in VolunteerTeam.objects.filter(pk__in=[r["activity__team"] for r in rows]).select_related("org")
    }
    found = [
        TeamHours(
            id=team.pk,
            name=team.name,
            org_name=team.org.name,
            dissolved=team.dissolved,
            activities=row["activities"],
            times=row["times"],
            hours=row["hours"] or Decimal("0.0"),
        )
        for row in rows
        if (team := teams.get(row["activity__team"])) is not None
    ]
    return sorted(found, key=lambda t: (-t.hours, t.name, t.id))


@dataclass
class OrgHours:
    """Hours of the volunteers of one org and everything under it."""

    org: Org
    own: bool = False  # the chosen org's own members only (本级)
    people: int = 0
    times: int = 0
    hours: Decimal = field(default_factory=lambda: Decimal("0.0"))

    @property
    def id(self) -> int:
        return self.org.pk


def org_hours(user: Any, year: int | None, org: Org | None) -> tuple[OrgHours | None, list[OrgHours]]:
    """The chosen org's total and one row per direct child org (rolled up over its subtree), plus a 本级 row for
    members of the org itself. Counted by the volunteer's own org."""
    if org is None:
        return None, []
    rows = list(
        scoped(Signup, user)
        .filter(**subtree("org_path", org.path), **_confirmed_in(year))
        .values("org_path")
        .annotate(times=Count("id"), hours=Sum("hours"), people=Count("person", distinct=True))
        .order_by("org_path")
    )
    total = OrgHours(org)
    children = [OrgHours(child) for child in scoped(Org, user).filter(depth=org.depth + 1, **subtree("path", org.path))]
    own = OrgHours(org, own=True)
    for row in rows:
        hours = row["hours"] or Decimal("0.0")
        target = next((c for c in children if row["org_path"].startswith(c.org.path)), own)
        for bucket in (target, total):
            bucket.people += row["people"]
            bucket.times += row["times"]
            bucket.hours += hours
    shown = sorted((c for c in children if c.times), key=lambda c: (-c.hours, c.org.path))
    if own.times:
        shown.insert(0, own)
    return total, shown


def hours_figures(user: Any, year: int) -> dict[str, Any]:
    """The head figures of the volunteer pages for a year: activities, volunteers, person-times and hours."""
    signups = scoped(Signup, user).filter(**_confirmed_in(year))
    totals = signups.aggregate(times=Count("id"), hours=Sum("hours"), people=Count("person", distinct=True))
    activities = scoped(VolunteerActivity, user).filter(starts_at__year=year).exclude(status=ActivityStatus.CANCELLED)
    return {
        "year": year,
        "activities": activities.count(),
        "teams": scoped(VolunteerTeam, user).filter(dissolved=False).count(),
        "people": totals["people"] or 0,
        "times": totals["times"] or 0,
        "hours": totals["hours"] or Decimal("0.0"),
    }


def my_hours(person: Person | None, year: int) -> dict[str, Any]:
    """A member's confirmed hours and services this year."""
    if person is None:
        return {"year": year, "times": 0, "hours": Decimal("0.0")}
    totals = Signup.objects.filter(person=person, **_confirmed_in(year)).aggregate(
        times=Count("id"), hours=Sum("hours")
    )
    return {"year": year, "times": totals["times"] or 0, "hours": totals["hours"] or Decimal("0.0")}
