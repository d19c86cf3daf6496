"""双报到 rules: the community a member registers with, the hours of a day's service."""

from decimal import Decimal

import pytest

from dangjian.members import rules


@pytest.mark.parametrize(
    ("domain", "kind", "dissolved", "allowed"),
    [
        ("community", "branch", False, True),
        ("community", "party_committee", False, True),
        ("community", "general_branch", False, True),
        ("community", "party_group", False, False),
        ("community", "branch", True, False),
        ("rural", "branch", False, False),
        ("subdistrict", "working_committee", False, False),
    ],
)
def test_registration_goes_to_a_community_branch_or_committee(domain, kind, dissolved, allowed):
    assert (rules.community_problem(domain=domain, kind=kind, dissolved=dissolved) is None) is allowed


@pytest.mark.parametrize(
    ("hours", "problem"),
    [
        (Decimal("0"), "服务时长须大于0小时"),
        (Decimal("0.1"), None),
        (Decimal("24"), None),
        (Decimal("24.1"), "一天的服务时长不超过24小时"),
        (Decimal("1.25"), "服务时长精确到0.1小时"),
        (Decimal("-1"), "服务时长须大于0小时"),
    ],
)
def test_a_day_of_service_is_more_than_nothing_and_at_most_24_hours(hours, problem):
    assert rules.service_hours_problem(hours) == problem
