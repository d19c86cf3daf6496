"""Member-lifecycle rules from rules.md, each on both sides of its boundary."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian.members import rules
from dangjian.members.rules import DuesKind, IntroducerStanding, Month, Vote

D = dt.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 11, 24), 2, D(2027, 1, 24)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert rules.add_months(day, months) == expected


# RECRUIT-02
def test_talk_on_the_last_day_is_in_time_the_day_after_is_overdue():
    applied = D(2026, 3, 15)
    assert rules.talk_due(applied) == D(2026, 4, 15)
    assert not rules.talk_overdue(applied, talked_on=D(2026, 4, 15), today=D(2026, 5, 1))
    assert rules.talk_overdue(applied, talked_on=D(2026, 4, 16), today=D(2026, 5, 1))
    assert not rules.talk_overdue(applied, talked_on=None, today=D(2026, 4, 15))
    assert rules.talk_overdue(applied, talked_on=None, today=D(2026, 4, 16))


# RECRUIT-03, -04
def test_review_every_six_months_and_candidate_after_a_full_year():
    assert rules.activist_review_due(D(2026, 8, 31)) == D(2027, 2, 28)
    assert rules.earliest_candidate_date(D(2025, 6, 1)) == D(2026, 6, 1)
    assert rules.earliest_candidate_date(D(2024, 2, 29)) == D(2025, 2, 28)


# RECRUIT-05
@pytest.mark.parametrize(
    ("standings", "problems"),
    [
        ([IntroducerStanding.FULL, IntroducerStanding.FULL], 0),
        ([IntroducerStanding.FULL], 1),
        ([IntroducerStanding.FULL] * 3, 1),
        ([IntroducerStanding.FULL, IntroducerStanding.PROBATIONARY], 1),
        ([IntroducerStanding.ON_PROBATION_DISCIPLINE, IntroducerStanding.NOT_A_MEMBER], 2),
    ],
)
def test_exactly_two_full_members_introduce(standings, problems):
    assert len(rules.introducer_problems(standings)) == problems


# RECRUIT-07
@pytest.mark.parametrize(
    ("days", "hours", "passed"),
    [
        (3, 0, True),
        (2, 23, False),
        (Decimal("2.5"), 24, True),
        (0, 24, True),
        (Decimal("2.99"), Decimal("23.9"), False),
    ],
)
def test_training_three_days_or_twenty_four_hours(days, hours, passed):
    assert rules.training_passed(days=days, hours=hours) is passed


# RECRUIT-09, -10
@pytest.mark.parametrize(
    ("entitled", "present", "yes", "quorum", "passes"),
    [
        (10, 5, 5, False, False),  # exactly half present: no quorum
        (10, 6, 6, True, True),
        (10, 6, 5, True, False),  # yes must exceed half of the entitled, not of those present
        (9, 5, 5, True, True),
        (9, 4, 4, False, False),
        (9, 9, 4, True, False),
    ],
)
def test_quorum_and_majority_count_the_entitled(entitled, present, yes, quorum, passes):
    vote = Vote(entitled=entitled, present=present, yes=yes)
    assert rules.quorum_reached(vote) is quorum
    assert rules.admission_passes(vote) is passes
    assert (rules.vote_problems(vote) == []) is passes


def test_impossible_votes_are_refused():
    assert rules.vote_problems(Vote(entitled=5, present=6, yes=3))
    assert rules.vote_problems(Vote(entitled=0, present=0, yes=0))


# RECRUIT-11..15
def test_approval_probation_extension_and_standing():
    resolved = D(2025, 7, 1)
    assert rules.approval_due(resolved) == D(2025, 10, 1)
    assert rules.approval_due(resolved, special=True) == D(2026, 1, 1)
    assert rules.probation_end(resolved) == D(2026, 7, 1)
    assert rules.probation_end(resolved, extension_months=6) == D(2027, 1, 1)
    assert rules.party_standing_from(resolved) == D(2026, 7, 1)
    assert rules.extension_problem(6, previous_extensions=0) is None
    assert rules.extension_problem(12, previous_extensions=0) is None
    assert rules.extension_problem(5, previous_extensions=0)
    assert rules.extension_problem(13, previous_extensions=0)
    assert rules.extension_problem(6, previous_extensions=1) == "预备期只能延长一次"


# DUES-01
@pytest.mark.parametrize(
    ("base", "rate", "monthly"),
    [
        ("0", "0.005", "0.00"),
        ("3000", "0.005", "15.00"),
        ("3000.01", "0.01", "30.00"),
        ("5000", "0.01", "50.00"),
        ("5000.01", "0.015", "75.00"),
        ("10000", "0.015", "150.00"),
        ("10000.01", "0.02", "200.00"),
        ("2999", "0.005", "15.00"),  # 14.995 rounds half up
        ("3333.33", "0.01", "33.33"),
    ],
)
def test_employed_dues_one_flat_rate_on_the_whole_base(base, rate, monthly):
    quote = rules.dues_quote(DuesKind.EMPLOYED, base=Decimal(base))
    assert (quote.rate, quote.monthly) == (Decimal(rate), Decimal(monthly))


# DUES-03
@pytest.mark.parametrize(("base", "monthly"), [("5000", "25.00"), ("5000.01", "50.00"), ("1200", "6.00")])
def test_retired_dues(base, monthly):
    assert rules.dues_quote("retired", base=Decimal(base)).monthly == Decimal(monthly)


# DUES-04
def test_fixed_amounts_and_the_farmer_range():
    for kind in ("student", "unemployed", "low_income"):
        assert rules.dues_quote(kind).monthly == Decimal("0.20")
    assert rules.dues_quote("farmer", farmer_amount=Decimal("1.00")).monthly == Decimal("1.00")
    assert rules.dues_quote("farmer", farmer_amount=Decimal("0.20")).monthly == Decimal("0.20")
    for bad in ("0.19", "1.01"):
        with pytest.raises(rules.DuesError, match="超出范围"):
            rules.dues_quote("farmer", farmer_amount=Decimal(bad))


def test_bad_dues_input_names_the_reason():
    with pytest.raises(rules.DuesError, match="缴费基数"):
        rules.dues_quote("employed")
    with pytest.raises(rules.DuesError, match="无效"):
        rules.dues_quote("pensioner", base=Decimal(1))


@given(base=st.decimals(min_value=0, max_value=100000, places=2))
def test_dues_grow_with_the_base_within_a_bracket_and_stay_in_fen(base):
    quote = rules.dues_quote("employed", base=base)
    assert quote.monthly == quote.monthly.quantize(Decimal("0.01"))
    assert abs(quote.monthly - base * quote.rate) <= Decimal("0.005")


# DUES-08, -09, -10
def test_extra_payments_back_payment_and_lapse():
    assert not rules.extra_passed_up(Decimal("999.99"))
    assert rules.extra_passed_up(Decimal("1000"))
    assert rules.back_payment_allowed(Month(2026, 1), paid_in=Month(2026, 7))
    assert not rules.back_payment_allowed(Month(2026, 1), paid_in=Month(2026, 8))
    assert not rules.back_payment_allowed(Month(2026, 8), paid_in=Month(2026, 7))
    paid = [Month(2026, m) for m in range(1, 6)]  # January to May paid
    assert rules.consecutive_unpaid_months(paid, due_from=Month(2025, 1), up_to=Month(2026, 10)) == 5
    assert not rules.dues_lapsed(paid, due_from=Month(2025, 1), up_to=Month(2026, 10))
    assert rules.dues_lapsed(paid, due_from=Month(2025, 1), up_to=Month(2026, 11))
    assert not rules.dues_lapsed([], due_from=Month(2026, 7), up_to=Month(2026, 11))  # only 5 months owed
    assert rules.dues_lapsed([], due_from=Month(2026, 6), up_to=Month(2026, 11))
    assert Month(2026, 12).plus(1) == Month(2027, 1)


# ORG-01..03, -08, -11
@pytest.mark.parametrize(
    ("formal", "members", "form"),
    [
        (2, 10, "joint_branch"),
        (3, 3, "branch"),
        (30, 49, "branch"),
        (30, 50, "general_branch"),
        (60, 99, "general_branch"),
        (60, 100, "party_committee"),
    ],
)
def test_required_org_form(formal, members, form):
    assert rules.required_org_form(formal, members) == form


def test_branch_size_committee_quota_and_lost_contact():
    assert not rules.branch_too_large(50) and rules.branch_too_large(51)
    assert not rules.needs_committee(6) and rules.needs_committee(7)
    assert rules.committee_size_problem(3) is None and rules.committee_size_problem(7) is None
    assert rules.committee_size_problem(2) and rules.committee_size_problem(8)
    assert [rules.excellent_quota(n) for n in (2, 3, 5, 6, 31)] == [0, 1, 1, 2, 10]
    lost = D(2024, 1, 15)
    assert rules.lost_contact_stage(lost, D(2024, 7, 14)) is None
    assert rules.lost_contact_stage(lost, D(2024, 7, 15)) == "stop_membership"
    assert rules.lost_contact_stage(lost, D(2026, 7, 14)) == "stop_membership"
    assert rules.lost_contact_stage(lost, D(2026, 7, 15)) == "remove"
