"""四议两公开 rules at their edges: each meeting's quorum and majority, attendance and vote counts, the order of the
steps, dates going forward, and the display period of a disclosure (its last day and the day after)."""

import datetime as dt

import pytest

from dangjian.service import rules

# --- step 1: 支委会 (7 members) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("present", "yes", "valid", "passed"),
    [
        (3, 3, False, False),  # 3 of 7 is not more than half
        (4, 3, True, False),  # valid; 3 yes ≤ 7/2 fails though it is most of those present
        (4, 4, True, True),  # 4 > 3.5 passes
        (7, 3, True, False),
        (7, 7, True, True),
    ],
)
def test_committee_of_seven(present, yes, valid, passed):
    verdict = rules.committee_verdict(7, present, yes)
    assert (verdict.valid, verdict.passed) == (valid, passed)
    assert verdict == (valid, passed, verdict.reason)


def test_committee_even_size_needs_strictly_more_than_half():
    assert rules.committee_verdict(6, 3, 3)[:2] == (False, False)
    assert rules.committee_verdict(6, 4, 3)[:2] == (True, False)
    assert rules.committee_verdict(6, 4, 4)[:2] == (True, True)


def test_committee_reasons_in_chinese():
    assert rules.committee_verdict(7, 3, 3).reason == "应到7人,实到3人,未超过应到人数的半数,会议无效"
    assert rules.committee_verdict(7, 4, 3).reason.endswith("赞成3票,未超过应到人数的半数(需4票),未通过")
    assert (
        rules.committee_verdict(7, 4, 4).reason == "应到7人,实到4人,超过半数,会议有效;赞成4票,超过应到人数的半数,通过"
    )
    assert rules.committee_verdict(0, 0, 0) == (False, False, "应到委员为0,无法开会")


# --- step 2: 两委联席会议 ------------------------------------------------------------------------------------


def test_joint_meeting_same_rule_over_joint_membership():
    assert rules.joint_meeting_verdict(11, 5, 5)[:2] == (False, False)
    assert rules.joint_meeting_verdict(11, 6, 5)[:2] == (True, False)
    assert rules.joint_meeting_verdict(11, 6, 6)[:2] == (True, True)


# --- step 3: 党员大会 (41 formal members) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("present", "yes", "valid", "passed"),
    [
        (20, 20, False, False),  # 20 of 41 is not more than half
        (21, 20, True, False),  # valid; 20 yes ≤ 20.5
        (21, 21, True, True),  # 21 yes of 41 entitled passes even with only 21 present
        (41, 20, True, False),
    ],
)
def test_members_meeting_of_41(present, yes, valid, passed):
    assert rules.members_meeting_verdict(41, present, yes)[:2] == (valid, passed)


def test_members_meeting_counts_formal_members_only_in_its_wording():
    assert "实到有表决权的正式党员21人" in rules.members_meeting_verdict(41, 21, 21).reason


# --- step 4: 村民代表会议 (45 representatives) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("present", "yes", "valid", "passed"),
    [
        (29, 29, False, False),  # 29 × 3 = 87 < 90
        (30, 15, True, False),  # exactly two-thirds; 15 of 30 present is not more than half
        (30, 16, True, True),
        (45, 22, True, False),
        (45, 23, True, True),
    ],
)
def test_representatives_of_45(present, yes, valid, passed):
    assert rules.representatives_verdict(45, present, yes)[:2] == (valid, passed)


def test_representatives_two_thirds_rounding():
    # 31 representatives: two-thirds is 20.67, so 21 present is needed.
    assert not rules.representatives_verdict(31, 20, 20).valid
    assert rules.representatives_verdict(31, 21, 11).passed
    assert not rules.representatives_verdict(31, 21, 10).passed
    assert rules.representatives_verdict(0, 0, 0).reason == "村民代表应到人数为0,无法开会"
    assert rules.representatives_verdict(45, 30, 15).reason.endswith("(需16票),未通过")


def test_meeting_verdict_dispatches_by_step():
    # The same counts: valid for a committee (more than half present), invalid for representatives (< ⅔).
    assert rules.meeting_verdict(1, 45, 29, 29).passed
    assert not rules.meeting_verdict(4, 45, 29, 29).valid
    assert rules.meeting_verdict(3, 41, 21, 21).passed
    assert rules.meeting_verdict(2, 11, 6, 6).passed


# --- counts -------------------------------------------------------------------------------------------------


def test_attendance_counts():
    assert rules.attendance_errors(7, 7, 5, 1, 1) == {}
    assert rules.attendance_errors(7, 8, 5, 0, 0) == {"present": "实到人数(8)不能超过应到人数(7)"}
    assert rules.attendance_errors(7, 5, 4, 1, 1) == {"votes_for": "赞成、反对、弃权票合计(6)不能超过实到人数(5)"}
    assert rules.attendance_errors(7, 5, 5, 0, 0) == {}
    assert rules.attendance_errors(0, 0, 0, 0, 0) == {"expected": "应到人数应大于0"}
    assert rules.attendance_errors(7, -1, 0, 0, 0) == {"present": "实到人数不能为负数"}


# --- order and dates ----------------------------------------------------------------------------------------


def test_step_order():
    assert rules.step_order_problem(1, set()) is None
    assert rules.step_order_problem(3, {1}) == "请先完成第2步'两委会商议'"
    assert rules.step_order_problem(5, {1, 2, 3}) == "请先完成第4步'村民代表会议决议'"
    assert rules.step_order_problem(4, {1, 2, 3}) is None
    assert rules.step_order_problem(2, {1, 2}) == "第2步'两委会商议'已通过,不能再次召开"
    assert rules.step_order_problem(5, {1, 2, 3, 4, 5}) == "第5步'决议公开'已登记"
    assert rules.step_order_problem(6, {1, 2, 3, 4, 5}) is None


def test_step_dates():
    today = dt.date(2025, 9, 15)
    earlier = dt.date(2025, 9, 10)
    assert rules.step_date_problem(earlier, earlier, today) is None  # same day allowed
    assert rules.step_date_problem(dt.date(2025, 9, 9), earlier, today) == "日期不能早于上一步的日期(2025-09-10)"
    assert rules.step_date_problem(today, earlier, today) is None
    assert rules.step_date_problem(dt.date(2025, 9, 16), None, today) == "日期不能晚于今天"


# --- disclosures --------------------------------------------------------------------------------------------


def test_disclosure_period_last_day_and_day_after():
    start = dt.date(2025, 6, 1)
    assert rules.disclosure_last_day(start, 30) == dt.date(2025, 6, 30)
    assert not rules.disclosure_shown(start, 30, dt.date(2025, 5, 31))
    assert rules.disclosure_shown(start, 30, start)
    assert rules.disclosure_shown(start, 30, dt.date(2025, 6, 30))
    assert not rules.disclosure_shown(start, 30, dt.date(2025, 7, 1))
    assert rules.disclosure_last_day(start, 1) == start


def test_disclosure_period_bounds():
    assert rules.disclosure_period_problem(30, 30) is None
    assert rules.disclosure_period_problem(29, 30) == "公开期限不能少于30天"
    assert rules.disclosure_period_problem(365, 30) is None
    assert rules.disclosure_period_problem(366, 30) == "公开期限不能超过365天"
    assert rules.policy_period_problem(7) is None
    assert rules.policy_period_problem(6) == "公开期限不能少于7天"
    assert rules.on_time_days_problem(1) is None and rules.on_time_days_problem(90) is None
    assert rules.on_time_days_problem(0) and rules.on_time_days_problem(91)


def test_on_time_disclosure():
    resolved = dt.date(2025, 6, 1)
    assert rules.disclosed_on_time(resolved, dt.date(2025, 6, 8), 7)
    assert not rules.disclosed_on_time(resolved, dt.date(2025, 6, 9), 7)
    assert rules.disclosed_on_time(resolved, resolved, 7)


def test_vote_text():
    assert rules.vote_text(45, 38, 35) == "应到45人,实到38人,赞成35票"
