"""Transfer and mobile-member rules (rules.md MOB-01…04, seed 001), each on both sides of its boundary."""

import datetime as dt

import pytest

from dangjian.members import rules

D = dt.date


# MOB-04: validity from the county's months, longer across provinces
@pytest.mark.parametrize(
    ("issued", "across", "expected"),
    [
        (D(2026, 3, 1), False, D(2026, 6, 1)),
        (D(2026, 3, 1), True, D(2026, 9, 1)),
        (D(2026, 11, 30), False, D(2027, 2, 28)),
        (D(2026, 8, 31), True, D(2027, 2, 28)),
    ],
)
def test_letter_validity_default_months(issued, across, expected):
    assert rules.letter_valid_until(issued, across_provinces=across) == expected


def test_letter_validity_follows_the_county_setting():
    issued = D(2026, 3, 1)
    assert rules.letter_valid_until(issued, across_provinces=False, months=2) == D(2026, 5, 1)
    assert rules.letter_valid_until(issued, across_provinces=True, months=2, months_across_provinces=4) == D(2026, 7, 1)


def test_a_letter_is_valid_on_its_last_day_and_expired_the_day_after():
    assert not rules.letter_expired(D(2026, 6, 1), D(2026, 6, 1))
    assert rules.letter_expired(D(2026, 6, 1), D(2026, 6, 2))


@pytest.mark.parametrize(("months", "ok"), [(0, False), (1, True), (12, True), (13, False)])
def test_county_validity_setting_range(months, ok):
    assert (rules.letter_validity_problem(months) is None) is ok


def test_transfer_overdue_after_the_deadline_or_the_validity():
    deadline, valid = D(2026, 4, 1), D(2026, 6, 1)
    assert not rules.transfer_overdue(deadline=deadline, valid_until=valid, today=D(2026, 4, 1))
    assert rules.transfer_overdue(deadline=deadline, valid_until=valid, today=D(2026, 4, 2))
    assert not rules.transfer_overdue(deadline=D(2026, 7, 1), valid_until=valid, today=D(2026, 6, 1))
    assert rules.transfer_overdue(deadline=D(2026, 7, 1), valid_until=valid, today=D(2026, 6, 2))


def test_letter_number_per_county_and_year():
    assert rules.letter_number("C001", 2026, 7) == "C001〔2026〕0007号"
    assert rules.letter_number("C001", 2027, 1234) == "C001〔2027〕1234号"


# MOB-01/02: six months away at a fixed place
def test_six_months_away_at_a_fixed_place_should_transfer():
    left = D(2025, 8, 31)
    assert rules.should_transfer_on(left) == D(2026, 2, 28)
    assert not rules.should_transfer(left_on=left, fixed_place=True, today=D(2026, 2, 27))
    assert rules.should_transfer(left_on=left, fixed_place=True, today=D(2026, 2, 28))
    assert not rules.should_transfer(left_on=left, fixed_place=False, today=D(2027, 1, 1))


# Seed 001 情况报告制度
@pytest.mark.parametrize(("months", "ok"), [(0, False), (1, True), (12, True), (13, False)])
def test_report_period_range(months, ok):
    assert (rules.report_period_problem(months) is None) is ok


def test_report_dates_every_period_from_leaving():
    left = D(2026, 1, 31)
    assert rules.report_due_dates(left_on=left, every_months=1, until=D(2026, 3, 30)) == [D(2026, 2, 28)]
    assert rules.report_due_dates(left_on=left, every_months=1, until=D(2026, 3, 31)) == [
        D(2026, 2, 28),
        D(2026, 3, 31),
    ]
    assert rules.report_due_dates(left_on=left, every_months=3, until=D(2026, 4, 29)) == []
    assert rules.report_due_dates(left_on=left, every_months=3, until=D(2026, 4, 30)) == [D(2026, 4, 30)]


def test_next_report_due_keeps_to_the_schedule_without_drift():
    left = D(2026, 1, 31)
    assert rules.next_report_due(left_on=left, every_months=1) == D(2026, 2, 28)
    assert rules.next_report_due(left_on=left, every_months=1, last_due_on=D(2026, 2, 28)) == D(2026, 3, 31)
    assert rules.next_report_due(left_on=left, every_months=3, last_due_on=D(2026, 4, 30)) == D(2026, 7, 31)
    # a period changed from 1 to 3 months: the next date on the new schedule after the last reported one
    assert rules.next_report_due(left_on=left, every_months=3, last_due_on=D(2026, 2, 28)) == D(2026, 4, 30)
    assert rules.next_report_due(left_on=left, every_months=3, last_due_on=D(2026, 4, 29)) == D(2026, 4, 30)


def test_a_report_is_in_time_on_its_date_and_overdue_the_day_after():
    assert not rules.report_overdue(D(2026, 4, 30), D(2026, 4, 30))
    assert rules.report_overdue(D(2026, 4, 30), D(2026, 5, 1))


def test_reports_missed_counts_the_passed_dates():
    left = D(2026, 1, 1)
    assert rules.reports_missed(left_on=left, every_months=3, last_due_on=None, today=D(2026, 4, 1)) == 0
    assert rules.reports_missed(left_on=left, every_months=3, last_due_on=None, today=D(2026, 4, 2)) == 1
    assert rules.reports_missed(left_on=left, every_months=3, last_due_on=None, today=D(2026, 7, 2)) == 2
    assert rules.reports_missed(left_on=left, every_months=3, last_due_on=D(2026, 4, 1), today=D(2026, 7, 2)) == 1


# MOB-03: the 活动证 is checked yearly
def test_certificate_check_a_year_after_issue_or_the_last_check():
    assert rules.certificate_check_due(issued_on=D(2025, 3, 1), checked_on=None) == D(2026, 3, 1)
    assert rules.certificate_check_due(issued_on=D(2024, 3, 1), checked_on=D(2025, 5, 10)) == D(2026, 5, 10)
    assert rules.certificate_check_due(issued_on=None, checked_on=None) is None
    due = D(2026, 3, 1)
    assert not rules.certificate_check_alert(due, D(2026, 2, 28))
    assert rules.certificate_check_alert(due, D(2026, 3, 1))
    assert not rules.certificate_check_alert(None, D(2026, 3, 1))
