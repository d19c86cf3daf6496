"""Reads of 积分管理: monthly and yearly totals per member (closed months from the frozen totals, open months from
the approved entries), rankings within branch and township, star ratings, 红旗支部, entries and pending claims."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import QuerySet, Sum

from dangjian.core import clock
from dangjian.core.choices import BRANCH_KINDS, ON_ROLL_STANDINGS, MemberCategory, OrgLevel
from dangjian.core.filters import IntegerFilter, parse_year, subtree_filter
from dangjian.core.models import Org, Person
from dangjian.core.scoping import get_scoped_or_404, published_to, scope_of, scoped, subtree
from dangjian.members.selectors.dues import MonthFilter
from dangjian.members.selectors.evaluation import YearFilter
from dangjian.orglife import rules
from dangjian.orglife.choices import PointEntryStatus, PointSource
from dangjian.orglife.models import PointEntry, PointItem, PointMonth, PointScheme, PointSetting, PointTotal
from dangjian.orglife.services.points import first_open, last_closed, point_setting, scheme_in_force

ZERO = Decimal("0")


# --- periods --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PointPeriod:
    """What a total covers: one month, or a calendar year (up to the current month)."""

    year: int
    month: int | None = None

    @property
    def months(self) -> list[dt.date]:
        if self.month is not None:
            return [dt.date(self.year, self.month, 1)]
        current = rules.month_start(clock.today())
        return [dt.date(self.year, number, 1) for number in range(1, 13) if dt.date(self.year, number, 1) <= current]

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月" if self.month else f"{self.year}年度"

    @property
    def yearly(self) -> bool:
        return self.month is None


def period_from(params: Mapping[str, Any], *, today: dt.date | None = None) -> PointPeriod:
    """The period a page or the API asks for: `month` (年-月) wins over `year`; the current year by default."""
    from dangjian.members.selectors.dues import parse_month

    today = today or clock.today()
    month = parse_month(str(params.get("month") or "").strip()) if params.get("month") else None
    if month is not None:
        return PointPeriod(month.year, month.month)
    return PointPeriod(parse_year(params.get("year"), today))


def closed_months(county_id: int | None) -> list[dt.date]:
    return list(PointMonth.objects.filter(county_id=county_id).order_by("month").values_list("month", flat=True))


# --- totals ---------------------------------------------------------------------------------------------------


def totals_by_person(
    county_id: int | None, months: Iterable[dt.date], *, path: str | None = None, people: Iterable[int] | None = None
) -> dict[int, Decimal]:
    """Each member's points over `months`: closed months from the frozen totals, open months from the approved
    entries (two grouped queries), limited to an org subtree or to some members."""
    months = list(months)
    if not months:
        return {}
    closed = set(PointMonth.objects.filter(county_id=county_id, month__in=months).values_list("month", flat=True))
    open_months = [month for month in months if month not in closed]
    narrow: dict[str, Any] = {"county_id": county_id}
    if path is not None:
        narrow |= subtree("org_path", path)
    if people is not None:
        narrow["person_id__in"] = list(people)
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    if closed:
        frozen = (
            PointTotal.objects.filter(month__in=closed, **narrow)
            .values("person_id")
            .annotate(total=Sum("total"))
            .values_list("person_id", "total")
        )
        for person_id, total in frozen:
            totals[person_id] += total or ZERO
    if open_months:
        current = (
            PointEntry.objects.filter(month__in=open_months, status=PointEntryStatus.APPROVED, **narrow)
            .values("person_id")
            .annotate(total=Sum("points"))
            .values_list("person_id", "total")
        )
        for person_id, total in current:
            totals[person_id] += total or ZERO
    return {person_id: total.quantize(rules.POINTS_STEP) for person_id, total in totals.items()}


@dataclass
class RankRow:
    """One member in a ranking: the total, the ranks within the branch and the township (competition ranking:
    equal totals share a rank, "1, 2, 2, 4"), and the stars for a year."""

    person_id: int
    name: str
    org_id: int
    org_name: str
    org_path: str
    category: str
    total: Decimal = ZERO
    branch_rank: int = 0
    branch_size: int = 0
    township_rank: int = 0
    township_size: int = 0
    stars: int = 0

    @property
    def category_label(self) -> str:
        return MemberCategory(self.category).label if self.category in MemberCategory.values else ""

    @property
    def star_text(self) -> str:
        return "★" * self.stars


def _nearest(path: str, paths: set[str], steplen: int = 4) -> str | None:
    """The longest of `paths` that is `path` or one of its ancestors."""
    for end in range(len(path), 0, -steplen):
        if path[:end] in paths:
            return path[:end]
    return None


def _county_of(org: Org) -> int:
    return org.county_id or org.pk


def _ranking_base(org: Org) -> str:
    """The population a ranking is computed over: the org's township (rankings are within branch and township),
    or the org's whole subtree when it stands above the townships."""
    if org.level in (OrgLevel.PROVINCE, OrgLevel.CITY, OrgLevel.COUNTY, OrgLevel.TOWNSHIP):
        return org.path
    township = (
        Org.objects.filter(path__in=[org.path[:end] for end in range(4, len(org.path), 4)], level=OrgLevel.TOWNSHIP)
        .order_by("-depth")
        .values_list("path", flat=True)
        .first()
    )
    return township or org.path


def rank_members(org: Org, period: PointPeriod, *, thresholds: list[Any] | None = None) -> list[RankRow]:
    """Every member on the roll in the org's ranking population with their total and ranks, best first."""
    county_id = _county_of(org)
    base = _ranking_base(org)
    people = (
        Person.objects.filter(county_id=county_id, standing__in=ON_ROLL_STANDINGS, **subtree("org_path", base))
        .values_list("pk", "name", "org_id", "org__name", "org_path", "category")
        .order_by("org_path", "pk")
    )
    rows = [
        RankRow(pk, name, org_id, org_name, path, category or "")
        for pk, name, org_id, org_name, path, category in people
    ]
    totals = totals_by_person(county_id, period.months, path=base)
    for row in rows:
        row.total = totals.get(row.person_id, ZERO)
    orgs = Org.objects.filter(county_id=county_id, **subtree("path", base))
    branches = set(orgs.filter(kind__in=BRANCH_KINDS).values_list("path", flat=True))
    townships = set(orgs.filter(level=OrgLevel.TOWNSHIP).values_list("path", flat=True))
    for paths, rank_field, size_field in (
        (branches, "branch_rank", "branch_size"),
        (townships, "township_rank", "township_size"),
    ):
        groups: dict[str, list[RankRow]] = defaultdict(list)
        for row in rows:
            groups[_nearest(row.org_path, paths) or row.org_path].append(row)
        for group in groups.values():
            for row, rank in zip(group, rules.competition_ranks([row.total for row in group]), strict=True):
                setattr(row, rank_field, rank)
                setattr(row, size_field, len(group))
    if thresholds is not None and period.yearly:
        for row in rows:
            row.stars = rules.stars(row.total, thresholds)
    rows.sort(key=lambda row: (-row.total, row.org_path, row.person_id))
    return rows


class RankingFilter(django_filters.FilterSet):
    """The ranking's filters (the period fields are read by `period_from`)."""

    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    category = django_filters.ChoiceFilter(choices=MemberCategory.choices, label="党员类别")
    search = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="姓名")
    year = YearFilter(method="filter_period", label="年度")
    month = MonthFilter(method="filter_period", label="月份(年-月,不填为全年)")

    class Meta:
        model = Person
        fields = ["org", "category", "search", "year", "month"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset

    def filter_period(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset


def ranking_org(user: Any, params: Mapping[str, Any]) -> Org | None:
    """The org a ranking is about: `org` (a code within scope), else the account's own, else the first county in
    scope (a system account)."""
    code = str(params.get("org") or "").strip()
    if code:
        return scoped(Org, user).filter(code=code).first()
    if getattr(user, "org", None) is not None:
        return user.org
    return scoped(Org, user).filter(level=OrgLevel.COUNTY).order_by("path").first()


def ranking(user: Any, params: Mapping[str, Any]) -> tuple[RankingFilter, PointPeriod, Org | None, list[RankRow]]:
    """The ranking a user may see: the members in scope (filtered) with their ranks in their branch and township.

    Ranks are computed over the whole branch and township even when the user sees part of them (a secretary sees
    the branch's members with their place in the township)."""
    people = scoped(Person, user).filter(standing__in=ON_ROLL_STANDINGS)
    filterset = RankingFilter(params or None, queryset=people)
    period = period_from(filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {})
    org = ranking_org(user, params)
    if org is None or (filterset.is_bound and not filterset.is_valid()):
        return filterset, period, org, []
    visible = set(filterset.qs.values_list("pk", flat=True))
    thresholds = point_setting(_county_of(org)).star_thresholds
    rows = [row for row in rank_members(org, period, thresholds=thresholds) if row.person_id in visible]
    return filterset, period, org, rows


# --- one member -----------------------------------------------------------------------------------------------


@dataclass
class MemberPoints:
    """What a member's own page shows: this month's and this year's totals, the stars, the ranks."""

    person: Person
    month_total: Decimal
    year_total: Decimal
    stars: int
    thresholds: list[Any]
    rank: RankRow | None
    next_star: Any = None
    claim_items: list[PointItem] = field(default_factory=list)

    @property
    def star_text(self) -> str:
        return "★" * self.stars


def member_points(person: Person, *, today: dt.date | None = None) -> MemberPoints:
    today = today or clock.today()
    month = rules.month_start(today)
    county_id = person.county_id
    month_total = totals_by_person(county_id, [month], people=[person.pk]).get(person.pk, ZERO)
    year = PointPeriod(today.year)
    thresholds = point_setting(county_id).star_thresholds
    rank = next((row for row in rank_members(person.org, year) if row.person_id == person.pk), None)
    year_total = (
        rank.total if rank else totals_by_person(county_id, year.months, people=[person.pk]).get(person.pk, ZERO)
    )
    stars = rules.stars(year_total, thresholds)
    return MemberPoints(
        person=person,
        month_total=month_total,
        year_total=year_total,
        stars=stars,
        thresholds=thresholds,
        rank=rank,
        next_star=thresholds[stars] if stars < len(thresholds) else None,
        claim_items=claim_items(person, today),
    )


def claim_items(person: Person, day: dt.date, source: str = PointSource.CLAIM) -> list[PointItem]:
    """The items of `source` in the scheme in force for the member's category on `day`."""
    scheme = scheme_in_force(person.county_id, person.category, day)
    if scheme is None:
        return []
    return list(scheme.items.filter(source=source).select_related("scheme").order_by("order", "id"))


def item_for_day(item: PointItem, person: Person, day: dt.date) -> PointItem:
    """The item of the same name and source in the version in force on `day` (a claim for last month when the
    scheme was revised this month), else the item itself (the service then says what is wrong)."""
    scheme = scheme_in_force(person.county_id, person.category, day)
    if scheme is None or scheme.pk == item.scheme_id:
        return item
    return scheme.items.filter(name=item.name, source=item.source).first() or item


# --- entries --------------------------------------------------------------------------------------------------


class EntryFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    person = IntegerFilter(field_name="person_id", label="党员编号")
    search = django_filters.CharFilter(method="filter_search", label="姓名或项目")
    month = MonthFilter(field_name="month", label="月份(年-月)")
    year = YearFilter(field_name="month__year", label="年度")
    source = django_filters.ChoiceFilter(choices=PointSource.choices, label="计分方式")
    status = django_filters.ChoiceFilter(choices=PointEntryStatus.choices, label="状态")
    category = django_filters.ChoiceFilter(
        field_name="person__category", choices=MemberCategory.choices, label="党员类别"
    )

    class Meta:
        model = PointEntry
        fields = ["org", "person", "search", "month", "year", "source", "status", "category"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        from django.db.models import Q

        value = value.strip()
        return queryset.filter(Q(person__name__contains=value) | Q(item__name__contains=value)) if value else queryset


def entry_list(user: Any, params: Mapping[str, Any]) -> tuple[EntryFilter, QuerySet[PointEntry]]:
    entries = scoped(PointEntry, user).select_related("person__org", "item", "reviewed_by")
    filterset = EntryFilter(params or None, queryset=entries)
    return filterset, filterset.qs.order_by("-occurred_on", "-id")


def entry_detail(user: Any, pk: Any) -> PointEntry:
    return get_scoped_or_404(PointEntry.objects.select_related("person__org", "item__scheme"), user, pk=pk)


def pending_claims(user: Any, params: Mapping[str, Any]) -> tuple[EntryFilter, QuerySet[PointEntry]]:
    """Claims waiting for the branch's review, oldest first."""
    entries = scoped(PointEntry, user).filter(source=PointSource.CLAIM, status=PointEntryStatus.PENDING)
    filterset = EntryFilter(params or None, queryset=entries.select_related("person__org", "item"))
    return filterset, filterset.qs.order_by("occurred_on", "id")


def person_entries(user: Any, person: Person, *, year: int) -> QuerySet[PointEntry]:
    return (
        scoped(PointEntry, user)
        .filter(person=person, month__year=year)
        .select_related("item")
        .order_by("-occurred_on", "-id")
    )


def entry_month_closed(entry: PointEntry) -> bool:
    return PointMonth.objects.filter(county_id=entry.county_id, month=entry.month).exists()


# --- schemes --------------------------------------------------------------------------------------------------


@dataclass
class CategorySchemes:
    """A member category's scheme versions, newest first, and which one is in force this month."""

    category: str
    label: str
    versions: list[PointScheme]
    current: PointScheme | None


def schemes(user: Any) -> QuerySet[PointScheme]:
    """The scheme versions of the user's county (a county publishes them to its whole subtree)."""
    return published_to(PointScheme, user).prefetch_related("items").order_by("category", "-effective_from")


def scheme_detail(user: Any, pk: Any) -> PointScheme:
    try:
        return schemes(user).get(pk=pk)
    except (PointScheme.DoesNotExist, ValueError, TypeError):
        from django.http import Http404

        raise Http404("对象不存在") from None


def schemes_by_category(user: Any, *, today: dt.date | None = None) -> list[CategorySchemes]:
    month = rules.month_start(today or clock.today())
    grouped: dict[str, list[PointScheme]] = defaultdict(list)
    for scheme in schemes(user):
        grouped[scheme.category].append(scheme)
    result = []
    for category, label in MemberCategory.choices:
        versions = grouped.get(category, [])
        current = next((version for version in versions if version.effective_from <= month), None)
        for version in versions:
            version.in_force = version is current
            version.editable = version.effective_from > month
            version.ended = current is not None and version.effective_from < current.effective_from
        result.append(CategorySchemes(category, label, versions, current))
    return result


def user_county(user: Any) -> Org | None:
    """The county whose settings and schemes the user reads: the account's county, else the first in scope."""
    county_id = scope_of(user).county_id
    if county_id is not None:
        return Org.objects.filter(pk=county_id).first()
    return scoped(Org, user).filter(level=OrgLevel.COUNTY).order_by("path").first()


def setting_of(county: Org | None) -> PointSetting:
    return point_setting(county.pk if county else None)


# --- month closing --------------------------------------------------------------------------------------------


@dataclass
class ClosingState:
    closed: list[PointMonth]
    next_month: dt.date | None
    can_close: bool
    pending: int
    last_closed: dt.date | None


def closing_state(county: Org, *, today: dt.date | None = None) -> ClosingState:
    today = today or clock.today()
    next_month = first_open(county.pk)
    can_close = next_month is not None and next_month < rules.month_start(today)
    pending = (
        PointEntry.objects.filter(county_id=county.pk, month=next_month, status=PointEntryStatus.PENDING).count()
        if next_month
        else 0
    )
    closed = list(PointMonth.objects.filter(county=county).select_related("closed_by").order_by("-month"))
    return ClosingState(closed, next_month, can_close, pending, last_closed(county.pk))


# --- 红旗支部 -----------------------------------------------------------------------------------------------------


@dataclass
class BranchFlag:
    """A branch's figures for a year against the county's 红旗支部 criteria."""

    org: Org
    members: int = 0
    points: Decimal = ZERO
    starred: int = 0
    met: int = 0
    due: int = 0
    attended: int = 0
    expected: int = 0
    compliance: Decimal | None = None
    attendance: Decimal | None = None
    earned: bool = False
    reasons: list[str] = field(default_factory=list)

    @property
    def average(self) -> Decimal | None:
        """Unrounded (criteria compare it); the pages show it to one decimal."""
        return self.points / self.members if self.members else None

    @property
    def star_share(self) -> Decimal | None:
        return Decimal(self.starred) * 100 / self.members if self.members else None

    @property
    def average_text(self) -> str:
        shown = "—" if self.average is None else self.average.quantize(rules.POINTS_STEP)
        return f"{self.points}/{self.members} ({shown})"

    @property
    def star_text(self) -> str:
        return rules.ratio_text(self.starred, self.members)

    @property
    def compliance_text(self) -> str:
        return rules.ratio_text(self.met, self.due)

    @property
    def attendance_text(self) -> str:
        return rules.ratio_text(self.attended, self.expected)


class BranchFlagFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    search = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="支部名称")
    year = YearFilter(method="filter_year", label="年度")
    earned = django_filters.ChoiceFilter(
        choices=[("yes", "达到红旗支部标准"), ("no", "未达到")], method="filter_year", label="评定结果"
    )

    class Meta:
        model = Org
        fields = ["org", "search", "year", "earned"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "path", value) if value.strip() else queryset

    def filter_year(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset


def red_flags(
    user: Any, params: Mapping[str, Any], *, today: dt.date | None = None
) -> tuple[BranchFlagFilter, int, PointSetting, list[BranchFlag]]:
    """The branches in scope with their year's average points, star share, compliance and attendance rates, and
    whether they meet the county's 红旗支部 criteria (each "不低于")."""
    from dangjian.orglife.selectors.compliance import branch_rates

    today = today or clock.today()
    branches_qs = scoped(Org, user).filter(kind__in=BRANCH_KINDS, is_dissolved=False)
    filterset = BranchFlagFilter(params or None, queryset=branches_qs)
    valid = not filterset.is_bound or filterset.is_valid()
    cleaned = filterset.form.cleaned_data if filterset.is_bound and valid else {}
    year = int(cleaned.get("year") or today.year)
    county = user_county(user)
    setting = setting_of(county)
    if not valid or county is None:
        return filterset, year, setting, []
    branches = list(filterset.qs.order_by("path"))
    if not branches:
        return filterset, year, setting, []
    flags = {branch.path: BranchFlag(branch) for branch in branches}
    paths = set(flags)
    months = PointPeriod(year).months if year <= today.year else []
    county_id = county.pk
    people = scoped(Person, user).filter(standing__in=ON_ROLL_STANDINGS).values_list("pk", "org_path")
    totals = totals_by_person(county_id, months, path=scope_of(user).path) if months else {}
    thresholds = setting.star_thresholds
    for person_id, org_path in people:
        branch = _nearest(org_path, paths)
        if branch is None:
            continue
        flag = flags[branch]
        total = totals.get(person_id, ZERO)
        flag.members += 1
        flag.points += total
        if rules.stars(total, thresholds) >= rules.RED_FLAG_STARS:
            flag.starred += 1
    rates = branch_rates([branch.pk for branch in branches], year, today=today)
    criteria = rules.RedFlagCriteria(
        min_average=setting.red_flag_min_average,
        min_compliance=setting.red_flag_min_compliance,
        min_attendance=setting.red_flag_min_attendance,
        min_star_share=setting.red_flag_min_star_share,
    )
    for flag in flags.values():
        rate = rates.get(flag.org.pk)
        if rate is not None:
            flag.met, flag.due = rate.met, rate.due
            flag.attended, flag.expected = rate.attended, rate.expected
            flag.compliance, flag.attendance = rate.compliance_rate, rate.attendance_rate
        flag.earned, flag.reasons = rules.red_flag(
            flag.average, flag.compliance, flag.attendance, flag.star_share, criteria
        )
    result = list(flags.values())
    earned = cleaned.get("earned")
    if earned:
        result = [flag for flag in result if flag.earned == (earned == "yes")]
    return filterset, year, setting, result
