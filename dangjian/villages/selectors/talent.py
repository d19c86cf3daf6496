"""Reads of the talent pools: the filtered lists (pool, status, township, age band, education), the figures for any
scope and day (counts per pool, reserve cadres per village, shares under the age limit and 大专及以上, returnees who
started businesses, villages without or below the minimum), and the workbench reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from dangjian.core.choices import COLLEGE_OR_ABOVE, Education, OrgLevel
from dangjian.core.filters import IntegerFilter, subtree_filter
from dangjian.core.models import Org
from dangjian.core.reminders import Reminder
from dangjian.core.scoping import get_scoped_or_404, scope_of, scoped, subtree
from dangjian.orglife.rules import ratio_text
from dangjian.villages import rules
from dangjian.villages.choices import MentoringStatus, SecondmentStatus, TalentPool, TalentStatus
from dangjian.villages.models import (
    MentoringMentee,
    MentoringNote,
    MentoringPair,
    Secondment,
    ServiceTeam,
    ServiceTeamMember,
    Talent,
    TalentSetting,
)
from dangjian.villages.selectors.common import panel_day, panel_link, scoped_villages
from dangjian.villages.services.talent import setting_for

AGE_BANDS = [("young", "35岁及以下"), ("middle", "36至45岁"), ("senior", "46岁及以上")]
EDUCATION_CHOICES = [("college", "大专及以上"), ("below_college", "大专以下"), *Education.choices]
COLLEGE = sorted(COLLEGE_OR_ABOVE)


def _org_filter(queryset: QuerySet, value: str, path_field: str = "org_path") -> QuerySet:
    return subtree_filter(queryset, path_field, value) if value.strip() else queryset


def _township_filter(queryset: QuerySet, value: int | None) -> QuerySet:
    if value is None:
        return queryset
    township = Org.objects.filter(pk=value, level=OrgLevel.TOWNSHIP).only("path").first()
    return queryset.filter(**subtree("org_path", township.path)) if township else queryset.none()


def age_band_q(band: str, on: dt.date) -> Q:
    """The records whose age on `on` falls in a band, as birth-date comparisons."""
    limit_35 = rules.youngest_birth_excluded(on, 35)
    limit_45 = rules.youngest_birth_excluded(on, 45)
    return {
        "young": Q(birth_date__gt=limit_35),
        "middle": Q(birth_date__lte=limit_35, birth_date__gt=limit_45),
        "senior": Q(birth_date__lte=limit_45),
    }.get(band, Q())


def education_q(value: str) -> Q:
    if value == "college":
        return Q(education__in=COLLEGE)
    if value == "below_college":
        return ~Q(education__in=COLLEGE)
    return Q(education=value) if value else Q()


class TalentFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    township = IntegerFilter(method="filter_township", label="乡镇(街道)")
    pool = django_filters.ChoiceFilter(choices=TalentPool.choices, label="人才类别")
    status = django_filters.ChoiceFilter(choices=TalentStatus.choices, label="状态")
    age = django_filters.ChoiceFilter(choices=AGE_BANDS, method="filter_age", label="年龄段")
    education = django_filters.ChoiceFilter(choices=EDUCATION_CHOICES, method="filter_education", label="学历")
    person = IntegerFilter(field_name="person_id", label="党员编号")
    search = django_filters.CharFilter(method="filter_search", label="姓名或特长")

    class Meta:
        model = Talent
        fields = ["org", "township", "pool", "status", "age", "education", "person", "search"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)

    def filter_township(self, queryset: QuerySet, name: str, value: int | None) -> QuerySet:
        return _township_filter(queryset, value)

    def filter_age(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        from dangjian.core import clock

        return queryset.filter(age_band_q(value, clock.today())) if value else queryset

    def filter_education(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(education_q(value))

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__contains=value) | Q(speciality__contains=value) | Q(business__contains=value))


class TeamFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    township = IntegerFilter(method="filter_township", label="乡镇(街道)")
    search = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="队伍名称")
    current = django_filters.BooleanFilter(method="filter_current", label="在册(true 仅在册, false 仅已解散)")

    class Meta:
        model = ServiceTeam
        fields = ["org", "township", "search", "current"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)

    def filter_township(self, queryset: QuerySet, name: str, value: int | None) -> QuerySet:
        return _township_filter(queryset, value)

    def filter_current(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return queryset if value is None else queryset.filter(dissolved_on__isnull=value)


SECONDMENT_PHASES = [("active", "挂职中"), ("ending", "30天内期满(含已到期未办结)"), ("ended", "已结束")]


class SecondmentFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="挂职单位代码(含全部下级)")
    township = IntegerFilter(method="filter_township", label="乡镇(街道)")
    phase = django_filters.ChoiceFilter(choices=SECONDMENT_PHASES, method="filter_phase", label="状态")
    person = IntegerFilter(field_name="person_id", label="党员编号")
    search = django_filters.CharFilter(method="filter_search", label="姓名、派出单位或职务")

    class Meta:
        model = Secondment
        fields = ["org", "township", "phase", "person", "search"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)

    def filter_township(self, queryset: QuerySet, name: str, value: int | None) -> QuerySet:
        return _township_filter(queryset, value)

    def filter_phase(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        from dangjian.core import clock

        return queryset.filter(secondment_phase_q(value, clock.today())) if value else queryset

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__contains=value) | Q(from_unit__contains=value) | Q(post__contains=value))


def secondment_phase_q(phase: str, today: dt.date) -> Q:
    active = Q(status=SecondmentStatus.ACTIVE)
    return {
        "active": active,
        "ending": active & Q(end__lte=today + dt.timedelta(days=rules.SECONDMENT_ENDING_DAYS)),
        "ended": ~active,
    }.get(phase, Q())


class MentoringFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    township = IntegerFilter(method="filter_township", label="乡镇(街道)")
    status = django_filters.ChoiceFilter(choices=MentoringStatus.choices, label="状态")
    search = django_filters.CharFilter(field_name="mentor_name", lookup_expr="contains", label="导师姓名")

    class Meta:
        model = MentoringPair
        fields = ["org", "township", "status", "search"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)

    def filter_township(self, queryset: QuerySet, name: str, value: int | None) -> QuerySet:
        return _township_filter(queryset, value)


# --- lists --------------------------------------------------------------------------------------------------


def talent_list(user: Any, params: Mapping[str, Any]) -> tuple[TalentFilter, QuerySet[Talent]]:
    talents = scoped(Talent, user).select_related("org")
    filterset = TalentFilter(params or None, queryset=talents)
    return filterset, filterset.qs.order_by("org_path", "pool", "name", "id")


def talent_detail(user: Any, pk: Any) -> Talent:
    return get_scoped_or_404(Talent.objects.select_related("org", "person"), user, pk=pk)


def talent_choices(user: Any, org: Org, *, pools: tuple[str, ...] | None = None) -> QuerySet[Talent]:
    """Records in the pool (在库) of an org's subtree, for picking team members or mentees."""
    talents = scoped(Talent, user).filter(status=TalentStatus.ACTIVE, **subtree("org_path", org.path))
    if pools:
        talents = talents.filter(pool__in=pools)
    return talents.select_related("org").order_by("org_path", "name", "id")


def team_list(user: Any, params: Mapping[str, Any]) -> tuple[TeamFilter, QuerySet[ServiceTeam]]:
    teams = (
        scoped(ServiceTeam, user)
        .select_related("org")
        .annotate(current=Count("members", filter=Q(members__left_on__isnull=True)))
    )
    filterset = TeamFilter(params or None, queryset=teams)
    return filterset, filterset.qs.order_by("dissolved_on", "org_path", "name", "id")


def team_detail(user: Any, pk: Any) -> ServiceTeam:
    return get_scoped_or_404(ServiceTeam.objects.select_related("org"), user, pk=pk)


def team_members(user: Any, team: ServiceTeam) -> QuerySet[ServiceTeamMember]:
    return (
        scoped(ServiceTeamMember, user)
        .filter(team=team)
        .select_related("talent__org")
        .order_by("left_on", "-is_leader", "joined_on", "id")
    )


def member_detail(user: Any, pk: Any) -> ServiceTeamMember:
    return get_scoped_or_404(ServiceTeamMember.objects.select_related("team__org", "talent"), user, pk=pk)


def secondment_list(user: Any, params: Mapping[str, Any]) -> tuple[SecondmentFilter, QuerySet[Secondment]]:
    secondments = scoped(Secondment, user).select_related("org", "from_org")
    filterset = SecondmentFilter(params or None, queryset=secondments)
    return filterset, filterset.qs.order_by("status", "end", "id")


def secondment_detail(user: Any, pk: Any) -> Secondment:
    return get_scoped_or_404(Secondment.objects.select_related("org", "from_org", "person"), user, pk=pk)


def mentoring_list(user: Any, params: Mapping[str, Any]) -> tuple[MentoringFilter, QuerySet[MentoringPair]]:
    pairs = (
        scoped(MentoringPair, user)
        .select_related("org")
        .annotate(current=Count("mentees", filter=Q(mentees__ended_on__isnull=True)))
    )
    filterset = MentoringFilter(params or None, queryset=pairs)
    return filterset, filterset.qs.order_by("status", "org_path", "-start", "id")


def mentoring_detail(user: Any, pk: Any) -> MentoringPair:
    return get_scoped_or_404(MentoringPair.objects.select_related("org", "mentor_person"), user, pk=pk)


def pair_mentees(user: Any, pair: MentoringPair) -> QuerySet[MentoringMentee]:
    return (
        scoped(MentoringMentee, user)
        .filter(pair=pair)
        .select_related("talent__org")
        .order_by("ended_on", "joined_on", "id")
    )


def pair_notes(user: Any, pair: MentoringPair) -> QuerySet[MentoringNote]:
    return scoped(MentoringNote, user).filter(pair=pair).order_by("-noted_on", "-id")


def townships(user: Any) -> list[Org]:
    """The townships in the user's scope, for the township filter."""
    return list(scoped(Org, user).filter(level=OrgLevel.TOWNSHIP, is_dissolved=False).order_by("path"))


def setting_of(user: Any) -> tuple[Org | None, TalentSetting]:
    """The user's county and its settings (the defaults, unsaved, when it has saved none)."""
    county_id = scope_of(user).county_id
    county = Org.objects.filter(pk=county_id, level=OrgLevel.COUNTY).first() if county_id else None
    return county, setting_for(county.pk if county else None)


# --- figures ------------------------------------------------------------------------------------------------


def in_pool_q(on: dt.date) -> Q:
    """In the pool on a day: entered by then, and still 在库 or left it only after that day."""
    return Q(entry_date__lte=on) & (Q(status=TalentStatus.ACTIVE) | Q(status_date__gt=on))


@dataclass
class VillageCount:
    org: Org
    count: int


@dataclass
class TalentFigures:
    on: dt.date
    minimum: int
    max_age: int
    pools: list[tuple[str, str, int]] = field(default_factory=list)
    total: int = 0
    reserve: int = 0
    villages: int = 0
    reserve_min: int = 0
    reserve_avg: Decimal = Decimal("0.0")
    young: int = 0
    college: int = 0
    returnees: int = 0
    returnee_business: int = 0
    without: int = 0
    below: list[VillageCount] = field(default_factory=list)
    secondments_active: int = 0
    secondments_ending: int = 0
    teams: int = 0
    team_members: int = 0
    pairs: int = 0
    mentees: int = 0

    @property
    def young_text(self) -> str:
        return ratio_text(self.young, self.reserve)

    @property
    def college_text(self) -> str:
        return ratio_text(self.college, self.reserve)

    @property
    def business_text(self) -> str:
        return ratio_text(self.returnee_business, self.returnees)

    @property
    def without_text(self) -> str:
        return ratio_text(self.without, self.villages)

    @property
    def below_text(self) -> str:
        return ratio_text(len(self.below), self.villages)


def reserve_counts(talents: QuerySet[Talent], village_ids: list[int]) -> dict[int, int]:
    """Reserve cadres in the pool per village (by the village's own org)."""
    rows = talents.filter(pool=TalentPool.RESERVE, org_id__in=village_ids).values("org_id").annotate(n=Count("id"))
    return {row["org_id"]: row["n"] for row in rows.order_by()}


def talent_figures(user: Any, org: Org | None = None, on: dt.date | None = None) -> TalentFigures:
    """The talent figures of the user's scope (or an org's subtree within it) on a day (default today)."""
    from dangjian.core import clock

    on = on or clock.today()
    _, setting = setting_of(user)
    talents = scoped(Talent, user)
    villages = scoped_villages(user)
    pairs = scoped(MentoringPair, user)
    secondments = scoped(Secondment, user)
    teams = scoped(ServiceTeam, user)
    if org is not None:
        talents = talents.filter(**subtree("org_path", org.path))
        villages = villages.filter(**subtree("path", org.path))
        pairs = pairs.filter(**subtree("org_path", org.path))
        secondments = secondments.filter(**subtree("org_path", org.path))
        teams = teams.filter(**subtree("org_path", org.path))
    in_pool = talents.filter(in_pool_q(on))
    by_pool = {row["pool"]: row["n"] for row in in_pool.values("pool").annotate(n=Count("id")).order_by()}
    figures = TalentFigures(on=on, minimum=setting.min_reserve_per_village, max_age=setting.reserve_max_age)
    figures.pools = [(value, str(label), by_pool.get(value, 0)) for value, label in TalentPool.choices]
    figures.total = sum(by_pool.values())
    reserve = in_pool.filter(pool=TalentPool.RESERVE)
    stats = reserve.aggregate(
        n=Count("id"),
        young=Count("id", filter=Q(birth_date__gt=rules.youngest_birth_excluded(on, setting.reserve_max_age))),
        college=Count("id", filter=Q(education__in=COLLEGE)),
    )
    figures.reserve, figures.young, figures.college = stats["n"], stats["young"], stats["college"]
    village_list = list(villages)
    village_ids = [v.pk for v in village_list]
    counts = reserve_counts(in_pool, village_ids)
    figures.villages = len(village_ids)
    figures.reserve_min, figures.reserve_avg = rules.min_and_average(counts, village_ids)
    figures.without = len(rules.below_minimum(counts, village_ids, 1))
    below = set(rules.below_minimum(counts, village_ids, setting.min_reserve_per_village))
    figures.below = [VillageCount(v, counts.get(v.pk, 0)) for v in village_list if v.pk in below]
    returnees = in_pool.filter(pool=TalentPool.RETURNEE).aggregate(
        n=Count("id"), business=Count("id", filter=Q(started_business=True))
    )
    figures.returnees, figures.returnee_business = returnees["n"], returnees["business"]
    live = secondments.filter(start__lte=on).filter(Q(status=SecondmentStatus.ACTIVE) | Q(ended_on__gt=on))
    figures.secondments_active = live.count()
    figures.secondments_ending = live.filter(
        status=SecondmentStatus.ACTIVE, end__gte=on, end__lte=on + dt.timedelta(days=rules.SECONDMENT_ENDING_DAYS)
    ).count()
    live_teams = teams.filter(founded_on__lte=on).filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))
    figures.teams = live_teams.count()
    figures.team_members = (
        ServiceTeamMember.objects.filter(team__in=live_teams, joined_on__lte=on)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=on))
        .count()
    )
    live_pairs = pairs.filter(start__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
    figures.pairs = live_pairs.count()
    figures.mentees = (
        MentoringMentee.objects.filter(pair__in=live_pairs, joined_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
        .count()
    )
    return figures


# --- village overview ---------------------------------------------------------------------------------------


def panel(org: Org, user: Any, year: int) -> dict[str, Any] | None:
    """The village's talent pools on its overview page (today, or the year's last day): its reserve cadres against the
    county's minimum, and the other pools; None when its pools are empty."""
    on = panel_day(year)
    in_pool = scoped(Talent, user).filter(in_pool_q(on), org=org)
    by_pool = dict(in_pool.values("pool").annotate(n=Count("id")).values_list("pool", "n").order_by())
    if not by_pool:
        return None
    minimum = setting_for(org.county_id).min_reserve_per_village
    reserve = by_pool.get(TalentPool.RESERVE, 0)
    short = bool(rules.below_minimum({org.pk: reserve}, [org.pk], minimum))
    rows = [(str(TalentPool.RESERVE.label), f"{reserve}名,{'低于' if short else '达到'}县定每村{minimum}名")]
    rows += [
        (str(label), f"{by_pool[value]}名")
        for value, label in TalentPool.choices
        if value != TalentPool.RESERVE and by_pool.get(value)
    ]
    return {
        "title": "人才队伍",
        "rows": rows,
        "link": panel_link("villages:talent_home", org=org.code),
        "link_label": "查看人才库",
    }


# --- reminders ----------------------------------------------------------------------------------------------


def villages_below_minimum_count(user: Any, minimum: int) -> int:
    """Villages in scope with fewer reserve cadres (在库) than the county's minimum, in one query."""
    if minimum <= 0:
        return 0
    reserve = (
        Talent.objects.filter(org_id=OuterRef("pk"), pool=TalentPool.RESERVE, status=TalentStatus.ACTIVE)
        .values("org_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    annotated = scoped_villages(user).annotate(
        reserve=Coalesce(Subquery(reserve, output_field=IntegerField()), Value(0))
    )
    return annotated.filter(reserve__lt=minimum).count()


def reminders(user: Any, today: dt.date) -> list[Reminder]:
    _, setting = setting_of(user)
    home = reverse("villages:talent_home")
    ending = scoped(Secondment, user).filter(secondment_phase_q("ending", today)).count()
    return [
        Reminder(
            f"后备干部少于{setting.min_reserve_per_village}名的村",
            villages_below_minimum_count(user, setting.min_reserve_per_village),
            f"{home}#below",
        ),
        Reminder("30天内期满(含已到期未办结)的挂职", ending, f"{reverse('villages:talent_secondments')}?phase=ending"),
    ]
