"""Reads of 集体经济: the incomes by village (the contract others read), the per-village list of a year, and the
report of a scope (county, township…) — every figure an aggregate in SQL over core's `UnitYearFigure` joined to the
scope's villages, never a loop over villages (it runs on province data)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Substr
from django.urls import reverse

from dangjian.core.filters import subtree_filter
from dangjian.core.models import Org, UnitYearFigure
from dangjian.core.scoping import scoped, subtree
from dangjian.villages import rules
from dangjian.villages.choices import DevelopmentModel, IncomeBand
from dangjian.villages.models import VillageEconomy, VillageEconomyModel
from dangjian.villages.selectors.common import scoped_villages, village_q

BAND_CHOICES = [*IncomeBand.choices, ("unreported", "未填报")]
ASSET_THRESHOLDS = (Decimal("10000000"), Decimal("100000000"))


def income_by_org(county_id: int, year: int) -> dict[int, Decimal]:
    """Contract (used by classification and pairing): each village org's collective income (元) in the year, for the
    villages that reported one (from core's UnitYearFigure of the org's unit)."""
    rows = (
        UnitYearFigure.objects.filter(village_q("unit__org__"), year=year, unit__org__county_id=county_id)
        .values_list("unit__org_id", "collective_income")
        .order_by()
    )
    return dict(rows)


# --- the per-village list -----------------------------------------------------------------------------------


def band_q(band: str, field_name: str = "income") -> Q:
    """The villages (annotated with `income`) in a band; "unreported" those without a figure."""
    thresholds = rules.INCOME_THRESHOLDS
    bounds = {
        IncomeBand.HOLLOW: (None, thresholds[0]),
        IncomeBand.FROM_50K: (thresholds[0], thresholds[1]),
        IncomeBand.FROM_200K: (thresholds[1], thresholds[2]),
        IncomeBand.FROM_10M: (thresholds[2], thresholds[3]),
        IncomeBand.FROM_100M: (thresholds[3], None),
    }
    if band == "unreported":
        return Q(**{f"{field_name}__isnull": True})
    low, high = bounds[band]
    q = Q(**{f"{field_name}__isnull": False})
    if low is not None:
        q &= Q(**{f"{field_name}__gte": low})
    if high is not None:
        q &= Q(**{f"{field_name}__lt": high})
    return q


class EconomyVillageFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    search = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="村名")
    band = django_filters.ChoiceFilter(choices=BAND_CHOICES, method="filter_band", label="收入档次")
    model = django_filters.ChoiceFilter(choices=DevelopmentModel.choices, method="filter_model", label="发展模式")

    class Meta:
        model = Org
        fields = ["org", "search", "band", "model"]

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "path", value) if value.strip() else queryset

    def filter_band(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(band_q(value)) if value else queryset

    def filter_model(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        follows = VillageEconomyModel.objects.filter(org=OuterRef("pk"), year=self.year, model=value)
        return queryset.filter(Exists(follows))


class VillageEconomyFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    year = django_filters.NumberFilter(field_name="year", label="年度")
    model = django_filters.ChoiceFilter(choices=DevelopmentModel.choices, field_name="models__model", label="发展模式")

    class Meta:
        model = VillageEconomy
        fields = ["org", "year", "model"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


def with_figures(villages: QuerySet[Org], year: int) -> QuerySet[Org]:
    """Villages annotated with the year's `income` and `assets` (None when not reported)."""
    figure = UnitYearFigure.objects.filter(unit__org=OuterRef("pk"), year=year)
    return villages.annotate(
        income=Subquery(figure.values("collective_income")[:1]),
        assets=Subquery(figure.values("collective_assets")[:1]),
    )


def village_list(user: Any, params: Mapping[str, Any], year: int) -> tuple[EconomyVillageFilter, QuerySet[Org]]:
    filterset = EconomyVillageFilter(params or None, queryset=with_figures(scoped_villages(user), year), year=year)
    return filterset, filterset.qs.order_by("path")


def decorate(villages: list[Org], year: int) -> list[Org]:
    """A page of villages with their township's name and the year's development models (two queries)."""
    ids = [v.pk for v in villages]
    models: dict[int, list[str]] = {}
    rows = VillageEconomyModel.objects.filter(org_id__in=ids, year=year).values_list("org_id", "model")
    for org_id, model in rows.order_by("org_id", "model"):
        models.setdefault(org_id, []).append(model)
    parents = {o.path: o.name for o in Org.objects.filter(path__in={v.path[: -Org.steplen] for v in villages})}
    labels = dict(DevelopmentModel.choices)
    for village in villages:
        village.model_list = models.get(village.pk, [])
        village.model_labels = [str(labels[m]) for m in village.model_list]
        village.township_name = parents.get(village.path[: -Org.steplen], "")
        village.band = rules.income_band(village.income) if village.income is not None else "unreported"
    return villages


def village_detail(user: Any, pk: Any) -> Org:
    from django.http import Http404

    village = scoped_villages(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if village is None:
        raise Http404("村党组织不存在")
    return village


def village_years(village: Org) -> list[dict[str, Any]]:
    """A village's years: figures (core) and development models/plan (here), newest first."""
    figures = {f.year: f for f in UnitYearFigure.objects.filter(unit__org=village)}
    plans = {e.year: e for e in VillageEconomy.objects.filter(org=village).prefetch_related("models")}
    labels = dict(DevelopmentModel.choices)
    years = []
    for year in sorted(set(figures) | set(plans), reverse=True):
        figure, plan = figures.get(year), plans.get(year)
        models = sorted(m.model for m in plan.models.all()) if plan else []
        years.append(
            {
                "year": year,
                "income": figure.collective_income if figure else None,
                "assets": figure.collective_assets if figure else None,
                "band": rules.income_band(figure.collective_income) if figure else "unreported",
                "models": models,
                "model_labels": [str(labels[m]) for m in models],
                "note": plan.note if plan else "",
            }
        )
    return years


# --- the report ---------------------------------------------------------------------------------------------


@dataclass
class EconomyRow:
    """One direct child org of the scope (a township of a county, a village of a township) and its figures."""

    org: Org
    villages: int = 0
    reported: int = 0
    total: Decimal = field(default_factory=lambda: Decimal("0"))
    hollow: int = 0
    reached: list[int] = field(default_factory=list)

    @property
    def unreported(self) -> int:
        return self.villages - self.reported

    @property
    def average(self) -> Decimal | None:
        return rules.average(self.total, self.reported)

    @property
    def hollow_share(self) -> str:
        return rules.share_text(self.hollow, self.villages)

    @property
    def total_text(self) -> str:
        return rules.wan_text(self.total)

    @property
    def average_text(self) -> str:
        return rules.wan_text(self.average)

    @property
    def reported_text(self) -> str:
        from dangjian.orglife.rules import ratio_text

        return ratio_text(self.reported, self.villages)


@dataclass
class EconomyReport:
    org: Org
    year: int
    villages: int
    reported: int
    total: Decimal
    assets_total: Decimal
    hollow: int
    thresholds: list[dict[str, Any]]
    asset_thresholds: list[dict[str, Any]]
    comparisons: list[dict[str, Any]]
    by_model: list[dict[str, Any]]
    rows: list[EconomyRow]

    @property
    def unreported(self) -> int:
        return self.villages - self.reported

    @property
    def average(self) -> Decimal | None:
        """Average per village that reported (元)."""
        return rules.average(self.total, self.reported)

    @property
    def hollow_share(self) -> str:
        return rules.share_text(self.hollow, self.villages)

    @property
    def reported_share(self) -> str:
        return rules.share_text(self.reported, self.villages)

    @property
    def total_text(self) -> str:
        return rules.wan_text(self.total)

    @property
    def average_text(self) -> str:
        return rules.wan_text(self.average)

    @property
    def assets_text(self) -> str:
        return rules.wan_text(self.assets_total)


def scope_villages(org: Org) -> QuerySet[Org]:
    """The villages under an org (itself included), by the county key when the org lies in one county."""
    villages = Org.objects.filter(village_q(), **subtree("path", org.path))
    return villages.filter(county_id=org.county_id) if org.county_id else villages


def scope_figures(org: Org) -> QuerySet[UnitYearFigure]:
    """The figures of the villages under an org (one join to the org; the path range serves the index)."""
    figures = UnitYearFigure.objects.filter(village_q("unit__org__"), **subtree("unit__org__path", org.path))
    return figures.filter(unit__org__county_id=org.county_id) if org.county_id else figures


def _threshold_aggregates(prefix: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {}
    for index, threshold in enumerate(rules.INCOME_THRESHOLDS):
        found[f"reached_{index}"] = Count("id", filter=Q(**{f"{prefix}collective_income__gte": threshold}))
    return found


def report(org: Org, year: int, *, years_back: int = 2) -> EconomyReport:
    """The collective-economy report of a scope (the org's villages) for a year, in a handful of aggregate queries."""
    villages = scope_villages(org)
    figures = scope_figures(org)
    village_count = villages.count()
    head = figures.filter(year=year).aggregate(
        reported=Count("id"),
        total=Sum("collective_income"),
        assets_total=Sum("collective_assets"),
        hollow=Count("id", filter=Q(collective_income__lt=rules.HOLLOW_LINE)),
        assets_10m=Count("id", filter=Q(collective_assets__gte=ASSET_THRESHOLDS[0])),
        assets_100m=Count("id", filter=Q(collective_assets__gte=ASSET_THRESHOLDS[1])),
        **_threshold_aggregates(),
    )
    total = head["total"] or Decimal("0")
    threshold_labels = ("5万元", "20万元", "1000万元", "1亿元")
    thresholds = [
        {
            "label": label,
            "amount": amount,
            "count": head[f"reached_{i}"],
            "text": rules.share_text(head[f"reached_{i}"], village_count),
            "share": rules.share(head[f"reached_{i}"], village_count),
        }
        for i, (label, amount) in enumerate(zip(threshold_labels, rules.INCOME_THRESHOLDS, strict=True))
    ]
    asset_thresholds = [
        {"label": label, "count": head[key], "text": rules.share_text(head[key], village_count)}
        for label, key in (("1000万元", "assets_10m"), ("1亿元", "assets_100m"))
    ]
    wanted = sorted({year - 1, year - years_back} - {year})
    per_year = {
        row["year"]: row
        for row in figures.filter(year__in=wanted)
        .values("year")
        .annotate(total=Sum("collective_income"), reported=Count("id"))
        .order_by()
    }
    comparisons = []
    for earlier in sorted(wanted, reverse=True):
        row = per_year.get(earlier)
        before = row["total"] if row else None
        span = year - earlier
        comparisons.append(
            {
                "year": earlier,
                "span": span,
                "total": before,
                "total_text": rules.wan_text(before),
                "reported": row["reported"] if row else 0,
                "growth": rules.growth(before, total if head["reported"] else None),
                "cagr": rules.cagr(before, total if head["reported"] else None, span),
            }
        )
    model_counts = {
        row["model"]: row["villages"]
        for row in VillageEconomyModel.objects.filter(year=year, org__in=villages)
        .values("model")
        .annotate(villages=Count("id"))
        .order_by()
    }
    model_income = {
        row["unit__org__economy_models__model"]: row
        for row in figures.filter(year=year, unit__org__economy_models__year=year)
        .values("unit__org__economy_models__model")
        .annotate(total=Sum("collective_income"), reported=Count("id"))
        .order_by()
    }
    by_model = []
    for value, label in DevelopmentModel.choices:
        count = model_counts.get(value, 0)
        if not count:
            continue
        income = model_income.get(value, {})
        by_model.append(
            {
                "model": value,
                "label": label,
                "villages": count,
                "text": rules.share_text(count, village_count),
                "total": income.get("total"),
                "total_text": rules.wan_text(income.get("total")),
                "average_text": rules.wan_text(rules.average(income.get("total"), income.get("reported", 0))),
            }
        )
    return EconomyReport(
        org=org,
        year=year,
        villages=village_count,
        reported=head["reported"],
        total=total,
        assets_total=head["assets_total"] or Decimal("0"),
        hollow=head["hollow"],
        thresholds=thresholds,
        asset_thresholds=asset_thresholds,
        comparisons=comparisons,
        by_model=by_model,
        rows=child_rows(org, year),
    )


def child_rows(org: Org, year: int) -> list[EconomyRow]:
    """One row per direct child org of the scope, its villages' figures rolled up (grouped by path prefix in SQL)."""
    length = len(org.path) + Org.steplen
    children = {
        child.path: EconomyRow(child)
        for child in Org.objects.filter(depth=org.depth + 1, **subtree("path", org.path)).order_by("path")
    }
    if not children:
        return []
    villages = (
        scope_villages(org)
        .exclude(path=org.path)
        .annotate(prefix=Substr("path", 1, length))
        .values("prefix")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in villages:
        if row["prefix"] in children:
            children[row["prefix"]].villages = row["n"]
    figures = (
        scope_figures(org)
        .filter(year=year)
        .exclude(unit__org__path=org.path)
        .annotate(prefix=Substr("unit__org__path", 1, length))
        .values("prefix")
        .annotate(
            reported=Count("id"),
            total=Sum("collective_income"),
            hollow=Count("id", filter=Q(collective_income__lt=rules.HOLLOW_LINE)),
            **_threshold_aggregates(),
        )
        .order_by()
    )
    for row in figures:
        child = children.get(row["prefix"])
        if child is None:
            continue
        child.reported, child.total, child.hollow = row["reported"], row["total"] or Decimal("0"), row["hollow"]
        child.reached = [row[f"reached_{i}"] for i in range(len(rules.INCOME_THRESHOLDS))]
    for child in children.values():
        if not child.reached:
            child.reached = [0] * len(rules.INCOME_THRESHOLDS)
    return [row for row in children.values() if row.villages]


def hollow_villages(org: Org, year: int) -> QuerySet[Org]:
    """The scope's villages that reported an income below 5万元, lowest first."""
    return (
        with_figures(scope_villages(org), year)
        .filter(income__isnull=False, income__lt=rules.HOLLOW_LINE)
        .order_by("income", "path")
    )


def unreported_villages(org: Org, year: int) -> QuerySet[Org]:
    """The scope's villages with no figure for the year (listed apart from the hollow ones)."""
    reported = UnitYearFigure.objects.filter(unit__org=OuterRef("pk"), year=year)
    return scope_villages(org).filter(~Exists(reported)).order_by("path")


def reported_years(org: Org) -> list[int]:
    """The years the scope has figures for (newest first), for the year picker."""
    return sorted(set(scope_figures(org).values_list("year", flat=True).distinct().order_by()), reverse=True)


def in_scope(user: Any, org: Org) -> bool:
    return scoped(Org, user).filter(pk=org.pk).exists()


# --- village overview ---------------------------------------------------------------------------------------


def panel(org: Org, user: Any, year: int) -> dict[str, Any] | None:
    """The village's collective economy of the year on its overview page: income, assets, band, development models;
    None when it is no village or reported nothing for the year."""
    village = with_figures(scoped_villages(user).filter(pk=org.pk), year).first()
    if village is None:
        return None
    chosen = scoped(VillageEconomyModel, user).filter(org=org, year=year).order_by("model")
    labels = dict(DevelopmentModel.choices)
    models = [str(labels[m]) for m in chosen.values_list("model", flat=True)]
    if village.income is None and village.assets is None and not models:
        return None
    band = rules.income_band(village.income) if village.income is not None else "unreported"
    return {
        "title": "集体经济",
        "rows": [
            (f"{year}年集体经济收入", "未填报" if village.income is None else rules.wan_text(village.income)),
            ("集体资产", rules.wan_text(village.assets)),
            ("收入档次", str(dict(BAND_CHOICES)[band])),
            ("发展模式", "、".join(models) or "—"),
        ],
        "link": reverse("villages:economy_village", args=[org.pk]),
        "link_label": "查看集体经济",
    }
