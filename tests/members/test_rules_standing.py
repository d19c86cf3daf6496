"""党籍 rules (ORG-10, ORG-11, RECRUIT-13): which changes are allowed, and when, at both sides of each boundary."""

import datetime as dt

import pytest

from dangjian.core.choices import COUNTED_STANDINGS, HISTORICAL_STANDINGS, ON_ROLL_STANDINGS, Standing
from dangjian.members import rules

TODAY = dt.date(2026, 11, 24)


def problems(current, new, on, *, since=dt.date(2020, 1, 1), probationary=False, lost=False, **dates):
    return rules.standing_problems(
        current=current,
        new=new,
        on=on,
        since=since,
        today=TODAY,
        probationary=probationary,
        lost_contact_basis=lost,
        **dates,
    )


APPROVED = {"branch_resolution_on": dt.date(2026, 3, 1), "approved_on": dt.date(2026, 3, 10)}


def test_lost_contact_suspension_waits_six_months():
    since = dt.date(2025, 8, 31)
    assert problems(
        "lost_contact",
        "suspended",
        dt.date(2026, 2, 27),
        since=since,
        **APPROVED | {"approved_on": dt.date(2026, 2, 20), "branch_resolution_on": dt.date(2026, 2, 10)},
    ) == ["失去联系满6个月方可停止党籍,最早2026-02-28"]
    assert (
        problems(
            "lost_contact",
            "suspended",
            dt.date(2026, 2, 28),
            since=since,
            **APPROVED | {"approved_on": dt.date(2026, 2, 20), "branch_resolution_on": dt.date(2026, 2, 10)},
        )
        == []
    )


def test_removal_two_years_after_suspension_for_lost_contact():
    since = dt.date(2024, 3, 15)
    day_before = dt.date(2026, 3, 14)
    dates = {"branch_resolution_on": dt.date(2026, 3, 1), "approved_on": dt.date(2026, 3, 5)}
    assert problems("suspended", "removed", day_before, since=since, lost=True, **dates) == [
        "停止党籍满2年后仍无法取得联系的方可除名,最早2026-03-15"
    ]
    assert problems("suspended", "removed", dt.date(2026, 3, 15), since=since, lost=True, **dates) == []
    # Removal on other grounds (e.g. discipline) does not wait for the two years.
    assert problems("suspended", "removed", day_before, since=since, lost=False, **dates) == []


def test_decisions_of_the_level_above_need_both_dates():
    assert problems("normal", "removed", dt.date(2026, 3, 20)) == [
        "须填写支部大会讨论决定的日期",
        "须经上级党组织批准,请填写批准日期",
    ]
    assert problems("normal", "removed", dt.date(2026, 3, 20), **APPROVED) == []
    assert problems(
        "normal",
        "removed",
        dt.date(2026, 3, 20),
        branch_resolution_on=dt.date(2026, 3, 11),
        approved_on=dt.date(2026, 3, 10),
    ) == ["上级批准日期不能早于支部大会决定日期"]
    assert problems("normal", "removed", dt.date(2026, 3, 9), **APPROVED) == ["生效日期不能早于上级批准日期"]
    # Changes the branch records alone need no approval.
    assert problems("normal", "lost_contact", dt.date(2026, 3, 20)) == []
    assert problems("normal", "abroad", dt.date(2026, 3, 20)) == []


def test_dates_between_the_current_standing_and_today():
    assert problems("normal", "lost_contact", TODAY) == []
    assert problems("normal", "lost_contact", TODAY + dt.timedelta(days=1)) == ["生效日期不能晚于今天"]
    assert problems("normal", "lost_contact", dt.date(2019, 12, 31)) == [
        "生效日期不能早于当前党籍状态的起始日期2020-01-01"
    ]
    assert problems("normal", "lost_contact", dt.date(2020, 1, 1)) == []


def test_only_probationary_members_can_be_cancelled():
    on = dt.date(2026, 3, 20)
    assert problems("normal", "cancelled", on, **APPROVED) == ["只有预备党员可以取消预备党员资格"]
    assert problems("normal", "cancelled", on, probationary=True, **APPROVED) == []


@pytest.mark.parametrize("left", sorted(rules.LEAVING_STANDINGS))
def test_the_historical_roll_is_final(left):
    assert problems(left, "normal", dt.date(2026, 3, 20)) == ["已出党或转出的党员列入历史名册,党籍状态不能再变更"]


def test_transitions():
    assert problems("normal", "normal", TODAY) == ["党籍状态没有变化"]
    # Restoring (恢复党籍) from suspension or after contact is regained.
    assert problems("suspended", "normal", TODAY) == []
    assert problems("lost_contact", "normal", TODAY) == []
    # A transfer out of the deployment is recorded by its receipt, not as a standing change.
    assert problems("normal", "transferred_out", TODAY) == ["党籍状态不能由当前状态直接变更为所选状态"]
    assert problems("lost_contact", "abroad", TODAY) == ["党籍状态不能由当前状态直接变更为所选状态"]


def test_the_rules_and_the_enumeration_agree():
    assert {s for s in Standing.values if rules.counted_as_member(s)} == COUNTED_STANDINGS
    assert rules.LEAVING_STANDINGS == HISTORICAL_STANDINGS
    assert set(Standing.values) == ON_ROLL_STANDINGS | HISTORICAL_STANDINGS
    assert not ON_ROLL_STANDINGS & HISTORICAL_STANDINGS
    assert set(rules.STANDING_TRANSITIONS) | rules.LEAVING_STANDINGS == set(Standing.values)


def test_correction_deadline_at_most_one_year():
    decided = dt.date(2026, 2, 28)
    assert rules.correction_deadline_problem(decided, dt.date(2027, 2, 28)) is None
    assert rules.correction_deadline_problem(decided, dt.date(2027, 3, 1)) == "限期改正的期限不超过1年,最晚2027-02-28"
    assert rules.correction_deadline_problem(decided, decided) == "改正期限须晚于决定日期"
    assert rules.correction_deadline_problem(decided, dt.date(2026, 3, 1)) is None
