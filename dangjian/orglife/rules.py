"""Rules of organisational life, points and learning as pure functions (rules.md ORGLIFE, the seeds, and the
county settings they are given). No ORM here; each area keeps to its own section."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from itertools import pairwise
from typing import Any

from dangjian.members.rules import Vote, add_months, quorum_reached
from dangjian.orglife.choices import MeetingStatus

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

# compliance


@dataclass(frozen=True)
class RequirementDefault:
    """A routine requirement a county starts with: `expected` meetings of `kind` per `cycle` for `org_category`."""

    kind: str
    org_category: str
    expected: int
    cycle: str
    note: str


# rules.md ORGLIFE. Plain values of orglife.choices (MeetingKind, OrgCategory, Cycle) so the rules stay ORM-free.
DEFAULT_REQUIREMENTS: tuple[RequirementDefault, ...] = (
    RequirementDefault("general_meeting", "all_branches", 1, "quarter", "ORG-05:支部党员大会每季度至少召开1次"),
    RequirementDefault("committee_meeting", "all_branches", 1, "month", "ORG-05:支委会每月至少召开1次"),
    RequirementDefault("group_meeting", "party_group", 1, "month", "ORG-05:党小组会每月至少召开1次"),
    RequirementDefault(
        "party_lesson", "all_branches", 1, "quarter", "ORG-06:条例未作硬性规定,本县设置(通行做法为每季度至少1次)"
    ),
    RequirementDefault("theme_day", "all_branches", 1, "month", "ORG-07:主题党日每月开展1次"),
    RequirementDefault("life_meeting", "all_branches", 1, "year", "ORG-07:组织生活会每年至少召开1次"),
    RequirementDefault("evaluation", "all_branches", 1, "year", "ORG-08:民主评议党员每年开展1次"),
    RequirementDefault("heart_talk", "all_branches", 1, "year", "ORG-09:谈心谈话每年至少开展1次"),
)
# Kinds whose frequency rules.md marks U (unverified): the county's own setting, said so wherever it is shown.
COUNTY_SET_KINDS = frozenset({"party_lesson"})
COUNTY_SET_NOTE = "条例未作硬性规定,本县设置"
EXPECTED_RANGE = (1, 31)

# Which orgs a requirement's category covers: branches (core.choices.BRANCH_KINDS) by their domain, or party groups.
BRANCH_KIND_VALUES = frozenset({"branch", "joint_branch", "temporary_branch"})
PARTY_GROUP_KIND = "party_group"
CATEGORY_DOMAINS: dict[str, frozenset[str]] = {
    "rural": frozenset({"rural"}),
    "community": frozenset({"community"}),
    # 机关 and 事业单位 branches keep the same routine (机关事业单位党支部).
    "government": frozenset({"government", "institution"}),
    "enterprise": frozenset({"state_enterprise", "private_enterprise"}),
}
OTHER_CATEGORY = "other"


def org_categories(kind: str, domain: str) -> frozenset[str]:
    """The requirement categories that cover an org of this kind and domain (empty: no routine requirement)."""
    if kind == PARTY_GROUP_KIND:
        return frozenset({"party_group"})
    if kind not in BRANCH_KIND_VALUES:
        return frozenset()
    named = [category for category, domains in CATEGORY_DOMAINS.items() if domain in domains]
    return frozenset({"all_branches", *(named or [OTHER_CATEGORY])})


def applies_to(org_category: str, kind: str, domain: str) -> bool:
    return org_category in org_categories(kind, domain)


def judges(effective_from: dt.date, effective_until: dt.date | None, period: Period) -> bool:
    """A requirement judges a period when it is in force on the period's last day, so that when a county replaces
    a requirement mid-period exactly one of the two (the newer) applies."""
    return effective_from <= period.last and (effective_until is None or period.last <= effective_until)


def ranges_overlap(
    first_from: dt.date, first_until: dt.date | None, second_from: dt.date, second_until: dt.date | None
) -> bool:
    """Whether two in-force ranges (an open end runs on for ever) share a day."""
    return (first_until is None or second_from <= first_until) and (second_until is None or first_from <= second_until)


def compliance_state(held: int, backfilled: int, expected: int, period: Period, today: dt.date) -> str:
    """A requirement in one period: met with meetings recorded on time (MET), met only by counting 补录 meetings
    (LATE_ENTRY), not met once the period is over (MISSING), not met yet while it runs (NOT_DUE)."""
    if held - backfilled >= expected:
        return "met"
    if held >= expected:
        return "late_entry"
    return "missing" if period.ended(today) else "not_due"


def counts_as_met(state: str) -> bool:
    return state in ("met", "late_entry")


def counts_as_due(state: str) -> bool:
    """Due requirement-periods: over, or already met while still running."""
    return state != "not_due"


# The spans a compliance page covers: a year, a quarter or a month of it.
SPAN_CHOICES: tuple[tuple[str, str], ...] = (
    ("year", "全年"),
    *((f"q{number}", f"第{number}季度") for number in range(1, 5)),
    *((f"m{number}", f"{number}月") for number in range(1, 13)),
)


def span_of(year: int, span: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a span ("year", "q1"…"q4", "m1"…"m12"); anything else is the whole year."""
    if len(span) >= 2 and span[0] in "qm" and span[1:].isdigit():
        number = int(span[1:])
        if span[0] == "q" and 1 <= number <= 4:
            period = period_of(dt.date(year, number * 3 - 2, 1), "quarter")
            return period.first, period.last
        if span[0] == "m" and 1 <= number <= 12:
            period = period_of(dt.date(year, number, 1), "month")
            return period.first, period.last
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def due_periods(cycle: str, first: dt.date, last: dt.date) -> list[Period]:
    """The periods of a cycle that end within [first, last] (a span shows what fell due in it: March shows the
    month of March and the first quarter, not the year)."""
    return [period for period in periods_in(first.year, cycle) if first <= period.last <= last]


def ratio_percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """`part` of `whole` in percent, unrounded (compare it with thresholds); None when `whole` is 0."""
    if not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)


def ratio_text(part: int | Decimal, whole: int | Decimal) -> str:
    """A rate as users read it, numerator and denominator first: "18/20 (90.0%)"; "0/0 (—)" without a base."""
    value = ratio_percent(part, whole)
    shown = "—" if value is None else f"{value.quantize(Decimal('0.1'))}%"
    return f"{part}/{whole} ({shown})"


# ORG-10: six consecutive months without organisational life.
ABSENCE_MONTHS = 6


def absence_cutoff(today: dt.date) -> dt.date:
    """The first day that still counts: an attended meeting on or after it clears the member."""
    return add_months(today, -ABSENCE_MONTHS)


def absent_too_long(last_attended: dt.date | None, since: dt.date, today: dt.date) -> bool:
    """ORG-10's soft alert: no attended meeting on or after today − 6 months. `since` is when the member came to
    the branch (joined, or transferred in): a member there for less than 6 months is not flagged."""
    cutoff = absence_cutoff(today)
    if since > cutoff:
        return False
    return last_attended is None or last_attended < cutoff


# County settings of organisational life (theme days, the agenda checklist, minutes and days).
THEME_DAY_RANGE = (1, 28)
THEME_DAYS_MAX = 4
AGENDA_ITEMS_MAX = 12
AGENDA_ITEM_LENGTH = 30
# (field, label, lowest, highest, unit)
SETTING_BOUNDS: tuple[tuple[str, str, int, int, str], ...] = (
    ("late_entry_days", "超过几天录入记为补录", 1, 90, "天"),
    ("checkin_before_minutes", "会前开放签到", 0, 240, "分钟"),
    ("checkin_after_minutes", "会后关闭签到", 0, 240, "分钟"),
    ("late_after_minutes", "开始后记为迟到", 0, 120, "分钟"),
)


# Commas (half and full width), the enumeration comma, the middle dot of "5·10", spaces.
DAY_SEPARATORS = re.compile(r"[,\uff0c\u3001\u00b7\u30fb\s]+")


def parse_days(text: str) -> list[int]:
    """Days of the month as typed: "5,10", "5、10", "5·10" or "5 10" → [5, 10]. Raises ValueError naming the
    first part that is not a whole number."""
    days = []
    for part in DAY_SEPARATORS.split(text.strip()):
        if not part:
            continue
        if not part.isascii() or not part.isdigit():
            raise ValueError(f"“{part}”不是日期数字")
        days.append(int(part))
    return days


def theme_days_problem(days: Sequence[Any]) -> str | None:
    """A 主题党日 falls on one to four fixed days of the month, each 1–28 (every month has them)."""
    if not days:
        return "请至少填写一个主题党日日期"
    if any(not isinstance(day, int) or isinstance(day, bool) for day in days):
        return "主题党日日期应为整数"
    lowest, highest = THEME_DAY_RANGE
    if any(not lowest <= day <= highest for day in days):
        return f"主题党日日期应在每月{lowest}日至{highest}日之间(每个月都有的日期)"
    if len(set(days)) != len(days):
        return "主题党日日期有重复"
    if len(days) > THEME_DAYS_MAX:
        return f"主题党日日期最多{THEME_DAYS_MAX}个"
    return None


def agenda_problem(items: Sequence[Any]) -> str | None:
    """The checklist of a 主题党日: one to twelve named items, none repeated, each short enough for a tick box."""
    if not items:
        return "请至少填写一项规定议程"
    if any(not isinstance(item, str) or not item.strip() for item in items):
        return "议程项目不能为空"
    if len(items) > AGENDA_ITEMS_MAX:
        return f"规定议程最多{AGENDA_ITEMS_MAX}项"
    if any(len(item.strip()) > AGENDA_ITEM_LENGTH for item in items):
        return f"每项议程不超过{AGENDA_ITEM_LENGTH}个字"
    if len({item.strip() for item in items}) != len(items):
        return "规定议程有重复项目"
    return None


# meetings


def checkin_window(
    starts_at: dt.datetime, ends_at: dt.datetime, before_min: int, after_min: int
) -> tuple[dt.datetime, dt.datetime]:
    """When a meeting's QR check-in is open: from `before_min` minutes before it starts to `after_min` minutes
    after it ends (both ends included)."""
    return starts_at - dt.timedelta(minutes=before_min), ends_at + dt.timedelta(minutes=after_min)


def checkin_open(
    now: dt.datetime, starts_at: dt.datetime, ends_at: dt.datetime, before_min: int, after_min: int
) -> bool:
    opens, closes = checkin_window(starts_at, ends_at, before_min, after_min)
    return opens <= now <= closes


def is_late(now: dt.datetime, starts_at: dt.datetime, late_after_min: int) -> bool:
    """迟到: checked in more than `late_after_min` minutes after the start (exactly that many minutes is on time)."""
    return now > starts_at + dt.timedelta(minutes=late_after_min)


def is_backfill(held_on: dt.date, recorded_on: dt.date, late_entry_days: int) -> bool:
    """补录: recorded as held more than `late_entry_days` days after the meeting day (exactly that many is not)."""
    return (recorded_on - held_on).days > late_entry_days


def meeting_status(starts_at: dt.datetime, ends_at: dt.datetime, cancelled: bool, now: dt.datetime) -> MeetingStatus:
    """What a meeting is to its users now: cancelled, not started, in progress (start included, end excluded), or
    finished."""
    if cancelled:
        return MeetingStatus.CANCELLED
    if now < starts_at:
        return MeetingStatus.PLANNED
    if now < ends_at:
        return MeetingStatus.IN_PROGRESS
    return MeetingStatus.FINISHED


def theme_days_in(year: int, month: int, theme_days: Sequence[int]) -> list[dt.date]:
    """The county's 主题党日 dates in a month ("每月10日", "5·10"); a day beyond the month's end falls on its last
    day (the 31st in April is the 30th)."""
    last = (add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)).day
    return sorted({dt.date(year, month, min(int(day), last)) for day in theme_days if 1 <= int(day) <= 31})


def on_theme_day(day: dt.date, theme_days: Sequence[int]) -> bool:
    return day in theme_days_in(day.year, day.month, theme_days)


def committee_quorum(present: int, committee_size: int) -> bool:
    """ORG-05 (soft): a 支委会 needs more than half of the committee present."""
    return committee_size > 0 and present * 2 > committee_size


def general_meeting_quorum(present_voters: int, entitled: int) -> bool:
    """ORG-05 with RECRUIT-09: a 支部党员大会 needs more than half of the formal members entitled to vote."""
    return entitled > 0 and quorum_reached(Vote(entitled=entitled, present=present_voters, yes=0))


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


STAR_LEVELS = 5
# 红旗支部: the share of members with at least this many stars.
RED_FLAG_STARS = 3
POINTS_STEP = Decimal("0.1")


def thresholds_problem(thresholds: Sequence[Any]) -> str | None:
    """The yearly points for one to five stars: five positive numbers, each above the one before."""
    try:
        values = [Decimal(str(value)) for value in thresholds]
    except (ArithmeticError, TypeError, ValueError):
        return "星级积分标准应为数字"
    if len(values) != STAR_LEVELS:
        return f"星级积分标准应为一至五星共{STAR_LEVELS}个分值"
    if any(not value.is_finite() or value <= 0 for value in values):
        return "星级积分标准应为正数"
    if any(later <= earlier for earlier, later in pairwise(values)):
        return "星级积分标准应逐级递增(五星高于四星……高于一星)"
    return None


def stars(yearly_points: Decimal, thresholds: Sequence[Any]) -> int:
    """星级党员: the number of thresholds the yearly total reaches (exactly a threshold earns that star)."""
    return sum(1 for threshold in thresholds if yearly_points >= Decimal(str(threshold)))


def competition_ranks(values: Sequence[Decimal]) -> list[int]:
    """Ranks by value, highest first, in competition style: equal values share a rank and the next rank skips
    ("1, 2, 2, 4"), so a rank always says how many members scored more (rank − 1). Returned in input order."""
    order = sorted(range(len(values)), key=lambda index: values[index], reverse=True)
    ranks = [0] * len(values)
    for position, index in enumerate(order):
        if position and values[index] == values[order[position - 1]]:
            ranks[index] = ranks[order[position - 1]]
        else:
            ranks[index] = position + 1
    return ranks


def percent(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    """A rate in percent to one decimal; None when there is nothing to divide by."""
    value = ratio_percent(numerator, denominator)
    return None if value is None else value.quantize(POINTS_STEP)


@dataclass(frozen=True)
class RedFlagCriteria:
    """A county's 红旗支部 criteria; each is a floor that an equal figure meets ("不低于")."""

    min_average: Decimal
    min_compliance: int
    min_attendance: int
    min_star_share: int


def red_flag(
    average: Decimal | None,
    compliance_pct: Decimal | None,
    attendance_pct: Decimal | None,
    star_share_pct: Decimal | None,
    criteria: RedFlagCriteria,
) -> tuple[bool, list[str]]:
    """Whether a branch earns 红旗支部 for the year, and the reasons it falls short (empty when it earns it).

    A figure that cannot be computed (no members, no meetings due, no attendance taken) does not meet its floor."""
    checks = (
        ("党员年度平均积分", average, Decimal(criteria.min_average), "分"),
        ("组织生活达标率", compliance_pct, Decimal(criteria.min_compliance), "%"),
        ("参会率", attendance_pct, Decimal(criteria.min_attendance), "%"),
        ("三星及以上党员占比", star_share_pct, Decimal(criteria.min_star_share), "%"),
    )
    reasons = []
    for label, value, floor, unit in checks:
        if value is None:
            reasons.append(f"{label}无数据(要求不低于{floor}{unit})")
        elif Decimal(value) < floor:
            shown = Decimal(value).quantize(POINTS_STEP)
            if shown >= floor:  # never shown rounded up to the floor it misses
                shown = Decimal(value).quantize(POINTS_STEP, rounding=ROUND_DOWN)
            reasons.append(f"{label}{shown}{unit},低于{floor}{unit}")
    return not reasons, reasons


def item_problems(source: str, points: Any, cap: Any, *, branch_source: str = "branch") -> dict[str, str]:
    """An item's points and cap: a non-zero number of points (negative only for a branch's deductions), a cap
    above zero when there is one."""
    errors: dict[str, str] = {}
    try:
        value = Decimal(str(points))
    except (ArithmeticError, TypeError, ValueError):
        return {"points": "分值应为数字"}
    if not value.is_finite() or value == 0:
        errors["points"] = "分值不能为0"
    elif value < 0 and source != branch_source:
        errors["points"] = "只有支部登记的扣分项目可以为负分"
    elif value != value.quantize(POINTS_STEP):
        errors["points"] = "分值最多保留一位小数"
    if cap not in (None, ""):
        try:
            limit = Decimal(str(cap))
        except (ArithmeticError, TypeError, ValueError):
            errors["cap"] = "周期上限应为数字"
        else:
            if not limit.is_finite() or limit <= 0:
                errors["cap"] = "周期上限应大于0(不设上限请留空)"
    return errors


def effective_from_problem(month: dt.date, *, last_closed: dt.date | None) -> str | None:
    """A scheme version starts on the first day of a month after every closed month, so a change never rewrites
    a closed period."""
    if month.day != 1:
        return "起始月份应为某月1日"
    if last_closed is not None and month <= last_closed:
        return f"{last_closed.year}年{last_closed.month}月及以前的积分已结账,方案只能从以后的月份起生效"
    return None


def next_month(month: dt.date) -> dt.date:
    return add_months(month_start(month), 1)


def close_problem(month: dt.date, *, today: dt.date, first_open: dt.date | None) -> str | None:
    """Months close in order, and only once they are over (not the current month, not a future one)."""
    if month.day != 1:
        return "结账月份应为某月1日"
    if first_open is None:
        return "尚未制定积分方案,没有可以结账的月份"
    if month >= month_start(today):
        return "只能对已经结束的月份结账(本月及以后的月份不能结账)"
    if month < first_open:
        return f"{month.year}年{month.month}月已经结账"
    if month > first_open:
        return f"积分应按月份顺序结账,请先结账{first_open.year}年{first_open.month}月"
    return None


# --- 五亮 ----------------------------------------------------------------------------------------------------

# A 五亮 entry is a short statement a member shows on a card: long enough for a paragraph, short enough for a phone.
COMMITMENT_MAX_CHARS = 500

# The review workflow: (action, from statuses) → to status. Editing any entry sends it back to draft (or straight
# to review when submitted with the edit), so an approved entry that changes is reviewed again.
COMMITMENT_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({"draft", "returned"}), "submitted"),
    "approve": (frozenset({"submitted"}), "approved"),
    "return": (frozenset({"submitted"}), "returned"),
}


def commitment_can(action: str, status: str) -> bool:
    """Whether a review action applies to an entry in `status`."""
    allowed, _ = COMMITMENT_TRANSITIONS[action]
    return status in allowed


def commitment_after_edit(status: str, *, changed: bool, submit: bool) -> str:
    """The status after the member saves an entry: unchanged content keeps the status (and is only submitted when
    asked and still a draft or returned); changed content is a draft again, or submitted when saved for review."""
    if not changed:
        return "submitted" if submit and commitment_can("submit", status) else status
    return "submitted" if submit else "draft"


def commitment_year_problem(year: int, today: dt.date) -> str | None:
    """Entries are written for this year or the next (planned in the last weeks of a year); a past year is
    archived: its card stays as it was reviewed."""
    if year < today.year:
        return f"{year}年度的五亮承诺已归档,不能再修改"
    if year > today.year + 1:
        return "只能填写本年度或下一年度的五亮承诺"
    return None


# --- training (轮训) -----------------------------------------------------------------------------------------

TRAINING_HOURS_PER_DAY = 24


def training_days(starts_on: dt.date, ends_on: dt.date) -> int:
    """Calendar days of a class, both ends included (a one-day class has one day)."""
    return (ends_on - starts_on).days + 1


def max_class_hours(starts_on: dt.date, ends_on: dt.date) -> Decimal:
    """The most class hours a class can hold: 24 a day."""
    return Decimal(TRAINING_HOURS_PER_DAY * training_days(starts_on, ends_on))


def class_problems(*, starts_on: dt.date | None, ends_on: dt.date | None, hours: Decimal | None) -> dict[str, str]:
    """A class's dates and hours: the end not before the start; hours above 0 and at most 24 a day."""
    errors: dict[str, str] = {}
    if starts_on is None:
        errors["starts_on"] = "请填写开始日期"
    if ends_on is None:
        errors["ends_on"] = "请填写结束日期"
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = "结束日期不能早于开始日期"
    if hours is None:
        errors["hours"] = "请填写学时"
    elif hours <= 0:
        errors["hours"] = "学时应大于0"
    elif starts_on is not None and ends_on is not None and ends_on >= starts_on:
        most = max_class_hours(starts_on, ends_on)
        if hours > most:
            days = training_days(starts_on, ends_on)
            errors["hours"] = f"学时不能超过培训天数×24(本班{days}天,最多{most}学时)"
    return errors


def attended_hours_problem(hours: Decimal, class_hours: Decimal) -> str | None:
    """Hours credited to one participant: above 0, at most the class's hours (a participant may leave early)."""
    if hours <= 0:
        return "参训学时应大于0"
    if hours > class_hours:
        return f"参训学时不能超过培训班学时({class_hours})"
    return None


def post_current(term_start: dt.date, term_end: dt.date | None, today: dt.date) -> bool:
    """A post counts for a rotation group while its term runs: started by today, not ended before today."""
    return term_start <= today and (term_end is None or term_end >= today)


def rotation_covered(*, classes: int, hours: Decimal, min_hours: Decimal) -> bool:
    """Trained this year: at least one class of the group attended, and the target's minimum hours if it has one."""
    return classes >= 1 and hours >= min_hours


def approx_count(number: int) -> str:
    """A count as reports round it: exact below 100, else rounded down to tens (below 1000) or hundreds with
    "余" when something was cut off ("1600余")."""
    if number < 100:
        return str(number)
    step = 10 if number < 1000 else 100
    rounded = number // step * step
    return str(rounded) if rounded == number else f"{rounded}余"


def training_sentence(*, subject: str, person_times: int, classes: int) -> str:
    """The sentence of a work report: "组织农村党员1600余人次开展培训11期"."""
    return f"组织{subject}{approx_count(person_times)}人次开展培训{classes}期"


# --- 微党建 content ------------------------------------------------------------------------------------------

# 微交流 are short posts; a required study item credits at most a working day's hours.
EXCHANGE_MAX_CHARS = 500
ARTICLE_MAX_HOURS = Decimal("8.0")


def article_state(published_at: dt.datetime | None, withdrawn: bool) -> str:
    """draft (not yet published), published, or withdrawn."""
    if withdrawn:
        return "withdrawn"
    return "draft" if published_at is None else "published"


def article_problems(*, kind: str, title: str, body: str, required: bool, study_hours: Decimal) -> dict[str, str]:
    """What is wrong with an article's values, keyed by field (empty when nothing is)."""
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = "请填写标题"
    if not (body or "").strip():
        errors["body"] = "请填写正文"
    elif kind == "exchange" and len(body.strip()) > EXCHANGE_MAX_CHARS:
        errors["body"] = f"微交流为短文,正文不超过{EXCHANGE_MAX_CHARS}字(现有{len(body.strip())}字)"
    if required and kind == "exchange":
        errors["required"] = "微交流不能设为必学内容"
    if study_hours < 0:
        errors["study_hours"] = "学习学时不能为负数"
    elif study_hours > ARTICLE_MAX_HOURS:
        errors["study_hours"] = f"学习学时不超过{ARTICLE_MAX_HOURS}"
    elif study_hours > 0 and not required:
        errors["study_hours"] = "只有必学内容计入学习学时"
    return errors


def rate_text(numerator: int, denominator: int) -> str:
    """A rate with what it is made of: "18/20 (90.0%)"; "0/0" when there is nobody to count."""
    return ratio_text(numerator, denominator) if denominator else f"{numerator}/0"


# --- volunteers ----------------------------------------------------------------------------------------------

# The longest activity the platform records (a multi-day service camp); its hours still fit the hours column.
ACTIVITY_MAX_DAYS = 30
HOUR_STEP = Decimal("0.1")
PHASE_LABELS = {"upcoming": "报名中", "ongoing": "进行中", "ended": "已结束", "cancelled": "已取消"}


def service_hours_cap(starts_at: dt.datetime, ends_at: dt.datetime) -> Decimal:
    """The most hours one volunteer is credited for an activity: its duration rounded up to the half hour."""
    seconds = (ends_at - starts_at).total_seconds()
    if seconds <= 0:
        return Decimal("0.0")
    halves = -(-int(seconds) // 1800)
    return (Decimal(halves) / 2).quantize(HOUR_STEP)


def activity_times_problem(starts_at: dt.datetime, ends_at: dt.datetime) -> str | None:
    """An activity ends after it starts and lasts at most ACTIVITY_MAX_DAYS."""
    if ends_at <= starts_at:
        return "结束时间应晚于开始时间"
    if ends_at - starts_at > dt.timedelta(days=ACTIVITY_MAX_DAYS):
        return f"一次活动不能超过{ACTIVITY_MAX_DAYS}天"
    return None


def service_hours_problem(hours: Decimal, cap: Decimal) -> str | None:
    """Confirmed hours: more than 0, at most the activity's duration rounded up to the half hour, to 0.1 h."""
    if hours <= 0:
        return "服务时长应大于0小时"
    if hours != hours.quantize(HOUR_STEP):
        return "服务时长精确到0.1小时"
    if hours > cap:
        return f"服务时长不能超过活动时长{cap}小时"
    return None


def activity_full(capacity: int, taken: int) -> bool:
    """Capacity 0 means no limit."""
    return capacity > 0 and taken >= capacity


def capacity_label(taken: int, capacity: int) -> str:
    """Sign-ups against places, e.g. "12/20" (or "12/不限")."""
    return f"{taken}/{capacity}" if capacity else f"{taken}/不限"


def activity_phase(*, cancelled: bool, starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime) -> str:
    """upcoming (sign-up open) until it starts, ongoing until it ends, then ended; cancelled overrides all."""
    if cancelled:
        return "cancelled"
    if now < starts_at:
        return "upcoming"
    return "ongoing" if now < ends_at else "ended"


def signup_problem(
    *,
    cancelled: bool,
    already: bool,
    started: bool,
    capacity: int,
    taken: int,
) -> str | None:
    """A member signs up once, before the activity starts, while places are left."""
    if cancelled:
        return "该活动已取消"
    if already:
        return "已报名该活动,不能重复报名"
    if started:
        return "活动已开始,不能再报名"
    if activity_full(capacity, taken):
        return f"报名人数已满({capacity_label(taken, capacity)})"
    return None


def withdraw_problem(*, started: bool, confirmed: bool) -> str | None:
    """Withdrawing is possible until the activity starts (and never once hours are confirmed)."""
    if confirmed:
        return "服务时长已确认,不能取消报名"
    if started:
        return "活动已开始,不能取消报名"
    return None


# --- notices and reports -------------------------------------------------------------------------------------

ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png")
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
PARTY_GROUP_KIND = "party_group"
BRANCH_KIND_VALUES = frozenset({"branch", "joint_branch", "temporary_branch"})


def attachment_problem(name: str, size: int) -> str | None:
    """A notice's or report's attachment: an office document or picture of at most 10 MB."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in ATTACHMENT_EXTENSIONS:
        allowed = "、".join(ext.lstrip(".") for ext in ATTACHMENT_EXTENSIONS)
        return f"附件类型不支持(可上传 {allowed})"
    if size > ATTACHMENT_MAX_BYTES:
        return f"附件不能超过{ATTACHMENT_MAX_BYTES // 1024 // 1024}MB"
    return None


def notice_reaches(reach: str, *, levels_below: int, kind: str) -> bool:
    """Whether an org `levels_below` levels under the sender receives a notice of this reach: direct children,
    every branch below, or every org below. 党小组 receive only notices sent to every org below."""
    if levels_below < 1:
        return False
    if kind == PARTY_GROUP_KIND and reach != "all":
        return False
    if reach == "children":
        return levels_below == 1
    if reach == "branches":
        return kind in BRANCH_KIND_VALUES
    return reach == "all"


def receipt_overdue(*, sign_by: dt.date | None, signed_on: dt.date | None, today: dt.date) -> bool:
    """Not signed after the sign-by day; the sign-by day itself is still in time."""
    return sign_by is not None and signed_on is None and today > sign_by


def signed_late(*, sign_by: dt.date | None, signed_on: dt.date | None) -> bool:
    """Signed, but after the sign-by day."""
    return sign_by is not None and signed_on is not None and signed_on > sign_by


def ratio_label(numerator: int, denominator: int) -> str:
    """A rate with what it counts, e.g. "18/20 (90.0%)"; nothing to count gives "0/0 (—)"."""
    if not denominator:
        return f"{numerator}/{denominator} (—)"
    percent = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"))
    return f"{numerator}/{denominator} ({percent}%)"


REVIEW_OUTCOMES = ("adopted", "filed", "returned")


def review_problem(*, status: str, outcome: str, note: str) -> dict[str, str]:
    """A report is reviewed once, while it waits: 采用, 已阅存档, or 退回 with the reason."""
    if status != "submitted":
        return {"status": "该信息已审核,不能重复审核"}
    if outcome not in REVIEW_OUTCOMES:
        return {"status": "请选择审核结果(采用、已阅存档或退回)"}
    if outcome == "returned" and not note.strip():
        return {"review_note": "退回时请填写退回意见"}
    return {}


# --- study (ORG-07: 32 class hours a year) -------------------------------------------------------------------

STUDY_HOURS_TARGET = Decimal("32")
SELF_STUDY_MAX_HOURS = Decimal("24")
OPTION_LETTERS = "ABCDEF"
MIN_OPTIONS, MAX_OPTIONS = 2, 6
JUDGE_LABELS = {1: "对", 0: "错"}


def study_hours_short(hours: Decimal) -> Decimal:
    """How many hours a member still lacks of the yearly 32 (ORG-07); 0 once met."""
    return max(Decimal("0.0"), (STUDY_HOURS_TARGET - Decimal(hours)).quantize(Decimal("0.1")))


def meets_study_target(hours: Decimal) -> bool:
    """32 class hours a year meets the rule (exactly 32 included)."""
    return Decimal(hours) >= STUDY_HOURS_TARGET


def study_hours_problem(hours: Decimal | None) -> str | None:
    """Self-study registered for one day: above 0 and at most 24 hours."""
    if hours is None:
        return "请填写学时"
    if hours <= 0:
        return "学时应大于0"
    if hours > SELF_STUDY_MAX_HOURS:
        return f"一天登记的学时不能超过{SELF_STUDY_MAX_HOURS}"
    return None


def met_text(met: int, total: int) -> str:
    """The figure of the hours table: "达标 n/m 人"."""
    return f"达标 {met}/{total} 人"


def question_problems(kind: str, options: list[str], answer: list[int]) -> dict[str, str]:
    """A question's options and answer by kind: 单选 2–6 options and exactly one answer; 多选 2–6 options and at
    least two answers; 判断 no options and the answer [1] (对) or [0] (错)."""
    errors: dict[str, str] = {}
    if kind == "judge":
        if options:
            errors["options"] = "判断题不设选项"
        if answer not in ([0], [1]):
            errors["answer"] = "判断题的答案应为“对”或“错”"
        return errors
    if kind not in ("single", "multiple"):
        return {"kind": "请选择题型"}
    if any(not str(option).strip() for option in options):
        errors["options"] = "选项内容不能为空"
    elif not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        errors["options"] = f"选择题应有{MIN_OPTIONS}至{MAX_OPTIONS}个选项"
    elif len({str(option).strip() for option in options}) != len(options):
        errors["options"] = "选项内容不能重复"
    if len(set(answer)) != len(answer) or any(index not in range(len(options)) for index in answer):
        errors["answer"] = "答案应为已有选项的字母"
    elif kind == "single" and len(answer) != 1:
        errors["answer"] = "单选题应有且只有一个正确答案"
    elif kind == "multiple" and len(answer) < 2:
        errors["answer"] = "多选题应至少有两个正确答案"
    return errors


def answer_letters(kind: str, answer: list[int]) -> str:
    """How an answer reads: letters for choices ("ACD"), 对/错 for 判断题."""
    if kind == "judge":
        return JUDGE_LABELS.get(answer[0], "") if answer else ""
    return "".join(OPTION_LETTERS[index] for index in sorted(answer) if 0 <= index < len(OPTION_LETTERS))


def parse_answer(kind: str, text: str, option_count: int) -> list[int]:
    """An answer typed in a spreadsheet ("A", "ACD", "对"/"错") as option indexes; ValueError says why not."""
    text = "".join(str(text).split()).upper().replace(",", "").replace(",", "").replace("、", "")
    if not text:
        raise ValueError("请填写答案")
    if kind == "judge":
        for value, labels in (
            (1, ("对", "正确", "√", "T", "TRUE", "是")),
            (0, ("错", "错误", "×", "F", "FALSE", "否")),
        ):
            if text in labels:
                return [value]
        raise ValueError(f"判断题答案“{text}”无效,应为“对”或“错”")
    letters = OPTION_LETTERS[:option_count]
    if any(letter not in letters for letter in text):
        raise ValueError(f"答案“{text}”无效,应为选项字母{letters[:1]}至{letters[-1:]}")
    return sorted({letters.index(letter) for letter in text})


def answer_correct(answer: list[int], given: list[int]) -> bool:
    """All or nothing: a multiple-choice answer scores only when exactly the right options are chosen."""
    return sorted(set(given)) == sorted(set(answer))


def quiz_score(correct: int, total: int) -> Decimal:
    """The score out of 100, each question weighing the same, to one decimal."""
    if not total:
        return Decimal("0.0")
    return (Decimal(correct) * 100 / Decimal(total)).quantize(Decimal("0.1"))


def quiz_passed(score: Decimal, pass_mark: int) -> bool:
    """The pass mark itself passes."""
    return score >= pass_mark


def quiz_window_problem(day: dt.date, opens_on: dt.date, closes_on: dt.date) -> str | None:
    """A quiz takes answers from its first day to its last day, both included."""
    if day < opens_on:
        return "测试尚未开始"
    if day > closes_on:
        return "测试已截止"
    return None
