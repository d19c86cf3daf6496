"""Reads of 民情夜市 and mediation: the sessions, issues, mediators and disputes a user may see (filtered), the
villages behind the weekly rule for a period ("本月应开4次,已开3次"), the figures for any scope and period in SQL
(seed 002 西城: "解决群众生产生活难题240余件,有效调解化解矛盾纠纷530余件,民主决策重大事项160余件"), the workbench
reminders, and the public block of a place (no raiser, no party, nothing of a single issue or dispute)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import django_filters
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncWeek
from django.urls import reverse

from dangjian.core.choices import OrgDomain
from dangjian.core.filters import subtree_filter
from dangjian.core.models import Org
from dangjian.core.reminders import Reminder
from dangjian.core.scoping import get_scoped_or_404, scoped, subtree
from dangjian.members.selectors.evaluation import YearFilter
from dangjian.orglife.rules import ratio_text
from dangjian.service import rules
from dangjian.service.choices import (
    DisputeKind,
    DisputeStatus,
    IssueCategory,
    IssueChannel,
    IssueFeedback,
    IssueStatus,
    MediationLevel,
)
from dangjian.service.models import Dispute, MediationSession, Mediator, MinqingIssue, NightMarket
from dangjian.service.selectors import decisions
from dangjian.service.selectors.common import scoped_places


def _org_filter(queryset: QuerySet, name: str, value: str) -> QuerySet:
    return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


class SessionFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="组织代码(含全部下级)")
    start = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label="起始日期")
    end = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label="截止日期")
    search = django_filters.CharFilter(method="filter_search", label="地点、主持人或议题")

    class Meta:
        model = NightMarket
        fields = ["org", "start", "end", "search"]

    filter_org = staticmethod(_org_filter)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(place__contains=value) | Q(hosts__contains=value) | Q(topics__contains=value))


class IssueFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="组织代码(含全部下级)")
    status = django_filters.ChoiceFilter(choices=IssueStatus.choices, label="状态")
    category = django_filters.ChoiceFilter(choices=IssueCategory.choices, label="问题类别")
    channel = django_filters.ChoiceFilter(choices=IssueChannel.choices, label="反映渠道")
    year = YearFilter(field_name="raised_on__year", label="反映年度")
    session = django_filters.NumberFilter(field_name="session_id", label="民情夜市编号")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="超过办理时限")
    search = django_filters.CharFilter(method="filter_search", label="诉求内容、反映人或承办人")

    class Meta:
        model = MinqingIssue
        fields = ["org", "status", "category", "channel", "year", "session", "overdue", "search"]

    filter_org = staticmethod(_org_filter)

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        from dangjian.core import clock

        late = Q(status=IssueStatus.HANDLING, due_on__lt=clock.today())
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(content__contains=value) | Q(raiser_name__contains=value) | Q(assignee_name__contains=value)
        )


class DisputeFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="组织代码(含全部下级)")
    status = django_filters.ChoiceFilter(choices=DisputeStatus.choices, label="状态")
    kind = django_filters.ChoiceFilter(choices=DisputeKind.choices, label="纠纷类型")
    level = django_filters.ChoiceFilter(choices=MediationLevel.choices, label="当前调解层级")
    year = YearFilter(field_name="received_on__year", label="受理年度")
    search = django_filters.CharFilter(method="filter_search", label="当事人或纠纷情况")

    class Meta:
        model = Dispute
        fields = ["org", "status", "kind", "level", "year", "search"]

    filter_org = staticmethod(_org_filter)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(parties__contains=value) | Q(summary__contains=value)) if value else queryset


class MediatorFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="组织代码(含全部下级)")
    level = django_filters.ChoiceFilter(choices=MediationLevel.choices, label="调解层级")
    active = django_filters.BooleanFilter(field_name="active", label="在任")
    search = django_filters.CharFilter(method="filter_search", label="姓名、职务或村民小组")

    class Meta:
        model = Mediator
        fields = ["org", "level", "active", "search"]

    filter_org = staticmethod(_org_filter)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__contains=value) | Q(post__contains=value) | Q(group_name__contains=value))


class MediationRecordFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="组织代码(含全部下级)")
    dispute = django_filters.NumberFilter(field_name="dispute_id", label="纠纷编号")

    class Meta:
        model = MediationSession
        fields = ["org", "dispute"]

    filter_org = staticmethod(_org_filter)


# --- lists --------------------------------------------------------------------------------------------------


def session_list(user: Any, params: Mapping[str, Any]) -> tuple[SessionFilter, QuerySet[NightMarket]]:
    sessions = scoped(NightMarket, user).select_related("org").annotate(issue_count=Count("issues"))
    filterset = SessionFilter(params or None, queryset=sessions)
    return filterset, filterset.qs.order_by("-held_on", "org_path", "-id")


def session_detail(user: Any, pk: Any) -> NightMarket:
    return get_scoped_or_404(NightMarket.objects.select_related("org"), user, pk=pk)


def issue_list(user: Any, params: Mapping[str, Any]) -> tuple[IssueFilter, QuerySet[MinqingIssue]]:
    issues = scoped(MinqingIssue, user).select_related("org", "session")
    filterset = IssueFilter(params or None, queryset=issues)
    return filterset, filterset.qs.order_by("-raised_on", "-id")


def issue_detail(user: Any, pk: Any) -> MinqingIssue:
    return get_scoped_or_404(MinqingIssue.objects.select_related("org", "session", "assignee_person"), user, pk=pk)


def dispute_list(user: Any, params: Mapping[str, Any]) -> tuple[DisputeFilter, QuerySet[Dispute]]:
    disputes = scoped(Dispute, user).select_related("org")
    filterset = DisputeFilter(params or None, queryset=disputes)
    return filterset, filterset.qs.order_by("-received_on", "-id")


def dispute_detail(user: Any, pk: Any) -> Dispute:
    return get_scoped_or_404(Dispute.objects.select_related("org"), user, pk=pk)


def dispute_sessions(dispute: Dispute) -> list[MediationSession]:
    return list(MediationSession.objects.filter(dispute=dispute).order_by("held_on", "id"))


def mediator_list(user: Any, params: Mapping[str, Any]) -> tuple[MediatorFilter, QuerySet[Mediator]]:
    mediators = scoped(Mediator, user).select_related("org")
    filterset = MediatorFilter(params or None, queryset=mediators)
    return filterset, filterset.qs.order_by("org_path", "level", "name", "id")


def mediator_choices(user: Any, org: Org, level: str) -> list[Mediator]:
    """The active mediators who may take a dispute of `org` at `level` (the township's for town level)."""
    from dangjian.service.services.minqing import township_of

    home = township_of(org) if level == MediationLevel.TOWN else org
    if home is None or level == MediationLevel.COUNTY:
        return []
    return list(Mediator.objects.filter(org=home, level=level, active=True).order_by("group_name", "name"))


def mediator_counts(user: Any, org: Org | None) -> dict[str, int]:
    """Active mediators by level in a scope."""
    mediators = scoped(Mediator, user).filter(active=True)
    if org is not None:
        mediators = mediators.filter(**subtree("org_path", org.path))
    return dict(mediators.values_list("level").annotate(n=Count("id")).order_by())


# --- the weekly rule ----------------------------------------------------------------------------------------


@dataclass
class VillageWeekly:
    org: Org
    tally: rules.WeeklyTally


def weekly_rows(user: Any, org: Org | None, start: dt.date, end: dt.date, today: dt.date) -> list[VillageWeekly]:
    """Every village (行政村) in scope with how it kept the weekly rule over start..end, those behind first. Counted
    in one aggregate query: the distinct weeks with a session, all and among the weeks already over."""
    places = scoped_places(user).filter(domain=OrgDomain.RURAL)
    if org is not None:
        places = places.filter(**subtree("path", org.path))
    weeks = rules.due_weeks(start, end)
    places = list(places.only("id", "name", "code", "path"))
    if not weeks:
        return [VillageWeekly(p, rules.WeeklyTally(0, 0, 0, 0)) for p in places]
    over = [monday for monday in weeks if rules.week_over(monday, today)]
    last_over = over[-1] + dt.timedelta(days=6) if over else weeks[0] - dt.timedelta(days=1)
    sessions = _within(NightMarket, user, org).filter(
        held_on__gte=weeks[0], held_on__lte=min(weeks[-1] + dt.timedelta(days=6), today)
    )
    counts = {
        row["org_id"]: row
        for row in sessions.values("org_id")
        .annotate(
            held=Count(TruncWeek("held_on"), distinct=True),
            held_over=Count(TruncWeek("held_on"), distinct=True, filter=Q(held_on__lte=last_over)),
        )
        .order_by()
    }
    rows = []
    for place in places:
        row = counts.get(place.pk, {})
        held, held_over = row.get("held", 0), row.get("held_over", 0)
        missed = len(over) - held_over
        rows.append(VillageWeekly(place, rules.WeeklyTally(len(weeks), held, missed, len(weeks) - held - missed)))
    rows.sort(key=lambda r: (-r.tally.missed, r.org.path))
    return rows


# --- figures ------------------------------------------------------------------------------------------------


@dataclass
class MinqingFigures:
    """What 民情夜市 and mediation achieved in a scope over start..end (both days included)."""

    org: Org | None
    start: dt.date
    end: dt.date
    sessions: int = 0
    attendance: int = 0
    villages_holding: int = 0
    issues_raised: int = 0
    issues_resolved: int = 0
    issues_unresolvable: int = 0
    issues_open: int = 0
    feedback_total: int = 0
    feedback_satisfied: int = 0
    feedback_fairly: int = 0
    disputes_received: int = 0
    disputes_settled: int = 0
    disputes_referred: int = 0
    disputes_open: int = 0
    decided: int | None = None
    by_category: list[tuple[str, int]] = field(default_factory=list)

    @property
    def success_rate(self) -> str:
        return rules.success_rate(self.disputes_settled, self.disputes_settled + self.disputes_referred)

    @property
    def satisfaction(self) -> str:
        """满意 and 基本满意 among the issues rated."""
        return ratio_text(self.feedback_satisfied + self.feedback_fairly, self.feedback_total)

    @property
    def sentence(self) -> str:
        return rules.minqing_sentence(self.issues_resolved, self.disputes_settled, self.decided)


def _decided(org: Org | None, start: dt.date, end: dt.date) -> int | None:
    """民主决策重大事项: the decisions resolved in the period under the org (None without an org)."""
    return decisions.resolved_count(org, start, end) if org is not None else None


def _within(model: Any, user: Any, org: Org | None) -> QuerySet:
    rows = scoped(model, user) if user is not None else model.objects.all()
    return rows.filter(**subtree("org_path", org.path)) if org is not None else rows


def minqing_figures(user: Any, *, org: Org | None, start: dt.date, end: dt.date) -> MinqingFigures:
    """The figures of the scope (the user's, under `org` when given; `user=None`: everything under `org`)."""
    from dangjian.core import clock

    figures = MinqingFigures(org=org, start=start, end=end)
    held_until = min(end, clock.today())
    sessions = _within(NightMarket, user, org).filter(held_on__gte=start, held_on__lte=held_until)
    row = sessions.aggregate(n=Count("id"), people=Sum("attendance"), villages=Count("org", distinct=True))
    figures.sessions, figures.attendance, figures.villages_holding = row["n"], row["people"] or 0, row["villages"]
    issues = _within(MinqingIssue, user, org)
    done = Q(status__in=rules.ISSUE_DONE, resolved_on__gte=start, resolved_on__lte=end)
    row = issues.aggregate(
        raised=Count("id", filter=Q(raised_on__gte=start, raised_on__lte=end)),
        resolved=Count("id", filter=done),
        unresolvable=Count(
            "id", filter=Q(status=IssueStatus.UNRESOLVABLE, explained_on__gte=start, explained_on__lte=end)
        ),
        open=Count("id", filter=Q(status__in=[IssueStatus.PENDING, IssueStatus.HANDLING], raised_on__lte=end)),
        rated=Count("id", filter=done & Q(status=IssueStatus.CLOSED)),
        satisfied=Count("id", filter=done & Q(feedback=IssueFeedback.SATISFIED)),
        fairly=Count("id", filter=done & Q(feedback=IssueFeedback.FAIRLY)),
    )
    figures.issues_raised, figures.issues_resolved = row["raised"], row["resolved"]
    figures.issues_unresolvable, figures.issues_open = row["unresolvable"], row["open"]
    figures.feedback_total, figures.feedback_satisfied, figures.feedback_fairly = (
        row["rated"],
        row["satisfied"],
        row["fairly"],
    )
    categories = dict(issues.filter(done).values_list("category").annotate(n=Count("id")).order_by())
    figures.by_category = [(str(label), categories.get(value, 0)) for value, label in IssueCategory.choices]
    closed = Q(closed_on__gte=start, closed_on__lte=end)
    row = _within(Dispute, user, org).aggregate(
        received=Count("id", filter=Q(received_on__gte=start, received_on__lte=end)),
        settled=Count("id", filter=closed & Q(status=DisputeStatus.SETTLED)),
        referred=Count("id", filter=closed & Q(status=DisputeStatus.REFERRED)),
        open=Count("id", filter=Q(status=DisputeStatus.MEDIATING, received_on__lte=end)),
    )
    figures.disputes_received, figures.disputes_settled = row["received"], row["settled"]
    figures.disputes_referred, figures.disputes_open = row["referred"], row["open"]
    figures.decided = _decided(org, start, end)
    return figures


# --- reminders ----------------------------------------------------------------------------------------------


def reminders(user: Any, today: dt.date) -> list[Reminder]:
    issues = scoped(MinqingIssue, user).filter(status=IssueStatus.HANDLING, due_on__lt=today)
    return [
        Reminder("民情诉求:超过办理时限", issues.count(), reverse("service:minqing_issue_list") + "?overdue=true"),
    ]


# --- the public block ---------------------------------------------------------------------------------------


def public_block(org: Org, today: dt.date) -> dict[str, Any] | None:
    """A place's 民情夜市 on its public page: the next one (or today's) and the last one held — date, time, place,
    hosts — and this year's issues resolved and disputes settled. Nothing of a single issue or dispute, no resident."""
    own = NightMarket.objects.filter(org=org)
    next_id = own.filter(held_on__gte=today).order_by("held_on").values("pk")[:1]
    last_id = own.filter(held_on__lt=today).order_by("-held_on").values("pk")[:1]
    fields = ("pk", "held_on", "starts_at", "place", "hosts", "town_cadre", "attendance")
    sessions = {row["pk"]: row for row in own.filter(Q(pk=Subquery(next_id)) | Q(pk=Subquery(last_id))).values(*fields)}
    year_start = today.replace(month=1, day=1)
    resolved = (
        MinqingIssue.objects.filter(
            org=OuterRef("pk"), status__in=rules.ISSUE_DONE, resolved_on__gte=year_start, resolved_on__lte=today
        )
        .values("org")
        .annotate(n=Count("id"))
        .values("n")
    )
    settled = (
        Dispute.objects.filter(
            org=OuterRef("pk"), status=DisputeStatus.SETTLED, closed_on__gte=year_start, closed_on__lte=today
        )
        .values("org")
        .annotate(n=Count("id"))
        .values("n")
    )
    counts = (
        Org.objects.filter(pk=org.pk)
        .annotate(
            resolved=Coalesce(Subquery(resolved, output_field=IntegerField()), Value(0)),
            settled=Coalesce(Subquery(settled, output_field=IntegerField()), Value(0)),
        )
        .values("resolved", "settled")
        .first()
    ) or {"resolved": 0, "settled": 0}
    if not sessions and not counts["resolved"] and not counts["settled"]:
        return None
    rows = sorted(sessions.values(), key=lambda r: r["held_on"])
    last = next((r for r in rows if r["held_on"] < today), None)
    upcoming = next((r for r in rows if r["held_on"] >= today), None)
    return {
        "next": upcoming,
        "last": last,
        "year": today.year,
        "resolved": counts["resolved"],
        "settled": counts["settled"],
    }
