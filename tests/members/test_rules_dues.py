"""Pure dues ledger rules at both sides of each boundary (DUES-05…10, ORG-10)."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.members import rules
from dangjian.members.rules import Month


@pytest.mark.parametrize(
    ("occupation", "kind"),
    [
        ("retired", "retired"),
        ("farmer", "farmer"),
        ("student", "student"),
        ("worker", "employed"),
        ("other", None),
        ("", None),
    ],
)
def test_kind_suggested_by_occupation(occupation, kind):
    assert rules.suggested_dues_kind(occupation) == kind


def test_months_between_and_first_days():
    assert rules.months_between(Month(2025, 11), Month(2026, 2)) == [
        Month(2025, 11),
        Month(2025, 12),
        Month(2026, 1),
        Month(2026, 2),
    ]
    assert rules.months_between(Month(2026, 2), Month(2026, 1)) == []
    assert rules.month_first_day(Month(2026, 2)) == dt.date(2026, 2, 1)


def test_probationary_members_pay_from_the_month_of_the_resolution():
    assert rules.dues_first_month(dt.date(2026, 2, 28)) == Month(2026, 2)
    assert rules.dues_first_month(dt.date(2026, 3, 1)) == Month(2026, 3)


def test_payment_at_most_six_months_late_in_advance_allowed():
    today = dt.date(2026, 8, 31)
    assert rules.payment_problem(Month(2026, 2), paid_on=dt.date(2026, 8, 31), today=today) is None
    problem = rules.payment_problem(Month(2026, 1), paid_on=dt.date(2026, 8, 1), today=today)
    assert "补交党费不得超过6个月" in problem and "2026年7月" in problem
    assert rules.payment_problem(Month(2026, 12), paid_on=dt.date(2026, 8, 1), today=today) is None  # 预交
    assert rules.payment_problem(Month(2026, 8), paid_on=dt.date(2026, 8, 31), today=today) is None
    assert rules.payment_problem(Month(2026, 8), paid_on=dt.date(2026, 9, 1), today=today) == "缴纳日期不能晚于今天"


def test_reductions():
    assert rules.reduction_problem("waive", Decimal(0), standard=Decimal("30.00")) is None
    assert rules.reduction_problem("reduce", Decimal("29.99"), standard=Decimal("30.00")) is None
    assert "须少于" in rules.reduction_problem("reduce", Decimal("30.00"), standard=Decimal("30.00"))
    assert "须大于0元" in rules.reduction_problem("reduce", Decimal("0"), standard=Decimal("30.00"))
    assert rules.reduced_monthly(Decimal("30.00"), kind="waive", monthly=None) == Decimal("0.00")
    assert rules.reduced_monthly(Decimal("30.00"), kind="reduce", monthly=Decimal("5.005")) == Decimal("5.01")
    assert rules.reduced_monthly(Decimal("30.00"), kind=None, monthly=None) == Decimal("30.00")
    assert rules.reduction_by_branch_alone("retired")
    assert not rules.reduction_by_branch_alone("employed")


def test_owed_month():
    assert rules.month_owed(expected=Decimal("1.00"), paid=Decimal("0.99"), excused=False)
    assert not rules.month_owed(expected=Decimal("1.00"), paid=Decimal("1.00"), excused=False)
    assert not rules.month_owed(expected=Decimal("1.00"), paid=Decimal("0"), excused=True)
    assert not rules.month_owed(expected=Decimal("0.00"), paid=Decimal("0"), excused=False)  # waived


def test_overdue_through_the_previous_month():
    assert rules.overdue_through(dt.date(2026, 3, 1)) == Month(2026, 2)
    assert rules.overdue_through(dt.date(2026, 1, 31)) == Month(2025, 12)


def test_lapse_at_six_consecutive_months_not_five():
    five = rules.months_between(Month(2025, 9), Month(2026, 1))
    six = rules.months_between(Month(2025, 9), Month(2026, 2))
    assert rules.longest_unpaid_run(five) == 5 and not rules.lapse_flagged(five)
    assert rules.longest_unpaid_run(six) == 6 and rules.lapse_flagged(six)
    broken = [m for m in six if m != Month(2025, 12)]  # a paid (or excused) month ends the run
    assert rules.longest_unpaid_run(broken) == 3 and not rules.lapse_flagged(broken)
    assert rules.unpaid_run_ending(six, up_to=Month(2026, 2)) == 6
    assert rules.unpaid_run_ending(broken, up_to=Month(2026, 2)) == 2
    assert rules.unpaid_run_ending(six, up_to=Month(2026, 3)) == 0
    assert rules.longest_unpaid_run([]) == 0


def test_check_period():
    assert rules.check_period_problem(Month(2025, 1), Month(2026, 12)) is None  # 24 months
    assert "24个月" in rules.check_period_problem(Month(2025, 1), Month(2027, 1))
    assert rules.check_period_problem(Month(2026, 2), Month(2026, 1)) == "截止月份不能早于起始月份"
    assert rules.check_period_problem(Month(2026, 2), Month(2026, 2)) is None
