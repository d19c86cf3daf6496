"""第一书记 rules at their boundaries: the minimum days (19/20/21), pro-rating of partial months and leave, sign-in
dates, leave dates, terms, periods, scores and the 撤换 sentence."""

import datetime as dt

import pytest

from dangjian.villages import rules

D = dt.date


@pytest.mark.parametrize(("days", "below"), [(19, True), (20, False), (21, False)])
def test_the_minimum_is_met_exactly_at_the_minimum(days, below):
    required, available = rules.presence_required_days(20, D(2026, 3, 1), D(2025, 1, 1), None)
    assert (required, available) == (20, 31)
    assert rules.presence_below(days, required) is below


def test_presence_text_says_days_and_the_rule():
    assert rules.presence_text(12, 20, 20) == "本月在村12天,低于规定20天"
    assert rules.presence_text(20, 20, 20) == "本月在村20天,达到规定20天"
    assert rules.presence_text(9, 10, 20) == "本月在村9天,低于规定10天(按在岗天数折算,满月20天)"


def test_a_full_month_requires_the_minimum_in_every_month_length():
    for month in (D(2026, 2, 1), D(2028, 2, 1), D(2026, 4, 1), D(2026, 1, 1)):
        assert rules.presence_required_days(20, month, D(2020, 1, 1), None)[0] == 20


def test_partial_months_are_pro_rated_half_up():
    # April 2026 has 30 days; 20 × 15 / 30 = 10 exactly
    assert rules.presence_required_days(20, D(2026, 4, 1), D(2026, 4, 16), None) == (10, 15)
    # 20 × 16 / 30 = 10.67 → 11; 20 × 14 / 30 = 9.33 → 9
    assert rules.presence_required_days(20, D(2026, 4, 1), D(2026, 4, 15), None) == (11, 16)
    assert rules.presence_required_days(20, D(2026, 4, 1), D(2026, 4, 17), None) == (9, 14)
    # March has 31 days: 20 × 3 / 31 = 1.935 → 2; 20 × 1 / 31 = 0.645 → 1
    assert rules.presence_required_days(20, D(2026, 3, 1), D(2026, 3, 29), None) == (2, 3)
    assert rules.presence_required_days(20, D(2026, 3, 1), D(2026, 3, 31), None) == (1, 1)
    # exactly half rounds up: 3 × 5 / 30 = 0.5 → 1
    assert rules.presence_required_days(3, D(2026, 4, 1), D(2026, 4, 26), None) == (1, 5)
    # ending inside the month counts the days up to the end, the end day included
    assert rules.presence_required_days(20, D(2026, 4, 1), D(2025, 1, 1), D(2026, 4, 15)) == (10, 15)
    # starting after the month: nothing required
    assert rules.presence_required_days(20, D(2026, 4, 1), D(2026, 5, 1), None) == (0, 0)


def test_leave_days_reduce_the_requirement_and_never_exceed_available():
    assert rules.presence_required_days(20, D(2026, 4, 1), D(2020, 1, 1), None, leave_days=3) == (18, 27)
    assert rules.presence_required_days(20, D(2026, 4, 1), D(2020, 1, 1), None, leave_days=30) == (0, 0)
    assert rules.presence_required_days(28, D(2026, 2, 1), D(2020, 1, 1), None, leave_days=1) == (27, 27)
    assert rules.presence_required_days(20, D(2026, 4, 1), D(2020, 1, 1), None, leave_days=40) == (0, 0)


def test_min_days_bounds():
    assert rules.presence_min_days_problem(1) is None and rules.presence_min_days_problem(28) is None
    assert rules.presence_min_days_problem(0) == "每月最少在村天数应为1至28天"
    assert rules.presence_min_days_problem(29) == "每月最少在村天数应为1至28天"
    assert rules.presence_min_days_problem(True) is not None and rules.presence_min_days_problem("20") is not None


def test_signin_day_boundaries():
    today, start = D(2026, 3, 10), D(2026, 3, 1)
    assert rules.posting_signin_problem(today, today, start, None) is None
    assert rules.posting_signin_problem(today + dt.timedelta(days=1), today, start, None) == "不能为以后的日期签到"
    assert rules.posting_signin_problem(start, today, start, None) is None
    assert (
        rules.posting_signin_problem(start - dt.timedelta(days=1), today, start, None)
        == "签到日期早于任职开始日期(2026-03-01)"
    )
    assert rules.posting_signin_problem(D(2026, 3, 5), D(2026, 3, 30), start, D(2026, 3, 5)) is None
    assert rules.posting_signin_problem(D(2026, 3, 6), D(2026, 3, 30), start, D(2026, 3, 5)) == (
        "签到日期晚于任职结束日期(2026-03-05)"
    )


def test_leave_dates():
    start = D(2026, 1, 1)
    assert rules.posting_leave_problem(D(2026, 3, 2), D(2026, 3, 2), start, None) is None
    assert rules.posting_leave_problem(D(2026, 3, 2), D(2026, 3, 1), start, None) == "请假结束日期不能早于开始日期"
    assert rules.posting_leave_problem(D(2025, 12, 31), D(2026, 1, 2), start, None) == "请假日期应在任职期间内"
    assert rules.posting_leave_problem(D(2026, 1, 1), D(2026, 1, 5), start, D(2026, 1, 5)) is None
    assert rules.posting_leave_problem(D(2026, 1, 1), D(2026, 1, 6), start, D(2026, 1, 5)) == "请假日期应在任职期间内"


def test_terms_periods_scores_and_recalls():
    assert rules.posting_planned_end(D(2026, 3, 1)) == D(2028, 2, 29)
    assert rules.posting_planned_end(D(2025, 3, 1)) == D(2027, 2, 28)
    assert rules.posting_planned_end(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert rules.report_period_start("quarter", D(2026, 3, 31)) == D(2026, 1, 1)
    assert rules.report_period_start("quarter", D(2026, 4, 1)) == D(2026, 4, 1)
    assert rules.report_period_start("month", D(2026, 4, 30)) == D(2026, 4, 1)
    assert rules.report_period_label("quarter", D(2026, 4, 1)) == "2026年第2季度"
    assert rules.report_period_label("month", D(2026, 4, 1)) == "2026年4月"
    assert (
        rules.report_score_problem(None) is None
        and rules.report_score_problem(0) is None
        and rules.report_score_problem(100) is None
    )
    assert (
        rules.report_score_problem(101) == "评分应为0至100分" and rules.report_score_problem(-1) == "评分应为0至100分"
    )
    assert rules.posting_is_recall("not_resident") and rules.posting_is_recall("underperforming")
    assert not rules.posting_is_recall("term_ended") and not rules.posting_is_recall("other")


def test_replaced_text():
    labels = {"not_resident": "不在村居住", "underperforming": "履职不力"}
    assert rules.posting_replaced_text({}, labels) == "未撤换"
    assert rules.posting_replaced_text({"not_resident": 23}, labels) == "撤换23名,均为不在村居住"
    assert rules.posting_replaced_text({"underperforming": 2, "not_resident": 3}, labels) == (
        "撤换5名,其中不在村居住3名、履职不力2名"
    )
