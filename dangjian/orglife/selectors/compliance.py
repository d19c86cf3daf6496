"""The compliance engine (三会一课 and 主题党日 against the county's routine requirements) and ORG-10's absence list.

Everything is computed from `MeetingRequirement` rows and one GROUP BY over `Meeting` (org × kind × month of the
held meetings in the county's date range, on the county × path indexes); the counters on each meeting
give the attendance rate, so attendance rows are never read for compliance. Python then walks branches ×
requirements × periods, which for a county is a few tens of thousands of small steps."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

import django_filters
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Cast, ExtractMonth, Substr

from dangjian.core import clock
from dangjian.core.choices import BRANCH_KINDS, COUNTED_STANDINGS, OrgDomain, OrgKind, OrgLevel, Role
from dangjian.core.filters import parse_year, subtree_filter
from dangjian.core.models import AuditEntry, AuditHead, Org, Person
from dangjian.core.scoping import scoped, subtree
from dangjian.core.selectors import PageOf
from dangjian.members.choices import TransferKind, TransferStatus
from dangjian.members.models import Transfer
from dangjian.orglife import rules
from dangjian.orglife.choices import ATTENDED, ComplianceState
from dangjian.orglife.models import Attendance, Meeting, MeetingRequirement

UNIT_KINDS = [*BRANCH_KINDS, OrgKind.PARTY_GROUP]
ORG_FIELDS = ("id", "path", "depth", "code", "name", "kind", "domain", "county_id", "founded_on", "dissolved_on")
STATE_LABELS = dict(ComplianceState.choices)


# --- the span a page covers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A year, or a quarter or month of it ("year", "q1"…, "m1"…): what fell due in it is judged."""

    year: int
    key: str = "year"

    @property
    def first(self) -> dt.date:
        return rules.span_of(self.year, self.key)[0]

    @property
    def last(self) -> dt.date:
        return rules.span_of(self.year, self.key)[1]

    @property
    def label(self) -> str:
        name = dict(rules.SPAN_CHOICES).get(self.key, "全年")
        return f"{self.year}年{'' if self.key == 'year' else name}"

    @classmethod
    def parse(cls, year: Any, key: Any, *, today: dt.date | None = None) -> Span:
        """From query parameters; a bad year is this year, a bad span the whole year."""
        number = parse_year(year, today)
        key = str(key or "year").strip()
        return cls(number, key if key in dict(rules.SPAN_CHOICES) else "year")


# --- results ------------------------------------------------------------------------------------------------


@dataclass
class Cell:
    """One requirement in one period for one org (a branch, or one of its 党小组)."""

    org: Org
    requirement: MeetingRequirement
    period: rules.Period
    held: int
    backfilled: int
    state: str

    @property
    def expected(self) -> int:
        return self.requirement.expected

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def period_label(self) -> str:
        """The period named briefly (the year is the page's): "3月", "第1季度", "上半年", "全年"."""
        first = self.period.first
        if self.period.cycle == "month":
            return f"{first.month}月"
        if self.period.cycle == "quarter":
            return f"第{(first.month - 1) // 3 + 1}季度"
        if self.period.cycle == "half_year":
            return "上半年" if first.month == 1 else "下半年"
        return "全年"


@dataclass
class Tally:
    """Requirement-periods met and due, meetings held (补录 among them) and attendance (present of expected)."""

    met: int = 0
    due: int = 0
    held: int = 0
    backfilled: int = 0
    attended: int = 0
    expected: int = 0
    late_entry: int = 0
    missing: int = 0

    def add(self, other: Tally) -> None:
        for name in ("met", "due", "held", "backfilled", "attended", "expected", "late_entry", "missing"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def compliant(self) -> bool:
        """Every requirement-period that fell due was met (nothing is missing)."""
        return self.met == self.due

    @property
    def compliance_rate(self) -> Decimal | None:
        return rules.ratio_percent(self.met, self.due)

    @property
    def attendance_rate(self) -> Decimal | None:
        return rules.ratio_percent(self.attended, self.expected)

    @property
    def compliance_text(self) -> str:
        return rules.ratio_text(self.met, self.due)

    @property
    def attendance_text(self) -> str:
        return rules.ratio_text(self.attended, self.expected)


@dataclass
class BranchRates:
    """What 红旗支部 reads of a branch's year: requirement-periods met of due, members present of expected.

    The rates are percentages, unrounded (compare them with thresholds; show them with `rules.ratio_text`)."""

    met: int = 0
    due: int = 0
    attended: int = 0
    expected: int = 0

    @property
    def compliance_rate(self) -> Decimal | None:
        return rules.ratio_percent(self.met, self.due)

    @property
    def attendance_rate(self) -> Decimal | None:
        return rules.ratio_percent(self.attended, self.expected)


@dataclass
class BranchRow(Tally):
    """A branch (with its 党小组 folded in) over a span; `cells` only when asked for."""

    org: Org | None = None
    township: Org | None = None
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Rollup(Tally):
    """An org's branches over a span: how many, how many fully compliant, and their summed figures."""

    org: Org | None = None
    branches: int = 0
    compliant_branches: int = 0
    absent: int = 0

    def take(self, row: BranchRow) -> None:
        self.add(row)
        self.branches += 1
        self.compliant_branches += int(row.compliant)

    @property
    def compliant_rate(self) -> Decimal | None:
        return rules.ratio_percent(self.compliant_branches, self.branches)

    @property
    def compliant_text(self) -> str:
        return rules.ratio_text(self.compliant_branches, self.branches)


# --- the engine ---------------------------------------------------------------------------------------------


def has_requirements(county_id: int | None) -> bool:
    return MeetingRequirement.objects.filter(county_id=county_id).exists()


def _requirements(county_id: int | None) -> list[MeetingRequirement]:
    return list(MeetingRequirement.objects.filter(county_id=county_id).order_by("kind", "org_category", "id"))


def _judged_periods(
    requirements: list[MeetingRequirement], first: dt.date, last: dt.date
) -> list[tuple[MeetingRequirement, list[rules.Period]]]:
    """Each requirement with the periods it judges that end within [first, last]."""
    judged = []
    for requirement in requirements:
        periods = [
            period
            for period in rules.due_periods(requirement.cycle, first, last)
            if rules.judges(requirement.effective_from, requirement.effective_until, period)
        ]
        if periods:
            judged.append((requirement, periods))
    return judged


def meeting_rows(meetings: QuerySet[Meeting], first: dt.date, last: dt.date) -> QuerySet:
    """The engine's GROUP BY over the held meetings in [first, last] (within one calendar year): org × kind ×
    month, with the meetings held, those of them 补录, and the members present of expected.

    Every column read is in the partial covering index `meeting_held_cover` (the meetings are counted by their
    `org_id`, never null, rather than by `id`), so for a county PostgreSQL answers with an index-only scan."""
    return (
        meetings.filter(held=True, cancelled=False, held_on__gte=first, held_on__lte=last)
        .annotate(month=Cast(ExtractMonth("held_on"), IntegerField()))
        .values_list("org_id", "kind", "month")
        .annotate(
            held_count=Count("org"),
            backfilled_count=Count("org", filter=Q(backfilled=True)),
            present=Sum("present_count"),
            expected=Sum("expected_count"),
        )
        .order_by()
    )


# Per org: kind → [held by month (index 1–12), 补录 by month], and the span's [held, 补录, present, expected].
_Counts = tuple[dict[str, tuple[list[int], list[int]]], list[int]]


def _meeting_counts(
    meetings: QuerySet[Meeting], first: dt.date, last: dt.date, span: tuple[dt.date, dt.date]
) -> dict[int, _Counts]:
    """The GROUP BY's rows folded per org. Read through a plain cursor: a county-year is tens of thousands of
    small rows, and the ORM's per-value converters would cost more than the query."""
    sql, params = meeting_rows(meetings, first, last).query.sql_with_params()
    with connections[meetings.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counts: dict[int, _Counts] = {}
    span_first, span_last = span[0].month, span[1].month
    for org_id, kind, month, held, backfilled, present, expected in rows:
        month = int(month)
        entry = counts.get(org_id)
        if entry is None:
            entry = counts[org_id] = ({}, [0, 0, 0, 0])
        months = entry[0].get(kind)
        if months is None:
            months = entry[0][kind] = ([0] * 13, [0] * 13)
        months[0][month] += held
        months[1][month] += backfilled
        if span_first <= month <= span_last:
            totals = entry[1]
            totals[0] += held
            totals[1] += backfilled
            totals[2] += present or 0
            totals[3] += expected or 0
    return counts


def _existed(org: Org, period: rules.Period) -> bool:
    """An org is judged for the periods it lived through whole: founded by the first day, not dissolved before
    the last."""
    if org.founded_on is not None and org.founded_on > period.first:
        return False
    return org.dissolved_on is None or org.dissolved_on >= period.last


@dataclass(frozen=True)
class _Judged:
    """A requirement with the periods it judges, each with its months as a slice of the month counts."""

    requirement: MeetingRequirement
    periods: tuple[tuple[rules.Period, slice], ...]


def _evaluate(
    units: list[Org],
    *,
    county_id: int | None,
    meetings: QuerySet[Meeting],
    span: tuple[dt.date, dt.date],
    today: dt.date,
    keep_cells: bool,
) -> dict[int, BranchRow]:
    """Branch rows keyed by branch id. A 党小组 whose parent is a branch in `units` counts with that branch."""
    requirements = _requirements(county_id)
    judged = [
        _Judged(requirement, tuple((p, slice(p.first.month, p.last.month + 1)) for p in periods))
        for requirement, periods in _judged_periods(requirements, span[0], span[1])
    ]
    earliest = min([span[0], *(item.periods[0][0].first for item in judged)])
    counts = _meeting_counts(meetings, earliest, span[1], span)
    steplen = Org.steplen
    rows: dict[int, BranchRow] = {}
    by_path: dict[str, BranchRow] = {}
    applicable: dict[tuple[str, str], list[_Judged]] = {}
    empty: dict[str, tuple[list[int], list[int]]] = {}
    state_of = rules.compliance_state
    for org in sorted(units, key=lambda unit: unit.path):
        parent = by_path.get(org.path[:-steplen]) if org.kind == OrgKind.PARTY_GROUP else None
        if parent is not None:
            row = parent
        else:
            row = rows[org.pk] = by_path[org.path] = BranchRow(org=org)
        key = (org.kind, org.domain)
        if key not in applicable:
            categories = rules.org_categories(org.kind, org.domain)
            applicable[key] = [item for item in judged if item.requirement.org_category in categories]
        entry = counts.get(org.pk)
        by_kind = empty
        if entry is not None:
            by_kind, totals = entry
            row.held += totals[0]
            row.backfilled += totals[1]
            row.attended += totals[2]
            row.expected += totals[3]
        always = (org.founded_on is None or org.founded_on <= earliest) and org.dissolved_on is None
        for item in applicable[key]:
            requirement = item.requirement
            months = by_kind.get(requirement.kind)
            for period, within in item.periods:
                if not always and not _existed(org, period):
                    continue
                if months is None:
                    held = backfilled = 0
                else:
                    held, backfilled = sum(months[0][within]), sum(months[1][within])
                state = state_of(held, backfilled, requirement.expected, period, today)
                if state != ComplianceState.NOT_DUE:
                    row.due += 1
                    if state == ComplianceState.MISSING:
                        row.missing += 1
                    else:
                        row.met += 1
                        if state == ComplianceState.LATE_ENTRY:
                            row.late_entry += 1
                if keep_cells:
                    row.cells.append(Cell(org, requirement, period, held, backfilled, state))
    return rows


def _units(orgs: QuerySet[Org], first: dt.date) -> QuerySet[Org]:
    """Branches and 党小组, without the ones dissolved before the span (or without a date)."""
    alive = Q(is_dissolved=False) | Q(dissolved_on__gte=first)
    return orgs.filter(alive, kind__in=UNIT_KINDS).only(*ORG_FIELDS)


def branch_rates(branch_ids: Iterable[int], year: int, *, today: dt.date) -> dict[int, BranchRates]:
    """A year of each branch (its 党小组 included) as of `today`: requirement-periods met of due and attendance.

    For 红旗支部. One requirements read and one GROUP BY per county of the branches given; ids that are not
    branches are left out of the answer."""
    ids = list(branch_ids)
    span = (dt.date(year, 1, 1), dt.date(year, 12, 31))
    branches = list(_units(Org.objects.filter(pk__in=ids, kind__in=BRANCH_KINDS), span[0]))
    by_county: dict[int | None, list[Org]] = defaultdict(list)
    for branch in branches:
        by_county[branch.county_id].append(branch)
    answer: dict[int, BranchRates] = {}
    for county_id, members in by_county.items():
        paths = {branch.path for branch in members}
        groups = [
            group
            for group in _units(Org.objects.filter(county_id=county_id, kind=OrgKind.PARTY_GROUP), span[0])
            if group.path[: -Org.steplen] in paths
        ]
        unit_ids = [org.pk for org in members + groups]
        meetings = Meeting.objects.filter(county_id=county_id, org_id__in=unit_ids)
        rows = _evaluate(
            members + groups, county_id=county_id, meetings=meetings, span=span, today=today, keep_cells=False
        )
        for branch in members:
            row = rows[branch.pk]
            answer[branch.pk] = BranchRates(met=row.met, due=row.due, attended=row.attended, expected=row.expected)
    return answer


# --- pages: an org's branches, its children rolled up, one branch's grid ------------------------------------


def compliance_org(user: Any, code: str | None) -> Org | None:
    """The org a compliance page is about: `?org=<code>` within the scope, else the account's own org."""
    code = (code or "").strip()
    orgs = scoped(Org, user)
    if code:
        return orgs.filter(code=code).first()
    own = getattr(user, "org", None)
    if own is not None:
        return own
    return orgs.filter(depth=1).order_by("path").first()


def may_view(user: Any) -> bool:
    """Compliance is the managers' view (a member's own account has its meetings page instead)."""
    return getattr(user, "role", None) != Role.MEMBER or getattr(user, "is_superuser", False)


def is_unit(org: Org) -> bool:
    """Whether the org is judged itself (a branch or a 党小组) rather than rolled up over its branches."""
    return org.kind in UNIT_KINDS


class BranchFilter(django_filters.FilterSet):
    """Narrows the branches of a compliance list before they are computed (`state` is applied to the rows)."""

    search = django_filters.CharFilter(method="filter_search", label="党组织名称或代码")
    within = django_filters.CharFilter(method="filter_within", label="上级组织代码(含全部下级)")
    domain = django_filters.ChoiceFilter(
        choices=OrgDomain.choices,
        method="filter_domain",
        label="所属领域",
    )
    state = django_filters.ChoiceFilter(
        choices=[("compliant", "全部达标"), ("missing", "有未开展"), ("late_entry", "含补录")],
        method="filter_state",
        label="达标情况",
    )

    class Meta:
        model = Org
        fields = ["search", "within", "domain", "state"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(name__contains=value) | Q(code__iexact=value)) if value else queryset

    def filter_within(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "path", value) if value.strip() else queryset

    def filter_domain(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # A 党小组 follows its branch: keep the groups, the branches decide.
        return queryset.filter(Q(domain=value) | Q(kind=OrgKind.PARTY_GROUP)) if value else queryset

    def filter_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # computed figures: see `state_of`

    def state_of(self) -> str:
        if not self.is_bound or not self.form.is_valid():
            return ""
        return self.form.cleaned_data.get("state") or ""


def _keep(row: BranchRow, state: str) -> bool:
    if state == "compliant":
        return row.compliant
    if state == "missing":
        return row.missing > 0
    if state == "late_entry":
        return row.late_entry > 0
    return True


def county_id_of(org: Org) -> int | None:
    return org.pk if org.county_id is None and org.level == OrgLevel.COUNTY else org.county_id


def _meetings_under(org: Org) -> QuerySet[Meeting]:
    """The meetings of an org's subtree. A county's are all the rows of the county (every meeting copies its
    org's county), read from the (county, day) covering index without a path condition; below a county the
    (county, path, day) index narrows them to the subtree."""
    county_id = county_id_of(org)
    if county_id is not None and county_id == org.pk:
        return Meeting.objects.filter(county_id=county_id)
    meetings = Meeting.objects.filter(**subtree("org_path", org.path))
    return meetings.filter(county_id=county_id) if county_id is not None else meetings


def branch_rows(
    user: Any,
    org: Org,
    span: Span,
    *,
    today: dt.date | None = None,
    params: Mapping[str, Any] | None = None,
    keep_cells: bool = False,
) -> tuple[BranchFilter, list[BranchRow]]:
    """Every branch in the org's subtree (within the user's scope) over the span, in tree order; 党小组 are folded
    into their branch. Three queries: the branches, the requirements, the meetings GROUP BY."""
    today = today or clock.today()
    orgs = _units(scoped(Org, user).filter(**subtree("path", org.path)), span.first)
    filterset = BranchFilter(params or None, queryset=orgs)
    units = list(filterset.qs)
    # A 党小组 is shown with its branch: without the branch (filtered out) it is not listed either.
    paths = {unit.path for unit in units if unit.kind != OrgKind.PARTY_GROUP}
    units = [u for u in units if u.kind != OrgKind.PARTY_GROUP or u.path[: -Org.steplen] in paths or u.pk == org.pk]
    rows = _evaluate(
        units,
        county_id=county_id_of(org),
        meetings=_meetings_under(org),
        span=(span.first, span.last),
        today=today,
        keep_cells=keep_cells,
    )
    state = filterset.state_of()
    return filterset, [row for row in rows.values() if _keep(row, state)]


def children_rollup(user: Any, org: Org, span: Span, *, today: dt.date | None = None) -> tuple[list[Rollup], Rollup]:
    """The org's direct children (the county's townships) each rolled up over its branches, and the org's total.

    Branches directly under the org are their own row. The absence count comes from one more GROUP BY."""
    _, rows = branch_rows(user, org, span, today=today)
    children = list(
        scoped(Org, user)
        .filter(**subtree("path", org.path), depth=org.depth + 1)
        .filter(Q(is_dissolved=False) | Q(dissolved_on__gte=span.first))
        .only(*ORG_FIELDS)
        .order_by("path")
    )
    rollups = {child.path: Rollup(org=child) for child in children}
    total = Rollup(org=org)
    width = len(org.path) + Org.steplen
    for row in rows:
        assert row.org is not None
        total.take(row)
        child = rollups.get(row.org.path[:width])
        if child is not None:
            child.take(row)
    absent = absence_counts(user, org, today=today)
    for path, count in absent.items():
        if path in rollups:
            rollups[path].absent = count
        total.absent += count
    return [rollup for rollup in rollups.values() if rollup.branches or rollup.absent], total


# The county page's figures are kept for a while under the county's data version (its latest audit entry): every
# write the figures depend on (a meeting, its attendance, a requirement, an org or a member) appends one.
ROLLUP_CACHE_SECONDS = 600


def data_version(org: Org) -> str:
    """Changes with every audited write in the org's county (across the whole tree above a county)."""
    county_id = county_id_of(org)
    if county_id is None:
        head = AuditHead.objects.filter(pk=1).values_list("count", "last_hash").first()
        return "all-{}-{}".format(*head) if head else "all"
    last = AuditEntry.objects.filter(county_id=county_id).order_by("-id").values_list("id", "hash").first()
    return "{}-{}-{}".format(county_id, *last) if last else f"{county_id}"


def children_rollup_cached(
    user: Any, org: Org, span: Span, *, today: dt.date | None = None
) -> tuple[list[Rollup], Rollup]:
    """`children_rollup` kept in the cache under the county's data version (the scope is the org's subtree, which
    lies wholly in the scope of anyone who may open it, so the figures are the same for every such account)."""
    today = today or clock.today()
    seconds = getattr(settings, "DANGJIAN_COMPLIANCE_CACHE_SECONDS", ROLLUP_CACHE_SECONDS)
    if not seconds:
        return children_rollup(user, org, span, today=today)
    key = f"orglife:compliance:v1:{org.path}:{span.year}:{span.key}:{today.isoformat()}:{data_version(org)}"
    found = cache.get(key)
    if found is None:
        found = children_rollup(user, org, span, today=today)
        cache.set(key, found, seconds)
    return found


def branch_detail(
    user: Any, org: Org, span: Span, *, today: dt.date | None = None
) -> tuple[BranchRow, list[tuple[str, list[Cell]]]]:
    """One branch (or 党小组) over the span, its cells grouped by requirement (and 党小组) in order."""
    _, rows = branch_rows(user, org, span, today=today, keep_cells=True)
    row = next((row for row in rows if row.org is not None and row.org.pk == org.pk), BranchRow(org=org))
    groups: dict[tuple[int, int], list[Cell]] = {}
    for cell in row.cells:
        groups.setdefault((cell.org.pk, cell.requirement.pk), []).append(cell)
    lines = []
    for cells in groups.values():
        first = cells[0]
        owner = "" if first.org.pk == org.pk else f"{first.org.name} · "
        lines.append((f"{owner}{first.requirement}", cells))
    return row, lines


def branch_meetings(user: Any, org: Org, span: Span) -> QuerySet[Meeting]:
    """The meetings of a branch and its 党小组 in the span (held, planned and cancelled), newest first."""
    return (
        scoped(Meeting, user)
        .filter(**subtree("org_path", org.path), held_on__gte=span.first, held_on__lte=span.last)
        .select_related("org")
        .order_by("-held_on", "-starts_at", "-id")
    )


# --- ORG-10: members without organisational life for six months ---------------------------------------------


class AbsenceFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    search = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="姓名")

    class Meta:
        model = Person
        fields = ["org", "search"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


def _absent(people: QuerySet[Person], today: dt.date) -> QuerySet[Person]:
    """Counted members who came to their branch at least six months ago (joined, or transferred in) and have no
    attended meeting since the cutoff: NOT EXISTS on the (person, held_on) index."""
    cutoff = rules.absence_cutoff(today)
    attended = Attendance.objects.filter(person=OuterRef("pk"), held_on__gte=cutoff, status__in=ATTENDED)
    arrived = Transfer.objects.filter(
        person=OuterRef("pk"),
        kind__in=[TransferKind.INTERNAL, TransferKind.INCOMING],
        status=TransferStatus.ACCEPTED,
        decided_on__gt=cutoff,
    )
    return (
        people.filter(standing__in=COUNTED_STANDINGS, joined_on__lte=cutoff)
        .exclude(Exists(attended))
        .exclude(Exists(arrived))
    )


def absence_list(
    user: Any, params: Mapping[str, Any], *, today: dt.date | None = None
) -> tuple[AbsenceFilter, QuerySet[Person]]:
    today = today or clock.today()
    people = _absent(scoped(Person, user), today).select_related("org")
    filterset = AbsenceFilter(params or None, queryset=people)
    return filterset, filterset.qs.order_by("org_path", "id")


ABSENCE_PAGE_SIZE = 50


class _AbsencePaginator(Paginator):
    """The absence list's pages: the page's ids first (the anti-join stops once it has found them), then those
    members by primary key without the anti-join again; the total comes from `total` (kept in the cache), since
    counting means probing the attendance index once for every counted member in the scope."""

    def __init__(self, people: QuerySet[Person], per_page: int, *, total: Callable[[], int]) -> None:
        super().__init__(people, per_page)
        self._total = total

    @cached_property
    def count(self) -> int:
        return self._total()

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top]) if top > bottom else []
        rows = {person.pk: person for person in Person.objects.filter(pk__in=ids).select_related("org")}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def _scope_version(user: Any) -> str:
    """The data version of the user's scope (their county's, or the whole tree's above a county)."""
    own = compliance_org(user, None)
    if own is None:
        head = AuditHead.objects.filter(pk=1).values_list("count", "last_hash").first()
        return "all-{}-{}".format(*head) if head else "all"
    return data_version(own)


def _absence_total(user: Any, people: QuerySet[Person]) -> int:
    """How many members the filtered list holds, kept like the county figures under the scope's data version (the
    query text, with its cutoff day, scope and filters, is part of the key)."""
    seconds = getattr(settings, "DANGJIAN_COMPLIANCE_CACHE_SECONDS", ROLLUP_CACHE_SECONDS)
    if not seconds:
        return people.count()
    sql, params = people.order_by().values("pk").query.sql_with_params()
    digest = hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()[:32]
    key = f"orglife:absence:v1:{digest}:{_scope_version(user)}"
    found = cache.get(key)
    if found is None:
        found = people.count()
        cache.set(key, found, seconds)
    return found


def absence_page(
    user: Any, params: Mapping[str, Any], page_number: Any, *, today: dt.date | None = None
) -> tuple[AbsenceFilter, PageOf]:
    """One page of the absence list (a bad page number gives the first, one out of range the last), each listed
    member with their last attended meeting as `last_attended`."""
    filterset, people = absence_list(user, params, today=today)
    paginator = _AbsencePaginator(people, ABSENCE_PAGE_SIZE, total=lambda: _absence_total(user, people))
    page = paginator.get_page(page_number)
    numbers = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    last = last_attended(user, list(page.object_list)) if page.object_list else {}
    for person in page.object_list:
        person.last_attended = last.get(person.pk)
    return filterset, PageOf(page=page, page_numbers=numbers)


def absence_count_rows(user: Any, org: Org, *, today: dt.date) -> QuerySet:
    """Absent members counted per direct child of the org: one GROUP BY on the child's path prefix."""
    width = len(org.path) + Org.steplen
    people = scoped(Person, user).filter(**subtree("org_path", org.path))
    county_id = county_id_of(org)
    if county_id is not None:
        people = people.filter(county_id=county_id)
    return (
        _absent(people, today)
        .annotate(branch=Substr("org_path", 1, width))
        .values_list("branch")
        .annotate(count=Count("id"))
        .order_by()
    )


def absence_counts(user: Any, org: Org, *, today: dt.date | None = None) -> dict[str, int]:
    """Absent members under each direct child of the org (keyed by the child's path; the org's own members under
    its own path)."""
    return dict(absence_count_rows(user, org, today=today or clock.today()))


def last_attended(user: Any, people: Iterable[Person] | QuerySet[Person]) -> dict[int, dt.date]:
    """The last attended meeting of each listed member (one grouped query for a page or an export)."""
    rows = (
        scoped(Attendance, user)
        .filter(person__in=people, status__in=ATTENDED)
        .values("person_id")
        .annotate(last=Max("held_on"))
        .values_list("person_id", "last")
    )
    return dict(rows)


def arrival(person: Person) -> dt.date:
    """When the member came to the branch: the last accepted transfer in, else the joining date."""
    moved = Transfer.objects.filter(
        person=person, kind__in=[TransferKind.INTERNAL, TransferKind.INCOMING], status=TransferStatus.ACCEPTED
    ).aggregate(last=Max("decided_on"))["last"]
    return max(person.joined_on, moved) if moved else person.joined_on
