"""Rules of 值班坐班: uncovered days (weekends by the county's setting, the period's first and last day), missed
days, lateness at the grace limit, sign-out order, the rota and the month grid."""

from __future__ import annotations

import datetime as dt

from dangjian.service import rules

MON = dt.date(2025, 3, 3)  # a Monday


def test_uncovered_workdays_only_without_weekend_duty():
    first, last = MON, MON + dt.timedelta(days=6)
    covered = {MON, MON + dt.timedelta(days=2)}
    assert rules.uncovered_days(first, last, covered, False) == [MON + dt.timedelta(days=n) for n in (1, 3, 4)]


def test_uncovered_weekends_when_the_county_requires_them():
    first, last = MON, MON + dt.timedelta(days=6)
    covered = {MON + dt.timedelta(days=n) for n in range(5)}
    assert rules.uncovered_days(first, last, covered, False) == []
    assert rules.uncovered_days(first, last, covered, True) == [MON + dt.timedelta(days=5), MON + dt.timedelta(days=6)]


def test_first_and_last_day_of_the_period_count():
    first, last = MON, MON + dt.timedelta(days=4)
    assert rules.uncovered_days(first, last, {MON + dt.timedelta(days=n) for n in (1, 2, 3)}, False) == [first, last]
    assert rules.uncovered_days(first, first, set(), False) == [first]
    assert rules.uncovered_days(last, first, set(), False) == []


def test_missed_days_are_past_days_nobody_signed():
    today = MON + dt.timedelta(days=3)
    rostered = {MON: True, MON + dt.timedelta(days=1): False, MON + dt.timedelta(days=2): False, today: False}
    assert rules.missed_days(rostered, today) == [MON + dt.timedelta(days=1), MON + dt.timedelta(days=2)]


def test_late_exactly_at_the_grace_limit_is_on_time():
    def at(h, m):
        return dt.datetime.combine(MON, dt.time(h, m))

    assert not rules.is_late("morning", MON, at(8, 44), 15)
    assert not rules.is_late("morning", MON, at(8, 45), 15)
    assert rules.is_late("morning", MON, at(8, 46), 15)
    assert not rules.is_late("afternoon", MON, at(14, 30), 0)
    assert rules.is_late("afternoon", MON, at(14, 31), 0)
    assert rules.is_late("night", MON, at(18, 16), 15)
    assert not rules.is_late("full_day", MON, dt.datetime.combine(MON - dt.timedelta(days=1), dt.time(20, 0)), 15)


def test_sign_out_not_before_sign_in():
    start = dt.datetime(2025, 3, 3, 8, 30)
    assert rules.sign_out_problem(start, start - dt.timedelta(minutes=1)) == rules.SIGN_OUT_BEFORE_IN
    assert rules.sign_out_problem(start, start) is None
    assert rules.sign_out_problem(start, start + dt.timedelta(minutes=1)) is None
    assert rules.sign_out_problem(None, start) == "尚未签到,不能签退"


def test_rota_gives_the_days_in_turn():
    plan = rules.rota_plan(MON, MON + dt.timedelta(days=13), {0, 2, 4}, 2)
    assert [d.day for d, _ in plan] == [3, 5, 7, 10, 12, 14]
    assert [i for _, i in plan] == [0, 1, 0, 1, 0, 1]
    assert rules.rota_plan(MON, MON, {0}, 0) == []


def test_month_bounds_and_grid():
    assert rules.month_bounds(dt.date(2024, 2, 10)) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert rules.month_bounds(dt.date(2025, 12, 31)) == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    weeks = rules.month_weeks(dt.date(2025, 3, 1))  # 1 March 2025 is a Saturday
    assert weeks[0][:5] == [None] * 5 and weeks[0][5] == dt.date(2025, 3, 1)
    assert all(len(w) == 7 for w in weeks)
    assert sum(1 for w in weeks for d in w if d) == 31


def test_needs_duty_and_coverage_text():
    assert rules.needs_duty(MON, False)
    assert not rules.needs_duty(MON + dt.timedelta(days=5), False)
    assert rules.needs_duty(MON + dt.timedelta(days=6), True)
    assert rules.coverage_text(4, 5) == "4/5 (80.0%)"
    assert rules.coverage_text(0, 0) == "0/0 (—)"
