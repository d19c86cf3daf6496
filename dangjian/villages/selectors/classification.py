"""Reads of 村级分类: the county's categories (published to its subtree), the year's results with reasons and their
一村一策, the counts per category and in total (a village in several categories counts once), the transformation
over the years (整治转化) and the village × year matrix; every figure is an aggregate in SQL over the scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import django_filters
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from dangjian.core.filters import IntegerFilter, subtree_filter
from dangjian.core.models import Org
from dangjian.core.reminders import Reminder
from dangjian.core.scoping import get_scoped_or_404, published_to, scoped, subtree
from dangjian.villages import rules
from dangjian.villages.models import (
    ClassificationResult,
    ClassificationRun,
    EnvironmentAssessment,
    ManualMark,
    VillageCategory,
    VillagePolicy,
    VillageProfile,
)
from dangjian.villages.selectors.common import panel_link, scoped_villages


def tags_by_org(county_id: int, year: int) -> dict[int, set[str]]:
    """Contract (used by pairing's suggestions): each village org's category tags (`choices.VillageTag` values) from
    the year's classification; villages in no category are left out."""
    found: dict[int, set[str]] = {}
    rows = ClassificationResult.objects.filter(county_id=county_id, year=year).values_list("org_id", "category__tag")
    for org_id, tag in rows.order_by():
        found.setdefault(org_id, set()).add(tag)
    return found


def county_of(user: Any) -> Org | None:
    """The county whose categories a user works with (their org's county; the county itself for a county account)."""
    org = getattr(user, "org", None)
    if org is None:
        return scoped(Org, user).filter(level="county").order_by("path").first()
    return Org.objects.filter(pk=org.county_id).first() if org.county_id else None


# --- categories ---------------------------------------------------------------------------------------------


def categories(user: Any) -> QuerySet[VillageCategory]:
    """The categories of the user's county (published to its subtree), in the county's order."""
    return published_to(VillageCategory, user).order_by("county_id", "sort", "id")


def category_detail(user: Any, pk: Any) -> VillageCategory:
    try:
        return categories(user).get(pk=pk)
    except (VillageCategory.DoesNotExist, ValueError, TypeError):
        raise Http404("类别不存在") from None


class CategoryFilter(django_filters.FilterSet):
    active = django_filters.BooleanFilter(field_name="active", label="启用")
    tag = django_filters.CharFilter(field_name="tag", label="类别性质")

    class Meta:
        model = VillageCategory
        fields = ["active", "tag"]


# --- results ------------------------------------------------------------------------------------------------

POLICY_CHOICES = [("missing", "未制定一村一策"), ("present", "已制定一村一策")]


def _policy_exists() -> Exists:
    return Exists(
        VillagePolicy.objects.filter(org=OuterRef("org"), category=OuterRef("category"), year=OuterRef("year"))
    )


class ResultFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(乡镇或村,含全部下级)")
    year = IntegerFilter(field_name="year", label="年度")
    category = IntegerFilter(field_name="category_id", label="类别编号")
    search = django_filters.CharFilter(field_name="org__name", lookup_expr="contains", label="村名")
    policy = django_filters.ChoiceFilter(choices=POLICY_CHOICES, method="filter_policy", label="一村一策")
    unreported = django_filters.BooleanFilter(field_name="unreported", label="未填报收入")

    class Meta:
        model = ClassificationResult
        fields = ["org", "year", "category", "search", "policy", "unreported"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset

    def filter_policy(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "missing":
            return queryset.filter(~_policy_exists())
        if value == "present":
            return queryset.filter(_policy_exists())
        return queryset


def result_list(user: Any, params: Mapping[str, Any]) -> tuple[ResultFilter, QuerySet[ClassificationResult]]:
    rows = scoped(ClassificationResult, user).select_related("org", "category")
    filterset = ResultFilter(params or None, queryset=rows)
    return filterset, filterset.qs.order_by("org_path", "category__sort", "category_id", "id")


def result_detail(user: Any, pk: Any) -> ClassificationResult:
    return get_scoped_or_404(ClassificationResult.objects.select_related("org", "category"), user, pk=pk)


def decorate(results: list[ClassificationResult]) -> list[ClassificationResult]:
    """A page of results with their policy and their township's name (two queries)."""
    keys = {(r.org_id, r.category_id, r.year) for r in results}
    policies = {}
    if keys:
        rows = VillagePolicy.objects.filter(
            org_id__in={k[0] for k in keys}, category_id__in={k[1] for k in keys}, year__in={k[2] for k in keys}
        )
        policies = {(p.org_id, p.category_id, p.year): p for p in rows}
    parents = {o.path: o.name for o in Org.objects.filter(path__in={r.org_path[: -Org.steplen] for r in results})}
    for result in results:
        result.policy = policies.get((result.org_id, result.category_id, result.year))
        result.township_name = parents.get(result.org_path[: -Org.steplen], "")
    return results


@dataclass
class CategoryCount:
    category: VillageCategory
    villages: int
    with_policy: int
    unreported: int

    @property
    def policy_text(self) -> str:
        from dangjian.orglife.rules import ratio_text

        return ratio_text(self.with_policy, self.villages)


@dataclass
class ClassificationSummary:
    year: int
    villages: int
    classified: int
    results: int
    with_policy: int
    rows: list[CategoryCount]
    run: ClassificationRun | None

    @property
    def classified_text(self) -> str:
        return rules.share_text(self.classified, self.villages)

    @property
    def policy_text(self) -> str:
        from dangjian.orglife.rules import ratio_text

        return ratio_text(self.with_policy, self.results)


def scope_results(user: Any, org: Org | None, year: int) -> QuerySet[ClassificationResult]:
    rows = scoped(ClassificationResult, user).filter(year=year)
    return rows.filter(**subtree("org_path", org.path)) if org is not None else rows


def summary(user: Any, org: Org | None, year: int) -> ClassificationSummary:
    """Counts per category, the distinct total (a village in several categories counts once) and the policies."""
    rows = scope_results(user, org, year)
    per_category = {
        row["category"]: row
        for row in rows.annotate(has_policy=_policy_exists())
        .values("category")
        .annotate(
            villages=Count("id"),
            with_policy=Count("id", filter=Q(has_policy=True)),
            unreported=Count("id", filter=Q(unreported=True)),
        )
        .order_by()
    }
    county = org if org is not None and org.level == "county" else None
    county_id = (county.pk if county else getattr(org, "county_id", None)) or None
    shown = categories(user).filter(county_id=county_id) if county_id else categories(user)
    counts = []
    for category in shown:
        row = per_category.get(category.pk)
        if row is None and not category.active:
            continue
        counts.append(
            CategoryCount(
                category,
                row["villages"] if row else 0,
                row["with_policy"] if row else 0,
                row["unreported"] if row else 0,
            )
        )
    villages = scoped_villages(user)
    if org is not None:
        villages = villages.filter(**subtree("path", org.path))
    run = ClassificationRun.objects.filter(county_id=county_id, year=year).first() if county_id else None
    return ClassificationSummary(
        year=year,
        villages=villages.count(),
        classified=rows.values("org_id").distinct().count(),
        results=sum(c.villages for c in counts),
        with_policy=sum(c.with_policy for c in counts),
        rows=counts,
        run=run,
    )


def evaluated_years(county_id: int | None) -> list[int]:
    if not county_id:
        return []
    return list(ClassificationRun.objects.filter(county_id=county_id).order_by("-year").values_list("year", flat=True))


# --- transformation -----------------------------------------------------------------------------------------


@dataclass
class TransformationCell:
    year: int
    villages: int
    transformed: int | None  # None: the next year has not been evaluated

    @property
    def text(self) -> str:
        return "—" if self.transformed is None else f"{self.transformed}/{self.villages}"


def transformation(user: Any, org: Org | None, years: list[int], county_id: int | None) -> list[dict[str, Any]]:
    """Per category and year: the villages in it, and how many of them were no longer in it the next year (转化),
    counted only when the next year was evaluated."""
    evaluated = set(evaluated_years(county_id))
    rows = scoped(ClassificationResult, user).filter(year__in=years)
    if org is not None:
        rows = rows.filter(**subtree("org_path", org.path))
    stays = ClassificationResult.objects.filter(
        org=OuterRef("org"), category=OuterRef("category"), year=OuterRef("year") + 1
    )
    counts = {
        (row["category"], row["year"]): row
        for row in rows.annotate(stays=Exists(stays))
        .values("category", "year")
        .annotate(villages=Count("id"), transformed=Count("id", filter=Q(stays=False)))
        .order_by()
    }
    shown = categories(user).filter(county_id=county_id) if county_id else categories(user)
    table = []
    for category in shown:
        cells = []
        for year in years:
            row = counts.get((category.pk, year))
            villages = row["villages"] if row else 0
            transformed = (row["transformed"] if row else 0) if year + 1 in evaluated else None
            cells.append(TransformationCell(year, villages, transformed))
        total = sum(c.transformed or 0 for c in cells)
        table.append({"category": category, "cells": cells, "total": total})
    return table


def matrix_villages(user: Any, org: Org | None, years: list[int]) -> QuerySet[Org]:
    """The villages in any category in the years (the matrix's rows), in tree order."""
    in_years = ClassificationResult.objects.filter(org=OuterRef("pk"), year__in=years)
    villages = scoped_villages(user).filter(Exists(in_years))
    return villages.filter(**subtree("path", org.path)) if org is not None else villages


def matrix_cells(villages: list[Org], years: list[int]) -> list[dict[str, Any]]:
    """For a page of villages: per year the category names it was in (one query)."""
    found: dict[tuple[int, int], list[str]] = {}
    rows = ClassificationResult.objects.filter(org__in=villages, year__in=years).values_list(
        "org_id", "year", "category__name"
    )
    for org_id, year, name in rows.order_by("category__sort", "category_id"):
        found.setdefault((org_id, year), []).append(name)
    return [{"village": v, "cells": [found.get((v.pk, y), []) for y in years]} for v in villages]


# --- data the rules read ------------------------------------------------------------------------------------


def environment_list(user: Any, org: Org | None, year: int) -> QuerySet[EnvironmentAssessment]:
    rows = scoped(EnvironmentAssessment, user).filter(year=year).select_related("org")
    return rows.filter(**subtree("org_path", org.path)) if org is not None else rows


def profiles(user: Any) -> QuerySet[VillageProfile]:
    return scoped(VillageProfile, user).select_related("org")


def marks(user: Any, year: int) -> QuerySet[ManualMark]:
    return scoped(ManualMark, user).filter(year=year).select_related("org", "category")


def village_policies(user: Any) -> QuerySet[VillagePolicy]:
    return scoped(VillagePolicy, user).select_related("org", "category")


# --- village overview ---------------------------------------------------------------------------------------


def panel(org: Org, user: Any, year: int) -> dict[str, Any] | None:
    """The village's categories of the year on its overview page, each with its reason and whether its 一村一策 is
    made; None when it is in no category."""
    results = list(
        scoped(ClassificationResult, user)
        .filter(org=org, year=year)
        .select_related("category")
        .annotate(has_policy=_policy_exists())
        .order_by("category__sort", "category_id")
    )
    if not results:
        return None
    policy = dict(POLICY_CHOICES)
    return {
        "title": f"{year}年村级分类",
        "rows": [(r.category.name, f"{r.reason};{policy['present' if r.has_policy else 'missing']}") for r in results],
        "link": panel_link("villages:classification_home", year=year, org=org.code),
        "link_label": "查看村级分类",
    }


# --- reminders ----------------------------------------------------------------------------------------------


def reminders(user: Any, today: dt.date) -> list[Reminder]:
    """Classified villages of the latest evaluated year without their 一村一策."""
    org = getattr(user, "org", None)
    if org is None or not org.county_id:
        return []
    year = ClassificationRun.objects.filter(county_id=org.county_id).order_by("-year").values_list("year", flat=True)
    latest = year.first()
    if latest is None:
        return []
    missing = scope_results(user, None, latest).filter(~_policy_exists()).count()
    if not missing:
        return []
    url = reverse("villages:classification_home") + f"?year={latest}&policy=missing"
    return [Reminder(f"{latest}年分类村待制定一村一策", missing, url)]
