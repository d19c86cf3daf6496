"""民情夜市 and mediation rules at their edges: which weeks a period owes (the Thursday rule), when a week is missed,
the evening start, the "余件" rounding, the issue actions allowed in each status, and escalation one level up only."""

import datetime as dt

import pytest

from dangjian.service import rules

D = dt.date


def test_a_month_owes_the_weeks_whose_thursday_it_holds():
    # September 2025: Monday 1st … Tuesday 30th; Thursdays 4, 11, 18, 25.
    assert rules.due_weeks(D(2025, 9, 1), D(2025, 9, 30)) == [
        D(2025, 9, 1),
        D(2025, 9, 8),
        D(2025, 9, 15),
        D(2025, 9, 22),
    ]
    # October 2025 starts on a Wednesday: the week of Monday 29 September has its Thursday (2 October) in October.
    october = rules.due_weeks(D(2025, 10, 1), D(2025, 10, 31))
    assert october[0] == D(2025, 9, 29) and len(october) == 5


@pytest.mark.parametrize(
    ("start", "first"),
    [
        (D(2025, 9, 3), D(2025, 9, 1)),  # Wednesday: the Thursday of its week is inside
        (D(2025, 9, 4), D(2025, 9, 1)),  # Thursday itself: inside
        (D(2025, 9, 5), D(2025, 9, 8)),  # Friday: that week belongs to the period before
    ],
)
def test_the_first_week_counts_when_its_thursday_is_in_the_period(start, first):
    assert rules.due_weeks(start, D(2025, 9, 30))[0] == first


@pytest.mark.parametrize(("end", "count"), [(D(2025, 9, 24), 3), (D(2025, 9, 25), 4), (D(2025, 9, 26), 4)])
def test_the_last_week_counts_once_the_period_reaches_its_thursday(end, count):
    assert len(rules.due_weeks(D(2025, 9, 1), end)) == count


def test_an_empty_or_reversed_period_owes_nothing():
    assert rules.due_weeks(D(2025, 9, 5), D(2025, 9, 7)) == []  # Friday to Sunday
    assert rules.due_weeks(D(2025, 9, 30), D(2025, 9, 1)) == []


def test_a_week_is_missed_the_day_after_its_sunday():
    monday = D(2025, 9, 22)
    assert not rules.week_over(monday, D(2025, 9, 28))  # Sunday: still time
    assert rules.week_over(monday, D(2025, 9, 29))


def test_weekly_tally_reads_like_the_notice():
    held = [D(2025, 9, 2), D(2025, 9, 10), D(2025, 9, 11), D(2025, 9, 30)]  # two in the second week, one in October's
    tally = rules.weekly_tally(D(2025, 9, 1), D(2025, 9, 30), held, today=D(2025, 9, 30))
    assert (tally.due, tally.held, tally.missed, tally.open) == (4, 2, 2, 0)
    assert tally.text == "应开4次,已开2次" and tally.behind
    # On the Sunday of the third week, that week is not missed yet.
    tally = rules.weekly_tally(D(2025, 9, 1), D(2025, 9, 30), held, today=D(2025, 9, 21))
    assert (tally.held, tally.missed, tally.open) == (2, 0, 2)
    assert not tally.behind
    # A session announced for later does not count before it is held.
    tally = rules.weekly_tally(D(2025, 9, 1), D(2025, 9, 30), [D(2025, 9, 3)], today=D(2025, 9, 2))
    assert tally.held == 0


def test_a_session_in_the_neighbouring_month_counts_for_its_week():
    # Tuesday 30 September belongs to the week of 29 September, which October owes.
    tally = rules.weekly_tally(D(2025, 10, 1), D(2025, 10, 31), [D(2025, 9, 30)], today=D(2025, 11, 3))
    assert (tally.due, tally.held, tally.missed) == (5, 1, 4)


@pytest.mark.parametrize(
    ("time", "ok"),
    [
        (dt.time(16, 59), False),
        (dt.time(17, 0), True),
        (dt.time(19, 30), True),
        (dt.time(22, 0), True),
        (dt.time(22, 1), False),
        (dt.time(9, 0), False),
    ],
)
def test_a_session_starts_in_the_evening(time, ok):
    assert (rules.session_time_problem(time) is None) is ok


def test_sessions_may_be_announced_up_to_sixty_days_ahead():
    today = D(2025, 9, 1)
    assert rules.session_date_problem(today + dt.timedelta(days=60), today) is None
    assert rules.session_date_problem(today + dt.timedelta(days=61), today) == "只能提前60天安排民情夜市"


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0件"), (37, "37件"), (99, "99件"), (100, "100余件"), (109, "100余件"), (110, "110余件"), (248, "240余件")],
)
def test_about_count_rounds_down_to_tens_from_one_hundred(count, text):
    assert rules.about_count(count) == text


def test_the_sentence_of_seed_002():
    assert rules.minqing_sentence(248, 531, 163) == (
        "解决群众生产生活难题240余件,有效调解化解矛盾纠纷530余件,民主决策重大事项160余件"
    )
    assert rules.minqing_sentence(37, 5, None) == "解决群众生产生活难题37件,有效调解化解矛盾纠纷5件"


@pytest.mark.parametrize(
    ("status", "action", "allowed"),
    [
        ("pending", "assign", True),
        ("handling", "assign", True),
        ("resolved", "assign", False),
        ("pending", "resolve", False),
        ("handling", "resolve", True),
        ("handling", "feedback", False),
        ("resolved", "feedback", True),
        ("closed", "feedback", False),
        ("pending", "unresolvable", True),
        ("resolved", "unresolvable", False),
        ("unresolvable", "resolve", False),
    ],
)
def test_issue_actions_in_order(status, action, allowed):
    assert (rules.issue_action_problem(status, action) is None) is allowed


def test_an_out_of_order_action_says_why():
    assert rules.issue_action_problem("pending", "resolve") == "该诉求待交办,不能办结(只有办理中的诉求可以)"


@pytest.mark.parametrize(
    ("current", "target", "problem"),
    [
        ("group", "village", None),
        ("village", "town", None),
        ("town", "county", None),
        ("group", "town", "纠纷应逐级上交:组级调解不成先上交村级"),
        ("town", "village", "纠纷只能逐级上交,不能从镇级退回村级"),
        ("village", "village", "纠纷已在村级调解"),
        ("county", "town", "县级调解不成的纠纷请移交法院诉讼、信访或仲裁"),
        ("village", "province", "请选择上交的调解层级"),
    ],
)
def test_escalation_one_level_up_never_back(current, target, problem):
    assert rules.escalation_problem(current, target) == problem


def test_success_rate_shows_both_numbers():
    assert rules.success_rate(57, 60) == "57/60 (95.0%)"
    assert rules.success_rate(0, 0) == "0/0 (—)"
