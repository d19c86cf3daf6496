"""Talent-pool rules at their boundaries: age on the day of the 36th birthday, 大专及以上, the per-village minimum,
the term end of a secondment with month-end clamping, "ending within 30 days", and the status transitions."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.villages import rules


def test_age_turns_36_on_the_birthday_itself():
    birth = dt.date(1990, 3, 15)
    assert rules.talent_age(birth, dt.date(2026, 3, 14)) == 35
    assert rules.within_age(birth, dt.date(2026, 3, 14), 35)
    assert rules.talent_age(birth, dt.date(2026, 3, 15)) == 36
    assert not rules.within_age(birth, dt.date(2026, 3, 15), 35)


def test_a_29_february_birthday_counts_from_1_march_in_a_common_year():
    birth = dt.date(1992, 2, 29)
    assert rules.talent_age(birth, dt.date(2027, 2, 28)) == 34
    assert rules.talent_age(birth, dt.date(2027, 3, 1)) == 35
    assert rules.talent_age(birth, dt.date(2028, 2, 29)) == 36


@pytest.mark.parametrize("on", [dt.date(2026, 3, 1), dt.date(2028, 2, 29), dt.date(2027, 12, 31), dt.date(2026, 1, 1)])
def test_the_birth_date_cut_agrees_with_the_age(on):
    cut = rules.youngest_birth_excluded(on, 35)
    assert rules.talent_age(cut, on) == 36
    assert rules.talent_age(cut + dt.timedelta(days=1), on) == 35


def test_education_at_least_junior_college():
    assert rules.education_meets("junior_college", "junior_college")
    assert rules.education_meets("bachelor", "junior_college")
    assert rules.education_meets("postgraduate", "junior_college")
    assert not rules.education_meets("secondary_vocational", "junior_college")
    assert not rules.education_meets("high_school", "junior_college")
    assert not rules.education_meets("unknown", "junior_college")
    assert rules.educations_at_least("junior_college") == ["postgraduate", "bachelor", "junior_college"]
    assert rules.educations_at_least("nonsense") == []


def test_reserve_problems_name_what_is_lacking():
    on = dt.date(2026, 3, 15)
    ok = rules.reserve_problems(
        birth_date=dt.date(1990, 3, 16), education="bachelor", on=on, max_age=35, min_education="junior_college"
    )
    assert ok == []
    both = rules.reserve_problems(
        birth_date=dt.date(1990, 3, 15), education="high_school", on=on, max_age=35, min_education="junior_college"
    )
    assert both == ["年龄36岁,超过35岁", "学历低于县里要求"]


def test_villages_below_the_minimum_exactly_n_is_enough():
    counts = {1: 2, 2: 1, 3: 3}
    assert rules.below_minimum(counts, [1, 2, 3, 4], 2) == [2, 4]
    assert rules.below_minimum(counts, [1, 2, 3, 4], 3) == [1, 2, 4]
    assert rules.below_minimum(counts, [1, 2, 3, 4], 1) == [4]
    assert rules.below_minimum(counts, [1, 2, 3, 4], 0) == []


def test_min_and_average_count_villages_without_any():
    assert rules.min_and_average({1: 2, 2: 1}, [1, 2, 3]) == (0, Decimal("1.0"))
    assert rules.min_and_average({1: 2, 2: 2}, [1, 2]) == (2, Decimal("2.0"))
    assert rules.min_and_average({1: 3, 2: 1, 3: 0}, [1, 2, 3]) == (0, Decimal("1.3"))
    assert rules.min_and_average({}, []) == (0, Decimal("0.0"))


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2026, 1, 30), 1, dt.date(2026, 2, 28)),
        (dt.date(2026, 1, 28), 1, dt.date(2026, 2, 28)),
        (dt.date(2026, 3, 31), 1, dt.date(2026, 4, 30)),
        (dt.date(2026, 1, 15), 12, dt.date(2027, 1, 15)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
        (dt.date(2026, 12, 31), 1, dt.date(2027, 1, 31)),
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),
    ],
)
def test_term_end_is_start_plus_months_clamped_to_the_month_end(start, months, end):
    assert rules.term_end(start, months) == end


def test_a_term_is_at_least_one_month():
    with pytest.raises(ValueError, match="至少1个月"):
        rules.term_end(dt.date(2026, 1, 1), 0)
    assert rules.add_months_clamped(dt.date(2026, 3, 31), -1) == dt.date(2026, 2, 28)


def test_ending_within_30_days_counts_the_30th_day_not_the_31st():
    today = dt.date(2026, 3, 1)
    assert rules.ending_soon(today, today)
    assert rules.ending_soon(today + dt.timedelta(days=30), today)
    assert not rules.ending_soon(today + dt.timedelta(days=31), today)
    assert not rules.ending_soon(today - dt.timedelta(days=1), today)


@pytest.mark.parametrize(
    ("current", "target", "problem"),
    [
        ("active", "used", None),
        ("active", "exited", None),
        ("used", "exited", None),
        ("used", "active", None),
        ("exited", "active", None),
        ("exited", "used", "不能从“退出”改为“已使用”"),
        ("active", "active", "该人员已是“在库”状态"),
        ("exited", "exited", "该人员已是“退出”状态"),
        ("active", "gone", "状态不是有效选项"),
    ],
)
def test_status_transitions(current, target, problem):
    assert rules.talent_transition_problem(current, target) == problem
