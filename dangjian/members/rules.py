"""Statutory rules of the member lifecycle (rules.md: RECRUIT, DUES, ORG-01…03, ORG-08, ORG-10, ORG-11).

Pure functions over plain values; every period and bracket is tested on both sides of its boundary. Where
rules.md marks a value as unverified (U), it is a parameter with the listed default, for the county to set.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from dangjian.core.rules import add_years

FEN = Decimal("0.01")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; a day the target month lacks becomes its last day (31 Jan + 1 → 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


# --- RECRUIT: 发展党员 --------------------------------------------------------------------------------

TALK_WITHIN_MONTHS = 1  # RECRUIT-02
ACTIVIST_REVIEW_MONTHS = 6  # RECRUIT-03
ACTIVIST_YEARS_BEFORE_CANDIDATE = 1  # RECRUIT-04
TRAINING_MIN_DAYS = 3  # RECRUIT-07
TRAINING_MIN_HOURS = 24
APPROVAL_MONTHS = 3  # RECRUIT-11 (soft)
APPROVAL_MONTHS_SPECIAL = 6
EXTENSION_MIN_MONTHS, EXTENSION_MAX_MONTHS = 6, 12  # RECRUIT-13


def talk_due(application_on: dt.date) -> dt.date:
    """RECRUIT-02: the last day for the talk after an application (one calendar month)."""
    return add_months(application_on, TALK_WITHIN_MONTHS)


def talk_overdue(application_on: dt.date, *, talked_on: dt.date | None, today: dt.date) -> bool:
    """RECRUIT-02 (soft): the talk happened, or is still pending, after its last day."""
    return (talked_on or today) > talk_due(application_on)


def activist_review_due(last_review_on: dt.date) -> dt.date:
    """RECRUIT-03 (soft): the branch reviews each activist every six months."""
    return add_months(last_review_on, ACTIVIST_REVIEW_MONTHS)


def earliest_candidate_date(activist_on: dt.date) -> dt.date:
    """RECRUIT-04 (hard): 发展对象 no earlier than one year after becoming an activist."""
    return add_years(activist_on, ACTIVIST_YEARS_BEFORE_CANDIDATE)


class IntroducerStanding(StrEnum):
    FULL = "full"
    PROBATIONARY = "probationary"
    ON_PROBATION_DISCIPLINE = "on_probation_discipline"  # 留党察看, rights not restored
    NOT_A_MEMBER = "not_a_member"


def introducer_problems(standings: Iterable[IntroducerStanding]) -> list[str]:
    """RECRUIT-05 (hard): exactly two introducers, both 正式党员 with their rights. Returns Chinese reasons."""
    standings = list(standings)
    problems = []
    if len(standings) != 2:
        problems.append(f"入党介绍人须为2名,现为{len(standings)}名")
    for number, standing in enumerate(standings, start=1):
        if standing == IntroducerStanding.PROBATIONARY:
            problems.append(f"第{number}名介绍人是预备党员,不能担任入党介绍人")
        elif standing == IntroducerStanding.ON_PROBATION_DISCIPLINE:
            problems.append(f"第{number}名介绍人受留党察看处分、尚未恢复党员权利,不能担任入党介绍人")
        elif standing == IntroducerStanding.NOT_A_MEMBER:
            problems.append(f"第{number}名介绍人不是党员")
    return problems


def training_passed(*, days: Decimal | int, hours: Decimal | int) -> bool:
    """RECRUIT-07 (hard): concentrated training of at least 3 days or at least 24 class hours."""
    return days >= TRAINING_MIN_DAYS or hours >= TRAINING_MIN_HOURS


@dataclass(frozen=True)
class Vote:
    """A branch meeting's vote on one candidate (RECRUIT-09, -10, -14).

    `entitled`: formal members with the right to vote (应到会); `present`: of those, present; `yes`: yes-votes,
    written opinions sent before the meeting included.
    """

    entitled: int
    present: int
    yes: int


def quorum_reached(vote: Vote) -> bool:
    """RECRUIT-09: more than half of those entitled to vote are present."""
    return vote.present * 2 > vote.entitled


def admission_passes(vote: Vote) -> bool:
    """RECRUIT-10: a quorum, and yes-votes more than half of those entitled (not of those present)."""
    return quorum_reached(vote) and vote.yes * 2 > vote.entitled


def vote_problems(vote: Vote) -> list[str]:
    problems = []
    if vote.entitled <= 0:
        problems.append("有表决权的正式党员人数须大于0")
    if not 0 <= vote.present <= vote.entitled:
        problems.append("实到人数须在0与应到人数之间")
    if vote.yes < 0 or vote.yes > vote.entitled:
        problems.append("赞成票数须在0与应到人数之间")
    if problems:
        return problems
    if not quorum_reached(vote):
        problems.append(f"到会有表决权的党员{vote.present}人,未超过应到{vote.entitled}人的半数,会议无效")
    elif not admission_passes(vote):
        problems.append(f"赞成票{vote.yes}票,未超过应到会有表决权党员{vote.entitled}人的半数,未通过")
    return problems


def approval_due(resolution_on: dt.date, *, special: bool = False) -> dt.date:
    """RECRUIT-11 (soft): the higher committee approves within 3 months (6 in special cases)."""
    return add_months(resolution_on, APPROVAL_MONTHS_SPECIAL if special else APPROVAL_MONTHS)


def probation_end(resolution_on: dt.date, *, extension_months: int = 0) -> dt.date:
    """RECRUIT-12/13: 预备期 starts on the day of the branch resolution and lasts one year (plus an extension)."""
    return add_months(add_years(resolution_on, 1), extension_months)


def extension_problem(months: int, *, previous_extensions: int) -> str | None:
    """RECRUIT-13 (hard): one extension only, of 6 to 12 months."""
    if previous_extensions > 0:
        return "预备期只能延长一次"
    if not EXTENSION_MIN_MONTHS <= months <= EXTENSION_MAX_MONTHS:
        return f"预备期延长期限为{EXTENSION_MIN_MONTHS}至{EXTENSION_MAX_MONTHS}个月"
    return None


def party_standing_from(resolution_on: dt.date, *, extension_months: int = 0) -> dt.date:
    """RECRUIT-15: 党龄 counts from the day the 预备期 ends (after an extension, from its end — U)."""
    return probation_end(resolution_on, extension_months=extension_months)


# --- DUES: 党费 (中组发〔2008〕3号) ------------------------------------------------------------------------


class DuesKind(StrEnum):
    EMPLOYED = "employed"
    RETIRED = "retired"
    FARMER = "farmer"
    STUDENT = "student"
    UNEMPLOYED = "unemployed"
    LOW_INCOME = "low_income"


# (upper bound of the base inclusive, rate); None = no upper bound. One flat rate on the whole base.
EMPLOYED_BRACKETS: tuple[tuple[Decimal | None, Decimal], ...] = (
    (Decimal(3000), Decimal("0.005")),
    (Decimal(5000), Decimal("0.01")),
    (Decimal(10000), Decimal("0.015")),
    (None, Decimal("0.02")),
)
RETIRED_BRACKETS: tuple[tuple[Decimal | None, Decimal], ...] = (
    (Decimal(5000), Decimal("0.005")),
    (None, Decimal("0.01")),
)
FIXED_MONTHLY = Decimal("0.20")  # DUES-04: students, unemployed, laid-off, relief and 低保 recipients
FARMER_MIN, FARMER_MAX = Decimal("0.20"), Decimal("1.00")
EXTRA_PASSED_UP_FROM = Decimal(1000)  # DUES-08
BACK_PAYMENT_MAX_MONTHS = 6  # DUES-09
LAPSE_MONTHS = 6  # DUES-10, ORG-10


class DuesError(ValueError):
    """Bad input to a dues rule; the message is the Chinese reason."""


@dataclass(frozen=True)
class DuesQuote:
    rate: Decimal | None  # None for fixed amounts
    monthly: Decimal


def round_fen(amount: Decimal) -> Decimal:
    """To the fen, half up (practice, U)."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def _bracket_rate(base: Decimal, brackets: tuple[tuple[Decimal | None, Decimal], ...]) -> Decimal:
    for upper, rate in brackets:
        if upper is None or base <= upper:
            return rate
    raise AssertionError("unreachable: the last bracket is open")


def dues_quote(
    kind: DuesKind | str, *, base: Decimal | None = None, farmer_amount: Decimal = FIXED_MONTHLY
) -> DuesQuote:
    """DUES-01, -03, -04: the monthly dues for a kind of member and (where it applies) their monthly base."""
    try:
        kind = DuesKind(kind)
    except ValueError:
        raise DuesError(f"缴费类别“{kind}”无效,可选: {', '.join(k.value for k in DuesKind)}") from None
    if kind in (DuesKind.EMPLOYED, DuesKind.RETIRED):
        if base is None:
            raise DuesError("在职和离退休党员须填写缴费基数")
        if base < 0:
            raise DuesError("缴费基数不能为负数")
        brackets = EMPLOYED_BRACKETS if kind == DuesKind.EMPLOYED else RETIRED_BRACKETS
        rate = _bracket_rate(base, brackets)
        return DuesQuote(rate=rate, monthly=round_fen(base * rate))
    if kind == DuesKind.FARMER:
        if not FARMER_MIN <= farmer_amount <= FARMER_MAX:
            raise DuesError(f"农民党员每月缴纳{FARMER_MIN}至{FARMER_MAX}元,县里设定的金额{farmer_amount}元超出范围")
        return DuesQuote(rate=None, monthly=round_fen(farmer_amount))
    return DuesQuote(rate=None, monthly=FIXED_MONTHLY)


def extra_passed_up(amount: Decimal) -> bool:
    """DUES-08: a single voluntary extra payment of 1000 元 or more is passed up in full."""
    return amount >= EXTRA_PASSED_UP_FROM


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    def plus(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月"


def back_payment_allowed(month: Month, *, paid_in: Month) -> bool:
    """DUES-09: dues for a past month may be paid at most 6 months later."""
    return month <= paid_in <= month.plus(BACK_PAYMENT_MAX_MONTHS)


def consecutive_unpaid_months(paid: Iterable[Month], *, due_from: Month, up_to: Month) -> int:
    """The run of unpaid months ending at `up_to` (months before `due_from` are not owed)."""
    paid = set(paid)
    count = 0
    month = up_to
    while month >= due_from and month not in paid:
        count += 1
        month = month.plus(-1)
    return count


def dues_lapsed(paid: Iterable[Month], *, due_from: Month, up_to: Month) -> bool:
    """DUES-10/ORG-10: 6 consecutive months unpaid (without good reason) → treated as 自行脱党, to be handled."""
    return consecutive_unpaid_months(paid, due_from=due_from, up_to=up_to) >= LAPSE_MONTHS


# --- ORG: organisation set-up, evaluation, lost contact --------------------------------------------------


class OrgForm(StrEnum):
    JOINT_BRANCH = "joint_branch"
    BRANCH = "branch"
    GENERAL_BRANCH = "general_branch"
    PARTY_COMMITTEE = "party_committee"


def required_org_form(formal_members: int, members: int) -> OrgForm:
    """ORG-01/03: fewer than 3 formal members → joint branch; ≥ 100 members → 基层党委; 50–99 → 党总支."""
    if formal_members < 3:
        return OrgForm.JOINT_BRANCH
    if members >= 100:
        return OrgForm.PARTY_COMMITTEE
    if members >= 50:
        return OrgForm.GENERAL_BRANCH
    return OrgForm.BRANCH


def branch_too_large(members: int) -> bool:
    """ORG-01 (soft): a branch normally has at most 50 members."""
    return members > 50


def needs_committee(formal_members: int) -> bool:
    """ORG-02: 7 or more formal members → a branch committee (3–5 members, at most 7)."""
    return formal_members >= 7


def committee_size_problem(size: int) -> str | None:
    if not 3 <= size <= 7:
        return "支部委员会由3至5人组成,一般不超过7人"
    return None


def excellent_quota(graded: int) -> int:
    """ORG-08: 优秀 at most one third of the members graded (预备党员 are not graded)."""
    return graded // 3


def lost_contact_stage(lost_since: dt.date, today: dt.date) -> str | None:
    """ORG-11: lost ≥ 6 months → 停止党籍; still unreachable 2 years after that → 除名."""
    stopped_on = add_months(lost_since, 6)
    if today < stopped_on:
        return None
    if today < add_years(stopped_on, 2):
        return "stop_membership"
    return "remove"


# --- STANDING: 党籍 (ORG-10, ORG-11, RECRUIT-13) ------------------------------------------------------------

STANDING_NORMAL = "normal"
STANDING_LOST_CONTACT = "lost_contact"
STANDING_ABROAD = "abroad"
STANDING_SUSPENDED = "suspended"
STANDING_CANCELLED = "cancelled"
STANDING_REMOVED = "removed"
STANDING_EXPELLED = "expelled"
STANDING_WITHDRAWN = "withdrawn"
STANDING_DECEASED = "deceased"
STANDING_TRANSFERRED_OUT = "transferred_out"
LEAVING_STANDINGS = frozenset(
    {
        STANDING_CANCELLED,
        STANDING_REMOVED,
        STANDING_EXPELLED,
        STANDING_WITHDRAWN,
        STANDING_DECEASED,
        STANDING_TRANSFERRED_OUT,
    }
)
# Changes the committee above the branch decides (ORG-10: the branch meeting decides, the level above approves).
NEEDS_APPROVAL = frozenset({STANDING_SUSPENDED, STANDING_REMOVED, STANDING_EXPELLED, STANDING_CANCELLED})
LOST_CONTACT_SUSPEND_MONTHS = 6  # ORG-11
SUSPENDED_REMOVE_YEARS = 2  # ORG-11
CORRECTION_MAX_YEARS = 1  # ORG-11 限期改正

# from → the standings it may change to
STANDING_TRANSITIONS: dict[str, frozenset[str]] = {
    STANDING_NORMAL: frozenset(
        {STANDING_LOST_CONTACT, STANDING_ABROAD, STANDING_SUSPENDED} | (LEAVING_STANDINGS - {STANDING_TRANSFERRED_OUT})
    ),
    STANDING_LOST_CONTACT: frozenset({STANDING_NORMAL, STANDING_SUSPENDED, STANDING_REMOVED, STANDING_DECEASED}),
    STANDING_ABROAD: frozenset({STANDING_NORMAL, STANDING_SUSPENDED, STANDING_LOST_CONTACT} | LEAVING_STANDINGS),
    STANDING_SUSPENDED: frozenset({STANDING_NORMAL, STANDING_REMOVED, STANDING_EXPELLED, STANDING_DECEASED}),
}


def standing_problems(
    *,
    current: str,
    new: str,
    on: dt.date,
    since: dt.date | None,
    today: dt.date,
    probationary: bool,
    lost_contact_basis: bool = False,
    branch_resolution_on: dt.date | None = None,
    approved_on: dt.date | None = None,
) -> list[str]:
    """Whether a member's 党籍 may change from `current` to `new` on `on`. Chinese reasons; empty = allowed.

    `since`: the date the current standing began; `lost_contact_basis`: the change rests on lost contact
    (ORG-11: 停止党籍 after 6 months lost; 除名 two years after that).
    """
    problems: list[str] = []
    if new == current:
        return ["党籍状态没有变化"]
    if current in LEAVING_STANDINGS:
        return ["已出党或转出的党员列入历史名册,党籍状态不能再变更"]
    if new not in STANDING_TRANSITIONS.get(current, frozenset()):
        return ["党籍状态不能由当前状态直接变更为所选状态"]
    if on > today:
        problems.append("生效日期不能晚于今天")
    if since is not None and on < since:
        problems.append(f"生效日期不能早于当前党籍状态的起始日期{since:%Y-%m-%d}")
    if new == STANDING_CANCELLED and not probationary:
        problems.append("只有预备党员可以取消预备党员资格")
    if current == STANDING_LOST_CONTACT and new == STANDING_SUSPENDED and since is not None:
        earliest = add_months(since, LOST_CONTACT_SUSPEND_MONTHS)
        if on < earliest:
            problems.append(f"失去联系满6个月方可停止党籍,最早{earliest:%Y-%m-%d}")
    if current == STANDING_SUSPENDED and new == STANDING_REMOVED and lost_contact_basis and since is not None:
        earliest = add_years(since, SUSPENDED_REMOVE_YEARS)
        if on < earliest:
            problems.append(f"停止党籍满2年后仍无法取得联系的方可除名,最早{earliest:%Y-%m-%d}")
    if new in NEEDS_APPROVAL:
        if branch_resolution_on is None:
            problems.append("须填写支部大会讨论决定的日期")
        if approved_on is None:
            problems.append("须经上级党组织批准,请填写批准日期")
        if branch_resolution_on and approved_on and approved_on < branch_resolution_on:
            problems.append("上级批准日期不能早于支部大会决定日期")
        if approved_on and approved_on > on:
            problems.append("生效日期不能早于上级批准日期")
    return problems


def correction_deadline_problem(decided_on: dt.date, deadline: dt.date) -> str | None:
    """ORG-11: 限期改正 runs at most one year from the decision."""
    latest = add_years(decided_on, CORRECTION_MAX_YEARS)
    if deadline <= decided_on:
        return "改正期限须晚于决定日期"
    if deadline > latest:
        return f"限期改正的期限不超过1年,最晚{latest:%Y-%m-%d}"
    return None


def counted_as_member(standing: str) -> bool:
    """Counted in 党员总数: 正常, 失联, 出国出境 (not 停止党籍, not the historical roll)."""
    return standing in (STANDING_NORMAL, STANDING_LOST_CONTACT, STANDING_ABROAD)


# --- DUES LEDGER: 党费台账 (DUES-05…10, ORG-10) -------------------------------------------------------------

DUES_CHECK_MAX_MONTHS = 24  # one special check covers at most two years of the ledger
LAPSE_FLAG = "连续6个月不交纳党费,按自行脱党处理"

# Occupations (core Occupation codes) whose dues kind follows from the occupation alone.
_KIND_BY_OCCUPATION = {
    "retired": DuesKind.RETIRED,
    "farmer": DuesKind.FARMER,
    "student": DuesKind.STUDENT,
    "worker": DuesKind.EMPLOYED,
    "professional": DuesKind.EMPLOYED,
    "manager": DuesKind.EMPLOYED,
    "civil_servant": DuesKind.EMPLOYED,
}


def suggested_dues_kind(occupation: str) -> DuesKind | None:
    """The dues kind a member's occupation suggests (the branch confirms it); None when it says nothing."""
    return _KIND_BY_OCCUPATION.get(occupation or "")


def month_first_day(month: Month) -> dt.date:
    return dt.date(month.year, month.month, 1)


def months_between(first: Month, last: Month) -> list[Month]:
    """Every month from `first` to `last`, both included (empty when `last` comes first)."""
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = month.plus(1)
    return months


def dues_first_month(joined_on: dt.date) -> Month:
    """DUES-06: a member pays from the month of the branch meeting's resolution that admitted them."""
    return Month.of(joined_on)


def reduction_problem(kind: str, monthly: Decimal, *, standard: Decimal | None) -> str | None:
    """DUES-05: a reduced amount lies between nothing and the member's standard; a waiver is nothing at all."""
    if kind == "waive":
        return None
    if monthly <= 0:
        return "减交后的每月党费须大于0元(全部免交请选择“免交”)"
    if standard is not None and monthly >= standard:
        return f"减交后的每月党费须少于该党员按规定每月应缴的{standard}元"
    return None


def reduced_monthly(standard: Decimal, *, kind: str | None, monthly: Decimal | None) -> Decimal:
    """The monthly amount owed under an approved reduction (waive → 0) or, without one, the standard."""
    if kind == "waive":
        return Decimal("0.00")
    if kind == "reduce" and monthly is not None:
        return round_fen(monthly)
    return standard


def reduction_by_branch_alone(dues_kind: str) -> bool:
    """DUES-05 (S): a retiree in hardship — the branch alone decides; others need the committee above."""
    return dues_kind == DuesKind.RETIRED


def payment_problem(month: Month, *, paid_on: dt.date, today: dt.date) -> str | None:
    """DUES-09: paid on a real day, and a month's dues at most 6 months late. Paying ahead (quarterly or in
    advance, with the branch's consent) is allowed."""
    if paid_on > today:
        return "缴纳日期不能晚于今天"
    paid_in = Month.of(paid_on)
    if paid_in > month and not back_payment_allowed(month, paid_in=paid_in):
        latest = month.plus(BACK_PAYMENT_MAX_MONTHS)
        return f"补交党费不得超过6个月:{month}的党费最迟应在{latest}补交(中组发〔2008〕3号)"
    return None


def month_owed(*, expected: Decimal, paid: Decimal, excused: bool) -> bool:
    """A month counts as unpaid when less than the expected amount came in and no good reason is recorded."""
    return paid < expected and not excused


def overdue_through(today: dt.date) -> Month:
    """The last month whose dues are overdue: the current month may still be paid within the month."""
    return Month.of(today).plus(-1)


def longest_unpaid_run(owed: Iterable[Month]) -> int:
    """The longest run of consecutive owed months (a paid, excused or unrecorded month ends a run)."""
    owed = set(owed)
    longest = 0
    for month in owed:
        if month.plus(-1) in owed:
            continue
        length = 1
        while month.plus(length) in owed:
            length += 1
        longest = max(longest, length)
    return longest


def unpaid_run_ending(owed: Iterable[Month], *, up_to: Month) -> int:
    """The run of consecutive owed months that ends at `up_to` (0 when that month is not owed)."""
    owed = set(owed)
    count = 0
    while up_to.plus(-count) in owed:
        count += 1
    return count


def lapse_flagged(owed: Iterable[Month]) -> bool:
    """DUES-10/ORG-10: 6 consecutive months unpaid without good reason → flagged as 自行脱党, for the branch to
    handle (the flag changes nothing by itself)."""
    return longest_unpaid_run(owed) >= LAPSE_MONTHS


def check_period_problem(first: Month, last: Month) -> str | None:
    """The special check's period: in order, and no longer than two years."""
    if last < first:
        return "截止月份不能早于起始月份"
    if len(months_between(first, last)) > DUES_CHECK_MAX_MONTHS:
        return f"一次专项检查的期间不超过{DUES_CHECK_MAX_MONTHS}个月"
    return None


# --- EVALUATION, CARE, 双报到: 民主评议党员 (ORG-08, ORG-11), 党内关爱, 在职党员到社区报到 ----------------------

GRADE_EXCELLENT = "excellent"
GRADE_UNQUALIFIED = "unqualified"
FOLLOWUP_CORRECT = "correct"
FOLLOWUP_PERSUADE = "persuade"
FOLLOWUP_REMOVE = "remove"
FOLLOWUP_DISCIPLINE = "discipline"
# The standings a follow-up may end in (党章第九条): 限期改正 without change → 劝退; 劝退 refused → 除名.
FOLLOWUP_OUTCOME_STANDINGS: dict[str, frozenset[str]] = {
    FOLLOWUP_CORRECT: frozenset({STANDING_WITHDRAWN, STANDING_REMOVED}),
    FOLLOWUP_PERSUADE: frozenset({STANDING_WITHDRAWN, STANDING_REMOVED}),
    FOLLOWUP_REMOVE: frozenset({STANDING_REMOVED}),
    FOLLOWUP_DISCIPLINE: frozenset(),
}
ELDERLY_AGE = 80  # 关爱: members of 80 and over are visited every year
SERVICE_HOURS_MAX = Decimal(24)


def evaluation_start_problem(year: int, started_on: dt.date, today: dt.date) -> str | None:
    """ORG-08: one 民主评议 a year; the year's evaluation starts in that year or early in the next."""
    if started_on > today:
        return "开始日期不能晚于今天"
    if started_on.year not in (year, year + 1):
        return f"{year}年度的民主评议应在{year}年或{year + 1}年开始"
    return None


def excellent_problem(*, excellent: int, graded: int) -> str | None:
    """ORG-08: 优秀 at most one third of the members graded (预备党员 are not graded)."""
    quota = excellent_quota(graded)
    if excellent > quota:
        return f"优秀等次不超过评定等次党员的三分之一(ORG-08):本次评定{graded}名,优秀最多{quota}名,现为{excellent}名"
    return None


def followup_deadline_problem(measure: str, decided_on: dt.date, deadline: dt.date | None) -> str | None:
    """限期改正 must carry a deadline of at most one year (ORG-11); other measures may carry one for handling."""
    if measure == FOLLOWUP_CORRECT:
        if deadline is None:
            return "限期改正须规定改正期限"
        return correction_deadline_problem(decided_on, deadline)
    if deadline is not None and deadline <= decided_on:
        return "办理期限须晚于决定日期"
    return None


def followup_overdue(deadline: dt.date | None, *, closed: bool, today: dt.date) -> bool:
    """Soft: an open follow-up past its deadline (the deadline day itself is still in time)."""
    return deadline is not None and not closed and today > deadline


def followup_outcome_problems(
    measure: str,
    to_standing: str | None,
    *,
    branch_resolution_on: dt.date | None,
    approved_on: dt.date | None,
) -> list[str]:
    """How a follow-up may end: 除名 ends in removal; 劝退 and 除名 need the branch meeting and the level above."""
    allowed = FOLLOWUP_OUTCOME_STANDINGS.get(measure, frozenset())
    if to_standing is None:
        if measure == FOLLOWUP_REMOVE:
            return ["处置方式为除名的,办结时须作出除名"]
        return []
    if to_standing not in allowed:
        return ["该处置方式不能以所选党籍变动办结"]
    problems = []
    if branch_resolution_on is None:
        problems.append("劝其退党或除名须经支部党员大会讨论决定,请填写决定日期(党章第九条)")
    if approved_on is None:
        problems.append("劝其退党或除名须报上级党组织批准,请填写批准日期(党章第九条)")
    return problems


def hardship_active(since: dt.date, until: dt.date | None, on: dt.date) -> bool:
    """A difficulty counts from its first day through its last (`until` inclusive)."""
    return since <= on and (until is None or on <= until)


def elderly_born_by(today: dt.date) -> dt.date:
    """Born on or before this day → 80 or older today (a birthday counts on the day itself)."""
    return add_years(today, -ELDERLY_AGE)


def money_problem(amount: Decimal) -> str | None:
    """Money is kept to the fen and never negative."""
    if not amount.is_finite():
        return "金额无效"
    if amount < 0:
        return "金额不能为负数"
    if amount != amount.quantize(FEN):
        return "金额精确到分(最多两位小数)"
    return None


def community_problem(*, domain: str, kind: str, dissolved: bool) -> str | None:
    """双报到 goes to a community's Party organisation (its branch or committee), never a 党小组 or a dissolved one."""
    if domain != "community":
        return "在职党员只能到社区党组织报到(所属领域须为社区)"
    if kind == "party_group":
        return "报到的社区党组织应为社区党支部、党总支或党委,不能是党小组"
    if dissolved:
        return "该社区党组织已撤销"
    return None


def service_hours_problem(hours: Decimal) -> str | None:
    """A day's community service: more than nothing, at most 24 hours, to the tenth of an hour."""
    if not hours.is_finite() or hours <= 0:
        return "服务时长须大于0小时"
    if hours > SERVICE_HOURS_MAX:
        return "一天的服务时长不超过24小时"
    if hours != hours.quantize(Decimal("0.1")):
        return "服务时长精确到0.1小时"
    return None


# --- TRANSFER and MOBILE: 组织关系转接, 流动党员 (MOB-01…04) ---------------------------------------------------

AWAY_TRANSFER_MONTHS = 6  # MOB-01, MOB-02
LETTER_VALID_MONTHS = 3  # MOB-04 (U): the county's setting, this is its default
LETTER_VALID_MONTHS_ACROSS_PROVINCES = 6  # MOB-04 (U)
LETTER_VALID_MONTHS_MIN, LETTER_VALID_MONTHS_MAX = 1, 12  # what a county may set
CERTIFICATE_CHECK_MONTHS = 12  # MOB-03: the 流动党员活动证 is checked yearly
REPORT_EVERY_MONTHS_MIN, REPORT_EVERY_MONTHS_MAX = 1, 12  # seed 001 情况报告制度: the branch sets the period


def letter_valid_until(
    issued_on: dt.date,
    *,
    across_provinces: bool,
    months: int = LETTER_VALID_MONTHS,
    months_across_provinces: int = LETTER_VALID_MONTHS_ACROSS_PROVINCES,
) -> dt.date:
    """MOB-04: the last day a letter of transfer is valid (the county's months; longer across provinces)."""
    return add_months(issued_on, months_across_provinces if across_provinces else months)


def letter_expired(valid_until: dt.date, today: dt.date) -> bool:
    """MOB-04: a letter is valid through its last day; from the next day it must be issued again."""
    return today > valid_until


def letter_validity_problem(months: int) -> str | None:
    if not LETTER_VALID_MONTHS_MIN <= months <= LETTER_VALID_MONTHS_MAX:
        return f"介绍信有效期应为{LETTER_VALID_MONTHS_MIN}至{LETTER_VALID_MONTHS_MAX}个月"
    return None


def transfer_overdue(*, deadline: dt.date, valid_until: dt.date, today: dt.date) -> bool:
    """A pending transfer past its handling deadline or its letter's validity (listed in the roll audit)."""
    return today > deadline or letter_expired(valid_until, today)


def letter_number(county_code: str, year: int, sequence: int) -> str:
    """Letters are numbered per county and year: 〔year〕 then a four-digit sequence."""
    return f"{county_code}〔{year}〕{sequence:04d}号"


def should_transfer_on(left_on: dt.date) -> dt.date:
    """MOB-01: the day a member away at a fixed place has been away six months."""
    return add_months(left_on, AWAY_TRANSFER_MONTHS)


def should_transfer(*, left_on: dt.date, fixed_place: bool, today: dt.date) -> bool:
    """MOB-01/02 (soft): away ≥ 6 months at a fixed place → the relation should be transferred."""
    return fixed_place and today >= should_transfer_on(left_on)


def report_period_problem(months: int) -> str | None:
    if not REPORT_EVERY_MONTHS_MIN <= months <= REPORT_EVERY_MONTHS_MAX:
        return f"情况报告周期应为{REPORT_EVERY_MONTHS_MIN}至{REPORT_EVERY_MONTHS_MAX}个月"
    return None


def report_due_dates(*, left_on: dt.date, every_months: int, until: dt.date) -> list[dt.date]:
    """Seed 001 情况报告制度: the report dates of a spell away, every `every_months` from the day of leaving."""
    dates: list[dt.date] = []
    k = 1
    while (due := add_months(left_on, every_months * k)) <= until:
        dates.append(due)
        k += 1
    return dates


def next_report_due(*, left_on: dt.date, every_months: int, last_due_on: dt.date | None = None) -> dt.date:
    """The first report date after the last one reported for (the first of the spell when none was)."""
    k = 1
    if last_due_on is not None:
        months_between = (last_due_on.year - left_on.year) * 12 + last_due_on.month - left_on.month
        k = max(1, months_between // every_months)
        while add_months(left_on, every_months * k) <= last_due_on:
            k += 1
    return add_months(left_on, every_months * k)


def report_overdue(next_due: dt.date, today: dt.date) -> bool:
    """A report is in time on its date; from the next day it is overdue."""
    return today > next_due


def reports_missed(*, left_on: dt.date, every_months: int, last_due_on: dt.date | None, today: dt.date) -> int:
    """How many report dates have passed without a report since the last one reported for."""
    due = next_report_due(left_on=left_on, every_months=every_months, last_due_on=last_due_on)
    missed = 0
    while report_overdue(due, today):
        missed += 1
        due = next_report_due(left_on=left_on, every_months=every_months, last_due_on=due)
    return missed


def certificate_check_due(*, issued_on: dt.date | None, checked_on: dt.date | None) -> dt.date | None:
    """MOB-03: the 流动党员活动证 is checked a year after it was issued or last checked."""
    last = checked_on or issued_on
    return add_months(last, CERTIFICATE_CHECK_MONTHS) if last is not None else None


def certificate_check_alert(due: dt.date | None, today: dt.date) -> bool:
    """The yearly check is due from its date on (soft: an alert until it is recorded)."""
    return due is not None and today >= due


# --- RECRUIT ENGINE: 发展党员的步骤顺序、期限与“六评三定” (RECRUIT-01…15, seed 004) ------------------------------

LAST_STEP = 25
STAGE_LAST_STEPS = (2, 6, 11, 18, 25)  # 一 1–2, 二 3–6, 三 7–11, 四 12–18, 五 19–25
# A step that repeats → the step it first follows: 培养教育考察 each review period, 继续教育考察 during probation.
REPEATING_STEPS = {6: 5, 21: 20}
# A failed check that may be held again → the last step after which it still may (政治审查, 上级党委预审).
RETRIABLE_CHECKS = {10: 11, 13: 14}
COMMITTEE_STEPS = frozenset({4, 8, 13, 16, 17, 18, 24})  # the higher committee's (上级党委)
TRAINER_STEPS = frozenset({5, 6, 11})  # done by the training branch when another branch trains
VOTE_STEPS = frozenset({15, 23})
CHECK_STEPS = frozenset({10, 13, 17, 24})  # steps that end with a conclusion: passed or not
PEOPLE_STEPS = {2: "talker", 5: "contact", 9: "introducer", 16: "talker"}
CONTACTS_MIN, CONTACTS_MAX = 1, 2  # RECRUIT-03
DECISION_CONFIRM, DECISION_EXTEND, DECISION_CANCEL = "confirm", "extend", "cancel"


def stage_of(step: int) -> int:
    """The stage (1–5) a step belongs to."""
    for stage, last in enumerate(STAGE_LAST_STEPS, start=1):
        if 1 <= step <= last:
            return stage
    raise ValueError(f"步骤应为1至{LAST_STEP},实为{step}")


def steps_open(last: int, *, failed: Iterable[int] = ()) -> list[int]:
    """The steps that may be recorded once `last` is the last step completed; `failed`: the check steps whose
    latest conclusion was "not passed".

    Each step follows the one before. 6 repeats while an activist and 21 during probation. A failed political
    review (10) or pre-review (13) may be held again until the next step but one; the stage gates (RECRUIT-06,
    -08) keep the way shut meanwhile. An approval the committee refused (24) sends the decision back to the branch
    meeting (23); an admission the committee refused (17) ends the way.
    """
    failed = set(failed)
    if 17 in failed and last >= 17:
        return []
    if 24 in failed and last == 24:
        return [23]
    opened = {last + 1} if last < LAST_STEP else set()
    for step, after in REPEATING_STEPS.items():
        if last in (after, step):
            opened.add(step)
    for step, until in RETRIABLE_CHECKS.items():
        if step in failed and step <= last <= until:
            opened.add(step)
    return sorted(opened)


def candidate_date_problem(activist_on: dt.date, on: dt.date) -> str | None:
    """RECRUIT-04 (hard): 发展对象 no earlier than one year after becoming an activist."""
    earliest = earliest_candidate_date(activist_on)
    if on < earliest:
        return f"确定为入党积极分子满1年后方可确定为发展对象(最早{earliest:%Y-%m-%d})"
    return None


def contact_count_problem(count: int) -> str | None:
    """RECRUIT-03: one or two formal members are the activist's 培养联系人."""
    if not CONTACTS_MIN <= count <= CONTACTS_MAX:
        return f"培养联系人须为{CONTACTS_MIN}至{CONTACTS_MAX}名正式党员,现为{count}名"
    return None


def training_problem(days: Decimal | None, hours: Decimal | None) -> str | None:
    """RECRUIT-07 (hard): only a concentrated training of at least 3 days or 24 class hours completes step 11."""
    if days is None and hours is None:
        return "请填写集中培训的天数或学时"
    if not training_passed(days=days or 0, hours=hours or 0):
        return f"集中培训须不少于{TRAINING_MIN_DAYS}天或不少于{TRAINING_MIN_HOURS}学时,未达到要求的不能记为完成培训"
    return None


def discussion_problem(decision: str, *, probation_ends_on: dt.date, on: dt.date) -> str | None:
    """RECRUIT-13 (hard): 按期转正 or an extension is discussed when the 预备期 has ended (cancelling may come
    earlier, when the probationer proves unfit)."""
    if decision in (DECISION_CONFIRM, DECISION_EXTEND) and on < probation_ends_on:
        return f"预备期于{probation_ends_on:%Y-%m-%d}期满,期满前不能讨论按期转正或延长预备期"
    return None


def overdue_cutoff(today: dt.date, months: int) -> dt.date:
    """The latest start day whose period of `months` ended before `today`: a start on or before it is overdue.

    Lets the database find overdue rows with one date comparison (add_months clamps month ends, so the inverse
    is found by stepping a day or two)."""
    day = add_months(today, -months)
    one = dt.timedelta(days=1)
    while add_months(day, months) >= today:
        day -= one
    while add_months(day + one, months) < today:
        day += one
    return day


def period_overdue(start: dt.date, months: int, *, today: dt.date) -> bool:
    """Soft periods (RECRUIT-02, -03, -11, -14): the last day is `start` + `months`; the day after is overdue."""
    return today > add_months(start, months)


# 六评三定 (seed 004): the township scores candidates on the county's items, inspects those who pass, nominates
# within its yearly quota.


def score_problem(score: Decimal, maximum: Decimal) -> str | None:
    if not score.is_finite() or not 0 <= score <= maximum:
        return f"得分应在0至{maximum}分之间"
    return None


def weighted_total(scores: Iterable[tuple[Decimal, Decimal]]) -> Decimal:
    """Σ score × weight over (score, weight) pairs, to the hundredth."""
    return round_fen(sum((score * weight for score, weight in scores), Decimal(0)))


def score_passes(total: Decimal | None, pass_mark: Decimal) -> bool:
    """The pass mark itself passes."""
    return total is not None and total >= pass_mark


def quota_left(quota: int | None, used: int) -> int:
    """Places left of a township's yearly quota (none without a quota)."""
    return max((quota or 0) - used, 0)
