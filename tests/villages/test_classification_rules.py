"""村级分类 rules at their edges: the income line (49,999.99 / 50,000 / 50,000.01, and no report), the environment
score (a score equal to the standard passes), the reasons, the transformation, the policy's target date."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.villages import rules

LINE = Decimal("50000")


@pytest.mark.parametrize(
    ("income", "below"),
    [("49999.99", True), ("50000.00", False), ("50000.01", False), ("0", True), (None, True)],
)
def test_income_below_edges(income, below):
    assert rules.income_below(Decimal(income) if income is not None else None, LINE) is below


def test_income_reasons():
    assert rules.income_reason(Decimal("32000"), LINE) == "集体经济收入3.2万元,低于5万元"
    assert rules.income_reason(Decimal("49999.99"), LINE) == "集体经济收入5万元,低于5万元"  # shown to one decimal
    assert rules.income_reason(None, LINE) == "未填报集体经济收入(按低于5万元计)"


def test_environment_edges_and_reasons():
    standard = Decimal("60")
    assert rules.environment_below(59, False, standard)
    assert not rules.environment_below(60, False, standard)
    assert not rules.environment_below(61, False, standard)
    assert rules.environment_below(90, True, standard)
    assert not rules.environment_below(None, False, standard)
    assert rules.environment_reason(59, False, standard) == "人居环境评分59分,低于60分"
    assert rules.environment_reason(90, True, standard) == "人居环境评定为不达标"
    assert rules.environment_reason(50, True, standard) == "人居环境评分50分,低于60分;人居环境评定为不达标"


def test_environment_score_problem():
    assert rules.environment_score_problem(0, False) == ""
    assert rules.environment_score_problem(100, False) == ""
    assert rules.environment_score_problem(101, False) == "人居环境评分应在0至100分之间"
    assert rules.environment_score_problem(-1, False) == "人居环境评分应在0至100分之间"
    assert rules.environment_score_problem(None, True) == ""
    assert rules.environment_score_problem(None, False) == "请填写人居环境评分或勾选不达标"


def test_threshold_problem():
    assert rules.threshold_problem("income_below", Decimal("0.01")) == ""
    assert rules.threshold_problem("income_below", Decimal("0")) != ""
    assert rules.threshold_problem("income_below", None) != ""
    assert rules.threshold_problem("environment_below", Decimal("100")) == ""
    assert rules.threshold_problem("environment_below", Decimal("100.01")) != ""
    assert rules.threshold_problem("environment_below", Decimal("0")) != ""
    assert rules.threshold_problem("manual", None) == ""


def test_transformed_and_policy_target():
    assert rules.transformed({1, 2, 3}, {2, 4}) == {1, 3}
    assert rules.transformed(set(), {1}) == set()
    assert rules.policy_target_problem(dt.date(2025, 1, 1), 2025) == ""
    assert rules.policy_target_problem(dt.date(2024, 12, 31), 2025) == "完成时限不能早于2025年1月1日"
    assert rules.policy_target_problem(None, 2025) == "请填写完成时限"
