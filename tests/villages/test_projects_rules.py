"""Rules of 项目化管理 at their boundaries: the workflow table, which step is next, who may approve it, milestones
overdue from the day after their due date, budget excess, scores 0–100, competition ranking, 万元 and the sentence."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.villages import rules

W, A, R, C = rules.S_WAITING, rules.S_APPROVED, rules.S_REJECTED, rules.S_CANCELLED
NAMES = ["村级申报", "乡镇初审", "部门论证", "县级审定", "公示立项"]


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        ("draft", "pending", True),
        ("draft", "approved", False),
        ("pending", "approved", True),
        ("pending", "rejected", True),
        ("rejected", "pending", True),
        ("rejected", "ongoing", False),
        ("approved", "ongoing", True),
        ("approved", "completed", False),
        ("ongoing", "completed", True),
        ("ongoing", "terminated", True),
        ("completed", "terminated", False),
        ("terminated", "pending", False),
    ],
)
def test_project_workflow(current, target, allowed):
    problem = rules.project_transition_problem(current, target)
    assert (problem is None) is allowed
    if not allowed:
        assert rules.PROJECT_STATUS_LABELS[current] in problem


def test_next_step():
    assert rules.next_step([W, W, W]) == 0
    assert rules.next_step([A, W, W]) == 1
    assert rules.next_step([A, A, W]) == 2
    assert rules.next_step([A, A, A]) is None
    assert rules.next_step([A, R, C]) is None
    assert rules.next_step([]) is None


def test_step_order():
    states = [A, W, W, W, W]
    assert rules.step_order_problem(states, 1, NAMES) is None
    assert rules.step_order_problem(states, 2, NAMES) == "请按顺序审批:应先完成“乡镇初审”"
    assert rules.step_order_problem(states, 0, NAMES) == "“村级申报”已审批,不能重复审批"
    assert rules.step_order_problem([A, R, C, C, C], 2, NAMES) == "该项目当前没有待审批的步骤"


def test_who_may_approve():
    ok = {"in_scope": True, "own_org": False}
    assert rules.approval_problem(step_role="township_admin", actor_role="township_admin", **ok) is None
    assert rules.approval_problem(step_role="township_admin", actor_role="county_admin", **ok) == (
        "该步骤应由乡镇(街道)党委审批"
    )
    assert rules.approval_problem(step_role="county_admin", actor_role=None, **ok) == "该步骤应由县(区)委组织部审批"
    assert (
        rules.approval_problem(step_role="township_admin", actor_role="township_admin", in_scope=False, own_org=False)
        == "该项目不在您的管理范围内"
    )
    # the owner org itself passes its own branch step, never a step above the branch
    assert (
        rules.approval_problem(step_role="branch_secretary", actor_role="branch_secretary", in_scope=True, own_org=True)
        is None
    )
    assert (
        rules.approval_problem(step_role="township_admin", actor_role="township_admin", in_scope=True, own_org=True)
        == "项目所属组织不能审批本级以上的步骤"
    )


def test_milestone_overdue_from_the_day_after_due():
    due = dt.date(2025, 6, 30)
    assert not rules.milestone_overdue(due, None, dt.date(2025, 6, 29))
    assert not rules.milestone_overdue(due, None, due)  # the due day itself
    assert rules.milestone_overdue(due, None, dt.date(2025, 7, 1))
    assert not rules.milestone_overdue(due, dt.date(2025, 7, 5), dt.date(2025, 7, 10))  # done, though late


def test_budget_excess_warns_only_above_the_budget():
    budget = Decimal("100000.00")
    assert rules.over_budget(budget, Decimal("99999.99")) == 0
    assert rules.budget_warning(budget, Decimal("100000.00")) is None
    assert rules.over_budget(budget, Decimal("100000.01")) == Decimal("0.01")
    assert rules.budget_warning(budget, Decimal("100000.01")) == ("累计支出100,000.01元,超出预算100,000.00元共0.01元")


@pytest.mark.parametrize(
    ("score", "ok"),
    [
        (Decimal("-0.1"), False),
        (Decimal("0"), True),
        (Decimal("100"), True),
        (Decimal("100.1"), False),
        (None, False),
        (Decimal("NaN"), False),
    ],
)
def test_score_range(score, ok):
    assert (rules.review_score_problem(score) is None) is ok


def test_competition_ranking_shares_and_skips():
    scores = [Decimal("90"), Decimal("95"), Decimal("90"), Decimal("80"), Decimal("95")]
    assert rules.competition_ranks(scores) == [3, 1, 3, 5, 1]
    assert rules.competition_ranks([]) == []
    assert rules.competition_ranks([Decimal("70")]) == [1]


def test_dates():
    day = dt.date(2025, 3, 1)
    assert rules.project_dates_problem(day, day) is None
    assert rules.project_dates_problem(day, day - dt.timedelta(days=1)) == "计划完成日期不能早于开工日期"
    assert rules.project_dates_problem(None, day) is None


def test_funds_in_wan_and_the_sentence():
    assert rules.funds_wan(Decimal("125300000")) == "12530"
    assert rules.funds_wan(Decimal("1219000")) == "121.9"
    assert rules.funds_wan(Decimal("1219499")) == "121.9"
    assert rules.funds_wan(0) == "0"
    sentence = rules.projects_sentence(
        2010,
        2011,
        (482, Decimal("125300000")),
        [
            ("经济发展类", 322, Decimal("85930000")),
            ("基础设施类", 160, Decimal("39370000")),
            ("党建项目", 0, Decimal("0")),
        ],
    )
    assert sentence == (
        "2010—2011年,共兴办项目482个,投入资金12530万元,其中,经济发展类项目322个,投入资金8593万元,"
        "基础设施类项目160个,投入资金3937万元。"
    )
    assert rules.projects_sentence(2025, 2025, (0, Decimal("0")), []) == "2025年,共兴办项目0个,投入资金0万元。"
