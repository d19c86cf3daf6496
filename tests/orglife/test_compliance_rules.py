"""Rules of compliance: the default requirements, which org a requirement covers, the state of a requirement in a
period (the day before, the last day and the day after a period ends), spans, rates and ORG-10's six months."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.core.choices import BRANCH_KINDS, OrgDomain, OrgKind
from dangjian.orglife import rules
from dangjian.orglife.choices import ComplianceState, Cycle, MeetingKind, OrgCategory

D = dt.date


def test_default_requirements_follow_rules_md():
    found = {(r.kind, r.org_category): (r.expected, r.cycle) for r in rules.DEFAULT_REQUIREMENTS}
    assert found == {
        (MeetingKind.GENERAL_MEETING, OrgCategory.ALL_BRANCHES): (1, Cycle.QUARTER),  # ORG-05
        (MeetingKind.COMMITTEE_MEETING, OrgCategory.ALL_BRANCHES): (1, Cycle.MONTH),  # ORG-05
        (MeetingKind.GROUP_MEETING, OrgCategory.PARTY_GROUP): (1, Cycle.MONTH),  # ORG-05
        (MeetingKind.PARTY_LESSON, OrgCategory.ALL_BRANCHES): (1, Cycle.QUARTER),  # ORG-06 (U)
        (MeetingKind.THEME_DAY, OrgCategory.ALL_BRANCHES): (1, Cycle.MONTH),  # ORG-07
        (MeetingKind.LIFE_MEETING, OrgCategory.ALL_BRANCHES): (1, Cycle.YEAR),  # ORG-07
        (MeetingKind.EVALUATION, OrgCategory.ALL_BRANCHES): (1, Cycle.YEAR),  # ORG-08
        (MeetingKind.HEART_TALK, OrgCategory.ALL_BRANCHES): (1, Cycle.YEAR),  # ORG-09
    }
    assert {MeetingKind.PARTY_LESSON} == rules.COUNTY_SET_KINDS
    lesson = next(r for r in rules.DEFAULT_REQUIREMENTS if r.kind == MeetingKind.PARTY_LESSON)
    assert rules.COUNTY_SET_NOTE in lesson.note
    # The rules hold plain values that the model's choices accept.
    assert all(
        r.kind in MeetingKind.values and r.org_category in OrgCategory.values for r in rules.DEFAULT_REQUIREMENTS
    )
    assert all(r.cycle in Cycle.values for r in rules.DEFAULT_REQUIREMENTS)
    assert {kind.value for kind in BRANCH_KINDS} == rules.BRANCH_KIND_VALUES


@pytest.mark.parametrize(
    ("kind", "domain", "expected"),
    [
        (OrgKind.BRANCH, OrgDomain.RURAL, {"all_branches", "rural"}),
        (OrgKind.JOINT_BRANCH, OrgDomain.COMMUNITY, {"all_branches", "community"}),
        (OrgKind.TEMPORARY_BRANCH, OrgDomain.GOVERNMENT, {"all_branches", "government"}),
        (OrgKind.BRANCH, OrgDomain.INSTITUTION, {"all_branches", "government"}),
        (OrgKind.BRANCH, OrgDomain.STATE_ENTERPRISE, {"all_branches", "enterprise"}),
        (OrgKind.BRANCH, OrgDomain.PRIVATE_ENTERPRISE, {"all_branches", "enterprise"}),
        (OrgKind.BRANCH, OrgDomain.SOCIAL_ORGANISATION, {"all_branches", "other"}),
        (OrgKind.BRANCH, OrgDomain.PARK, {"all_branches", "other"}),
        (OrgKind.PARTY_GROUP, OrgDomain.RURAL, {"party_group"}),
        (OrgKind.GENERAL_BRANCH, OrgDomain.RURAL, set()),
        (OrgKind.PARTY_COMMITTEE, OrgDomain.TOWNSHIP, set()),
    ],
)
def test_which_orgs_a_category_covers(kind, domain, expected):
    assert rules.org_categories(kind, domain) == expected
    for category in OrgCategory.values:
        assert rules.applies_to(category, kind, domain) is (category in expected)


MARCH = rules.period_of(D(2026, 3, 1), "month")
Q1 = rules.period_of(D(2026, 2, 14), "quarter")


@pytest.mark.parametrize(
    ("held", "backfilled", "today", "state"),
    [
        (0, 0, D(2026, 3, 30), ComplianceState.NOT_DUE),  # the day before the period ends
        (0, 0, D(2026, 3, 31), ComplianceState.NOT_DUE),  # its last day still belongs to it
        (0, 0, D(2026, 4, 1), ComplianceState.MISSING),  # the day after
        (1, 0, D(2026, 3, 30), ComplianceState.MET),  # met early counts at once
        (1, 0, D(2026, 4, 1), ComplianceState.MET),
        (1, 1, D(2026, 3, 30), ComplianceState.LATE_ENTRY),
        (1, 1, D(2026, 4, 1), ComplianceState.LATE_ENTRY),
        (2, 1, D(2026, 4, 1), ComplianceState.MET),  # one on time is enough; the 补录 one is not needed
    ],
)
def test_state_of_a_monthly_requirement(held, backfilled, today, state):
    assert rules.compliance_state(held, backfilled, 1, MARCH, today) == state


def test_state_with_several_expected_and_a_quarter():
    assert rules.compliance_state(1, 0, 2, Q1, D(2026, 4, 1)) == ComplianceState.MISSING
    assert rules.compliance_state(2, 1, 2, Q1, D(2026, 4, 1)) == ComplianceState.LATE_ENTRY
    assert rules.compliance_state(3, 1, 2, Q1, D(2026, 4, 1)) == ComplianceState.MET
    assert rules.compliance_state(1, 0, 2, Q1, D(2026, 3, 31)) == ComplianceState.NOT_DUE
    assert rules.counts_as_met("late_entry") and not rules.counts_as_met("missing")
    assert rules.counts_as_due("missing") and not rules.counts_as_due("not_due")


def test_a_requirement_judges_the_periods_it_is_in_force_at_their_end():
    assert rules.judges(D(2026, 3, 31), None, MARCH)  # in force on the last day
    assert not rules.judges(D(2026, 4, 1), None, MARCH)
    assert rules.judges(D(2025, 1, 1), D(2026, 3, 31), MARCH)
    assert not rules.judges(D(2025, 1, 1), D(2026, 3, 30), MARCH)  # ended the day before: the newer one judges


def test_ranges_overlap_at_their_edges():
    assert rules.ranges_overlap(D(2026, 1, 1), None, D(2030, 1, 1), None)
    assert rules.ranges_overlap(D(2026, 1, 1), D(2026, 3, 31), D(2026, 3, 31), None)
    assert not rules.ranges_overlap(D(2026, 1, 1), D(2026, 3, 31), D(2026, 4, 1), None)
    assert not rules.ranges_overlap(D(2026, 4, 1), None, D(2026, 1, 1), D(2026, 3, 31))


def test_spans_and_the_periods_that_fall_due_in_them():
    assert rules.span_of(2026, "year") == (D(2026, 1, 1), D(2026, 12, 31))
    assert rules.span_of(2026, "q2") == (D(2026, 4, 1), D(2026, 6, 30))
    assert rules.span_of(2026, "m2") == (D(2026, 2, 1), D(2026, 2, 28))
    assert rules.span_of(2026, "m13") == rules.span_of(2026, "junk") == (D(2026, 1, 1), D(2026, 12, 31))
    first, last = rules.span_of(2026, "m3")
    assert [p.label for p in rules.due_periods("quarter", first, last)] == ["2026年第1季度"]
    assert [p.label for p in rules.due_periods("month", first, last)] == ["2026年3月"]
    assert rules.due_periods("year", first, last) == []
    first, last = rules.span_of(2026, "m2")
    assert rules.due_periods("quarter", first, last) == []
    assert len(rules.due_periods("month", *rules.span_of(2026, "year"))) == 12
    assert len(rules.due_periods("half_year", *rules.span_of(2026, "q2"))) == 1


def test_rates_show_numerator_and_denominator():
    assert rules.ratio_text(18, 20) == "18/20 (90.0%)"
    assert rules.ratio_text(2, 3) == "2/3 (66.7%)"
    assert rules.ratio_text(0, 0) == "0/0 (—)"
    assert rules.ratio_percent(0, 0) is None
    assert Decimal("33.3") < rules.ratio_percent(1, 3) < Decimal("33.34")  # unrounded, for thresholds
    assert rules.ratio_percent(179, 200) < Decimal(90) <= rules.ratio_percent(180, 200)


@pytest.mark.parametrize(
    ("last", "since", "flagged"),
    [
        (None, D(2005, 7, 1), True),
        (D(2025, 9, 14), D(2005, 7, 1), True),  # the day before the cutoff
        (D(2025, 9, 15), D(2005, 7, 1), False),  # on the cutoff (today − 6 months)
        (D(2026, 3, 1), D(2005, 7, 1), False),
        (None, D(2025, 9, 15), True),  # came exactly six months ago
        (None, D(2025, 9, 16), False),  # less than six months at the branch
    ],
)
def test_six_months_without_organisational_life(last, since, flagged):
    today = D(2026, 3, 15)
    assert rules.absence_cutoff(today) == D(2025, 9, 15)
    assert rules.absent_too_long(last, since, today) is flagged


def test_absence_cutoff_at_a_month_end():
    assert rules.absence_cutoff(D(2026, 8, 31)) == D(2026, 2, 28)


def test_theme_days_parse_and_bounds():
    assert rules.parse_days("5,10") == [5, 10]
    assert rules.parse_days("5、10") == rules.parse_days("5·10") == rules.parse_days(" 5 ，10 ") == [5, 10]
    with pytest.raises(ValueError, match="“十”不是日期数字"):
        rules.parse_days("5,十")
    assert rules.theme_days_problem([10]) is None
    assert rules.theme_days_problem([1, 28]) is None
    assert "1日至28日" in rules.theme_days_problem([29])
    assert "1日至28日" in rules.theme_days_problem([0])
    assert rules.theme_days_problem([]) == "请至少填写一个主题党日日期"
    assert rules.theme_days_problem([5, 5]) == "主题党日日期有重复"
    assert rules.theme_days_problem([1, 2, 3, 4]) is None
    assert rules.theme_days_problem([1, 2, 3, 4, 5]) == "主题党日日期最多4个"


def test_agenda_problems():
    assert rules.agenda_problem(["学习党章"]) is None
    assert rules.agenda_problem([]) == "请至少填写一项规定议程"
    assert rules.agenda_problem(["学习党章", " "]) == "议程项目不能为空"
    assert rules.agenda_problem(["学习党章", "学习党章"]) == "规定议程有重复项目"
    assert rules.agenda_problem([f"第{n}项" for n in range(12)]) is None
    assert rules.agenda_problem([f"第{n}项" for n in range(13)]) == "规定议程最多12项"
    assert rules.agenda_problem(["长" * 30]) is None
    assert rules.agenda_problem(["长" * 31]) == "每项议程不超过30个字"
