"""党内关爱 rules: hardship periods, the 80-year line, money to the fen."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.core.rules import age_on
from dangjian.members import rules

D = dt.date


def test_a_hardship_counts_from_its_first_day_through_its_last():
    since, until = D(2026, 1, 10), D(2026, 6, 30)
    assert not rules.hardship_active(since, until, D(2026, 1, 9))
    assert rules.hardship_active(since, until, D(2026, 1, 10))
    assert rules.hardship_active(since, until, D(2026, 6, 30))
    assert not rules.hardship_active(since, until, D(2026, 7, 1))
    assert rules.hardship_active(since, None, D(2040, 1, 1))


@pytest.mark.parametrize(
    ("today", "born", "elderly"),
    [
        (D(2026, 3, 1), D(1946, 3, 1), True),
        (D(2026, 3, 1), D(1946, 3, 2), False),
        (D(2026, 3, 1), D(1946, 2, 28), True),
        (D(2028, 2, 29), D(1948, 2, 29), True),
        (D(2027, 2, 28), D(1947, 3, 1), False),
    ],
)
def test_eighty_on_the_birthday_itself(today, born, elderly):
    assert (born <= rules.elderly_born_by(today)) is elderly
    assert (age_on(born, today) >= rules.ELDERLY_AGE) is elderly


@pytest.mark.parametrize(
    ("amount", "problem"),
    [
        (Decimal("0"), None),
        (Decimal("0.01"), None),
        (Decimal("500.00"), None),
        (Decimal("-0.01"), "金额不能为负数"),
        (Decimal("10.005"), "金额精确到分(最多两位小数)"),
        (Decimal("NaN"), "金额无效"),
    ],
)
def test_money_to_the_fen_never_negative(amount, problem):
    assert rules.money_problem(amount) == problem
