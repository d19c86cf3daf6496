"""Rules of organisational life, points and learning as pure functions (rules.md ORGLIFE, the seeds, and the
county settings they are given). No ORM here; each area keeps to its own section."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from dangjian.members.rules import add_months

# --- periods (shared) ---------------------------------------------------------------------------------------

CYCLE_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}


@dataclass(frozen=True, order=True)
class Period:
    """A month, quarter, half year or year: `first` and `last` day both inside it."""

    first: dt.date
    last: dt.date
    cycle: str

    @property
    def label(self) -> str:
        if self.cycle == "month":
            return f"{self.first.year}年{self.first.month}月"
        if self.cycle == "quarter":
            return f"{self.first.year}年第{(self.first.month - 1) // 3 + 1}季度"
        if self.cycle == "half_year":
            return f"{self.first.year}年{'上' if self.first.month == 1 else '下'}半年"
        return f"{self.first.year}年"

    def contains(self, day: dt.date) -> bool:
        return self.first <= day <= self.last

    def ended(self, today: dt.date) -> bool:
        """Whether the period is over on `today` (its last day still belongs to it)."""
        return today > self.last


def period_of(day: dt.date, cycle: str) -> Period:
    """The period of the given cycle that contains `day`."""
    months = CYCLE_MONTHS[cycle]
    first = dt.date(day.year, (day.month - 1) // months * months + 1, 1)
    return Period(first, add_months(first, months) - dt.timedelta(days=1), cycle)


def periods_in(year: int, cycle: str) -> list[Period]:
    """The periods of a cycle in a calendar year, in order."""
    months = CYCLE_MONTHS[cycle]
    return [period_of(dt.date(year, month, 1), cycle) for month in range(1, 13, months)]


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


# --- meetings and compliance (ORG-05/06/07/10) --------------------------------------------------------------

# --- points (积分, 星级党员, 红旗支部) ----------------------------------------------------------------------------


def capped_points(raw: Decimal, *, cap: Decimal | None, used: Decimal) -> Decimal:
    """The points an occurrence adds under an item's cap per period, `used` being what the period already holds.

    Positive items stop at the cap; deductions (negative items) stop at minus the cap. No cap: the raw points."""
    if cap is None:
        return raw
    cap = abs(cap)
    if raw >= 0:
        return max(Decimal("0"), min(raw, cap - used))
    return min(Decimal("0"), max(raw, -cap - used))


# --- 五亮 ----------------------------------------------------------------------------------------------------

# --- training (轮训) -----------------------------------------------------------------------------------------

# --- 微党建 content ------------------------------------------------------------------------------------------

# --- volunteers ----------------------------------------------------------------------------------------------

# --- notices and reports -------------------------------------------------------------------------------------

# --- study (ORG-07: 32 class hours a year) -------------------------------------------------------------------
