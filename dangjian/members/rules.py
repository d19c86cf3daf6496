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
