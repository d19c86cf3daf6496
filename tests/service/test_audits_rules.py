"""村官直审 rules at their boundaries: overdue from the day after the deadline, the notice period's last day, the
notice days' range, the conclusion against the findings, the round's order, and the figures' texts."""

import datetime as dt

import pytest

from dangjian.service import rules

DEADLINE = dt.date(2026, 5, 31)


@pytest.mark.parametrize(
    ("today", "status", "overdue"),
    [
        (dt.date(2026, 5, 30), "rectifying", False),
        (DEADLINE, "rectifying", False),  # the deadline day itself is still in time
        (dt.date(2026, 6, 1), "rectifying", True),  # the day after
        (dt.date(2026, 6, 1), "reported", False),
        (dt.date(2026, 6, 1), "rectified", False),
    ],
)
def test_finding_overdue_from_the_day_after_the_deadline(today, status, overdue):
    assert rules.audit_finding_overdue(DEADLINE, status, today) is overdue


def test_finding_without_deadline_is_never_overdue():
    assert rules.audit_finding_overdue(None, "rectifying", dt.date(2099, 1, 1)) is False


def test_notice_period_edges():
    published = dt.date(2026, 3, 1)
    assert rules.audit_notice_last_day(published, 10) == dt.date(2026, 3, 10)
    assert not rules.audit_notice_visible(published, 10, dt.date(2026, 2, 28))
    assert rules.audit_notice_visible(published, 10, published)
    assert rules.audit_notice_visible(published, 10, dt.date(2026, 3, 10))  # the last day shown
    assert not rules.audit_notice_visible(published, 10, dt.date(2026, 3, 11))  # the day after not
    assert rules.audit_notice_last_day(dt.date(2026, 2, 25), 5) == dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("days", "ok"),
    [(None, False), (4, False), (5, True), (10, True), (30, True), (31, False), ("10", False), (True, False)],
)
def test_notice_days_range(days, ok):
    assert (rules.audit_notice_days_problem(days) == "") is ok


def test_notice_days_message_names_the_range():
    assert rules.audit_notice_days_problem(31) == "公示天数应在5至30天之间"


@pytest.mark.parametrize(
    ("conclusion", "findings", "ok"),
    [
        ("clean", 0, True),
        ("clean", 1, False),
        ("rectify", 0, False),
        ("rectify", 1, True),
        ("referred", 0, False),
        ("referred", 3, True),
    ],
)
def test_conclusion_fits_the_findings(conclusion, findings, ok):
    assert (rules.audit_conclusion_problem(conclusion, findings) == "") is ok


def test_round_order():
    assert rules.audit_round_next("planned") == "ongoing"
    assert rules.audit_round_next("ongoing") == "done"
    assert rules.audit_round_next("done") is None


def test_period_order():
    day = dt.date(2026, 1, 1)
    assert rules.audit_period_problem(day, day) == ""
    assert rules.audit_period_problem(day, day - dt.timedelta(days=1))
    assert rules.audit_period_problem(None, day) == ""


def test_texts():
    assert rules.audit_rectified_text(45, 52) == "整改到位 45/52 (86.5%)"
    assert rules.audit_rectified_text(0, 0) == "整改到位 0/0 (—)"
    assert rules.audit_sentence("全县", 367, 52, 45) == (
        "对全县367个行政村的财务管理、“四议两公开一监督”、“三资管理”执行情况进行审计,发现问题52个,已整改45个"
    )
