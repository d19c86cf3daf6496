"""Reads of 软弱涣散整顿: rounds (published by the county to its subtree), the ranking and candidates, the cases with
their ledger, and the conversion figures for any period and scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import django_filters
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from dangjian.core import clock
from dangjian.core.choices import OrgLevel, Role
from dangjian.core.filters import IntegerFilter, subtree_filter
from dangjian.core.models import Org
from dangjian.core.reminders import Reminder
from dangjian.core.scoping import ancestor_paths, get_scoped_or_404, published_to, scoped, subtree
from dangjian.members.selectors.evaluation import YearFilter
from dangjian.villages import rules
from dangjian.villages.choices import CandidateStatus, CaseStatus, ExitCondition, WeakCriterion
from dangjian.villages.models import (
    RectAssessment,
    RectCandidate,
    RectCase,
    RectEntry,
    RectExitCheck,
    RectRound,
    RectTeamMember,
    RectVisit,
)
from dangjian.villages.selectors.common import panel_link

STALE_DAYS = 30


def listed_org_ids(county_id: int, year: int) -> set[int]:
    """Contract (used by classification and pairing): the orgs the county confirmed as 软弱涣散 in the year's
    identification (whether or not they have exited since)."""
    rows = RectCandidate.objects.filter(county_id=county_id, round__year=year, status=CandidateStatus.CONFIRMED)
    return set(rows.values_list("org_id", flat=True))


def _org_filter(queryset: QuerySet, value: str) -> QuerySet:
    return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


def townships(user: Any) -> QuerySet[Org]:
    """The townships (乡镇、街道) the user sees, for the filters and the per-township figures."""
    return scoped(Org, user).filter(level=OrgLevel.TOWNSHIP, is_dissolved=False).order_by("path")


def town_names(county_id: int | None) -> dict[str, str]:
    """{path: name} of a county's townships (to name the township of any org below)."""
    rows = Org.objects.filter(level=OrgLevel.TOWNSHIP)
    if county_id is not None:
        rows = rows.filter(county_id=county_id)
    return dict(rows.values_list("path", "name"))


def town_of(path: str, towns: Mapping[str, str]) -> str:
    return next((towns[p] for p in ancestor_paths(path) if p in towns), "")


# --- rounds -------------------------------------------------------------------------------------------------


def rounds_visible(user: Any) -> QuerySet[RectRound]:
    """The rounds of the user's county (published by the county to its whole subtree)."""
    return published_to(RectRound, user).select_related("org").order_by("-year", "-id")


def round_detail(user: Any, pk: Any) -> RectRound:
    try:
        return rounds_visible(user).get(pk=pk)
    except (RectRound.DoesNotExist, ValueError, TypeError):
        raise Http404("对象不存在") from None


def county_ranks(round_: RectRound) -> dict[int, tuple[int, int]]:
    """Each scored branch's rank from the top (ties share it) of how many, over the whole county: a township sees
    where its villages stand ("第38/41名") without seeing the others' scores."""
    scores = list(RectAssessment.objects.filter(round=round_, score__isnull=False).values_list("org_id", "score"))
    n = len(scores)
    values = [score for _, score in scores]
    return {org_id: (1 + sum(1 for other in values if other > score), n) for org_id, score in scores}


@dataclass
class RankingRow:
    assessment: RectAssessment
    rank: int | None
    ranked: int
    criteria_labels: list[str]
    candidate: RectCandidate | None


class AssessmentFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    round = IntegerFilter(field_name="round_id", label="轮次编号")
    search = django_filters.CharFilter(field_name="org__name", lookup_expr="contains", label="党组织名称")

    class Meta:
        model = RectAssessment
        fields = ["org", "round", "search"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)


def assessment_list(user: Any, params: Mapping[str, Any]) -> tuple[AssessmentFilter, QuerySet[RectAssessment]]:
    rows = scoped(RectAssessment, user).select_related("org", "round")
    filterset = AssessmentFilter(params or None, queryset=rows)
    return filterset, filterset.qs.order_by("round_id", "score", "org_path", "id")


def ranking(user: Any, round_: RectRound, params: Mapping[str, Any] | None = None) -> list[RankingRow]:
    """The round's scores and criteria the user sees, weakest first, with the county-wide rank and the candidate."""
    _, rows = assessment_list(user, dict(params or {}) | {"round": str(round_.pk)})
    ranks = county_ranks(round_)
    candidates = {c.org_id: c for c in scoped(RectCandidate, user).filter(round=round_)}
    labels = dict(WeakCriterion.choices)
    found = []
    for assessment in rows:
        rank, n = ranks.get(assessment.org_id, (None, len(ranks)))
        found.append(
            RankingRow(
                assessment=assessment,
                rank=rank,
                ranked=n,
                criteria_labels=[str(labels[c]) for c in assessment.criteria if c in labels],
                candidate=candidates.get(assessment.org_id),
            )
        )
    return sorted(found, key=lambda r: (r.rank is None, -(r.rank or 0), r.assessment.org_path))


class CandidateFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    round = IntegerFilter(field_name="round_id", label="轮次编号")
    year = YearFilter(field_name="round__year", label="年度")
    status = django_filters.ChoiceFilter(choices=CandidateStatus.choices, label="状态")
    search = django_filters.CharFilter(field_name="org__name", lookup_expr="contains", label="党组织名称")

    class Meta:
        model = RectCandidate
        fields = ["org", "round", "year", "status", "search"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)


def candidate_list(user: Any, params: Mapping[str, Any]) -> tuple[CandidateFilter, QuerySet[RectCandidate]]:
    rows = scoped(RectCandidate, user).select_related("org", "round")
    filterset = CandidateFilter(params or None, queryset=rows)
    return filterset, filterset.qs.order_by("-round__year", "status", "-rank", "org_path", "id")


def candidate_detail(user: Any, pk: Any) -> RectCandidate:
    return get_scoped_or_404(RectCandidate.objects.select_related("org", "round__org"), user, pk=pk)


# --- cases --------------------------------------------------------------------------------------------------


class CaseFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    township = IntegerFilter(method="filter_township", label="所属乡镇(编号)")
    year = YearFilter(field_name="round__year", label="年度")
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label="状态")
    leader = django_filters.CharFilter(field_name="leader_name", lookup_expr="contains", label="分包县级领导")
    search = django_filters.CharFilter(field_name="org__name", lookup_expr="contains", label="整顿对象名称")
    stale = django_filters.BooleanFilter(method="filter_stale", label="近30天无台账(true 仅这些)")

    class Meta:
        model = RectCase
        fields = ["org", "township", "year", "status", "leader", "search", "stale"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)

    def filter_township(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value in (None, ""):
            return queryset
        town = Org.objects.filter(pk=int(value), level=OrgLevel.TOWNSHIP).first()
        return queryset.filter(**subtree("org_path", town.path)) if town else queryset.none()

    def filter_stale(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        stale = stale_q(clock.today())
        return queryset.filter(stale) if value else queryset.exclude(stale)


def stale_q(today: dt.date) -> Q:
    """Cases under way, listed more than 30 days ago, without a ledger line in the last 30 days."""
    since = today - dt.timedelta(days=STALE_DAYS)
    recent = RectEntry.objects.filter(case=OuterRef("pk"), occurred_on__gt=since)
    return Q(status=CaseStatus.RECTIFYING, listed_on__lte=since) & ~Q(Exists(recent))


def _annotated(rows: QuerySet[RectCase]) -> QuerySet[RectCase]:
    return rows.select_related("org", "round", "candidate").annotate(
        entry_count=Count("entries", distinct=True),
        visit_count=Count("visits", distinct=True),
        last_entry=Max("entries__occurred_on"),
    )


def case_list(user: Any, params: Mapping[str, Any]) -> tuple[CaseFilter, QuerySet[RectCase]]:
    filterset = CaseFilter(params or None, queryset=_annotated(scoped(RectCase, user)))
    return filterset, filterset.qs.order_by("-round__year", "status", "org_path", "id")


def case_detail(user: Any, pk: Any) -> RectCase:
    return get_scoped_or_404(_annotated(RectCase.objects.all()).select_related("round__org"), user, pk=pk)


def case_team(case: RectCase) -> list[RectTeamMember]:
    """The team, its 组长 first."""
    members = list(case.team.all())
    return sorted(members, key=lambda m: (m.role != "leader", m.pk))


def case_entries(case: RectCase) -> QuerySet[RectEntry]:
    return case.entries.order_by("-occurred_on", "-id")


def case_visits(case: RectCase) -> QuerySet[RectVisit]:
    return case.visits.order_by("-visited_on", "-id")


@dataclass
class ConditionRow:
    value: str
    label: str
    check: RectExitCheck | None

    @property
    def met(self) -> bool:
        return self.check is not None and self.check.met


def case_checks(case: RectCase) -> list[ConditionRow]:
    """The five conditions in order, each with its tick and evidence (if any)."""
    found = {c.condition: c for c in case.checks.all()}
    return [ConditionRow(value, str(label), found.get(value)) for value, label in ExitCondition.choices]


class EntryFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    case = IntegerFilter(field_name="case_id", label="整顿对象编号")
    since = django_filters.DateFilter(field_name="occurred_on", lookup_expr="gte", label="日期自")
    until = django_filters.DateFilter(field_name="occurred_on", lookup_expr="lte", label="日期至")

    class Meta:
        model = RectEntry
        fields = ["org", "case", "since", "until"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)


class VisitFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    case = IntegerFilter(field_name="case_id", label="整顿对象编号")
    since = django_filters.DateFilter(field_name="visited_on", lookup_expr="gte", label="日期自")
    until = django_filters.DateFilter(field_name="visited_on", lookup_expr="lte", label="日期至")

    class Meta:
        model = RectVisit
        fields = ["org", "case", "since", "until"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)


# --- figures ------------------------------------------------------------------------------------------------


@dataclass
class Conversion:
    """Listed, converted and in progress for a period and scope (one township's or the whole scope's)."""

    name: str = ""
    listed: int = 0
    converted: int = 0
    org_id: int | None = None

    @property
    def in_progress(self) -> int:
        return self.listed - self.converted

    @property
    def text(self) -> str:
        return rules.rect_conversion_text(self.converted, self.listed)


@dataclass
class Figures:
    start: dt.date
    end: dt.date
    total: Conversion
    towns: list[Conversion] = field(default_factory=list)

    @property
    def sentence(self) -> str:
        return rules.rect_conversion_sentence(self.total.listed, self.total.converted)


def period_cases(user: Any, start: dt.date, end: dt.date, org: Org | None = None) -> QuerySet[RectCase]:
    """The cases that count for [start, end]: listed on or before the end and not exited before the start (the
    query form of `rules.rect_period_status`)."""
    rows = scoped(RectCase, user).filter(listed_on__lte=end).filter(Q(exited_on__isnull=True) | Q(exited_on__gte=start))
    if org is not None:
        rows = rows.filter(**subtree("org_path", org.path))
    return rows


def figures(user: Any, start: dt.date, end: dt.date, org: Org | None = None) -> Figures:
    """Conversion figures of a period for the user's scope (or an org's subtree), in total and per township."""
    total = Conversion(name=org.name if org is not None else "合计")
    towns = {t.path: Conversion(name=t.name, org_id=t.pk) for t in townships(user)}
    for path, listed_on, exited_on in period_cases(user, start, end, org).values_list(
        "org_path", "listed_on", "exited_on"
    ):
        status = rules.rect_period_status(listed_on, exited_on, start, end)
        if not status:
            continue
        town = next((towns[p] for p in ancestor_paths(path) if p in towns), None)
        for bucket in (total, town):
            if bucket is None:
                continue
            bucket.listed += 1
            bucket.converted += status == rules.RECT_CONVERTED
    shown = [t for t in towns.values() if t.listed]
    return Figures(start=start, end=end, total=total, towns=shown)


def year_period(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# --- village overview ---------------------------------------------------------------------------------------


def panel(org: Org, user: Any, year: int) -> dict[str, Any] | None:
    """Whether the village was listed as 软弱涣散 in the year's identification, and its case (status, county leader,
    last ledger line); None when it was not proposed that year."""
    candidate = (
        scoped(RectCandidate, user)
        .filter(org=org, round__year=year)
        .select_related("round")
        .order_by("-round_id")
        .first()
    )
    case = _annotated(scoped(RectCase, user)).filter(org=org, round__year=year).order_by("-round_id").first()
    if candidate is None and case is None:
        return None
    rows: list[tuple[str, str]] = []
    if candidate is not None:
        rows.append((f"{year}年软弱涣散排查", f"{candidate.get_status_display()}({candidate.reason})"))
    if case is None:
        return {
            "title": "软弱涣散整顿",
            "rows": rows,
            "link": panel_link("villages:rectification_home", year=year, org=org.code),
            "link_label": "查看软弱涣散整顿",
        }
    status = case.get_status_display() + (f" {case.exited_on:%Y-%m-%d}" if case.exited_on else "")
    rows += [
        ("整顿状态", status),
        ("确定日期", f"{case.listed_on:%Y-%m-%d}"),
        ("分包县级领导", case.leader_name or "未确定"),
        ("最近台账", f"{case.last_entry:%Y-%m-%d}" if case.last_entry else "暂无台账记录"),
    ]
    return {
        "title": "软弱涣散整顿",
        "rows": rows,
        "link": reverse("villages:rectification_case", args=[case.pk]),
        "link_label": "查看整顿台账",
    }


# --- reminders ----------------------------------------------------------------------------------------------


def reminders(user: Any, today: dt.date) -> list[Reminder]:
    """Cases without a ledger line for 30 days (township and village); exits awaiting the county's acceptance."""
    home = reverse("villages:rectification_home")
    found = [
        Reminder(
            "软弱涣散整顿对象近30天无台账记录",
            scoped(RectCase, user).filter(stale_q(today)).count(),
            f"{home}?stale=true#cases",
        )
    ]
    if getattr(user, "role", None) == Role.COUNTY_ADMIN:
        waiting = scoped(RectCase, user).filter(status=CaseStatus.APPLIED).count()
        found.append(Reminder("软弱涣散整顿到位待验收", waiting, f"{home}?status={CaseStatus.APPLIED}#cases"))
    return found
