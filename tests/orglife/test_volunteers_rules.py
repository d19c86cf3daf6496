"""志愿服务 rules on both sides of each boundary: the hours cap (duration rounded up to the half hour), the hours a
volunteer may be credited, places, sign-up and withdrawal around the start, and the activity's phase."""

import datetime as dt
from decimal import Decimal

from dangjian.orglife import rules

START = dt.datetime(2026, 3, 7, 9, 0, tzinfo=dt.UTC)


def test_hours_cap_rounds_the_duration_up_to_the_half_hour():
    assert rules.service_hours_cap(START, START + dt.timedelta(hours=2)) == Decimal("2.0")
    assert rules.service_hours_cap(START, START + dt.timedelta(hours=2, seconds=1)) == Decimal("2.5")
    assert rules.service_hours_cap(START, START + dt.timedelta(hours=2, minutes=30)) == Decimal("2.5")
    assert rules.service_hours_cap(START, START + dt.timedelta(hours=2, minutes=31)) == Decimal("3.0")
    assert rules.service_hours_cap(START, START + dt.timedelta(minutes=10)) == Decimal("0.5")
    assert rules.service_hours_cap(START, START) == Decimal("0.0")


def test_confirmed_hours_are_more_than_zero_and_at_most_the_cap():
    cap = Decimal("2.5")
    assert rules.service_hours_problem(Decimal("2.5"), cap) is None
    assert rules.service_hours_problem(Decimal("0.1"), cap) is None
    assert rules.service_hours_problem(Decimal("2.6"), cap) == "服务时长不能超过活动时长2.5小时"
    assert rules.service_hours_problem(Decimal("0"), cap) == "服务时长应大于0小时"
    assert rules.service_hours_problem(Decimal("-1"), cap) == "服务时长应大于0小时"
    assert rules.service_hours_problem(Decimal("1.25"), cap) == "服务时长精确到0.1小时"


def test_activity_times():
    assert rules.activity_times_problem(START, START + dt.timedelta(minutes=1)) is None
    assert rules.activity_times_problem(START, START) == "结束时间应晚于开始时间"
    assert rules.activity_times_problem(START, START - dt.timedelta(hours=1)) == "结束时间应晚于开始时间"
    assert rules.activity_times_problem(START, START + dt.timedelta(days=30)) is None
    assert rules.activity_times_problem(START, START + dt.timedelta(days=30, minutes=1)) == "一次活动不能超过30天"


def test_places_zero_means_unlimited():
    assert not rules.activity_full(0, 500)
    assert not rules.activity_full(20, 19)
    assert rules.activity_full(20, 20)
    assert rules.capacity_label(12, 20) == "12/20"
    assert rules.capacity_label(12, 0) == "12/不限"


def test_sign_up_until_the_start_while_places_are_left():
    ok = {"cancelled": False, "already": False, "started": False, "capacity": 2, "taken": 1}
    assert rules.signup_problem(**ok) is None
    assert rules.signup_problem(**ok | {"taken": 2}) == "报名人数已满(2/2)"
    assert rules.signup_problem(**ok | {"started": True}) == "活动已开始,不能再报名"
    assert rules.signup_problem(**ok | {"already": True}) == "已报名该活动,不能重复报名"
    assert rules.signup_problem(**ok | {"cancelled": True}) == "该活动已取消"
    assert rules.signup_problem(**ok | {"capacity": 0, "taken": 99}) is None


def test_withdraw_before_the_start_only():
    assert rules.withdraw_problem(started=False, confirmed=False) is None
    assert rules.withdraw_problem(started=True, confirmed=False) == "活动已开始,不能取消报名"
    assert rules.withdraw_problem(started=False, confirmed=True) == "服务时长已确认,不能取消报名"


def test_phase_at_the_start_and_the_end():
    end = START + dt.timedelta(hours=2)
    phase = {"cancelled": False, "starts_at": START, "ends_at": end}
    assert rules.activity_phase(**phase, now=START - dt.timedelta(seconds=1)) == "upcoming"
    assert rules.activity_phase(**phase, now=START) == "ongoing"
    assert rules.activity_phase(**phase, now=end - dt.timedelta(seconds=1)) == "ongoing"
    assert rules.activity_phase(**phase, now=end) == "ended"
    assert rules.activity_phase(**phase | {"cancelled": True}, now=START) == "cancelled"
