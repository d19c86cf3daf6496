"""Reads of dues (党费): the ledger, profiles, reductions, arrears and the special check; each starts from scope."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from dangjian.core.choices import OrgLevel
from dangjian.core.filters import IntegerFilter, subtree_filter
from dangjian.core.models import Org, Person
from dangjian.core.scoping import get_scoped_or_404, scope_of, scoped
from dangjian.members import rules
from dangjian.members.choices import ApprovalStatus, DuesKindChoice, ReductionKind
from dangjian.members.models import DuesProfile, DuesRecord, DuesReduction, DuesSetting
from dangjian.members.rules import Month

ZERO = Decimal("0.00")
MONTH_PATTERN = re.compile(r"\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\s*")


def farmer_monthly_of(county_id: int | None) -> Decimal:
    """A county's farmers' monthly dues (the regulation's floor where the county set none)."""
    if county_id is None:
        return rules.FIXED_MONTHLY
    setting = DuesSetting.objects.filter(county_id=county_id).only("farmer_monthly").first()
    return setting.farmer_monthly if setting else rules.FIXED_MONTHLY


def farmer_monthly_for(user: Any) -> Decimal:
    """The farmers' monthly dues of the user's county."""
    return farmer_monthly_of(scope_of(user).county_id)


# --- months as input ---------------------------------------------------------------------------------------


def parse_month(value: Any) -> dt.date | None:
    """A month written as 年-月 (2026-03; a full date is accepted too) → its first day; None when unreadable."""
    if isinstance(value, dt.date):
        return value.replace(day=1)
    match = MONTH_PATTERN.fullmatch(str(value or ""))
    if match is None:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1900 <= year <= 2099 and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)


class MonthField(forms.Field):
    """A month (年-月) as its first day; the browser shows a month picker."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-03"})

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        month = parse_month(value)
        if month is None:
            raise forms.ValidationError(f"{self.label or '月份'}格式应为 年-月,如 2026-03")
        return month

    def prepare_value(self, value: Any) -> Any:
        return f"{value:%Y-%m}" if isinstance(value, dt.date) else value


def month_label(day: dt.date) -> str:
    return str(Month.of(day))


# --- filters -----------------------------------------------------------------------------------------------


class MonthFilter(django_filters.Filter):
    field_class = MonthField


class _OrgSearchFilterSet(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    search = django_filters.CharFilter(method="filter_search", label="姓名")
    person = IntegerFilter(field_name="person_id", label="党员编号")

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(person__name__contains=value) if value else queryset


class DuesRecordFilter(_OrgSearchFilterSet):
    month = MonthFilter(field_name="month", label="月份(年-月)")
    unpaid = django_filters.BooleanFilter(method="filter_unpaid", label="是否未缴清(true 仅未缴清的月份)")

    class Meta:
        model = DuesRecord
        fields = ["month", "org", "search", "unpaid", "person"]

    def filter_unpaid(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        short = Q(paid__lt=F("expected"))
        return queryset.filter(short) if value else queryset.exclude(short)


class DuesProfileFilter(_OrgSearchFilterSet):
    kind = django_filters.ChoiceFilter(choices=DuesKindChoice.choices, label="缴费类别")

    class Meta:
        model = DuesProfile
        fields = ["org", "search", "kind", "person"]


class DuesReductionFilter(_OrgSearchFilterSet):
    status = django_filters.ChoiceFilter(choices=ApprovalStatus.choices, label="审批状态")
    kind = django_filters.ChoiceFilter(choices=ReductionKind.choices, label="类型")

    class Meta:
        model = DuesReduction
        fields = ["org", "search", "status", "kind", "person"]


# --- the ledger ----------------------------------------------------------------------------------------------


def records(user: Any) -> QuerySet[DuesRecord]:
    return scoped(DuesRecord, user).select_related("person", "org", "reduction")


def ledger(user: Any, params: Mapping[str, Any]) -> tuple[DuesRecordFilter, QuerySet[DuesRecord]]:
    """The ledger rows the user may see, filtered (month, org subtree, name, unpaid), in branch order."""
    filterset = DuesRecordFilter(params or None, queryset=records(user))
    return filterset, filterset.qs.order_by("org_path", "person_id", "month")


@dataclass(frozen=True)
class LedgerTotals:
    rows: int
    expected: Decimal
    paid: Decimal
    extra: Decimal
    unpaid_rows: int

    @property
    def shortfall(self) -> Decimal:
        return self.expected - self.paid


def ledger_totals(rows: QuerySet[DuesRecord]) -> LedgerTotals:
    """Sums over all filtered rows (not only the page shown)."""
    sums = rows.order_by().aggregate(
        n_rows=Count("pk"),
        sum_expected=Coalesce(Sum("expected"), ZERO),
        sum_paid=Coalesce(Sum("paid"), ZERO),
        sum_extra=Coalesce(Sum("extra"), ZERO),
        n_unpaid=Count("pk", filter=Q(paid__lt=F("expected"))),
    )
    return LedgerTotals(
        rows=sums["n_rows"],
        expected=rules.round_fen(Decimal(sums["sum_expected"])),
        paid=rules.round_fen(Decimal(sums["sum_paid"])),
        extra=rules.round_fen(Decimal(sums["sum_extra"])),
        unpaid_rows=sums["n_unpaid"],
    )


def record_detail(user: Any, pk: Any) -> DuesRecord:
    return get_scoped_or_404(records(user), user, pk=pk)


def counted_in_month(people: QuerySet[Person], month: dt.date) -> QuerySet[Person]:
    """Members counted in the month: joined by its last day (DUES-06: 预备党员 from the month of the branch
    resolution) and counted on that day (正常, 失联, 出国出境)."""
    from dangjian.members.selectors.standing import counted_on

    last_day = rules.month_first_day(Month.of(month).plus(1)) - dt.timedelta(days=1)
    return counted_on(people, last_day)


def subtree_people(org: Org, queryset: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """People of the org's subtree (the county id keeps the composite indexes in play)."""
    people = queryset if queryset is not None else Person.objects.all()
    people = people.filter(org_path__startswith=org.path)
    county_id = org.pk if org.level == OrgLevel.COUNTY else org.county_id
    return people.filter(county_id=county_id) if county_id is not None else people


@dataclass
class LedgerGaps:
    """Members counted in a month with no ledger row: without a dues standard (未核定), or not yet opened."""

    unassessed: list[Person] = field(default_factory=list)
    unassessed_count: int = 0
    unopened_count: int = 0


def ledger_gaps(user: Any, org: Org, month: dt.date, *, limit: int = 100) -> LedgerGaps:
    people = counted_in_month(subtree_people(org, scoped(Person, user)), month).exclude(dues_records__month=month)
    assessed = Q(dues_profile__from_month__lte=month) | Q(
        pk__in=DuesReduction.objects.filter(
            status=ApprovalStatus.APPROVED, from_month__lte=month, to_month__gte=month
        ).values("person_id")
    )
    unassessed = people.exclude(assessed)
    return LedgerGaps(
        unassessed=list(unassessed.select_related("org").order_by("org_path", "id")[:limit]),
        unassessed_count=unassessed.count(),
        unopened_count=people.filter(assessed).count(),
    )


def person_for_dues(user: Any, pk: Any) -> Person:
    return get_scoped_or_404(Person.objects.select_related("org"), user, pk=pk)


def profile_of(user: Any, person: Person) -> DuesProfile | None:
    return scoped(DuesProfile, user).filter(person=person).first()


@dataclass
class MonthLine:
    month: dt.date
    record: DuesRecord | None

    @property
    def label(self) -> str:
        return month_label(self.month)


def member_year(user: Any, person: Person, year: int) -> list[MonthLine]:
    """A member's twelve months of a year, each with its ledger row when there is one."""
    rows = {r.month: r for r in records(user).filter(person=person, month__year=year)}
    months = [dt.date(year, number, 1) for number in range(1, 13)]
    return [MonthLine(month=month, record=rows.get(month)) for month in months]


def member_years(user: Any, person: Person) -> list[int]:
    years = {d.year for d in records(user).filter(person=person).dates("month", "year")}
    return sorted(years, reverse=True)


def unpaid_records(user: Any, person: Person) -> QuerySet[DuesRecord]:
    return records(user).filter(person=person, paid__lt=F("expected")).order_by("month")


# --- profiles and reductions ---------------------------------------------------------------------------------


def profiles(user: Any, params: Mapping[str, Any]) -> tuple[DuesProfileFilter, QuerySet[DuesProfile]]:
    queryset = scoped(DuesProfile, user).select_related("person", "person__org")
    filterset = DuesProfileFilter(params or None, queryset=queryset)
    return filterset, filterset.qs.order_by("org_path", "person_id")


def profile_detail(user: Any, pk: Any) -> DuesProfile:
    return get_scoped_or_404(DuesProfile.objects.select_related("person", "person__org"), user, pk=pk)


def reductions(user: Any, params: Mapping[str, Any]) -> tuple[DuesReductionFilter, QuerySet[DuesReduction]]:
    queryset = scoped(DuesReduction, user).select_related("person", "person__org", "approved_by")
    filterset = DuesReductionFilter(params or None, queryset=queryset)
    return filterset, filterset.qs.order_by("-id")


def reduction_detail(user: Any, pk: Any) -> DuesReduction:
    queryset = DuesReduction.objects.select_related("person", "person__org", "approved_by")
    return get_scoped_or_404(queryset, user, pk=pk)


def person_reductions(user: Any, person: Person) -> QuerySet[DuesReduction]:
    return scoped(DuesReduction, user).filter(person=person).select_related("approved_by").order_by("-from_month")


def reduction_org(reduction: DuesReduction) -> Org:
    """The branch that decided a reduction (whose committee above approves it)."""
    org = Org.objects.filter(path=reduction.org_path).first()
    return org if org is not None else reduction.person.org


# --- arrears (DUES-10, ORG-10) -------------------------------------------------------------------------------


@dataclass
class MemberArrears:
    """A member's overdue months (paid less than expected, no good reason recorded) and their runs."""

    person: Person
    months: list[Month]
    amount: Decimal
    longest_run: int
    current_run: int

    @property
    def pk(self) -> int:
        return self.person.pk

    @property
    def lapsed(self) -> bool:
        return self.longest_run >= rules.LAPSE_MONTHS

    @property
    def flag(self) -> str:
        return rules.LAPSE_FLAG if self.lapsed else ""

    @property
    def month_labels(self) -> list[str]:
        return [str(month) for month in self.months]

    @property
    def month_codes(self) -> list[str]:
        return [f"{month.year}-{month.month:02d}" for month in self.months]


def _owed_rows(user: Any, today: dt.date) -> QuerySet[DuesRecord]:
    last = rules.month_first_day(rules.overdue_through(today))
    return scoped(DuesRecord, user).filter(month__lte=last, excused=False, paid__lt=F("expected"))


def arrears(
    user: Any,
    *,
    today: dt.date,
    org: Org | None = None,
    search: str = "",
    person_id: int | None = None,
    lapsed_only: bool = False,
) -> list[MemberArrears]:
    """Members with overdue months in the user's scope; those flagged 自行脱党 first, then by the longest run."""
    rows = _owed_rows(user, today)
    if org is not None:
        rows = rows.filter(org_path__startswith=org.path)
    if search.strip():
        rows = rows.filter(person__name__contains=search.strip())
    if person_id is not None:
        rows = rows.filter(person_id=person_id)
    owed: dict[int, list[tuple[dt.date, Decimal]]] = defaultdict(list)
    for pid, month, expected, paid in rows.values_list("person_id", "month", "expected", "paid").iterator():
        owed[pid].append((month, expected - paid))
    up_to = rules.overdue_through(today)
    people = Person.objects.filter(pk__in=list(owed)).select_related("org").in_bulk() if owed else {}
    result = []
    for pid, items in owed.items():
        months = sorted(Month.of(month) for month, _ in items)
        entry = MemberArrears(
            person=people[pid],
            months=months,
            amount=sum((amount for _, amount in items), ZERO),
            longest_run=rules.longest_unpaid_run(months),
            current_run=rules.unpaid_run_ending(months, up_to=up_to),
        )
        if entry.lapsed or not lapsed_only:
            result.append(entry)
    result.sort(key=lambda e: (not e.lapsed, -e.longest_run, e.person.org_path, e.person.pk))
    return result


def lapsed_count(user: Any, *, today: dt.date, org: Org | None = None) -> int:
    return len(arrears(user, today=today, org=org, lapsed_only=True))


# --- the special check (党费收缴专项检查) -----------------------------------------------------------------------


@dataclass
class CheckMember:
    person: Person
    org_name: str
    kind: str
    months: dict[dt.date, tuple[Decimal, Decimal]] = field(default_factory=dict)
    expected: Decimal = ZERO
    paid: Decimal = ZERO
    extra: Decimal = ZERO
    shortfall: Decimal = ZERO
    owed: list[Month] = field(default_factory=list)
    excused: int = 0
    unassessed: bool = False

    @property
    def longest_run(self) -> int:
        return rules.longest_unpaid_run(self.owed)

    @property
    def note(self) -> str:
        if self.unassessed:
            return "未核定党费缴纳标准"
        notes = []
        if self.longest_run >= rules.LAPSE_MONTHS:
            notes.append(rules.LAPSE_FLAG)
        if self.excused:
            notes.append(f"有正当理由未缴{self.excused}个月")
        if rules.extra_passed_up(self.extra):
            notes.append("自愿多交1000元以上,全额上缴")
        return ";".join(notes)


@dataclass
class CheckBranch:
    org: Org
    members: set[int] = field(default_factory=set)
    expected: Decimal = ZERO
    paid: Decimal = ZERO
    extra: Decimal = ZERO
    shortfall: Decimal = ZERO
    owed_months: int = 0
    in_arrears: set[int] = field(default_factory=set)
    unassessed: int = 0

    @property
    def rate(self) -> Decimal | None:
        """Share of the expected amount that was paid (收缴率), in per cent."""
        if not self.expected:
            return None
        return rules.round_fen(self.paid * 100 / self.expected)


@dataclass
class SpecialCheck:
    org: Org
    first: Month
    last: Month
    months: list[dt.date]
    members: list[CheckMember]
    branches: list[CheckBranch]
    overdue_through: Month

    def total(self, name: str) -> Decimal:
        return sum((getattr(member, name) for member in self.members), ZERO)

    @property
    def owed_months(self) -> int:
        return sum(len(member.owed) for member in self.members)

    @property
    def in_arrears(self) -> int:
        return sum(1 for member in self.members if member.owed)

    @property
    def lapsed(self) -> int:
        return sum(1 for member in self.members if member.longest_run >= rules.LAPSE_MONTHS)

    @property
    def unassessed(self) -> int:
        return sum(1 for member in self.members if member.unassessed)


def special_check(user: Any, org: Org, first: Month, last: Month, *, today: dt.date) -> SpecialCheck:
    """Every member's expected and paid dues per month and in total over a period, with the shortfall and the
    overdue months; and the same per branch. Amounts come straight from the ledger rows of the org's subtree."""
    months = [rules.month_first_day(m) for m in rules.months_between(first, last)]
    overdue = rules.overdue_through(today)
    rows = (
        scoped(DuesRecord, user)
        .filter(org_path__startswith=org.path, month__gte=months[0], month__lte=months[-1])
        .values_list("person_id", "org_id", "month", "expected", "paid", "extra", "excused")
        .order_by("org_path", "person_id", "month")
    )
    members: dict[int, CheckMember] = {}
    branches: dict[int, CheckBranch] = {}
    raw = list(rows.iterator())
    people = Person.objects.filter(pk__in={r[0] for r in raw}).select_related("org").in_bulk()
    kinds = dict(DuesProfile.objects.filter(person_id__in=list(people)).values_list("person_id", "kind"))
    kind_labels = dict(DuesKindChoice.choices)
    org_ids = {r[1] for r in raw}
    orgs = Org.objects.filter(pk__in=org_ids).in_bulk()
    for person_id, org_id, month, expected, paid, extra, excused in raw:
        person = people[person_id]
        member = members.get(person_id)
        if member is None:
            member = members[person_id] = CheckMember(
                person=person, org_name=person.org.name, kind=str(kind_labels.get(kinds.get(person_id), ""))
            )
        branch = branches.get(org_id)
        if branch is None:
            branch = branches[org_id] = CheckBranch(org=orgs[org_id])
        short = max(expected - paid, ZERO)
        member.months[month] = (expected, paid)
        member.expected += expected
        member.paid += paid
        member.extra += extra
        member.shortfall += short
        branch.members.add(person_id)
        branch.expected += expected
        branch.paid += paid
        branch.extra += extra
        branch.shortfall += short
        if excused and short:
            member.excused += 1
        if Month.of(month) <= overdue and rules.month_owed(expected=expected, paid=paid, excused=excused):
            member.owed.append(Month.of(month))
            branch.owed_months += 1
            branch.in_arrears.add(person_id)
    # Members counted at the end of the period with no row at all: listed as 未核定, never as owing nothing.
    missing = (
        counted_in_month(subtree_people(org, scoped(Person, user)), months[-1])
        .exclude(pk__in=list(members))
        .select_related("org")
        .order_by("org_path", "id")
    )
    for person in missing:
        members[person.pk] = CheckMember(person=person, org_name=person.org.name, kind="", unassessed=True)
        branch = branches.get(person.org_id)
        if branch is None:
            branch = branches[person.org_id] = CheckBranch(org=person.org)
        branch.unassessed += 1
    ordered = sorted(members.values(), key=lambda m: (m.person.org_path, m.person.pk))
    return SpecialCheck(
        org=org,
        first=first,
        last=last,
        months=months,
        members=ordered,
        branches=sorted(branches.values(), key=lambda b: b.org.path),
        overdue_through=overdue,
    )
