"""Reads of 四议两公开: matters (scoped, filtered), a matter's steps, the figures for any scope and period (seed 002
西城: "民主决策…重大事项160余件"), the contracts other areas read (`resolved_count`, `resolved_decisions`), and what the
public pages show — only disclosures within their period, with the resolution's counts, never notes or names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import django_filters
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from dangjian.core.choices import OrgLevel
from dangjian.core.filters import subtree_filter
from dangjian.core.models import Org
from dangjian.core.reminders import Reminder
from dangjian.core.scoping import get_scoped_or_404, scoped, subtree
from dangjian.orglife.rules import ratio_text
from dangjian.service import rules
from dangjian.service.choices import DecisionCategory, DecisionStatus
from dangjian.service.models import Decision, DecisionStep, DisclosurePolicy

UNDER_WAY = (DecisionStatus.STEP1, DecisionStatus.STEP2, DecisionStatus.STEP3, DecisionStatus.STEP4)


# --- contracts ----------------------------------------------------------------------------------------------


def resolved_count(org: Org, start: dt.date, end: dt.date) -> int:
    """Contract (民情 figures' "民主决策重大事项N件"): matters in the org's subtree whose 村民代表会议 passed on a date
    within [start, end]."""
    rows = Decision.objects.filter(county_id=org.county_id or org.pk, **subtree("org_path", org.path))
    return rows.filter(resolved_on__gte=start, resolved_on__lte=end).count()


def resolved_decisions(org: Org) -> QuerySet[Decision]:
    """Contract (finance: an expenditure above the limit cites one of these): the place's own matters whose
    村民代表会议 passed, latest first."""
    return Decision.objects.filter(org=org, resolved_on__isnull=False).order_by("-resolved_on", "-id")


def policy_of(county_id: int | None) -> DisclosurePolicy:
    """The county's disclosure setting (defaults when it has saved none)."""
    from dangjian.service.services.decisions import policy_for

    return policy_for(county_id)


# --- lists --------------------------------------------------------------------------------------------------


class DecisionFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    township = django_filters.NumberFilter(method="filter_township", label="所属乡镇(街道)")
    status = django_filters.ChoiceFilter(choices=DecisionStatus.choices, label="状态")
    category = django_filters.ChoiceFilter(choices=DecisionCategory.choices, label="事项类别")
    start = django_filters.DateFilter(field_name="started_on", lookup_expr="gte", label="提议日期自")
    end = django_filters.DateFilter(field_name="started_on", lookup_expr="lte", label="提议日期至")
    search = django_filters.CharFilter(method="filter_search", label="事项名称")

    class Meta:
        model = Decision
        fields = ["org", "township", "status", "category", "start", "end", "search"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset

    def filter_township(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value in (None, ""):
            return queryset
        town = Org.objects.filter(pk=int(value), level=OrgLevel.TOWNSHIP).only("path").first()
        return queryset.filter(**subtree("org_path", town.path)) if town else queryset.none()

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(title__contains=value) | Q(org__name__contains=value)) if value else queryset


def townships(user: Any) -> QuerySet[Org]:
    """The townships the user sees (the list's township filter)."""
    return scoped(Org, user).filter(level=OrgLevel.TOWNSHIP, is_dissolved=False).order_by("path")


def decision_list(user: Any, params: Mapping[str, Any]) -> tuple[DecisionFilter, QuerySet[Decision]]:
    decisions = scoped(Decision, user).select_related("org")
    filterset = DecisionFilter(params or None, queryset=decisions)
    return filterset, filterset.qs.order_by("-started_on", "-id")


def decision_detail(user: Any, pk: Any) -> Decision:
    return get_scoped_or_404(Decision.objects.select_related("org", "created_by"), user, pk=pk)


def steps_of(decision: Decision) -> list[DecisionStep]:
    """Every attempt, in step order (a re-held meeting after the failed one)."""
    return list(decision.steps.select_related("recorded_by").order_by("step", "attempt"))


@dataclass
class StepView:
    """A step of the stepper: its number and name, its attempts, and whether it is done, next or still ahead."""

    number: int
    name: str
    attempts: list[DecisionStep] = field(default_factory=list)
    state: str = "ahead"  # done | current | failed | ahead


def stepper(decision: Decision, attempts: list[DecisionStep]) -> list[StepView]:
    views = [StepView(n, name) for n, name in rules.DECISION_STEP_NAMES.items()]
    for row in attempts:
        views[row.step - 1].attempts.append(row)
    for view in views:
        if any(a.passed for a in view.attempts):
            view.state = "done"
        elif view.number == decision.current_step and decision.status != DecisionStatus.COMPLETED:
            view.state = "failed" if decision.status == DecisionStatus.FAILED else "current"
    return views


def expected_formal(org: Org, on: dt.date) -> int:
    """Step 3's 应到 pre-filled: the place's formal members with the right to vote on the day (RECRUIT-09/10)."""
    from dangjian.members.selectors.recruitment import voting_entitled

    return voting_entitled(org, on)


# --- figures ------------------------------------------------------------------------------------------------


@dataclass
class DecisionFigures:
    org: Org
    start: dt.date
    end: dt.date
    started: int
    resolved: int
    disclosed: int
    completed: int
    failed: int
    under_way: int
    on_time: int
    on_time_days: int
    categories: list[dict[str, Any]]

    @property
    def on_time_text(self) -> str:
        return ratio_text(self.on_time, self.disclosed)

    @property
    def sentence(self) -> str:
        return (
            f"{self.start:%Y年%m月%d日}至{self.end:%Y年%m月%d日},启动四议两公开事项{self.started}件,"
            f"村民代表会议决议{self.resolved}件,决议公开{self.disclosed}件,实施结果公开{self.completed}件,"
            f"未通过{self.failed}件"
        )


def _in(field_name: str, start: dt.date, end: dt.date) -> Q:
    return Q(**{f"{field_name}__gte": start, f"{field_name}__lte": end})


def figures(user: Any, *, org: Org, start: dt.date, end: dt.date) -> DecisionFigures:
    """Counts for the org's subtree (within the user's scope) in [start, end], each by the date its event happened:
    started (first 提议), resolved, disclosed, completed, failed; on-time disclosure within the county's N days;
    by category. One aggregate query overall and one grouped by category."""
    rows = scoped(Decision, user).filter(**subtree("org_path", org.path))
    on_time_days = policy_of(org.county_id or org.pk).on_time_days
    measures = {
        "started": Count("id", filter=_in("started_on", start, end)),
        "resolved": Count("id", filter=_in("resolved_on", start, end)),
        "disclosed": Count("id", filter=_in("disclosed_on", start, end)),
        "completed": Count("id", filter=_in("completed_on", start, end)),
        "failed": Count("id", filter=_in("failed_on", start, end)),
    }
    totals = rows.aggregate(
        **measures,
        on_time=Count("id", filter=_in("disclosed_on", start, end) & Q(disclosure_lag__lte=on_time_days)),
        under_way=Count("id", filter=Q(status__in=UNDER_WAY)),
    )
    by_category = {row["category"]: row for row in rows.values("category").annotate(**measures)}
    categories = [
        {"label": label, **{k: by_category.get(value, {}).get(k, 0) for k in measures}}
        for value, label in DecisionCategory.choices
    ]
    return DecisionFigures(org=org, start=start, end=end, on_time_days=on_time_days, categories=categories, **totals)


# --- reminders ----------------------------------------------------------------------------------------------


def late_disclosures(user: Any, today: dt.date) -> QuerySet[Decision]:
    """Resolved matters not yet published past the county's on-time limit."""
    org = getattr(user, "org", None)
    days = policy_of(org.county_id or org.pk).on_time_days if org is not None else rules.DISCLOSURE_ON_TIME_DEFAULT
    return scoped(Decision, user).filter(status=DecisionStatus.RESOLVED, resolved_on__lt=today - dt.timedelta(days))


def reminders(user: Any, today: dt.date) -> list[Reminder]:
    url = reverse("service:decision_list") + "?status=resolved"
    return [Reminder("四议两公开:决议超期未公开", late_disclosures(user, today).count(), url)]


# --- public -------------------------------------------------------------------------------------------------


def shown_disclosures(today: dt.date) -> QuerySet[DecisionStep]:
    """Disclosures on the public pages today: from their date through their last day."""
    return DecisionStep.objects.filter(step__in=rules.DISCLOSURE_STEPS, held_on__lte=today, public_until__gte=today)


def _public_rows(disclosures: QuerySet[DecisionStep]) -> list[dict[str, Any]]:
    """What a public page may show of disclosures: the matter's title and category, the date, channel, content and
    last day, and for 决议公开 the resolution's counts. Nothing else is read."""
    rows = list(
        disclosures.select_related("decision")
        .only(
            "id",
            "step",
            "held_on",
            "channel",
            "content",
            "public_until",
            "decision_id",
            "decision__title",
            "decision__category",
        )
        .order_by("-held_on", "-id")[:50]
    )
    resolving = {
        row.decision_id: rules.vote_text(row.expected or 0, row.present or 0, row.votes_for or 0)
        for row in DecisionStep.objects.filter(
            decision_id__in={r.decision_id for r in rows if r.step == 5}, step=4, passed=True
        ).only("decision_id", "expected", "present", "votes_for")
    }
    return [
        {
            "decision_id": row.decision_id,
            "title": row.decision.title,
            "category": row.decision.get_category_display(),
            "step": row.step,
            "step_name": rules.DECISION_STEP_NAMES[row.step],
            "held_on": row.held_on,
            "channel": row.get_channel_display(),
            "content": row.content,
            "public_until": row.public_until,
            "votes": resolving.get(row.decision_id, "") if row.step == 5 else "",
        }
        for row in rows
    ]


def public_block(org: Org, today: dt.date) -> dict[str, Any] | None:
    """The place's disclosures within their period (决议公开 with the vote counts, 实施结果公开): two queries."""
    rows = _public_rows(shown_disclosures(today).filter(org=org))
    if not rows:
        return None
    return {
        "resolutions": [r for r in rows if r["step"] == 5],
        "results": [r for r in rows if r["step"] == 6],
    }


def public_decision(pk: int, today: dt.date) -> tuple[Decision, list[dict[str, Any]]]:
    """One matter's disclosures within their period for its public page (404 when none is, or it is not a place's)."""
    from dangjian.service.selectors.common import place_q

    decision = (
        Decision.objects.filter(pk=pk, org__in=Org.objects.filter(place_q()))
        .select_related("org")
        .only("id", "title", "category", "org_id", "org__name", "org__code", "org__short_name")
        .first()
    )
    if decision is None:
        raise Http404("没有该公开事项")
    rows = _public_rows(shown_disclosures(today).filter(decision=decision))
    if not rows:
        raise Http404("该事项不在公开期内")
    return decision, rows
