"""Reads of 党内关爱: hardship records, visits, who is still to be visited this year, and the help given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, Max, OuterRef, Q, QuerySet, Sum

from dangjian.core import clock
from dangjian.core.choices import COUNTED_STANDINGS, MemberCategory, OrgLevel
from dangjian.core.filters import IntegerFilter, subtree_filter
from dangjian.core.models import Org, Person
from dangjian.core.scoping import get_scoped_or_404, scoped
from dangjian.members import rules
from dangjian.members.choices import HardshipKind, VisitKind
from dangjian.members.models import CareVisit, Hardship
from dangjian.members.selectors.evaluation import YearFilter

DUE_REASONS = [("hardship", "困难党员"), ("elderly", "80岁以上"), ("veteran", "老党员")]


def _active_on(day: dt.date) -> Q:
    return Q(since__lte=day) & (Q(until__isnull=True) | Q(until__gte=day))


class VisitFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    person = IntegerFilter(field_name="person_id", label="党员编号")
    search = django_filters.CharFilter(field_name="person__name", lookup_expr="contains", label="姓名")
    kind = django_filters.ChoiceFilter(choices=VisitKind.choices, label="走访类型")
    year = YearFilter(field_name="visited_on__year", label="年度")
    since = django_filters.DateFilter(field_name="visited_on", lookup_expr="gte", label="起始日期")
    until = django_filters.DateFilter(field_name="visited_on", lookup_expr="lte", label="截止日期")

    class Meta:
        model = CareVisit
        fields = ["org", "person", "search", "kind", "year", "since", "until"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


class HardshipFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    person = IntegerFilter(field_name="person_id", label="党员编号")
    search = django_filters.CharFilter(field_name="person__name", lookup_expr="contains", label="姓名")
    kind = django_filters.ChoiceFilter(choices=HardshipKind.choices, label="困难类型")
    current = django_filters.BooleanFilter(method="filter_current", label="目前仍困难(true 仅未解除, false 仅已解除)")

    class Meta:
        model = Hardship
        fields = ["org", "person", "search", "kind", "current"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset

    def filter_current(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        active = _active_on(clock.today())
        return queryset.filter(active) if value else queryset.exclude(active)


class DueFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    search = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="姓名")
    reason = django_filters.ChoiceFilter(choices=DUE_REASONS, method="filter_reason", label="关爱对象")

    class Meta:
        model = Person
        fields = ["org", "search", "reason"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset

    def filter_reason(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        column = {"hardship": "is_hardship", "elderly": "is_elderly", "veteran": "is_veteran"}.get(value)
        return queryset.filter(**{column: True}) if column else queryset


def visit_list(user: Any, params: Mapping[str, Any]) -> tuple[VisitFilter, QuerySet[CareVisit]]:
    visits = scoped(CareVisit, user).select_related("person__org")
    filterset = VisitFilter(params or None, queryset=visits)
    return filterset, filterset.qs.order_by("-visited_on", "-id")


def visit_detail(user: Any, pk: Any) -> CareVisit:
    return get_scoped_or_404(CareVisit.objects.select_related("person__org"), user, pk=pk)


def hardship_list(user: Any, params: Mapping[str, Any]) -> tuple[HardshipFilter, QuerySet[Hardship]]:
    hardships = scoped(Hardship, user).select_related("person__org")
    filterset = HardshipFilter(params or None, queryset=hardships)
    return filterset, filterset.qs.order_by("org_path", "person__name", "-since", "id")


def hardship_detail(user: Any, pk: Any) -> Hardship:
    return get_scoped_or_404(Hardship.objects.select_related("person__org"), user, pk=pk)


def person_care(user: Any, person: Person) -> tuple[list[Hardship], list[CareVisit]]:
    """One member's hardship records and visits (for their page)."""
    hardships = list(scoped(Hardship, user).filter(person=person).order_by("-since", "-id"))
    visits = list(scoped(CareVisit, user).filter(person=person).order_by("-visited_on", "-id"))
    return hardships, visits


def not_visited(user: Any, params: Mapping[str, Any], *, today: dt.date | None = None) -> tuple[DueFilter, QuerySet]:
    """Members to be cared for — 困难党员 today, 80 or older, or 老党员 — with no visit this calendar year."""
    today = today or clock.today()
    visited = CareVisit.objects.filter(person=OuterRef("pk"), visited_on__year=today.year)
    hardship = Hardship.objects.filter(_active_on(today), person=OuterRef("pk"))
    people = (
        scoped(Person, user)
        .filter(standing__in=COUNTED_STANDINGS)
        .annotate(
            is_hardship=Exists(hardship),
            is_elderly=ExpressionWrapper(Q(birth_date__lte=rules.elderly_born_by(today)), output_field=BooleanField()),
            is_veteran=ExpressionWrapper(Q(category=MemberCategory.VETERAN), output_field=BooleanField()),
            visited=Exists(visited),
        )
        .filter(Q(is_hardship=True) | Q(is_elderly=True) | Q(is_veteran=True), visited=False)
        .select_related("org")
    )
    filterset = DueFilter(params or None, queryset=people)
    return filterset, filterset.qs.order_by("org_path", "birth_date", "id")


def last_visits(user: Any, people: list[Person]) -> dict[int, dt.date]:
    """The last visit of each listed person (one grouped query for a page)."""
    rows = (
        scoped(CareVisit, user)
        .filter(person__in=people)
        .values("person_id")
        .annotate(last=Max("visited_on"))
        .values_list("person_id", "last")
    )
    return dict(rows)


@dataclass
class Totals:
    """Help given in a year by one org (and everything under it)."""

    org: Org
    visits: int = 0
    people: int = 0
    amount: Decimal = field(default_factory=lambda: Decimal("0.00"))


def help_totals(user: Any, year: int) -> tuple[list[Totals], list[Totals]]:
    """The year's visits, people visited and money given: per township and per branch within the scope."""
    rows = list(
        scoped(CareVisit, user)
        .filter(visited_on__year=year)
        .values("org_path")
        .annotate(visits=Count("id"), people=Count("person", distinct=True), amount=Sum("amount"))
        .order_by("org_path")
    )
    if not rows:
        return [], []
    orgs = {org.path: org for org in Org.objects.filter(path__in=[row["org_path"] for row in rows])}
    branches = [
        Totals(orgs[row["org_path"]], row["visits"], row["people"], row["amount"] or Decimal("0.00"))
        for row in rows
        if row["org_path"] in orgs
    ]
    townships = []
    for township in scoped(Org, user).filter(level=OrgLevel.TOWNSHIP).order_by("path"):
        total = Totals(township)
        for branch in branches:
            if branch.org.path.startswith(township.path):
                total.visits += branch.visits
                total.people += branch.people
                total.amount += branch.amount
        if total.visits:
            townships.append(total)
    return townships, branches


def overview_figures(user: Any, *, today: dt.date | None = None) -> dict[str, Any]:
    """The overview's head figures: 困难党员 today, visits and money this year, still to visit."""
    today = today or clock.today()
    visits = scoped(CareVisit, user).filter(visited_on__year=today.year)
    totals = visits.aggregate(count=Count("id"), amount=Sum("amount"), people=Count("person", distinct=True))
    hardship_people = (
        scoped(Hardship, user)
        .filter(_active_on(today), person__standing__in=COUNTED_STANDINGS)
        .values("person")
        .distinct()
        .count()
    )
    return {
        "year": today.year,
        "hardship_people": hardship_people,
        "visits": totals["count"] or 0,
        "visited_people": totals["people"] or 0,
        "amount": totals["amount"] or Decimal("0.00"),
    }
