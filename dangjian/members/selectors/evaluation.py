"""Reads of 民主评议党员: campaigns with their counts per grade, entry sheets, follow-ups and their alerts.

Everything starts from `scoped()`: a branch sees its own campaigns, a township those of its branches, a member
their own entries only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import django_filters
from django import forms
from django.db.models import Count, Q, QuerySet

from dangjian.core import clock
from dangjian.core.filters import IntegerFilter, subtree_filter
from dangjian.core.scoping import get_scoped_or_404, scoped
from dangjian.members import rules
from dangjian.members.choices import CampaignStatus, FollowupMeasure, FollowupStatus, Grade
from dangjian.members.models import EvaluationCampaign, EvaluationEntry, EvaluationFollowup


class YearField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2099)
        super().__init__(**kwargs)


class YearFilter(django_filters.NumberFilter):
    """A calendar year, 1900–2099: date arithmetic on other values fails, and nothing here lies outside."""

    field_class = YearField


class CampaignFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    year = YearFilter(field_name="year", label="年度")
    status = django_filters.ChoiceFilter(choices=CampaignStatus.choices, label="状态")

    class Meta:
        model = EvaluationCampaign
        fields = ["org", "year", "status"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


class EntryFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    campaign = IntegerFilter(field_name="campaign_id", label="民主评议编号")
    year = YearFilter(field_name="campaign__year", label="年度")
    person = IntegerFilter(field_name="person_id", label="党员编号")
    grade = django_filters.ChoiceFilter(choices=Grade.choices, label="评定等次")
    search = django_filters.CharFilter(field_name="person__name", lookup_expr="contains", label="姓名")

    class Meta:
        model = EvaluationEntry
        fields = ["org", "campaign", "year", "person", "grade", "search"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


class FollowupFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    person = IntegerFilter(field_name="entry__person_id", label="党员编号")
    search = django_filters.CharFilter(field_name="entry__person__name", lookup_expr="contains", label="姓名")
    measure = django_filters.ChoiceFilter(choices=FollowupMeasure.choices, label="处置方式")
    status = django_filters.ChoiceFilter(choices=FollowupStatus.choices, label="状态")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="已逾期(true 仅逾期未办结)")

    class Meta:
        model = EvaluationFollowup
        fields = ["org", "person", "search", "measure", "status", "overdue"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        late = Q(status=FollowupStatus.OPEN, deadline__lt=clock.today())
        return queryset.filter(late) if value else queryset.exclude(late)


def with_counts(campaigns: QuerySet[EvaluationCampaign]) -> QuerySet[EvaluationCampaign]:
    """Each campaign with its members, 预备党员, and the members per grade (one grouped query)."""
    return campaigns.annotate(
        members=Count("entries"),
        probationary_count=Count("entries", filter=Q(entries__probationary=True)),
        excellent=Count("entries", filter=Q(entries__grade=Grade.EXCELLENT)),
        qualified=Count("entries", filter=Q(entries__grade=Grade.QUALIFIED)),
        basic=Count("entries", filter=Q(entries__grade=Grade.BASIC)),
        unqualified=Count("entries", filter=Q(entries__grade=Grade.UNQUALIFIED)),
        self_assessed=Count("entries", filter=~Q(entries__self_assessment="")),
    )


def campaign_list(user: Any, params: Mapping[str, Any]) -> tuple[CampaignFilter, QuerySet[EvaluationCampaign]]:
    campaigns = scoped(EvaluationCampaign, user).select_related("org")
    filterset = CampaignFilter(params or None, queryset=campaigns)
    return filterset, with_counts(filterset.qs).order_by("-year", "org_path", "id")


def campaign_detail(user: Any, pk: Any) -> EvaluationCampaign:
    return get_scoped_or_404(with_counts(EvaluationCampaign.objects.select_related("org")), user, pk=pk)


def campaign_entries(user: Any, campaign: EvaluationCampaign) -> QuerySet[EvaluationEntry]:
    """The campaign's sheet: every member in it, formal members first, with any follow-up."""
    return (
        scoped(EvaluationEntry, user)
        .filter(campaign=campaign)
        .select_related("person", "followup")
        .order_by("probationary", "person__name", "id")
    )


def entry_list(user: Any, params: Mapping[str, Any]) -> tuple[EntryFilter, QuerySet[EvaluationEntry]]:
    entries = scoped(EvaluationEntry, user).select_related("person", "campaign__org")
    filterset = EntryFilter(params or None, queryset=entries)
    return filterset, filterset.qs.order_by("-campaign__year", "org_path", "person__name", "id")


def entry_detail(user: Any, pk: Any) -> EvaluationEntry:
    return get_scoped_or_404(EvaluationEntry.objects.select_related("person", "campaign__org"), user, pk=pk)


def my_entries(user: Any) -> QuerySet[EvaluationEntry]:
    """A member's own evaluations, newest first (members see nothing else of the campaigns)."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return EvaluationEntry.objects.none()
    return (
        scoped(EvaluationEntry, user)
        .filter(person_id=person_id)
        .select_related("campaign__org")
        .order_by("-campaign__year")
    )


def followup_list(user: Any, params: Mapping[str, Any]) -> tuple[FollowupFilter, QuerySet[EvaluationFollowup]]:
    followups = scoped(EvaluationFollowup, user).select_related("entry__person", "entry__campaign__org")
    filterset = FollowupFilter(params or None, queryset=followups)
    return filterset, filterset.qs.order_by("status", "deadline", "id")


def followup_detail(user: Any, pk: Any) -> EvaluationFollowup:
    queryset = EvaluationFollowup.objects.select_related("entry__person", "entry__campaign__org")
    return get_scoped_or_404(queryset, user, pk=pk)


@dataclass(frozen=True)
class Alert:
    """A soft rule not met: shown on the branch's and the township's pages, never blocking."""

    text: str
    url_name: str
    pk: int


def evaluation_alerts(user: Any, *, today: dt.date | None = None, limit: int = 20) -> list[Alert]:
    """Follow-ups past their deadline, and members graded 不合格 still without a measure."""
    today = today or clock.today()
    alerts: list[Alert] = []
    late = (
        scoped(EvaluationFollowup, user)
        .filter(status=FollowupStatus.OPEN, deadline__lt=today)
        .select_related("entry__person", "entry__campaign__org")
        .order_by("deadline", "id")[:limit]
    )
    for followup in late:
        days = (today - followup.deadline).days
        alerts.append(
            Alert(
                f"{followup.entry.campaign.org.name} {followup.entry.person.name}:"
                f"{followup.get_measure_display()}期限{followup.deadline:%Y-%m-%d}已过{days}天,尚未办结",
                "members:evaluation_followup",
                followup.pk,
            )
        )
    pending = (
        scoped(EvaluationEntry, user)
        .filter(grade=Grade.UNQUALIFIED, followup__isnull=True)
        .select_related("person", "campaign__org")
        .order_by("campaign__decided_on", "id")[:limit]
    )
    for entry in pending:
        alerts.append(
            Alert(
                f"{entry.campaign.org.name} {entry.person.name}:{entry.campaign.year}年度评定为不合格,尚未作出组织处置",
                "members:evaluation_detail",
                entry.campaign_id,
            )
        )
    return alerts


def followup_is_overdue(followup: EvaluationFollowup, today: dt.date | None = None) -> bool:
    return rules.followup_overdue(
        followup.deadline, closed=followup.status != FollowupStatus.OPEN, today=today or clock.today()
    )
