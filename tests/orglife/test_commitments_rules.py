"""五亮 rules: which years are open, and the review workflow (edits send an entry back to review)."""

import datetime as dt

import pytest

from dangjian.orglife import rules


@pytest.mark.parametrize(
    ("year", "today", "problem"),
    [
        (2026, dt.date(2026, 12, 31), None),  # the last day of the year: still open
        (2026, dt.date(2027, 1, 1), "2026年度的五亮承诺已归档,不能再修改"),  # the day after: archived
        (2027, dt.date(2026, 1, 1), None),  # next year may be planned
        (2028, dt.date(2026, 12, 31), "只能填写本年度或下一年度的五亮承诺"),
    ],
)
def test_open_years(year, today, problem):
    assert rules.commitment_year_problem(year, today) == problem


def test_review_transitions():
    assert rules.commitment_can("submit", "draft") and rules.commitment_can("submit", "returned")
    assert not rules.commitment_can("submit", "submitted") and not rules.commitment_can("submit", "approved")
    assert rules.commitment_can("approve", "submitted") and rules.commitment_can("return", "submitted")
    assert not rules.commitment_can("approve", "draft") and not rules.commitment_can("return", "approved")


@pytest.mark.parametrize(
    ("status", "changed", "submit", "after"),
    [
        ("approved", True, False, "draft"),  # an approved entry edited goes back to draft …
        ("approved", True, True, "submitted"),  # … or straight to review
        ("approved", False, True, "approved"),  # saving it unchanged changes nothing
        ("returned", False, True, "submitted"),
        ("returned", False, False, "returned"),
        ("draft", False, True, "submitted"),
        ("submitted", True, False, "draft"),
        ("submitted", False, True, "submitted"),
    ],
)
def test_status_after_an_edit(status, changed, submit, after):
    assert rules.commitment_after_edit(status, changed=changed, submit=submit) == after
