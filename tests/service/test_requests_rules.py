"""Rules of 群众办事: receipt codes (alphabet, display, normalising what a resident types), default deadlines per
mode, overdue from the day after the deadline, the order of the steps, phone numbers and the rate texts."""

import datetime as dt
import random

import pytest

from dangjian.service import rules

DAY = dt.date(2025, 6, 10)


def test_receipt_code_uses_only_the_alphabet_without_look_alikes():
    source = random.Random(7)
    codes = {rules.receipt_code_make(source.randrange) for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert len(code) == 12
        assert set(code) <= set(rules.RECEIPT_ALPHABET)
    assert not set("0O1IL2Z5S8B") & set(rules.RECEIPT_ALPHABET)


def test_receipt_code_is_shown_in_groups_of_four():
    assert rules.receipt_code_display("QF7KA9M4XR3T") == "QF7K-A9M4-XR3T"


@pytest.mark.parametrize(
    "typed",
    [
        "QF7KA9M4XR3T",
        "qf7k-a9m4-xr3t",
        " QF7K A9M4 XR3T ",
        "ＱＦ７Ｋ－Ａ９Ｍ４－ＸＲ３Ｔ",
        "qf7k—a9m4—xr3t",
        "QF7K_A9M4_XR3T",
    ],
)
def test_receipt_code_forgives_case_spaces_dashes_and_full_width(typed):
    assert rules.receipt_code_normalise(typed) == "QF7KA9M4XR3T"


@pytest.mark.parametrize("typed", ["", "QF7KA9M4XR3", "QF7KA9M4XR3TT", "QF7KA9M4XR30", "QF7K-A9M4-XR3I", "回执码"])
def test_receipt_code_refuses_what_cannot_be_a_code(typed):
    assert rules.receipt_code_normalise(typed) is None


@pytest.mark.parametrize(("mode", "days"), [("onsite", 0), ("proxy", 5), ("assist", 5), ("referral", 3), ("full", 15)])
def test_default_deadline_per_mode(mode, days):
    assert rules.default_deadline(mode, DAY) == DAY + dt.timedelta(days=days)


def test_default_deadline_takes_the_countys_days():
    assert rules.default_deadline("proxy", DAY, {"proxy": 7}) == dt.date(2025, 6, 17)
    assert rules.default_deadline("onsite", DAY, {"proxy": 7}) == DAY
    assert rules.default_deadline("full", DAY, {"full": 0}) == DAY


def test_acceptance_is_due_two_days_after_filing():
    assert rules.accept_deadline(DAY) == dt.date(2025, 6, 12)


def test_overdue_from_the_day_after_the_deadline():
    assert not rules.request_overdue(DAY, DAY - dt.timedelta(days=1))
    assert not rules.request_overdue(DAY, DAY)
    assert rules.request_overdue(DAY, DAY + dt.timedelta(days=1))
    assert not rules.request_overdue(DAY, DAY + dt.timedelta(days=9), open_=False)


def test_finished_in_time_on_the_deadline_not_the_day_after():
    assert rules.finished_in_time(DAY, DAY)
    assert rules.finished_in_time(DAY, DAY - dt.timedelta(days=1))
    assert not rules.finished_in_time(DAY, DAY + dt.timedelta(days=1))
    assert not rules.finished_in_time(DAY, None)


@pytest.mark.parametrize(
    ("status", "step", "refusal"),
    [
        ("pending", "accept", None),
        ("pending", "return", None),
        ("pending", "progress", "该事项尚未受理,不能添加进展"),
        ("pending", "finish", "该事项尚未受理,不能办结"),
        ("handling", "accept", "该事项办理中,不能再受理"),
        ("handling", "progress", None),
        ("handling", "finish", None),
        ("handling", "reassign", None),
        ("handling", "return", None),
        ("done", "progress", "该事项已办结,不能再添加进展"),
        ("done", "finish", "该事项已办结,不能再办结"),
        ("done", "return", "该事项已办结,不能再退回"),
        ("returned", "accept", "该事项已退回,不能再受理"),
    ],
)
def test_step_order(status, step, refusal):
    assert rules.request_step_refusal(status, step) == refusal


def test_rating_only_when_done_and_only_once():
    assert rules.request_step_refusal("handling", "rate") == "该事项尚未办结,办结后才能评价"
    assert rules.request_step_refusal("returned", "rate") == "该事项尚未办结,办结后才能评价"
    assert rules.request_step_refusal("done", "rate") is None
    assert rules.request_step_refusal("done", "rate", rated=True) == "该事项已评价,不能重复评价"


@pytest.mark.parametrize(
    ("typed", "phone"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+86 13812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("0395-1234567", "0395-1234567"),
        ("03951234567", "03951234567"),
        ("010-12345678", "010-12345678"),
        ("12812345678", None),
        ("1381234567", None),
        ("138123456789", None),
        ("1234567", None),
        ("0395-123456", None),
        ("", None),
    ],
)
def test_phone_is_a_mobile_or_a_fixed_line(typed, phone):
    assert rules.phone_normalise(typed) == phone


def test_rate_texts_show_numerator_and_denominator():
    assert rules.satisfaction_text(38, 40) == "满意率 38/40 (95.0%)"
    assert rules.in_time_text(45, 50) == "按时办结 45/50 (90.0%)"
    assert rules.in_time_text(0, 0) == "按时办结 0/0 (—)"
