"""民主评议 rules (ORG-08, ORG-11 限期改正, 党章第九条), each on both sides of its boundary."""

import datetime as dt

import pytest

from dangjian.members import rules

D = dt.date


@pytest.mark.parametrize(
    ("graded", "excellent", "allowed"),
    [
        (0, 0, True),
        (2, 0, True),
        (2, 1, False),
        (3, 1, True),
        (3, 2, False),
        (5, 1, True),
        (5, 2, False),
        (6, 2, True),
        (6, 3, False),
        (30, 10, True),
        (30, 11, False),
    ],
)
def test_excellent_at_most_a_third_of_those_graded(graded, excellent, allowed):
    problem = rules.excellent_problem(excellent=excellent, graded=graded)
    assert (problem is None) is allowed
    if not allowed:
        assert "三分之一" in problem and "ORG-08" in problem


@pytest.mark.parametrize(
    ("year", "started_on", "today", "problem"),
    [
        (2025, D(2025, 1, 1), D(2026, 3, 1), None),
        (2025, D(2024, 12, 31), D(2026, 3, 1), "2025年度的民主评议应在2025年或2026年开始"),
        (2025, D(2026, 12, 31), D(2026, 12, 31), None),
        (2025, D(2027, 1, 1), D(2027, 1, 1), "2025年度的民主评议应在2025年或2026年开始"),
        (2026, D(2026, 3, 1), D(2026, 3, 1), None),
        (2026, D(2026, 3, 2), D(2026, 3, 1), "开始日期不能晚于今天"),
    ],
)
def test_a_year_s_evaluation_starts_that_year_or_the_next_never_in_the_future(year, started_on, today, problem):
    assert rules.evaluation_start_problem(year, started_on, today) == problem


def test_correction_deadline_at_most_one_year_from_the_decision():
    decided = D(2026, 3, 10)
    assert rules.followup_deadline_problem("correct", decided, D(2027, 3, 10)) is None
    assert "不超过1年" in rules.followup_deadline_problem("correct", decided, D(2027, 3, 11))
    assert rules.followup_deadline_problem("correct", decided, D(2026, 3, 11)) is None
    assert rules.followup_deadline_problem("correct", decided, D(2026, 3, 10)) == "改正期限须晚于决定日期"
    assert rules.followup_deadline_problem("correct", decided, None) == "限期改正须规定改正期限"


def test_correction_deadline_from_29_february_ends_on_28_february():
    decided = D(2028, 2, 29)
    assert rules.followup_deadline_problem("correct", decided, D(2029, 2, 28)) is None
    assert rules.followup_deadline_problem("correct", decided, D(2029, 3, 1)) is not None


def test_other_measures_may_carry_a_handling_deadline_after_the_decision():
    decided = D(2026, 3, 10)
    for measure in ("persuade", "remove", "discipline"):
        assert rules.followup_deadline_problem(measure, decided, None) is None
        assert rules.followup_deadline_problem(measure, decided, D(2026, 3, 11)) is None
        assert rules.followup_deadline_problem(measure, decided, D(2026, 3, 10)) == "办理期限须晚于决定日期"


def test_a_follow_up_is_overdue_the_day_after_its_deadline():
    deadline = D(2026, 9, 30)
    assert not rules.followup_overdue(deadline, closed=False, today=D(2026, 9, 30))
    assert rules.followup_overdue(deadline, closed=False, today=D(2026, 10, 1))
    assert not rules.followup_overdue(deadline, closed=True, today=D(2026, 10, 1))
    assert not rules.followup_overdue(None, closed=False, today=D(2030, 1, 1))


@pytest.mark.parametrize(
    ("measure", "standing", "allowed"),
    [
        ("correct", None, True),
        ("correct", "withdrawn", True),
        ("correct", "removed", True),
        ("correct", "expelled", False),
        ("persuade", None, True),
        ("persuade", "withdrawn", True),
        ("persuade", "removed", True),
        ("remove", None, False),
        ("remove", "removed", True),
        ("remove", "withdrawn", False),
        ("discipline", None, True),
        ("discipline", "removed", False),
    ],
)
def test_how_each_measure_may_end(measure, standing, allowed):
    dates = {"branch_resolution_on": D(2026, 5, 1), "approved_on": D(2026, 5, 20)}
    assert (rules.followup_outcome_problems(measure, standing, **dates) == []) is allowed


def test_withdrawal_and_removal_need_the_branch_meeting_and_the_approval():
    problems = rules.followup_outcome_problems("persuade", "withdrawn", branch_resolution_on=None, approved_on=None)
    assert len(problems) == 2
    assert all("党章第九条" in p for p in problems)
    only_meeting = rules.followup_outcome_problems(
        "persuade", "withdrawn", branch_resolution_on=D(2026, 5, 1), approved_on=None
    )
    assert only_meeting == ["劝其退党或除名须报上级党组织批准,请填写批准日期(党章第九条)"]
