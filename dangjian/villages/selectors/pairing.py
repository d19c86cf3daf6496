"""Reads of 结对共建: units (the county's published to its townships and villages), pairs with their units, the
records of each pair, the figures of any scope and period (paired villages and units, one-to-one and many-to-one,
the outputs' totals and sentence, the 五个一 completion), the pairs with 五个一 items missing, and the suggestions
for unpaired villages by department type ↔ village category."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.urls import reverse

from dangjian.core.filters import IntegerFilter, subtree_filter
from dangjian.core.models import Org
from dangjian.core.reminders import Reminder
from dangjian.core.scoping import get_scoped_or_404, published_to, scoped, subtree
from dangjian.members.selectors.evaluation import YearFilter
from dangjian.orglife.rules import ratio_text
from dangjian.villages import rules
from dangjian.villages.choices import DepartmentType, FiveOneItem, OutputKind, PairActivityKind
from dangjian.villages.models import (
    PairActivity,
    PairChecklistItem,
    PairingUnit,
    PairOutput,
    PairUnit,
    VillagePair,
)
from dangjian.villages.selectors import classification
from dangjian.villages.selectors.common import village_q

FIVE_ONE_ITEMS: list[str] = [value for value, _ in FiveOneItem.choices]


def _org_filter(queryset: QuerySet, value: str, path_field: str = "org_path") -> QuerySet:
    return subtree_filter(queryset, path_field, value) if value.strip() else queryset


def _township_filter(queryset: QuerySet, value: Any, path_field: str = "org_path") -> QuerySet:
    if value in (None, ""):
        return queryset
    township = Org.objects.filter(pk=value).only("path").first()
    return queryset.filter(**subtree(path_field, township.path)) if township else queryset.none()


def active_in_q(since: dt.date, until: dt.date, prefix: str = "") -> Q:
    """Pairs that count in a period (rules.pair_active_in), as a query."""
    return Q(**{f"{prefix}started_year__lte": until.year}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": since})
    )


class UnitFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="维护单位代码(含全部下级)")
    search = django_filters.CharFilter(method="filter_search", label="单位名称或联系人")
    department_type = django_filters.ChoiceFilter(choices=DepartmentType.choices, label="部门类型")
    active = django_filters.BooleanFilter(field_name="active", label="在册(true 仅在册, false 仅已停用)")

    class Meta:
        model = PairingUnit
        fields = ["org", "search", "department_type", "active"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(name__contains=value) | Q(contact_name__contains=value)) if value else queryset


class PairFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    township = IntegerFilter(method="filter_township", label="乡镇(街道)编号")
    department_type = django_filters.ChoiceFilter(
        choices=DepartmentType.choices, method="filter_type", label="结对单位类型"
    )
    unit = IntegerFilter(method="filter_unit", label="结对单位编号")
    year = YearFilter(method="filter_year", label="年度(该年度结对中)")
    active = django_filters.BooleanFilter(field_name="active", label="结对中(true 仅结对中, false 仅已结束)")
    search = django_filters.CharFilter(method="filter_search", label="村名或结对单位名称")

    class Meta:
        model = VillagePair
        fields = ["org", "township", "department_type", "unit", "year", "active", "search"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)

    def filter_township(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return _township_filter(queryset, value)

    def filter_type(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(Exists(PairUnit.objects.filter(pair=OuterRef("pk"), unit__department_type=value)))

    def filter_unit(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value in (None, ""):
            return queryset
        return queryset.filter(Exists(PairUnit.objects.filter(pair=OuterRef("pk"), unit_id=value)))

    def filter_year(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value in (None, ""):
            return queryset
        year = int(value)
        return queryset.filter(active_in_q(dt.date(year, 1, 1), dt.date(year, 12, 31)))

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        by_unit = Exists(PairUnit.objects.filter(pair=OuterRef("pk"), unit__name__contains=value))
        return queryset.filter(Q(village__name__contains=value) | by_unit)


class ActivityFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    pair = IntegerFilter(field_name="pair_id", label="结对编号")
    kind = django_filters.ChoiceFilter(choices=PairActivityKind.choices, label="制度类别")
    since = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label="日期自")
    until = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label="日期至")

    class Meta:
        model = PairActivity
        fields = ["org", "pair", "kind", "since", "until"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)


class ChecklistFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    pair = IntegerFilter(field_name="pair_id", label="结对编号")
    year = YearFilter(field_name="year", label="年度")
    item = django_filters.ChoiceFilter(choices=FiveOneItem.choices, label="“五个一”事项")
    done = django_filters.BooleanFilter(field_name="done", label="已完成")

    class Meta:
        model = PairChecklistItem
        fields = ["org", "pair", "year", "item", "done"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)


class OutputFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    pair = IntegerFilter(field_name="pair_id", label="结对编号")
    kind = django_filters.ChoiceFilter(choices=OutputKind.choices, label="成效类别")
    since = django_filters.DateFilter(field_name="occurred_on", lookup_expr="gte", label="日期自")
    until = django_filters.DateFilter(field_name="occurred_on", lookup_expr="lte", label="日期至")

    class Meta:
        model = PairOutput
        fields = ["org", "pair", "kind", "since", "until"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)


# --- units --------------------------------------------------------------------------------------------------


def current_load() -> Any:
    """How many active pairs a unit is in (its current villages)."""
    return Count("pairs", filter=Q(pairs__pair__active=True), distinct=True)


def units_visible(user: Any) -> QuerySet[PairingUnit]:
    """The units of the user's subtree and those kept by the orgs above (the county's list reaches every township)."""
    return published_to(PairingUnit, user)


def unit_list(user: Any, params: Mapping[str, Any]) -> tuple[UnitFilter, QuerySet[PairingUnit]]:
    units = units_visible(user).select_related("org", "linked_org").annotate(load=current_load())
    filterset = UnitFilter(params or None, queryset=units)
    return filterset, filterset.qs.order_by("-active", "department_type", "name", "id")


def visible_get(queryset: QuerySet, pk: Any) -> Any:
    """One object of an already limited queryset; anything else is the same 404 as a missing one."""
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("对象不存在") from None


def unit_detail(user: Any, pk: Any) -> PairingUnit:
    return visible_get(units_visible(user).select_related("org", "linked_org").annotate(load=current_load()), pk)


def unit_choices(user: Any) -> QuerySet[PairingUnit]:
    """Units a pair may take: active ones the user sees."""
    return units_visible(user).filter(active=True).order_by("department_type", "name", "id")


def unit_villages(user: Any, unit: PairingUnit) -> QuerySet[VillagePair]:
    """The pairs (in the user's scope) a unit is in, active first."""
    return (
        scoped(VillagePair, user)
        .filter(members__unit=unit)
        .select_related("village")
        .order_by("-active", "org_path", "id")
    )


# --- pairs --------------------------------------------------------------------------------------------------


def _with_units(pairs: QuerySet[VillagePair]) -> QuerySet[VillagePair]:
    members = PairUnit.objects.select_related("unit").order_by("id")
    return (
        pairs.select_related("village")
        .annotate(unit_count=Count("members", distinct=True))
        .prefetch_related(Prefetch("members", queryset=members))
    )


def pair_list(user: Any, params: Mapping[str, Any]) -> tuple[PairFilter, QuerySet[VillagePair]]:
    filterset = PairFilter(params or None, queryset=_with_units(scoped(VillagePair, user)))
    return filterset, filterset.qs.order_by("-active", "org_path", "-started_year", "id")


def pair_detail(user: Any, pk: Any) -> VillagePair:
    return get_scoped_or_404(_with_units(VillagePair.objects.all()), user, pk=pk)


def pair_activities(user: Any, pair: VillagePair) -> QuerySet[PairActivity]:
    return scoped(PairActivity, user).filter(pair=pair).order_by("-held_on", "-id")


def pair_outputs(user: Any, pair: VillagePair) -> QuerySet[PairOutput]:
    return scoped(PairOutput, user).filter(pair=pair).select_related("unit").order_by("-occurred_on", "-id")


@dataclass
class ChecklistRow:
    """One of the five items of a pair's year, done or not."""

    item: str
    label: str
    row: PairChecklistItem | None

    @property
    def done(self) -> bool:
        return self.row is not None and self.row.done


def pair_checklist(user: Any, pair: VillagePair, year: int) -> list[ChecklistRow]:
    """The five items of a pair's year in checklist order, with the recorded row of each (if any)."""
    rows = {row.item: row for row in scoped(PairChecklistItem, user).filter(pair=pair, year=year)}
    return [ChecklistRow(item, str(label), rows.get(item)) for item, label in FiveOneItem.choices]


# --- figures ------------------------------------------------------------------------------------------------


def _in_org(queryset: QuerySet, org: Org | None, path_field: str = "org_path") -> QuerySet:
    return queryset.filter(**subtree(path_field, org.path)) if org is not None else queryset


def output_totals(outputs: QuerySet[PairOutput]) -> list[rules.OutputTotal]:
    """The outputs' totals per kind (and name and unit for 其他), summed in SQL (GROUP BY kind), in sentence order."""
    rows = outputs.values("kind", "label", "measure").annotate(quantity=Sum("quantity"), rows=Count("id")).order_by()
    totals = [
        rules.OutputTotal(r["kind"], r["label"], r["measure"], r["quantity"] or Decimal("0"), r["rows"]) for r in rows
    ]
    return sorted(totals, key=rules.output_sort_key)


def outputs_in(user: Any, since: dt.date, until: dt.date, org: Org | None = None) -> QuerySet[PairOutput]:
    return _in_org(scoped(PairOutput, user), org).filter(occurred_on__gte=since, occurred_on__lte=until)


def pairs_in(user: Any, since: dt.date, until: dt.date, org: Org | None = None) -> QuerySet[VillagePair]:
    return _in_org(scoped(VillagePair, user), org).filter(active_in_q(since, until))


@dataclass
class PairingFigures:
    since: dt.date
    until: dt.date
    villages: int = 0
    paired_villages: int = 0
    paired_units: int = 0
    pairs: int = 0
    one_to_one: int = 0
    many_to_one: int = 0
    activities: dict[str, int] = field(default_factory=dict)
    totals: list[rules.OutputTotal] = field(default_factory=list)
    five_one_year: int = 0
    five_one_done: int = 0
    five_one_pairs: int = 0
    five_one_complete: int = 0

    @property
    def paired_text(self) -> str:
        return ratio_text(self.paired_villages, self.villages)

    @property
    def sentence(self) -> str:
        return rules.outputs_sentence(self.totals)

    @property
    def activity_total(self) -> int:
        return sum(self.activities.values())

    @property
    def activity_rows(self) -> list[tuple[str, int]]:
        return [(str(label), self.activities.get(kind, 0)) for kind, label in PairActivityKind.choices]

    @property
    def five_one_items_text(self) -> str:
        return ratio_text(self.five_one_done, self.five_one_pairs * rules.FIVE_ONE_TOTAL)

    @property
    def five_one_complete_text(self) -> str:
        return ratio_text(self.five_one_complete, self.five_one_pairs)


def figures(
    user: Any, *, year: int, since: dt.date | None = None, until: dt.date | None = None, org: Org | None = None
) -> PairingFigures:
    """The pairing figures of the user's scope (narrowed to `org`'s subtree) for a period: the year, or the days
    given. Villages and units are counted distinct (a unit with three villages is one unit); the 五个一 of the
    period's last year."""
    since, until = rules.pairing_period(year, since, until)
    found = PairingFigures(since=since, until=until, five_one_year=until.year)
    villages = scoped(Org, user).filter(village_q())
    found.villages = _in_org(villages, org, "path").count()
    pairs = pairs_in(user, since, until, org)
    counts = list(pairs.annotate(n=Count("members")).values_list("village_id", "n"))
    found.pairs = len(counts)
    found.paired_villages = len({village for village, _ in counts})
    found.one_to_one = sum(1 for _, n in counts if n == 1)
    found.many_to_one = sum(1 for _, n in counts if n >= 2)
    found.paired_units = PairUnit.objects.filter(pair__in=pairs.values("pk")).values("unit_id").distinct().count()
    activity_rows = (
        _in_org(scoped(PairActivity, user), org)
        .filter(held_on__gte=since, held_on__lte=until)
        .values("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    found.activities = {row["kind"]: row["n"] for row in activity_rows}
    found.totals = output_totals(outputs_in(user, since, until, org))
    five = five_one_summary(user, found.five_one_year, org)
    found.five_one_pairs, found.five_one_done, found.five_one_complete = five
    return found


def five_one_summary(user: Any, year: int, org: Org | None = None) -> tuple[int, int, int]:
    """(pairs active in the year, items done, pairs with all five done)."""
    pairs = pairs_in(user, dt.date(year, 1, 1), dt.date(year, 12, 31), org)
    done = Count("checklist", filter=Q(checklist__year=year, checklist__done=True))
    rows = list(pairs.annotate(done=done).values_list("done", flat=True))
    return len(rows), sum(rows), sum(1 for n in rows if n >= rules.FIVE_ONE_TOTAL)


def checklist_gaps(user: Any, year: int, org: Org | None = None) -> QuerySet[VillagePair]:
    """Pairs counting in the year with 五个一 items not done (fewest done first); `done` on each."""
    pairs = pairs_in(user, dt.date(year, 1, 1), dt.date(year, 12, 31), org)
    done = Count("checklist", filter=Q(checklist__year=year, checklist__done=True), distinct=True)
    return (
        _with_units(pairs).annotate(done=done).filter(done__lt=rules.FIVE_ONE_TOTAL).order_by("done", "org_path", "id")
    )


def missing_items(user: Any, pairs: list[VillagePair], year: int) -> dict[int, list[str]]:
    """For each listed pair, the labels of its items not done in the year."""
    done: dict[int, set[str]] = {}
    rows = scoped(PairChecklistItem, user).filter(pair__in=[p.pk for p in pairs], year=year, done=True)
    for pair_id, item in rows.values_list("pair_id", "item"):
        done.setdefault(pair_id, set()).add(item)
    labels = dict(FiveOneItem.choices)
    return {
        pair.pk: [str(labels[i]) for i in rules.five_one_missing(done.get(pair.pk, set()), FIVE_ONE_ITEMS)]
        for pair in pairs
    }


@dataclass
class TownshipRow:
    org: Org
    villages: int = 0
    paired: int = 0
    funds: Decimal = field(default_factory=lambda: Decimal("0"))

    @property
    def paired_text(self) -> str:
        return ratio_text(self.paired, self.villages)

    @property
    def funds_text(self) -> str:
        return rules.output_money_text(self.funds)


def child_rows(
    user: Any, *, year: int, since: dt.date | None, until: dt.date | None, org: Org | None
) -> list[TownshipRow]:
    """One row per org directly under `org` (townships under the county): villages paired of all, and the funds."""
    if org is None:
        return []
    since, until = rules.pairing_period(year, since, until)
    children = [
        TownshipRow(c)
        for c in scoped(Org, user).filter(depth=org.depth + 1, **subtree("path", org.path)).order_by("path")
    ]
    if not children:
        return []

    def bucket(path: str) -> TownshipRow | None:
        return next((c for c in children if path.startswith(c.org.path)), None)

    villages = _in_org(scoped(Org, user).filter(village_q()), org, "path").values_list("path", flat=True)
    for path in villages:
        if (row := bucket(path)) is not None:
            row.villages += 1
    paired = pairs_in(user, since, until, org).values_list("org_path", "village_id").distinct()
    seen: set[int] = set()
    for path, village in paired:
        if village not in seen and (row := bucket(path)) is not None:
            seen.add(village)
            row.paired += 1
    funds = (
        outputs_in(user, since, until, org)
        .filter(kind=OutputKind.FUNDS)
        .values("org_path")
        .annotate(total=Sum("quantity"))
        .order_by()
    )
    for r in funds:
        if (row := bucket(r["org_path"])) is not None:
            row.funds += r["total"] or Decimal("0")
    return [c for c in children if c.villages or c.paired or c.funds]


# --- suggestions --------------------------------------------------------------------------------------------


@dataclass
class VillageSuggestions:
    village: Org
    tags: list[str]
    suggestions: list[rules.PairingSuggestion]


def unpaired_villages(user: Any, org: Org | None = None) -> QuerySet[Org]:
    """Villages in scope without an active pair."""
    paired = VillagePair.objects.filter(village=OuterRef("pk"), active=True)
    return _in_org(scoped(Org, user).filter(village_q()), org, "path").filter(~Exists(paired)).order_by("path")


def candidates(user: Any) -> list[rules.PairingCandidate]:
    """Active units the user may pair, with their current villages."""
    rows = unit_choices(user).annotate(load=current_load()).values_list("pk", "name", "department_type", "load")
    return [rules.PairingCandidate(pk, name, kind, load) for pk, name, kind, load in rows]


def suggestions(user: Any, year: int, org: Org | None = None, *, limit: int = 200) -> list[VillageSuggestions]:
    """For each unpaired village (up to `limit`), the units matching its categories of the year (the classification's
    `tags_by_org`), fewer current villages first, each with its reason ("党群部门联弱村")."""
    villages = list(unpaired_villages(user, org)[:limit])
    if not villages:
        return []
    county_id = villages[0].county_id or villages[0].pk
    tags = classification.tags_by_org(county_id, year)
    pool = candidates(user)
    labels = {"weak": "弱村", "disorderly": "乱村", "poor": "穷村", "hollow": "空壳村", "specialised": "专业村"}
    found = []
    for village in villages:
        own = tags.get(village.pk, set())
        found.append(
            VillageSuggestions(
                village,
                [labels.get(tag, tag) for tag in rules.PAIRING_TAG_ORDER if tag in own],
                rules.suggest_units(own, pool),
            )
        )
    return found


# --- village overview ---------------------------------------------------------------------------------------


def panel(org: Org, user: Any, year: int) -> dict[str, Any] | None:
    """The village's pair that counts in the year (the active one first) on its overview page: its units, the year's
    五个一 done and the outputs' sentence; None when the village had no pair that year."""
    since, until = rules.pairing_period(year)
    pair = (
        _with_units(pairs_in(user, since, until).filter(village=org))
        .order_by("-active", "-started_year", "-id")
        .first()
    )
    if pair is None:
        return None
    units = [member.unit.name for member in pair.members.all()]
    shape = rules.PAIR_SHAPE_LABELS[rules.pair_shape(pair.unit_count)]
    done = scoped(PairChecklistItem, user).filter(pair=pair, year=year, done=True).count()
    sentence = rules.outputs_sentence(output_totals(outputs_in(user, since, until).filter(pair__village=org)))
    started = f"{pair.started_year}年起" + ("" if pair.active else f",{pair.ended_on:%Y-%m-%d}结束")
    return {
        "title": "结对共建",
        "rows": [
            ("结对单位", f"{'、'.join(units) or '—'}({shape})"),
            ("结对时间", started),
            (f"{year}年“五个一”", rules.five_one_text(done)),
            (f"{year}年帮扶成效", sentence or "暂无成效记录"),
        ],
        "link": reverse("villages:pairing_pair", args=[pair.pk]),
        "link_label": "查看结对",
    }


# --- reminders ----------------------------------------------------------------------------------------------


def reminders(user: Any, today: dt.date) -> list[Reminder]:
    """Pairs of this year with 五个一 items still missing (from the fourth quarter on, when the year is closing)."""
    if today.month < 10:
        return []
    count = checklist_gaps(user, today.year).count()
    url = reverse("villages:pairing_gaps") + f"?year={today.year}"
    return [Reminder(f"{today.year}年“五个一”未完成的结对", count, url)]
