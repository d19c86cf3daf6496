"""村财镇管 rules at their edges: the limit, a decision's amount, who signs (一肩挑 too), paying, contracts."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.service import rules

D = Decimal


def test_an_expenditure_exactly_at_the_limit_needs_no_decision():
    assert not rules.needs_decision(D("5000.00"), D("5000.00"))
    assert rules.needs_decision(D("5000.01"), D("5000.00"))
    assert not rules.needs_decision(D("4999.99"), D("5000.00"))


@pytest.mark.parametrize(
    ("value", "ok"),
    [(None, False), (D("99.99"), False), (D("100"), True), (D("1000000"), True), (D("1000000.01"), False)],
)
def test_the_county_limit_range(value, ok):
    assert (rules.finance_limit_problem(value) is None) is ok


def test_the_default_limit_is_five_thousand_yuan():
    assert D("5000.00") == rules.FINANCE_LIMIT_DEFAULT


def test_a_decision_amount_may_be_used_up_to_the_yuan_not_beyond():
    assert rules.decision_overrun_problem(D("10000"), D("6000"), D("4000")) is None
    problem = rules.decision_overrun_problem(D("10000"), D("6000"), D("4000.01"))
    assert problem.startswith("超出决议金额") and "本次最多可列支4000.00元" in problem
    assert rules.decision_overrun_problem(None, D("999999"), D("1")) is None


def test_the_remaining_amount_is_never_shown_negative():
    assert "最多可列支0.00元" in rules.decision_overrun_problem(D("100"), D("150"), D("1"))


S, DIR, OTH, X = 1, 2, 3, 9  # secretary, director, another committee member, someone without a post


def role(signer, *, secretaries=(S,), directors=(DIR,), others=(OTH,), signed=None):
    return rules.signer_role(
        signer=signer, secretaries=set(secretaries), directors=set(directors), others=set(others), signed=signed or {}
    )


def test_secretary_and_director_each_sign_their_own_part():
    assert role(S) == ("secretary", None)
    assert role(DIR) == ("director", None)
    assert role(DIR, signed={"secretary": S}) == ("director", None)
    assert role(S, signed={"director": DIR}) == ("secretary", None)


def test_nobody_signs_twice():
    assert role(S, signed={"secretary": S})[1] == "您已签过字,同一人不能重复签字"
    assert role(DIR, signed={"director": DIR})[1] == "您已签过字,同一人不能重复签字"


def test_a_signer_must_hold_the_post():
    assert role(X) == (None, "只有本村现任党组织书记、村委会主任可以签字")
    assert role(None)[1] == "账号未关联人员信息,不能签字"


def test_another_member_cannot_sign_for_a_director_who_is_someone_else():
    assert role(OTH)[0] is None
    assert "主任本人" in role(OTH)[1]


def test_one_person_holding_both_posts_needs_a_second_person():
    both = {"secretaries": (S,), "directors": (S,)}
    assert role(S, **both) == ("secretary", None)
    assert role(S, **both, signed={"secretary": S})[1] == "您已签过字,同一人不能重复签字"
    assert role(OTH, **both, signed={"secretary": S}) == ("acting_director", None)
    assert role(OTH, **both) == ("acting_director", None)
    assert role(S, **both, signed={"acting_director": OTH}) == ("secretary", None)
    assert role(X, **both, signed={"secretary": S})[0] is None


def test_a_vacant_director_post_is_signed_for_by_another_member():
    assert role(OTH, directors=(), signed={"secretary": S}) == ("acting_director", None)


def test_after_both_signed_nobody_else_signs():
    assert role(OTH, signed={"secretary": S, "director": DIR})[0] is None


@pytest.mark.parametrize(
    ("signed", "problem"),
    [
        (set(), "缺少党组织书记、村委会主任签字"),
        ({"secretary"}, "缺少村委会主任签字"),
        ({"director"}, "缺少党组织书记签字"),
        ({"acting_director"}, "缺少党组织书记签字"),
        ({"secretary", "director"}, None),
        ({"secretary", "acting_director"}, None),
    ],
)
def test_paying_names_the_missing_signature(signed, problem):
    assert rules.pay_problem(signed) == problem


def test_a_contract_is_flagged_ninety_days_before_its_end():
    today = dt.date(2026, 3, 1)
    assert rules.contract_ending_soon(today + dt.timedelta(days=90), today)
    assert not rules.contract_ending_soon(today + dt.timedelta(days=91), today)
    assert rules.contract_ending_soon(today, today)
    assert not rules.contract_ending_soon(today - dt.timedelta(days=1), today)


def test_rent_is_due_for_each_contract_year_begun():
    start, end = dt.date(2024, 3, 1), dt.date(2029, 2, 28)
    assert rules.contract_years_started(start, end, dt.date(2024, 2, 29)) == 0
    assert rules.contract_years_started(start, end, start) == 1
    assert rules.contract_years_started(start, end, dt.date(2025, 2, 28)) == 1
    assert rules.contract_years_started(start, end, dt.date(2025, 3, 1)) == 2
    assert rules.contract_years_started(start, end, dt.date(2035, 1, 1)) == 5
    assert rules.rent_due(start, end, D("1000"), dt.date(2025, 3, 1)) == D("2000")
    assert rules.rent_overdue(D("2000"), D("1999.99"))
    assert not rules.rent_overdue(D("2000"), D("2000"))


def test_contract_dates():
    start = dt.date(2026, 1, 1)
    assert rules.contract_dates_problem(start, start) == "合同截止日期应晚于起始日期"
    assert rules.contract_dates_problem(start, start + dt.timedelta(days=1)) is None
    assert rules.contract_dates_problem(None, start) == "请填写合同起止日期"
    assert "30年" in rules.contract_dates_problem(start, dt.date(2060, 1, 1))
