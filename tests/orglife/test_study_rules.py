"""Study rules at their boundaries: the 32-hour year (exactly 32 meets), self-study hours a day, question shapes,
answers typed in a spreadsheet, scoring and the quiz window."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.orglife import rules

D = dt.date


def test_exactly_32_hours_meet_the_rule():
    assert rules.meets_study_target(Decimal("32"))
    assert rules.meets_study_target(Decimal("32.0"))
    assert not rules.meets_study_target(Decimal("31.9"))
    assert rules.study_hours_short(Decimal("31.9")) == Decimal("0.1")
    assert rules.study_hours_short(Decimal("32")) == Decimal("0")
    assert rules.study_hours_short(Decimal("40")) == Decimal("0")
    assert rules.study_hours_short(Decimal("0")) == Decimal("32")
    assert rules.met_text(3, 7) == "达标 3/7 人"


def test_self_study_hours_a_day():
    assert rules.study_hours_problem(Decimal("24")) is None
    assert rules.study_hours_problem(Decimal("0.5")) is None
    assert rules.study_hours_problem(Decimal("24.1")) == "一天登记的学时不能超过24"
    assert rules.study_hours_problem(Decimal("0")) == "学时应大于0"
    assert rules.study_hours_problem(None) == "请填写学时"


@pytest.mark.parametrize(
    ("kind", "options", "answer", "errors"),
    [
        ("single", ["甲", "乙"], [0], {}),
        ("single", ["甲"], [0], {"options": "选择题应有2至6个选项"}),
        ("single", list("甲乙丙丁戊己"), [5], {}),
        ("single", list("甲乙丙丁戊己庚"), [0], {"options": "选择题应有2至6个选项"}),
        ("single", ["甲", "乙", "丙"], [0, 1], {"answer": "单选题应有且只有一个正确答案"}),
        ("single", ["甲", "乙", "丙"], [], {"answer": "单选题应有且只有一个正确答案"}),
        ("single", ["甲", "乙"], [2], {"answer": "答案应为已有选项的字母"}),
        ("single", ["甲", ""], [0], {"options": "选项内容不能为空"}),
        ("single", ["甲", "甲"], [0], {"options": "选项内容不能重复"}),
        ("multiple", ["甲", "乙", "丙"], [0, 2], {}),
        ("multiple", ["甲", "乙", "丙"], [1], {"answer": "多选题应至少有两个正确答案"}),
        ("judge", [], [1], {}),
        ("judge", [], [0], {}),
        ("judge", [], [2], {"answer": "判断题的答案应为“对”或“错”"}),
        ("judge", ["对", "错"], [1], {"options": "判断题不设选项"}),
        ("essay", [], [], {"kind": "请选择题型"}),
    ],
)
def test_question_shapes(kind, options, answer, errors):
    assert rules.question_problems(kind, options, answer) == errors


def test_answers_typed_in_a_spreadsheet():
    assert rules.parse_answer("single", "A", 4) == [0]
    assert rules.parse_answer("multiple", "acd", 4) == [0, 2, 3]
    assert rules.parse_answer("multiple", "A、C", 4) == [0, 2]
    assert rules.parse_answer("judge", "对", 0) == [1]
    assert rules.parse_answer("judge", "错", 0) == [0]
    with pytest.raises(ValueError, match="应为选项字母A至D"):
        rules.parse_answer("single", "E", 4)
    with pytest.raises(ValueError, match="请填写答案"):
        rules.parse_answer("single", " ", 4)
    with pytest.raises(ValueError, match="判断题答案“是的”无效"):
        rules.parse_answer("judge", "是的", 0)
    assert rules.answer_letters("multiple", [3, 0]) == "AD"
    assert rules.answer_letters("judge", [0]) == "错"


def test_scoring_is_all_or_nothing_and_out_of_100():
    assert rules.answer_correct([0, 2], [2, 0])
    assert not rules.answer_correct([0, 2], [0])
    assert not rules.answer_correct([0, 2], [0, 1, 2])
    assert rules.quiz_score(2, 3) == Decimal("66.7")
    assert rules.quiz_score(10, 10) == Decimal("100.0")
    assert rules.quiz_score(0, 0) == Decimal("0.0")
    assert rules.quiz_passed(Decimal("60.0"), 60)
    assert not rules.quiz_passed(Decimal("59.9"), 60)


def test_the_quiz_window_includes_both_ends():
    opens, closes = D(2026, 3, 1), D(2026, 3, 31)
    assert rules.quiz_window_problem(D(2026, 2, 28), opens, closes) == "测试尚未开始"
    assert rules.quiz_window_problem(opens, opens, closes) is None
    assert rules.quiz_window_problem(closes, opens, closes) is None
    assert rules.quiz_window_problem(D(2026, 4, 1), opens, closes) == "测试已截止"
