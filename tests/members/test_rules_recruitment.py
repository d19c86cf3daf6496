"""The recruitment engine's pure rules (rules.md RECRUIT, seed 004), each on both sides of its boundary."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian.core.rules import is_adult_on
from dangjian.members import rules
from dangjian.members.rules import Vote

D = dt.date


@pytest.mark.parametrize(
    ("step", "stage"),
    [(1, 1), (2, 1), (3, 2), (6, 2), (7, 3), (11, 3), (12, 4), (18, 4), (19, 5), (25, 5)],
)
def test_stage_of_each_step_at_the_stage_edges(step, stage):
    assert rules.stage_of(step) == stage


@pytest.mark.parametrize("step", [0, 26])
def test_no_stage_outside_the_25_steps(step):
    with pytest.raises(ValueError, match="步骤应为1至25"):
        rules.stage_of(step)


# RECRUIT-01 (the rule lives in core.rules; the applicant service applies it)
def test_eighteen_on_the_birthday_not_the_day_before():
    birth = D(2008, 3, 15)
    assert not is_adult_on(birth, D(2026, 3, 14))
    assert is_adult_on(birth, D(2026, 3, 15))


@pytest.mark.parametrize(
    ("last", "failed", "expected"),
    [
        (1, (), [2]),
        (4, (), [5]),
        (5, (), [6]),
        (6, (), [6, 7]),  # 培养教育考察 repeats while an activist
        (7, (), [8]),  # and no longer once a candidate
        (10, (), [11]),
        (10, (10,), [10, 11]),  # a failed political review may be held again…
        (11, (10,), [10, 12]),
        (12, (10,), [13]),  # …until the step after next
        (13, (13,), [13, 14]),
        (14, (13,), [13, 15]),
        (15, (13,), [16]),
        (20, (), [21]),
        (21, (), [21, 22]),  # 继续教育考察 repeats during probation
        (22, (), [23]),
        (24, (), [25]),
        (24, (24,), [23]),  # approval refused: back to the branch meeting
        (17, (17,), []),  # admission refused: the way ends
        (25, (), []),
    ],
)
def test_steps_open_in_order_with_repeats_and_retries(last, failed, expected):
    assert rules.steps_open(last, failed=failed) == expected


# RECRUIT-04
def test_candidate_one_year_after_becoming_an_activist():
    activist = D(2025, 3, 1)
    assert rules.candidate_date_problem(activist, D(2026, 2, 28)) == (
        "确定为入党积极分子满1年后方可确定为发展对象(最早2026-03-01)"
    )
    assert rules.candidate_date_problem(activist, D(2026, 3, 1)) is None


def test_candidate_after_a_leap_day_activist():
    assert rules.candidate_date_problem(D(2024, 2, 29), D(2025, 2, 27)) is not None
    assert rules.candidate_date_problem(D(2024, 2, 29), D(2025, 2, 28)) is None


# RECRUIT-03
@pytest.mark.parametrize(("count", "ok"), [(0, False), (1, True), (2, True), (3, False)])
def test_one_or_two_contacts(count, ok):
    assert (rules.contact_count_problem(count) is None) == ok


# RECRUIT-07
@pytest.mark.parametrize(
    ("days", "hours", "ok"),
    [
        (Decimal("2.9"), Decimal("23.9"), False),
        (Decimal(3), None, True),
        (None, Decimal(24), True),
        (Decimal("2.5"), Decimal(24), True),
        (Decimal(0), Decimal(0), False),
    ],
)
def test_training_three_days_or_twenty_four_hours(days, hours, ok):
    problem = rules.training_problem(days, hours)
    assert (problem is None) == ok
    if not ok:
        assert "不少于3天或不少于24学时" in problem


def test_training_without_any_figure_asks_for_one():
    assert rules.training_problem(None, None) == "请填写集中培训的天数或学时"


# RECRUIT-09, -10 at their boundaries (the vote rules themselves are in rules.py's first section)
@pytest.mark.parametrize(
    ("present", "yes", "problem"),
    [
        (5, 5, None),
        (4, 5, "到会有表决权的党员4人,未超过应到8人的半数,会议无效"),
        (8, 4, "赞成票4票,未超过应到会有表决权党员8人的半数,未通过"),
        (5, 4, "赞成票4票,未超过应到会有表决权党员8人的半数,未通过"),
    ],
)
def test_quorum_and_majority_of_eight(present, yes, problem):
    """Of 8 entitled: 4 present is no quorum, 5 is; 4 yes-votes are no majority, 5 are, however many came."""
    assert rules.vote_problems(Vote(entitled=8, present=present, yes=yes)) == ([problem] if problem else [])


# RECRUIT-13
def test_discussion_of_confirmation_not_before_the_end_of_probation():
    end = D(2026, 6, 1)
    assert rules.discussion_problem("confirm", probation_ends_on=end, on=D(2026, 5, 31)) == (
        "预备期于2026-06-01期满,期满前不能讨论按期转正或延长预备期"
    )
    assert rules.discussion_problem("confirm", probation_ends_on=end, on=end) is None
    assert rules.discussion_problem("extend", probation_ends_on=end, on=D(2026, 5, 31)) is not None
    assert rules.discussion_problem("cancel", probation_ends_on=end, on=D(2026, 1, 10)) is None


@pytest.mark.parametrize(
    ("months", "previous", "problem"),
    [
        (5, 0, "预备期延长期限为6至12个月"),
        (6, 0, None),
        (12, 0, None),
        (13, 0, "预备期延长期限为6至12个月"),
        (6, 1, "预备期只能延长一次"),
    ],
)
def test_extension_once_by_six_to_twelve_months(months, previous, problem):
    assert rules.extension_problem(months, previous_extensions=previous) == problem


def test_probation_end_with_and_without_extension():
    assert rules.probation_end(D(2025, 6, 1)) == D(2026, 6, 1)
    assert rules.probation_end(D(2025, 6, 1), extension_months=6) == D(2026, 12, 1)
    assert rules.probation_end(D(2024, 2, 29)) == D(2025, 2, 28)


# Soft periods (RECRUIT-02, -03, -11, -14)
@pytest.mark.parametrize(
    ("start", "months", "today", "overdue"),
    [
        (D(2026, 3, 15), 1, D(2026, 4, 15), False),
        (D(2026, 3, 15), 1, D(2026, 4, 16), True),
        (D(2026, 1, 31), 1, D(2026, 2, 28), False),
        (D(2026, 1, 31), 1, D(2026, 3, 1), True),
        (D(2026, 3, 1), 6, D(2026, 9, 1), False),
        (D(2026, 3, 1), 6, D(2026, 9, 2), True),
    ],
)
def test_period_overdue_the_day_after_its_last_day(start, months, today, overdue):
    assert rules.period_overdue(start, months, today=today) == overdue


@pytest.mark.parametrize(
    ("today", "months", "cutoff"),
    [
        (D(2026, 4, 16), 1, D(2026, 3, 15)),
        (D(2026, 3, 31), 1, D(2026, 2, 28)),
        (D(2026, 3, 1), 1, D(2026, 1, 31)),
        (D(2026, 3, 29), 1, D(2026, 2, 28)),
        (D(2026, 3, 28), 1, D(2026, 2, 27)),
        (D(2026, 9, 2), 6, D(2026, 3, 1)),
    ],
)
def test_overdue_cutoff(today, months, cutoff):
    assert rules.overdue_cutoff(today, months) == cutoff


@given(
    start=st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31)),
    today=st.dates(min_value=D(2000, 1, 1), max_value=D(2041, 12, 31)),
    months=st.integers(min_value=1, max_value=12),
)
def test_overdue_cutoff_agrees_with_period_overdue(start, today, months):
    """The database's one comparison (start ≤ cutoff) and the rule say the same for every day."""
    assert (start <= rules.overdue_cutoff(today, months)) == rules.period_overdue(start, months, today=today)


# Seed 004: 六评三定
@pytest.mark.parametrize(
    ("score", "ok"), [(Decimal("-0.01"), False), (Decimal(0), True), (Decimal(20), True), (Decimal("20.01"), False)]
)
def test_score_between_zero_and_the_maximum(score, ok):
    assert (rules.score_problem(score, Decimal(20)) is None) == ok


def test_weighted_total_to_the_hundredth():
    assert rules.weighted_total([(Decimal(18), Decimal("1.5")), (Decimal("7.333"), Decimal(1))]) == Decimal("34.33")
    assert rules.weighted_total([]) == Decimal("0.00")


@pytest.mark.parametrize(
    ("total", "passes"), [(None, False), (Decimal("59.99"), False), (Decimal(60), True), (Decimal(61), True)]
)
def test_pass_mark_itself_passes(total, passes):
    assert rules.score_passes(total, Decimal(60)) == passes


@pytest.mark.parametrize(("quota", "used", "left"), [(None, 0, 0), (3, 2, 1), (3, 3, 0), (3, 4, 0)])
def test_quota_left(quota, used, left):
    assert rules.quota_left(quota, used) == left
