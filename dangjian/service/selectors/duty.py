"""Reads of 值班坐班: the centres in scope with a week's coverage, a centre's month as a calendar grid (who is on
duty, who signed in, the days with nobody rostered and the days nobody came: 缺岗), the "无人值班" list of a period,
sign-in figures (late, absent, 代签), and the workbench reminder for the coming seven days."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from dangjian.core.models import Org
from dangjian.core.reminders import Reminder
from dangjian.core.scoping import scoped, subtree
from dangjian.orglife.rules import ratio_text
from dangjian.service import rules
from dangjian.service.choices import CentreLevel, CentreStatus
from dangjian.service.models import DutyEntry, DutySign, ServiceCentre
from dangjian.service.selectors.centres import CentreFilter
from dangjian.service.services.duty import weekends_required

LOOKAHEAD_DAYS = 7
ACTIVE_WINDOW = 31  # a village centre "runs a roster" when it had anyone rostered in the last month


class DutyCentreFilter(CentreFilter):
    class Meta:
        model = ServiceCentre
        fields = ["org", "township", "level", "search"]


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def duty_day_q(prefix: str, weekends: bool) -> Q:
    """Roster rows on days that need duty (weekends left out unless the county requires them)."""
    return Q() if weekends else ~Q(**{f"{prefix}date__week_day__in": (1, 7)})


def needed_days(org_path: str, first: dt.date, last: dt.date) -> int:
    weekends = weekends_required(org_path)
    return sum(1 for day in rules.days_between(first, last) if rules.needs_duty(day, weekends))


def duty_home(user: Any, params: Mapping[str, Any], today: dt.date) -> tuple[DutyCentreFilter, QuerySet, int]:
    """Centres in scope (built ones) with the number of days of this week someone is rostered (`covered`) and
    today's roster size; plus the days of the week that need duty."""
    first, last = week_of(today)
    org = getattr(user, "org", None)
    weekends = weekends_required(org.path if org is not None else "")
    in_week = Q(duty_entries__date__range=(first, last)) & duty_day_q("duty_entries__", weekends)
    centres = (
        scoped(ServiceCentre, user)
        .exclude(status=CentreStatus.NONE)
        .select_related("org")
        .annotate(
            covered=Count("duty_entries__date", distinct=True, filter=in_week),
            on_today=Count("duty_entries", filter=Q(duty_entries__date=today)),
        )
    )
    filterset = DutyCentreFilter(params or None, queryset=centres, user=user)
    needed = needed_days(org.path if org is not None else "", first, last)
    return filterset, filterset.qs.order_by("org_path", "-is_main", "id"), needed


@dataclass
class DayCell:
    day: dt.date
    entries: list[DutyEntry] = field(default_factory=list)
    needs_duty: bool = True
    uncovered: bool = False
    missed: bool = False
    is_today: bool = False


@dataclass
class MonthView:
    month: dt.date
    weeks: list[list[DayCell | None]]
    entries: list[DutyEntry]
    uncovered: list[dt.date]
    missed: list[dt.date]
    signed: int
    late: int
    proxy: int
    due: int
    absent: int
    signed_text: str


def month_entries(centre: ServiceCentre, month: dt.date) -> QuerySet[DutyEntry]:
    first, last = rules.month_bounds(month)
    return (
        DutyEntry.objects.filter(centre=centre, date__range=(first, last))
        .select_related("sign")
        .order_by("date", "slot", "id")
    )


def _sign(entry: DutyEntry) -> DutySign | None:
    try:
        return entry.sign
    except DutySign.DoesNotExist:
        return None


def month_view(centre: ServiceCentre, month: dt.date, today: dt.date) -> MonthView:
    """A centre's month: the calendar grid, the days with nobody rostered (days up to the month's end), and the
    past days where nobody rostered signed in (缺岗)."""
    first, last = rules.month_bounds(month)
    entries = list(month_entries(centre, month))
    for entry in entries:
        entry.signed = _sign(entry)
    by_day: dict[dt.date, list[DutyEntry]] = defaultdict(list)
    for entry in entries:
        by_day[entry.date].append(entry)
    weekends = weekends_required(centre.org_path)
    uncovered = rules.uncovered_days(first, last, frozenset(by_day), weekends)
    missed = rules.missed_days({d: any(e.signed for e in es) for d, es in by_day.items()}, today)
    uncovered_set, missed_set = set(uncovered), set(missed)
    weeks = [
        [
            None
            if day is None
            else DayCell(
                day,
                by_day.get(day, []),
                rules.needs_duty(day, weekends),
                day in uncovered_set,
                day in missed_set,
                day == today,
            )
            for day in week
        ]
        for week in rules.month_weeks(first)
    ]
    due = [e for e in entries if e.date <= today]
    signed = [e for e in due if e.signed]
    absent = sum(1 for e in due if not e.signed and e.date < today)
    return MonthView(
        month=first,
        weeks=weeks,
        entries=entries,
        uncovered=uncovered,
        missed=missed,
        signed=len(signed),
        late=sum(1 for e in signed if e.signed.late),
        proxy=sum(1 for e in signed if e.signed.by_proxy),
        due=len(due),
        absent=absent,
        signed_text=ratio_text(len(signed), len(due)),
    )


# --- the "无人值班" list ----------------------------------------------------------------------------------------


@dataclass
class UncoveredRow:
    centre: ServiceCentre
    uncovered: list[dt.date]
    missed: list[dt.date]


def uncovered_list(
    user: Any, params: Mapping[str, Any], first: dt.date, last: dt.date, today: dt.date
) -> tuple[DutyCentreFilter, list[UncoveredRow]]:
    """Centres in scope (filtered) with the days of [first, last] nobody was rostered and the past days nobody
    signed in; centres with neither are left out. One query for the centres, one for their rostered days."""
    centres = scoped(ServiceCentre, user).exclude(status=CentreStatus.NONE).select_related("org")
    filterset = DutyCentreFilter(params or None, queryset=centres, user=user)
    chosen = list(filterset.qs.order_by("org_path", "-is_main", "id"))
    days = (
        DutyEntry.objects.filter(centre__in=[c.pk for c in chosen], date__range=(first, last))
        .values("centre_id", "date")
        .annotate(signed=Count("sign"))
    )
    rostered: dict[int, dict[dt.date, bool]] = defaultdict(dict)
    for row in days:
        rostered[row["centre_id"]][row["date"]] = rostered[row["centre_id"]].get(row["date"], False) or bool(
            row["signed"]
        )
    org = getattr(user, "org", None)
    weekends = weekends_required(org.path if org is not None else "")
    rows = []
    for centre in chosen:
        days_of = rostered.get(centre.pk, {})
        row = UncoveredRow(
            centre, rules.uncovered_days(first, last, frozenset(days_of), weekends), rules.missed_days(days_of, today)
        )
        if row.uncovered or row.missed:
            rows.append(row)
    return filterset, rows


# --- figures ------------------------------------------------------------------------------------------------


@dataclass
class SignFigures:
    due: int
    signed: int
    late: int
    proxy: int
    absent: int

    @property
    def signed_text(self) -> str:
        return ratio_text(self.signed, self.due)

    @property
    def late_text(self) -> str:
        return ratio_text(self.late, self.signed)


def sign_figures(user: Any, org: Org, first: dt.date, last: dt.date, today: dt.date) -> SignFigures:
    """Sign-ins of the roster entries due in [first, min(last, today)] under `org`: signed, late, 代签, absent
    (a past entry nobody signed). One aggregate query."""
    end = min(last, today)
    entries = scoped(DutyEntry, user).filter(**subtree("org_path", org.path)).filter(date__range=(first, end))
    figures = entries.aggregate(
        due=Count("pk"),
        signed=Count("sign"),
        late=Count("sign", filter=Q(sign__late=True)),
        proxy=Count("sign", filter=Q(sign__by_proxy=True)),
        absent=Count("pk", filter=Q(sign__isnull=True, date__lt=today)),
    )
    return SignFigures(**figures)


# --- sign-in page -------------------------------------------------------------------------------------------


def my_entries(user: Any, today: dt.date) -> list[DutyEntry]:
    """The account's own roster entries of today (by its person)."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return []
    rows = list(
        DutyEntry.objects.filter(person_id=person_id, date=today).select_related("centre", "sign").order_by("slot")
    )
    for entry in rows:
        entry.signed = _sign(entry)
    return rows


def managed_entries_today(user: Any, today: dt.date, limit: int = 100) -> list[DutyEntry]:
    """Today's roster in the account's scope (for 代签 by a manager)."""
    rows = list(
        scoped(DutyEntry, user)
        .filter(date=today)
        .select_related("centre", "sign")
        .order_by("org_path", "slot", "id")[:limit]
    )
    for entry in rows:
        entry.signed = _sign(entry)
    return rows


# --- reminders ----------------------------------------------------------------------------------------------


def reminders(user: Any, today: dt.date) -> list[Reminder]:
    """Centres that run a roster (township and county centres, and any centre with someone rostered in the last
    month) with a day of the coming seven needing duty and nobody on it."""
    last = today + dt.timedelta(days=LOOKAHEAD_DAYS - 1)
    org = getattr(user, "org", None)
    path = org.path if org is not None else ""
    needed = needed_days(path, today, last)
    ahead = Q(duty_entries__date__range=(today, last)) & duty_day_q("duty_entries__", weekends_required(path))
    recent = DutyEntry.objects.filter(
        centre=OuterRef("pk"), date__range=(today - dt.timedelta(days=ACTIVE_WINDOW), today)
    )
    count = (
        scoped(ServiceCentre, user)
        .exclude(status=CentreStatus.NONE)
        .filter(Q(level__in=(CentreLevel.COUNTY, CentreLevel.TOWNSHIP)) | Q(Exists(recent)))
        .annotate(days=Count("duty_entries__date", distinct=True, filter=ahead))
        .filter(days__lt=needed)
        .count()
    )
    url = reverse("service:duty_uncovered") + f"?first={today:%Y-%m-%d}&last={last:%Y-%m-%d}"
    return [Reminder("值班安排:未来7天有无人值班日的服务中心", count, url)]
