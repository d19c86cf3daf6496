"""Reads of 五亮: entries, the year's roster of members with each kind's status, the review queue, and the public
card (reachable without signing in, through a signed link naming the member)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import django_filters
from django import forms
from django.core import signing
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from dangjian.core.choices import HISTORICAL_STANDINGS, ON_ROLL_STANDINGS
from dangjian.core.filters import IntegerFilter, subtree_filter
from dangjian.core.models import Person
from dangjian.core.scoping import get_scoped_or_404, scoped
from dangjian.members.selectors.evaluation import YearFilter
from dangjian.orglife.choices import CommitmentKind, ReviewStatus
from dangjian.orglife.models import Commitment

CARD_SALT = "orglife.card"

ROSTER_STATUSES = [
    ("none", "未填写"),
    ("incomplete", "已填写但未填全五项"),
    ("draft", "有草稿未提交"),
    ("submitted", "有待审核"),
    ("returned", "有退回"),
    ("approved", "五项全部通过"),
    ("public", "已同意公开"),
]


class CommitmentFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    person = IntegerFilter(field_name="person_id", label="党员编号")
    search = django_filters.CharFilter(field_name="person__name", lookup_expr="contains", label="姓名")
    year = YearFilter(field_name="year", label="年度")
    kind = django_filters.ChoiceFilter(choices=CommitmentKind.choices, label="类别")
    status = django_filters.ChoiceFilter(choices=ReviewStatus.choices, label="状态")
    public = django_filters.BooleanFilter(
        field_name="public",
        label="同意公开展示",
        widget=forms.Select(
            choices=[("", "全部"), ("true", "是"), ("false", "否")], attrs={"class": "form-select form-select-sm"}
        ),
    )

    class Meta:
        model = Commitment
        fields = ["org", "person", "search", "year", "kind", "status", "public"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


class QueueFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    search = django_filters.CharFilter(field_name="person__name", lookup_expr="contains", label="姓名")
    year = YearFilter(field_name="year", label="年度")
    kind = django_filters.ChoiceFilter(choices=CommitmentKind.choices, label="类别")

    class Meta:
        model = Commitment
        fields = ["org", "search", "year", "kind"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


class RosterFilter(django_filters.FilterSet):
    """Members of the scope for one year (`year`, given to the filter set, not filtered by it)."""

    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    search = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="姓名")
    status = django_filters.ChoiceFilter(choices=ROSTER_STATUSES, method="filter_status", label="填写情况")

    class Meta:
        model = Person
        fields = ["org", "search", "status"]

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        self.year = year
        super().__init__(*args, **kwargs)

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        entries = Commitment.objects.filter(person=OuterRef("pk"), year=self.year)
        if value == "none":
            return queryset.filter(~Exists(entries))
        if value in ("draft", "submitted", "returned"):
            return queryset.filter(Exists(entries.filter(status=value)))
        if value == "public":
            return queryset.filter(Exists(entries.filter(public=True)))
        if value in ("incomplete", "approved"):
            counted = entries.filter(status=ReviewStatus.APPROVED) if value == "approved" else entries
            count = Subquery(
                counted.order_by().values("person").annotate(n=Count("id")).values("n"), output_field=IntegerField()
            )
            queryset = queryset.annotate(kinds=Coalesce(count, Value(0)))
            full = len(CommitmentKind.values)
            return queryset.filter(kinds=full) if value == "approved" else queryset.filter(kinds__gt=0, kinds__lt=full)
        return queryset


def commitment_list(user: Any, params: Mapping[str, Any]) -> tuple[CommitmentFilter, QuerySet[Commitment]]:
    entries = scoped(Commitment, user).select_related("person__org")
    filterset = CommitmentFilter(params or None, queryset=entries)
    return filterset, filterset.qs.order_by("-year", "org_path", "person_id", "kind", "id")


def commitment_detail(user: Any, pk: Any) -> Commitment:
    return get_scoped_or_404(Commitment.objects.select_related("person__org", "reviewed_by"), user, pk=pk)


def review_queue(user: Any, params: Mapping[str, Any]) -> tuple[QueueFilter, QuerySet[Commitment]]:
    """Entries waiting for review in scope, oldest first; a reviewer's own entries are someone else's to review."""
    entries = scoped(Commitment, user).filter(status=ReviewStatus.SUBMITTED).select_related("person__org")
    own = getattr(user, "person_id", None)
    if own is not None:
        entries = entries.exclude(person_id=own)
    filterset = QueueFilter(params or None, queryset=entries)
    return filterset, filterset.qs.order_by("submitted_at", "id")


def roster(user: Any, params: Mapping[str, Any], *, year: int) -> tuple[RosterFilter, QuerySet[Person]]:
    """Members on the roll in scope, for the year's table of statuses (the entries come per page: `entries_of`)."""
    people = scoped(Person, user).on_roll().select_related("org")  # type: ignore[attr-defined]
    filterset = RosterFilter(params or None, queryset=people, year=year)
    return filterset, filterset.qs.order_by("org_path", "id")


def entries_of(people: list[Person], year: int) -> dict[int, dict[str, Commitment]]:
    """The year's entries of the listed members by kind (one query for a page)."""
    found: dict[int, dict[str, Commitment]] = {}
    for commitment in Commitment.objects.filter(person__in=people, year=year):
        found.setdefault(commitment.person_id, {})[commitment.kind] = commitment
    return found


def roster_figures(user: Any, year: int) -> dict[str, int]:
    """How far the year has come in scope: members on the roll, members who wrote something, members whose five
    entries are all approved, and members who agreed to show them."""
    people = scoped(Person, user).on_roll()  # type: ignore[attr-defined]
    entries = scoped(Commitment, user).filter(year=year, person__standing__in=ON_ROLL_STANDINGS)
    per_person = entries.values("person").annotate(
        approved=Count("id", filter=Q(status=ReviewStatus.APPROVED)), public=Count("id", filter=Q(public=True))
    )
    rows = list(per_person.values_list("approved", "public"))
    full = len(CommitmentKind.values)
    return {
        "members": people.count(),
        "written": len(rows),
        "approved": sum(1 for approved, _ in rows if approved == full),
        "public": sum(1 for _, public in rows if public),
        "submitted": entries.filter(status=ReviewStatus.SUBMITTED).count(),
    }


def person_for_commitments(user: Any, pk: Any) -> Person:
    """A member within scope (a member account reaches only themself)."""
    return get_scoped_or_404(Person.objects.select_related("org"), user, pk=pk)


def person_entries(person: Person, year: int) -> dict[str, Commitment]:
    """A member's entries of a year by kind; call with a person already read through scope."""
    return {c.kind: c for c in Commitment.objects.filter(person=person, year=year).select_related("reviewed_by")}


def person_years(person: Person) -> list[int]:
    """The years the member has entries for, newest first."""
    return sorted(set(Commitment.objects.filter(person=person).values_list("year", flat=True)), reverse=True)


# --- the public card ------------------------------------------------------------------------------------------


def card_token(person: Person | int) -> str:
    """The signed value naming a member in the card's address (it cannot be guessed or altered)."""
    return signing.dumps(person if isinstance(person, int) else person.pk, salt=CARD_SALT)


def card_person_id(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=CARD_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


@dataclass
class Card:
    """What the public card shows: the member's name, the org's name and the year's approved entries — only
    when the member agreed. Nothing else about the person leaves through it."""

    name: str
    org_name: str
    year: int | None
    consented: bool
    entries: list[Commitment] = field(default_factory=list)
    years: list[int] = field(default_factory=list)


def public_card(person_id: int, year: int | None = None) -> Card | None:
    """The card of a member, or None when there is no such member. Without a year: the latest year the member
    agreed to show. Members on the historical roll show no card."""
    person = Person.objects.filter(pk=person_id).select_related("org").only("name", "standing", "org__name").first()
    if person is None:
        return None
    consented_years = sorted(
        set(Commitment.objects.filter(person_id=person_id, public=True).values_list("year", flat=True)), reverse=True
    )
    if person.standing in HISTORICAL_STANDINGS:
        consented_years = []
    if year is None:
        year = consented_years[0] if consented_years else None
    card = Card(name=person.name, org_name=person.org.name, year=year, consented=year in consented_years)
    card.years = consented_years
    if card.consented and year is not None:
        order = {kind: index for index, kind in enumerate(CommitmentKind.values)}
        approved = Commitment.objects.filter(
            person_id=person_id, year=year, public=True, status=ReviewStatus.APPROVED
        ).only("kind", "content", "year")
        card.entries = sorted(approved, key=lambda c: order.get(c.kind, 99))
    return card
