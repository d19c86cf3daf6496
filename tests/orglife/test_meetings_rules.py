"""The meeting rules at their boundaries: the check-in window, 迟到, 补录, a meeting's status, the theme day and the
quorums of ORG-05."""

import datetime as dt
from zoneinfo import ZoneInfo

from dangjian.orglife import rules
from dangjian.orglife.choices import MeetingStatus

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI)
END = dt.datetime(2026, 3, 10, 11, 0, tzinfo=SHANGHAI)
MINUTE = dt.timedelta(minutes=1)


def test_checkin_window_runs_from_before_the_start_to_after_the_end():
    opens, closes = rules.checkin_window(START, END, 30, 15)
    assert opens == dt.datetime(2026, 3, 10, 8, 30, tzinfo=SHANGHAI)
    assert closes == dt.datetime(2026, 3, 10, 11, 15, tzinfo=SHANGHAI)


def test_checkin_open_includes_both_ends_of_the_window():
    opens, closes = rules.checkin_window(START, END, 30, 30)
    assert not rules.checkin_open(opens - MINUTE, START, END, 30, 30)
    assert rules.checkin_open(opens, START, END, 30, 30)
    assert rules.checkin_open(closes, START, END, 30, 30)
    assert not rules.checkin_open(closes + dt.timedelta(seconds=1), START, END, 30, 30)


def test_late_only_after_the_grace_minutes():
    assert not rules.is_late(START, START, 15)
    assert not rules.is_late(START + 15 * MINUTE, START, 15)
    assert rules.is_late(START + 15 * MINUTE + dt.timedelta(seconds=1), START, 15)
    assert rules.is_late(START + MINUTE, START, 0)


def test_backfill_after_more_than_the_configured_days():
    held = dt.date(2026, 3, 10)
    assert not rules.is_backfill(held, held, 7)
    assert not rules.is_backfill(held, dt.date(2026, 3, 17), 7)  # exactly 7 days later
    assert rules.is_backfill(held, dt.date(2026, 3, 18), 7)
    assert rules.is_backfill(held, dt.date(2026, 3, 11), 0)


def test_meeting_status_follows_the_clock():
    assert rules.meeting_status(START, END, False, START - MINUTE) == MeetingStatus.PLANNED
    assert rules.meeting_status(START, END, False, START) == MeetingStatus.IN_PROGRESS
    assert rules.meeting_status(START, END, False, END - MINUTE) == MeetingStatus.IN_PROGRESS
    assert rules.meeting_status(START, END, False, END) == MeetingStatus.FINISHED
    assert rules.meeting_status(START, END, True, START) == MeetingStatus.CANCELLED


def test_theme_days_of_a_month():
    assert rules.on_theme_day(dt.date(2026, 3, 10), [10])
    assert not rules.on_theme_day(dt.date(2026, 3, 9), [10])
    assert not rules.on_theme_day(dt.date(2026, 3, 11), [10])
    assert rules.theme_days_in(2026, 5, [10, 5]) == [dt.date(2026, 5, 5), dt.date(2026, 5, 10)]  # "5·10"
    assert rules.on_theme_day(dt.date(2026, 2, 28), [31])  # the 31st falls on a short month's last day
    assert not rules.on_theme_day(dt.date(2026, 3, 30), [31])
    assert rules.theme_days_in(2026, 3, [0, 40]) == []


def test_committee_quorum_needs_more_than_half():
    assert not rules.committee_quorum(2, 5)
    assert rules.committee_quorum(3, 5)
    assert not rules.committee_quorum(2, 4)  # exactly half is not enough
    assert rules.committee_quorum(3, 4)
    assert not rules.committee_quorum(0, 0)


def test_general_meeting_quorum_counts_formal_members_entitled_to_vote():
    assert not rules.general_meeting_quorum(10, 20)
    assert rules.general_meeting_quorum(11, 20)
    assert rules.general_meeting_quorum(11, 21)
    assert not rules.general_meeting_quorum(10, 21)
    assert not rules.general_meeting_quorum(0, 0)
