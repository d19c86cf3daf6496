"""Summary figures per org (rolled up over its subtree), refreshed in the background.

`refresh_county(county_id)` recomputes every `OrgStats` row of a county's subtree with two GROUP BY queries
over its people (one with a conditional count per category, one per ethnicity) and one over its orgs, rolls
them up to ancestors in Python by path prefix, then recomputes the county's ancestors (city, province) from
their children's rows. Services call `schedule_refresh(county_id)`; the refresh runs after commit as a task.

Ages are counted as of the refresh day (`refreshed_at`), so a daily `refresh_stats` keeps age bands current.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.tasks import task
from django.utils import timezone
from django.utils.functional import Promise

from dangjian.core import clock, rules
from dangjian.core.choices import (
    BRANCH_KINDS,
    COLLEGE_OR_ABOVE,
    Education,
    Gender,
    MemberCategory,
    MemberStatus,
    Occupation,
    OrgDomain,
    OrgKind,
    OrgLevel,
)
from dangjian.core.models import Org, OrgStats, Person

logger = logging.getLogger(__name__)

HAN = "汉族"
MINORITY = "少数民族"
UNSET = "unset"

# STATS: joining periods of the yearly communiqué: (key, label, joined before this day; None = open).
JOIN_PERIODS: tuple[tuple[str, str, dt.date | None], ...] = (
    ("before_1949", "新中国成立前", dt.date(1949, 10, 1)),
    ("to_1978", "新中国成立至十一届三中全会前", dt.date(1978, 12, 18)),
    ("to_2012", "十一届三中全会至十八大前", dt.date(2012, 11, 8)),
    ("since_2012", "党的十八大以来", None),
)


def join_period(joined_on: dt.date) -> str:
    """The STATS joining period of a join date (boundaries: 1949-10-01, 1978-12-18, 2012-11-08)."""
    for key, _, before in JOIN_PERIODS:
        if before is None or joined_on < before:
            return key
    raise AssertionError("unreachable: the last period is open")


@dataclass(frozen=True)
class Dimension:
    key: str
    title: str
    choices: tuple[tuple[str, str | Promise], ...]  # (code, label) in display order; empty for ethnicity


# The structures kept in `OrgStats.breakdown` and shown by the workbench, in display order.
DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("gender", "性别", tuple(Gender.choices)),
    Dimension("age_band", "年龄", tuple((label, label) for label, _ in rules.AGE_BANDS)),
    Dimension("education", "学历", tuple(Education.choices)),
    Dimension("college_or_above", "大专及以上学历", (("yes", "大专及以上"), ("no", "大专以下"))),
    Dimension("ethnicity", "民族", ()),
    Dimension("status", "党员状态", tuple(MemberStatus.choices)),
    Dimension("category", "党员类别", tuple(MemberCategory.choices)),
    Dimension("occupation", "工作岗位", (*Occupation.choices, (UNSET, "未填写"))),
    Dimension("join_period", "入党时间", tuple((key, label) for key, label, _ in JOIN_PERIODS)),
    Dimension("org_kind", "组织类别", tuple(OrgKind.choices)),
    Dimension("org_domain", "所属领域", tuple(OrgDomain.choices)),
)
DIMENSION_BY_KEY = {d.key: d for d in DIMENSIONS}
_PERSON_DIMENSIONS = ("gender", "age_band", "education", "status", "category", "occupation", "join_period")


def aged_at_most(row: OrgStats, age: int) -> int:
    """Members in the age bands whose upper bound is at most `age` (35 → ≤30 and 31-35)."""
    bands = (row.breakdown or {}).get("age_band", {})
    return sum(bands.get(label, 0) for label, upper in rules.AGE_BANDS if upper is not None and upper <= age)


# --- counting ----------------------------------------------------------------------------------------


def _person_filters(today: dt.date) -> dict[str, Q]:
    """One conditional count per (dimension, code); the key is "dimension:code"."""
    filters: dict[str, Q] = {}
    for code in Gender.values:
        filters[f"gender:{code}"] = Q(gender=code)
    for label, born_from, born_to in rules.age_band_birth_ranges(today):
        condition = Q()
        if born_from is not None:
            condition &= Q(birth_date__gte=born_from)
        if born_to is not None:
            condition &= Q(birth_date__lte=born_to)
        filters[f"age_band:{label}"] = condition
    for code in Education.values:
        filters[f"education:{code}"] = Q(education=code)
    for code in MemberStatus.values:
        filters[f"status:{code}"] = Q(status=code)
    for code in MemberCategory.values:
        filters[f"category:{code}"] = Q(category=code)
    for code in Occupation.values:
        filters[f"occupation:{code}"] = Q(occupation=code)
    filters[f"occupation:{UNSET}"] = Q(occupation="")
    start: dt.date | None = None
    for key, _, before in JOIN_PERIODS:
        condition = Q()
        if start is not None:
            condition &= Q(joined_on__gte=start)
        if before is not None:
            condition &= Q(joined_on__lt=before)
        filters[f"join_period:{key}"] = condition
        start = before
    return filters


def _aggregates(today: dt.date) -> tuple[dict[str, Any], dict[str, str]]:
    """Aggregate expressions under plain aliases (a0, a1, …) and the alias → counter key map."""
    expressions: dict[str, Any] = {"total": Count("id")}
    names: dict[str, str] = {"total": "total"}
    for number, (key, condition) in enumerate(_person_filters(today).items()):
        alias = f"a{number}"
        expressions[alias] = Count("id", filter=condition) if condition else Count("id")
        names[alias] = key
    return expressions, names


def _count_people(people: Any, today: dt.date, *, by_org: bool) -> dict[int | None, Counter[str]]:
    """Counters of `people` (a Person queryset), per org_id or (by_org=False) under the key None."""
    expressions, names = _aggregates(today)
    counters: dict[int | None, Counter[str]] = {}
    if by_org:
        rows: Iterable[Mapping[str, Any]] = people.order_by().values("org_id").annotate(**expressions)
    else:
        rows = [people.order_by().aggregate(**expressions)]
    for row in rows:
        counter: Counter[str] = Counter()
        for alias, key in names.items():
            if row[alias]:
                counter[key] = row[alias]
        counters[row.get("org_id")] = counter
    ethnic = people.order_by().values("ethnicity")
    ethnic = ethnic.values("org_id", "ethnicity") if by_org else ethnic
    for row in ethnic.annotate(n=Count("id")):
        counter = counters.setdefault(row.get("org_id"), Counter())
        counter[f"ethnicity:{row['ethnicity']}"] += row["n"]
        if row["ethnicity"] != HAN:
            counter["minority"] += row["n"]
    for counter in counters.values():
        college = sum(counter[f"education:{code}"] for code in COLLEGE_OR_ABOVE)
        counter["college_or_above:yes"] = college
        counter["college_or_above:no"] = counter["total"] - college
    return counters


def _org_counter(kind: str, domain: str, dissolved: bool) -> Counter[str]:
    """What one org adds to its own and its ancestors' figures.

    A 党小组 is listed among the kinds but is not a 党组织 of the statistics: it adds to neither the org
    count nor the domains. Dissolved orgs add nothing.
    """
    if dissolved:
        return Counter()
    counter: Counter[str] = Counter({f"org_kind:{kind}": 1})
    if kind != OrgKind.PARTY_GROUP:
        counter["org_count"] = 1
        counter[f"org_domain:{domain}"] = 1
    if kind in BRANCH_KINDS:
        counter["branch_count"] = 1
    return counter


def _to_row_values(counter: Counter[str]) -> dict[str, Any]:
    breakdown: dict[str, dict[str, int]] = {d.key: {} for d in DIMENSIONS}
    for key, value in counter.items():
        dimension, sep, code = key.partition(":")
        if sep and value:
            breakdown[dimension][code] = value
    return {
        "member_count": counter["total"],
        "probationary_count": counter[f"status:{MemberStatus.PROBATIONARY}"],
        "female_count": counter[f"gender:{Gender.FEMALE}"],
        "minority_count": counter["minority"],
        "college_count": counter["college_or_above:yes"],
        "org_count": counter["org_count"],
        "branch_count": counter["branch_count"],
        "breakdown": breakdown,
    }


def _from_row(row: OrgStats) -> Counter[str]:
    counter: Counter[str] = Counter()
    for dimension, values in (row.breakdown or {}).items():
        for code, value in values.items():
            counter[f"{dimension}:{code}"] = value
    counter["total"] = row.member_count
    counter["minority"] = row.minority_count
    counter["org_count"] = row.org_count
    counter["branch_count"] = row.branch_count
    return counter


_ROW_FIELDS = [
    "county",
    "path",
    "member_count",
    "probationary_count",
    "female_count",
    "minority_count",
    "college_count",
    "org_count",
    "branch_count",
    "breakdown",
    "refreshed_at",
]


def _save(rows: list[OrgStats]) -> None:
    OrgStats.objects.bulk_create(
        rows, batch_size=500, update_conflicts=True, unique_fields=["org"], update_fields=_ROW_FIELDS
    )


# --- refreshing --------------------------------------------------------------------------------------


def refresh_county(county_id: int, *, today: dt.date | None = None, ancestors: bool = True) -> int:
    """Recompute the rows of a county's whole subtree, then (by default) of its ancestors. Returns rows written."""
    started = timezone.now()
    today = today or clock.today()
    county = Org.objects.filter(pk=county_id).only("id", "path", "depth", "county_id").first()
    if county is None:
        return 0
    orgs = list(
        Org.objects.filter(Q(county_id=county.pk) | Q(pk=county.pk), path__startswith=county.path)
        .order_by()
        .values_list("id", "path", "kind", "domain", "is_dissolved")
    )
    people = _count_people(Person.objects.counted().filter(county_id=county.pk), today, by_org=True)
    totals: dict[str, Counter[str]] = {path: Counter() for _, path, *_ in orgs}
    step = Org.steplen
    for org_id, path, kind, domain, dissolved in orgs:
        own = _org_counter(kind, domain, dissolved) + people.get(org_id, Counter())
        for end in range(len(county.path), len(path) + 1, step):
            ancestor = totals.get(path[:end])
            if ancestor is not None:
                ancestor.update(own)
    rows = [
        OrgStats(org_id=org_id, county_id=county.pk, path=path, refreshed_at=started, **_to_row_values(totals[path]))
        for org_id, path, *_ in orgs
    ]
    with transaction.atomic():
        _save(rows)
        written = len(rows)
        if ancestors:
            written += _refresh_upper(list(Org.objects.get_ancestors(county)), today=today, started=started)
    return written


def _refresh_upper(upper: list[Org], *, today: dt.date, started: dt.datetime) -> int:
    """Rows of orgs above the counties (province, city, their own branches), deepest first, from children's rows."""
    computed: dict[int, Counter[str]] = {}
    rows = []
    for org in sorted(upper, key=lambda o: o.depth, reverse=True):
        counter = _org_counter(org.kind, org.domain, org.is_dissolved)
        counter.update(
            _count_people(Person.objects.counted().filter(org_id=org.pk), today, by_org=False).get(None, Counter())
        )
        children = list(Org.objects.filter(path__startswith=org.path, depth=org.depth + 1).values_list("id", flat=True))
        missing = [child for child in children if child not in computed]
        for child in children:
            if child in computed:
                counter.update(computed[child])
        for row in OrgStats.objects.filter(org_id__in=missing):
            counter.update(_from_row(row))
        computed[org.pk] = counter
        county_id = org.county_id if org.level != OrgLevel.COUNTY else org.pk
        rows.append(
            OrgStats(org=org, county_id=county_id, path=org.path, refreshed_at=started, **_to_row_values(counter))
        )
    _save(rows)
    return len(rows)


def refresh_upper(*, today: dt.date | None = None) -> int:
    """Recompute every org that belongs to no county (province, cities and their own branches)."""
    upper = list(Org.objects.filter(county__isnull=True).exclude(level=OrgLevel.COUNTY))
    with transaction.atomic():
        return _refresh_upper(upper, today=today or clock.today(), started=timezone.now())


def refresh_all(*, today: dt.date | None = None) -> int:
    today = today or clock.today()
    written = 0
    for county_id in Org.objects.filter(level=OrgLevel.COUNTY).order_by("path").values_list("id", flat=True):
        written += refresh_county(county_id, today=today, ancestors=False)
    return written + refresh_upper(today=today)


def compute_for_org(org: Org, *, today: dt.date | None = None) -> OrgStats:
    """An unsaved row for one org's subtree, counted now (small scopes whose row is not there yet)."""
    today = today or clock.today()
    people = Person.objects.counted().filter(org_path__startswith=org.path)
    county_id = org.pk if org.level == OrgLevel.COUNTY else org.county_id
    if county_id is not None:
        people = people.filter(county_id=county_id)
    counter = _count_people(people, today, by_org=False).get(None, Counter())
    for kind, domain, dissolved in Org.objects.filter(path__startswith=org.path).values_list(
        "kind", "domain", "is_dissolved"
    ):
        counter.update(_org_counter(kind, domain, dissolved))
    return OrgStats(org=org, county_id=county_id, path=org.path, refreshed_at=timezone.now(), **_to_row_values(counter))


# --- after-commit scheduling -------------------------------------------------------------------------


@task()
def refresh_county_task(county_id: int | None, requested_at: str | None = None) -> int:
    """Background refresh of one county (or, for None, of the orgs above the counties)."""
    if requested_at is not None and county_id is not None:
        requested = dt.datetime.fromisoformat(requested_at)
        # A refresh that started after this request already saw its change: skip the duplicate.
        if OrgStats.objects.filter(org_id=county_id, refreshed_at__gte=requested).exists():
            return 0
    if county_id is None:
        return refresh_upper()
    return refresh_county(county_id)


class _RefreshAfterCommit:
    """The on-commit callback for one county; comparable so a transaction schedules each county once."""

    def __init__(self, county_id: int | None) -> None:
        self.county_id = county_id

    def __call__(self) -> None:
        refresh_county_task.enqueue(self.county_id, requested_at=timezone.now().isoformat())


def schedule_refresh(county_id: int | None) -> None:
    """Refresh the county's figures once the current transaction commits (once per county and transaction)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # Django keeps the pending callbacks in run_on_commit and drops them on rollback, so looking there
        # dedupes without keeping any state of our own that a rollback could leave stale.
        for _savepoints, callback, _robust in connection.run_on_commit:
            if isinstance(callback, _RefreshAfterCommit) and callback.county_id == county_id:
                return
    transaction.on_commit(_RefreshAfterCommit(county_id), robust=True)
