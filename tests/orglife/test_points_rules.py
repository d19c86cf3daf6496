"""积分管理 rules: caps, star thresholds, competition ranking, 红旗支部 criteria, scheme months and closing order —
both sides of every boundary."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.orglife import rules

D = Decimal
THRESHOLDS = [60, 70, 80, 90, 100]
CRITERIA = rules.RedFlagCriteria(min_average=D("80.0"), min_compliance=100, min_attendance=85, min_star_share=50)


@pytest.mark.parametrize(
    ("raw", "cap", "used", "expected"),
    [
        (D("2"), None, D("100"), D("2")),  # no cap: the raw points
        (D("2"), D("10"), D("0"), D("2")),
        (D("2"), D("10"), D("8"), D("2")),  # reaches the cap exactly
        (D("2"), D("10"), D("9"), D("1")),  # one short of the cap: only what is left
        (D("2"), D("10"), D("10"), D("0")),  # at the cap: nothing more
        (D("2"), D("10"), D("12"), D("0")),  # over the cap (a lowered cap): never negative
        (D("5"), D("3"), D("0"), D("3")),  # one occurrence above the cap
        (D("-10"), None, D("-50"), D("-10")),  # a deduction without a cap
        (D("-10"), D("15"), D("0"), D("-10")),
        (D("-10"), D("15"), D("-5"), D("-10")),  # reaches minus the cap exactly
        (D("-10"), D("15"), D("-10"), D("-5")),  # only down to minus the cap
        (D("-10"), D("-15"), D("-15"), D("0")),  # a cap written negative means the same
    ],
)
def test_capped_points(raw, cap, used, expected):
    assert rules.capped_points(raw, cap=cap, used=used) == expected


@pytest.mark.parametrize(
    ("points", "stars"),
    [
        (D("0"), 0),
        (D("59.9"), 0),
        (D("60"), 1),
        (D("69.9"), 1),
        (D("70"), 2),
        (D("89.9"), 3),
        (D("90"), 4),
        (D("99.9"), 4),
        (D("100"), 5),
        (D("250"), 5),
        (D("-10"), 0),
    ],
)
def test_stars_exactly_a_threshold_earns_that_star(points, stars):
    assert rules.stars(points, THRESHOLDS) == stars


@pytest.mark.parametrize(
    ("thresholds", "problem"),
    [
        ([60, 70, 80, 90, 100], None),
        (["60", "70.5", 80, 90, 100], None),
        ([1, 2, 3, 4, 5], None),
        ([60, 70, 80, 90], "星级积分标准应为一至五星共5个分值"),
        ([60, 70, 80, 90, 100, 110], "星级积分标准应为一至五星共5个分值"),
        ([0, 70, 80, 90, 100], "星级积分标准应为正数"),
        ([-1, 70, 80, 90, 100], "星级积分标准应为正数"),
        ([60, 70, 70, 90, 100], "星级积分标准应逐级递增(五星高于四星……高于一星)"),
        ([60, 80, 70, 90, 100], "星级积分标准应逐级递增(五星高于四星……高于一星)"),
        (["a", 70, 80, 90, 100], "星级积分标准应为数字"),
    ],
)
def test_thresholds_are_five_ascending_positive_numbers(thresholds, problem):
    assert rules.thresholds_problem(thresholds) == problem


def test_competition_ranking_shares_ranks_and_skips():
    assert rules.competition_ranks([D(30), D(20), D(20), D(10)]) == [1, 2, 2, 4]
    assert rules.competition_ranks([D(10), D(20), D(20), D(30)]) == [4, 2, 2, 1]  # input order kept
    assert rules.competition_ranks([D(5), D(5), D(5)]) == [1, 1, 1]
    assert rules.competition_ranks([D(0)]) == [1]
    assert rules.competition_ranks([]) == []
    assert rules.competition_ranks([D("9.5"), D("9.4"), D("9.5"), D("9.4"), D(1)]) == [1, 3, 1, 3, 5]


def test_red_flag_each_criterion_is_a_floor_that_an_equal_figure_meets():
    assert rules.red_flag(D("80.0"), D(100), D(85), D(50), CRITERIA) == (True, [])
    earned, reasons = rules.red_flag(D("79.99"), D(100), D(85), D(50), CRITERIA)
    assert not earned and reasons == ["党员年度平均积分79.9分,低于80.0分"]
    _, reasons = rules.red_flag(D("79.86"), D(100), D("84.96"), D(50), CRITERIA)
    assert reasons == ["党员年度平均积分79.9分,低于80.0分", "参会率84.9%,低于85%"]  # as shown elsewhere, but never 85.0
    earned, reasons = rules.red_flag(D("79.9"), D("99.9"), D("84.9"), D("49.9"), CRITERIA)
    assert not earned
    assert reasons == [
        "党员年度平均积分79.9分,低于80.0分",
        "组织生活达标率99.9%,低于100%",
        "参会率84.9%,低于85%",
        "三星及以上党员占比49.9%,低于50%",
    ]


def test_red_flag_without_figures_is_not_earned():
    earned, reasons = rules.red_flag(None, None, D(90), D(60), CRITERIA)
    assert not earned
    assert reasons == ["党员年度平均积分无数据(要求不低于80.0分)", "组织生活达标率无数据(要求不低于100%)"]


def test_percent_and_rate_text():
    assert rules.percent(18, 20) == D("90.0")
    assert rules.percent(1, 3) == D("33.3")
    assert rules.percent(0, 0) is None
    assert rules.ratio_text(18, 20) == "18/20 (90.0%)"
    assert rules.ratio_text(0, 0) == "0/0 (—)"


@pytest.mark.parametrize(
    ("source", "points", "cap", "errors"),
    [
        ("claim", D(5), D(10), {}),
        ("branch", D(-10), None, {}),
        ("claim", D(-5), None, {"points": "只有支部登记的扣分项目可以为负分"}),
        ("attendance", D(-1), None, {"points": "只有支部登记的扣分项目可以为负分"}),
        ("claim", D(0), None, {"points": "分值不能为0"}),
        ("claim", D("1.25"), None, {"points": "分值最多保留一位小数"}),
        ("claim", "abc", None, {"points": "分值应为数字"}),
        ("claim", D(1), D(0), {"cap": "周期上限应大于0(不设上限请留空)"}),
        ("claim", D(1), D("0.1"), {}),
        ("claim", D(1), "", {}),
    ],
)
def test_item_problems(source, points, cap, errors):
    assert rules.item_problems(source, points, cap) == errors


def test_a_scheme_starts_after_every_closed_month():
    october = dt.date(2025, 10, 1)
    assert rules.effective_from_problem(dt.date(2025, 11, 1), last_closed=october) is None
    assert rules.effective_from_problem(october, last_closed=october) == (
        "2025年10月及以前的积分已结账,方案只能从以后的月份起生效"
    )
    assert rules.effective_from_problem(dt.date(2025, 9, 1), last_closed=october) is not None
    assert rules.effective_from_problem(dt.date(2024, 1, 1), last_closed=None) is None
    assert rules.effective_from_problem(dt.date(2025, 11, 2), last_closed=None) == "起始月份应为某月1日"


def test_months_close_in_order_once_they_are_over():
    today = dt.date(2025, 11, 20)
    october = dt.date(2025, 10, 1)
    assert rules.close_problem(october, today=today, first_open=october) is None
    assert rules.close_problem(dt.date(2025, 11, 1), today=today, first_open=dt.date(2025, 11, 1)) == (
        "只能对已经结束的月份结账(本月及以后的月份不能结账)"
    )
    # The first day of the next month: October is over.
    assert rules.close_problem(october, today=dt.date(2025, 11, 1), first_open=october) is None
    # The last day of October: not yet.
    assert rules.close_problem(october, today=dt.date(2025, 10, 31), first_open=october) is not None
    assert rules.close_problem(october, today=today, first_open=dt.date(2025, 9, 1)) == (
        "积分应按月份顺序结账,请先结账2025年9月"
    )
    assert rules.close_problem(dt.date(2025, 8, 1), today=today, first_open=dt.date(2025, 9, 1)) == "2025年8月已经结账"
    assert rules.close_problem(october, today=today, first_open=None) == "尚未制定积分方案,没有可以结账的月份"
    assert rules.next_month(dt.date(2025, 12, 1)) == dt.date(2026, 1, 1)
