"""软弱涣散整顿 rules at their boundaries: the ratio (never below 10%), the bottom count ceil(ratio × n), ties at the cut
line, the refusal naming the missing "不撤离" conditions, and the period a case counts in."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.villages import rules
from dangjian.villages.choices import ExitCondition

D = Decimal


@pytest.mark.parametrize(
    ("ratio", "problem"),
    [
        (D("9.99"), "倒排比例不能低于10%"),
        (D("9"), "倒排比例不能低于10%"),
        (D("10"), ""),
        (D("10.01"), ""),
        (D("100"), ""),
        (D("100.01"), "倒排比例不能超过100%"),
        (None, "请填写倒排比例"),
        (D("NaN"), "倒排比例应为数字"),
    ],
)
def test_ratio_never_below_ten_percent(ratio, problem):
    assert rules.rect_ratio_problem(ratio) == problem


@pytest.mark.parametrize(
    ("n", "ratio", "count"),
    [
        (41, D("10"), 5),  # 4.1 → 5
        (40, D("10"), 4),  # exactly 4
        (39, D("10"), 4),  # 3.9 → 4
        (10, D("10"), 1),
        (11, D("10"), 2),  # 1.1 → 2
        (9, D("10"), 1),
        (1, D("10"), 1),
        (0, D("10"), 0),
        (41, D("12.5"), 6),  # 5.125 → 6
        (8, D("12.5"), 1),  # exactly 1
        (5, D("100"), 5),
    ],
)
def test_bottom_count_is_the_ceiling(n, ratio, count):
    assert rules.rect_bottom_count(n, ratio) == count


def test_percent_label():
    assert rules.rect_percent_label(D("10.00")) == "10%"
    assert rules.rect_percent_label(D("12.50")) == "12.5%"


def test_bottom_of_41_takes_five_with_ranks_from_the_top():
    scores = {f"V{i:02d}": D(50 + i) for i in range(1, 42)}  # V01 weakest (51) … V41 strongest (91)
    picks = rules.rect_bottom_ranked(scores, D("10"))
    assert [p.key for p in picks] == ["V01", "V02", "V03", "V04", "V05"]
    assert [(p.rank, p.ranked) for p in picks] == [(41, 41), (40, 41), (39, 41), (38, 41), (37, 41)]
    assert not any(p.tied_at_cut for p in picks)
    assert rules.rect_ranking_reason(picks[3], D("10")) == "排名后10%:第38/41名"


def test_ties_at_the_cut_line_are_all_included_and_said_so():
    scores = {"A": D("60"), "B": D("70"), "C": D("70"), "D": D("80"), "E": D("90")}
    # 10 branches would take 1; here 5 at 25% take ceil(1.25) = 2: A, then B at the cut tied with C
    picks = rules.rect_bottom_ranked(scores, D("25"))
    assert [p.key for p in picks] == ["A", "B", "C"]
    assert [p.tied_at_cut for p in picks] == [False, True, True]
    assert [(p.rank, p.ranked) for p in picks] == [(5, 5), (3, 5), (3, 5)]
    assert rules.rect_ranking_reason(picks[1], D("25")) == "排名后25%:第3/5名(与分数线并列,一并列入)"


def test_a_tie_just_above_the_cut_line_stays_out():
    scores = {"A": D("60"), "B": D("61"), "C": D("70"), "D": D("70")}
    picks = rules.rect_bottom_ranked(scores, D("50"))  # takes 2: A and B; C and D tie above the line
    assert [p.key for p in picks] == ["A", "B"]
    assert not any(p.tied_at_cut for p in picks)


def test_ten_branches_at_ten_percent_take_one_and_nothing_from_nothing():
    scores = {f"V{i}": D(i) for i in range(10)}
    assert [p.key for p in rules.rect_bottom_ranked(scores, D("10"))] == ["V0"]
    assert rules.rect_bottom_ranked({}, D("10")) == []


CONDITIONS = [(value, str(label)) for value, label in ExitCondition.choices]


def test_exit_refusal_names_the_missing_conditions():
    four = {value: True for value, _ in CONDITIONS[:4]}
    missing = rules.rect_missing_conditions(four, CONDITIONS)
    assert missing == ["群众对班子不满意不撤离"]
    assert rules.rect_exit_refusal(missing) == ("尚未达到以下不撤离条件,不能申请整顿到位:群众对班子不满意不撤离")
    all_five = four | {CONDITIONS[4][0]: True}
    assert rules.rect_missing_conditions(all_five, CONDITIONS) == []
    assert rules.rect_exit_refusal([]) == ""
    unticked = four | {CONDITIONS[0][0]: False}
    assert rules.rect_missing_conditions(unticked, CONDITIONS) == ["村级班子不建强不撤离", "群众对班子不满意不撤离"]
    assert len(rules.rect_missing_conditions({}, CONDITIONS)) == 5


START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
DAY = dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("listed_on", "exited_on", "status"),
    [
        (END, None, rules.RECT_IN_PROGRESS),  # listed on the last day counts
        (END + DAY, None, rules.RECT_OUTSIDE),  # listed the day after does not
        (START - DAY, END, rules.RECT_CONVERTED),  # exited on the period end: converted
        (START - DAY, END - DAY, rules.RECT_CONVERTED),  # exited the day before the end
        (START - DAY, END + DAY, rules.RECT_IN_PROGRESS),  # exited the day after the end: still in progress
        (dt.date(2024, 3, 1), START, rules.RECT_CONVERTED),  # exited on the first day of the period
        (dt.date(2024, 3, 1), START - DAY, rules.RECT_OUTSIDE),  # exited the day before the period: not counted
        (dt.date(2024, 3, 1), None, rules.RECT_IN_PROGRESS),  # an older case still under way
    ],
)
def test_period_status_at_its_boundaries(listed_on, exited_on, status):
    assert rules.rect_period_status(listed_on, exited_on, START, END) == status


def test_conversion_text_and_sentence():
    assert rules.rect_conversion_text(32, 41) == "已整顿到位32个/41个 (78.0%)"
    assert rules.rect_conversion_text(20, 21) == "已整顿到位20个/21个 (95.2%)"
    assert rules.rect_conversion_text(0, 0) == "已整顿到位0个/0个 (—)"
    assert rules.rect_conversion_sentence(41, 32) == "确定软弱涣散村党组织41个,已整顿到位32个"
