"""Reads of 两新 coverage: the register with each organisation's coverage (有形 / 有效) and ORG-01 breaches, the
instructors, the assessments, the coverage shares by kind for any scope, and the workbench reminder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import django_filters
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse

from dangjian.core import clock
from dangjian.core.choices import COUNTED_STANDINGS
from dangjian.core.filters import IntegerFilter, subtree_filter
from dangjian.core.models import Org, Person
from dangjian.core.reminders import Reminder
from dangjian.core.scoping import get_scoped_or_404, scoped, subtree
from dangjian.orglife.rules import ratio_text
from dangjian.villages import rules
from dangjian.villages.choices import BranchStatus, TwoNewKind
from dangjian.villages.models import TwoNewAssessment, TwoNewInstructor, TwoNewOrganisation
from dangjian.villages.selectors.common import panel_link

COVERAGE_CHOICES = [
    ("tangible", "已有形覆盖"),
    ("untangible", "未有形覆盖"),
    ("effective", "已有效覆盖"),
    ("ineffective", "未有效覆盖"),
]
TANGIBLE_DEFINITION = "有形覆盖:单独建立党组织、纳入联合党支部或选派有党建指导员(在岗)的两新组织"
EFFECTIVE_DEFINITION = "有效覆盖:当年评估中达标项目数不少于县(区)规定项目数的两新组织"


def annotate(organisations: QuerySet[TwoNewOrganisation], today: dt.date, year: int) -> QuerySet[TwoNewOrganisation]:
    """Each organisation with `has_instructor` (one in post today), `effective_now` (the year's assessment) and
    `joint_units` (register organisations in the same joint branch)."""
    in_post = TwoNewInstructor.objects.filter(organisation=OuterRef("pk"), starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    assessed = TwoNewAssessment.objects.filter(organisation=OuterRef("pk"), year=year)
    sharing = (
        TwoNewOrganisation.objects.filter(branch=OuterRef("branch"), closed=False, branch_status=BranchStatus.JOINT)
        .order_by()
        .values("branch")
        .annotate(n=Count("id"))
        .values("n")
    )
    return organisations.annotate(
        has_instructor=Exists(in_post),
        effective_now=Subquery(assessed.values("effective")[:1]),
        joint_units=Subquery(sharing[:1]),
    )


def tangible_q() -> Q:
    return Q(branch_status__in=[BranchStatus.OWN, BranchStatus.JOINT]) | Q(has_instructor=True)


def breach_q() -> Q:
    """The organisations breaking ORG-01 (see rules.coverage_breach and joint_branch_breach), as a query."""
    own = Q(formal_members__gte=rules.OWN_BRANCH_MIN) & ~Q(branch_status=BranchStatus.OWN)
    joint = Q(formal_members__gt=0, formal_members__lt=rules.OWN_BRANCH_MIN, branch_status=BranchStatus.NONE)
    bare = Q(formal_members=0, branch_status=BranchStatus.NONE, has_instructor=False)
    crowded = Q(branch_status=BranchStatus.JOINT, joint_units__gt=rules.JOINT_BRANCH_MAX_UNITS)
    return own | joint | bare | crowded


class OrganisationFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="乡镇(街道)或党组织代码(含全部下级)")
    kind = django_filters.ChoiceFilter(choices=TwoNewKind.choices, label="类别")
    branch_status = django_filters.ChoiceFilter(choices=BranchStatus.choices, label="党组织建立情况")
    coverage = django_filters.ChoiceFilter(choices=COVERAGE_CHOICES, method="filter_coverage", label="覆盖情况")
    breach = django_filters.BooleanFilter(method="filter_breach", label="存在问题(true 仅有问题的)")
    search = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="单位名称")

    class Meta:
        model = TwoNewOrganisation
        fields = ["org", "kind", "branch_status", "coverage", "breach", "search"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset

    def filter_coverage(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return {
            "tangible": queryset.filter(tangible_q()),
            "untangible": queryset.exclude(tangible_q()),
            "effective": queryset.filter(effective_now=True),
            "ineffective": queryset.exclude(effective_now=True),
        }.get(value, queryset)

    def filter_breach(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(breach_q()) if value else queryset.exclude(breach_q())


class InstructorFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    organisation = IntegerFilter(field_name="organisation_id", label="两新组织编号")
    current = django_filters.BooleanFilter(method="filter_current", label="在岗(true 仅在岗)")
    search = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="姓名")

    class Meta:
        model = TwoNewInstructor
        fields = ["org", "organisation", "current", "search"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset

    def filter_current(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        from dangjian.core import clock

        if value is None:
            return queryset
        today = clock.today()
        current = Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        return queryset.filter(current) if value else queryset.exclude(current)


class AssessmentFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    organisation = IntegerFilter(field_name="organisation_id", label="两新组织编号")
    year = IntegerFilter(field_name="year", label="年度")
    effective = django_filters.BooleanFilter(field_name="effective", label="有效覆盖")

    class Meta:
        model = TwoNewAssessment
        fields = ["org", "organisation", "year", "effective"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


def organisations_visible(user: Any, today: dt.date, year: int) -> QuerySet[TwoNewOrganisation]:
    return annotate(scoped(TwoNewOrganisation, user).select_related("org", "branch"), today, year)


def organisation_list(
    user: Any, params: Mapping[str, Any], today: dt.date, year: int, *, include_closed: bool = False
) -> tuple[OrganisationFilter, QuerySet[TwoNewOrganisation]]:
    organisations = organisations_visible(user, today, year)
    if not include_closed:
        organisations = organisations.filter(closed=False)
    filterset = OrganisationFilter(params or None, queryset=organisations)
    return filterset, filterset.qs.order_by("org_path", "kind", "name", "id")


def organisation_detail(user: Any, pk: Any, today: dt.date, year: int) -> TwoNewOrganisation:
    return get_scoped_or_404(organisations_visible(user, today, year), user, pk=pk)


def breach_of(organisation: TwoNewOrganisation) -> str:
    """The organisation's problems in words (ORG-01; a crowded joint branch), "" when none."""
    problems = [
        rules.coverage_breach(
            organisation.formal_members,
            organisation.branch_status,
            bool(getattr(organisation, "has_instructor", False)),
        )
    ]
    if organisation.branch_status == BranchStatus.JOINT:
        problems.append(rules.joint_branch_breach(getattr(organisation, "joint_units", 0) or 0))
    return ";".join(p for p in problems if p)


def decorate(organisations: list[TwoNewOrganisation]) -> list[TwoNewOrganisation]:
    """Breach text, 有形覆盖 and, for an own branch, the tree's roll count of that branch, on each row of a page."""
    branch_ids = {o.branch_id for o in organisations if o.branch_status == BranchStatus.OWN and o.branch_id}
    rolls = dict(
        Person.objects.filter(org_id__in=branch_ids, standing__in=COUNTED_STANDINGS)
        .values("org_id")
        .annotate(n=Count("id"))
        .values_list("org_id", "n")
    )
    for o in organisations:
        o.breach = breach_of(o)
        o.tangible = rules.is_tangibly_covered(o.branch_status, bool(getattr(o, "has_instructor", False)))
        o.roll = rolls.get(o.branch_id, 0) if o.branch_id in branch_ids else None
    return organisations


# --- figures ------------------------------------------------------------------------------------------------


@dataclass
class KindFigures:
    kind: str
    label: str
    total: int
    tangible: int
    effective: int
    breaches: int

    @property
    def tangible_text(self) -> str:
        return ratio_text(self.tangible, self.total)

    @property
    def effective_text(self) -> str:
        return ratio_text(self.effective, self.total)


def figures(user: Any, today: dt.date, year: int, org_code: str = "") -> list[KindFigures]:
    """有形覆盖 and 有效覆盖 shares by kind and in all (the last row), over the live register in scope."""
    organisations = organisations_visible(user, today, year).filter(closed=False)
    if org_code.strip():
        organisations = subtree_filter(organisations, "org_path", org_code)
    rows = {
        row["kind"]: row
        for row in organisations.values("kind")
        .annotate(
            total=Count("id"),
            tangible=Count("id", filter=tangible_q()),
            effective=Count("id", filter=Q(effective_now=True)),
            breaches=Count("id", filter=breach_q()),
        )
        .order_by()
    }
    found = []
    for kind in TwoNewKind:
        row = rows.get(kind.value, {})
        found.append(
            KindFigures(
                kind.value,
                str(kind.label),
                row.get("total", 0),
                row.get("tangible", 0),
                row.get("effective", 0),
                row.get("breaches", 0),
            )
        )
    found.append(
        KindFigures(
            "all",
            "合计",
            sum(f.total for f in found),
            sum(f.tangible for f in found),
            sum(f.effective for f in found),
            sum(f.breaches for f in found),
        )
    )
    return found


def instructor_list(user: Any, params: Mapping[str, Any]) -> tuple[InstructorFilter, QuerySet[TwoNewInstructor]]:
    instructors = scoped(TwoNewInstructor, user).select_related("organisation", "person")
    filterset = InstructorFilter(params or None, queryset=instructors)
    return filterset, filterset.qs.order_by("-starts_on", "id")


def instructor_detail(user: Any, pk: Any) -> TwoNewInstructor:
    return get_scoped_or_404(TwoNewInstructor.objects.select_related("organisation__org"), user, pk=pk)


def assessment_list(user: Any, params: Mapping[str, Any]) -> tuple[AssessmentFilter, QuerySet[TwoNewAssessment]]:
    assessments = scoped(TwoNewAssessment, user).select_related("organisation")
    filterset = AssessmentFilter(params or None, queryset=assessments)
    return filterset, filterset.qs.order_by("-year", "organisation_id")


PANEL_BREACHES = 5


def panel(org: Org, user: Any, year: int) -> dict[str, Any] | None:
    """The 两新 organisations filed under the village (live register): how many, their coverage and ORG-01 breaches
    (the first few named); None when none is filed there."""
    organisations = organisations_visible(user, clock.today(), year).filter(
        closed=False, **subtree("org_path", org.path)
    )
    counts = organisations.aggregate(
        total=Count("id"),
        tangible=Count("id", filter=tangible_q()),
        effective=Count("id", filter=Q(effective_now=True)),
        breaches=Count("id", filter=breach_q()),
    )
    if not counts["total"]:
        return None
    rows = [
        ("两新组织", f"{counts['total']}个"),
        ("有形覆盖", ratio_text(counts["tangible"], counts["total"])),
        (f"{year}年有效覆盖", ratio_text(counts["effective"], counts["total"])),
        ("党组织设置问题", f"{counts['breaches']}个"),
    ]
    if counts["breaches"]:
        breaching = organisations.filter(breach_q()).order_by("name", "id")[:PANEL_BREACHES]
        rows += [(o.name, breach_of(o)) for o in breaching]
    return {
        "title": "两新组织",
        "rows": rows,
        "link": panel_link("villages:twonew_home", org=org.code),
        "link_label": "查看两新组织",
    }


def reminders(user: Any, today: dt.date) -> list[Reminder]:
    """Register organisations in scope that break ORG-01 (own branch, joint branch, coverage)."""
    count = organisations_visible(user, today, today.year).filter(closed=False).filter(breach_q()).count()
    url = reverse("villages:twonew_home") + "?breach=true"
    return [Reminder("两新组织党组织设置问题", count, url)]
