"""Recruitment reads: the soft alerts appearing and disappearing with the clock, what is due next, the pipeline of
a branch and of a township, and the applicant list's filters."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from dangjian.core.choices import Role
from dangjian.members.choices import ApplicantStatus, ProbationDecision, TrainingMode
from dangjian.members.selectors.recruitment import alerts, applicant_list, next_steps, pipeline
from dangjian.members.services import recruitment_settings as settings_services
from dangjian.members.services.recruitment import applicant_stop
from tests.core.factories import make_account
from tests.members.recruitment_factories import LATE_TODAY, apply, record, walk

pytestmark = pytest.mark.django_db
D = dt.date


def rules_of(user, org, today):
    return [(alert.applicant.name, alert.rule) for alert in alerts(user, org, today=today)]


def overdue_names(user):
    _filterset, queryset = applicant_list(user, {"overdue": "true"})
    return [applicant.name for applicant in queryset]


# --- alerts with the clock -------------------------------------------------------------------------------------


def test_recruit_02_talk_alert_from_the_day_after_the_month_until_the_talk(tree, settings):
    settings.DANGJIAN_TODAY = D(2026, 3, 15)
    apply(tree, name="李谈话", applied_on=D(2026, 3, 15))
    secretary, branch, town = tree.accounts["secretary_a1"], tree.village_a1, tree.accounts["town_a"]
    settings.DANGJIAN_TODAY = D(2026, 4, 15)
    assert rules_of(secretary, branch, D(2026, 4, 15)) == []
    assert overdue_names(secretary) == []
    settings.DANGJIAN_TODAY = D(2026, 4, 16)
    found = alerts(town, tree.town_a, today=D(2026, 4, 16))
    assert [(a.rule, a.due_on, a.days_overdue) for a in found] == [("RECRUIT-02", D(2026, 4, 15), 1)]
    assert found[0].message == "递交入党申请书后1个月内未派人谈话(应于2026-04-15前谈话)"
    assert overdue_names(secretary) == overdue_names(town) == ["李谈话"]
    assert overdue_names(tree.accounts["secretary_a2"]) == []
    applicant = found[0].applicant
    assert [(s.number, s.due_on, s.overdue) for s in next_steps(applicant, today=D(2026, 4, 16))] == [
        (2, D(2026, 4, 15), True)
    ]
    record(tree, applicant, 2, D(2026, 4, 16))
    assert rules_of(secretary, branch, D(2026, 4, 16)) == []
    assert overdue_names(secretary) == []


def test_the_county_sets_the_talk_period(tree, settings):
    settings.DANGJIAN_TODAY = D(2026, 4, 16)
    apply(tree, applied_on=D(2026, 3, 15))
    settings_services.recruit_setting_save(actor=tree.accounts["county"], county=tree.county, talk_within_months=2)
    assert rules_of(tree.accounts["secretary_a1"], tree.village_a1, D(2026, 5, 15)) == []
    assert overdue_names(tree.accounts["secretary_a1"]) == []
    assert rules_of(tree.accounts["secretary_a1"], tree.village_a1, D(2026, 5, 16)) == [("张申请", "RECRUIT-02")]


def test_recruit_03_activist_review_every_six_months(tree, settings):
    settings.DANGJIAN_TODAY = LATE_TODAY
    applicant = walk(tree, apply(tree), 5)  # activist on 2024-03-01
    user, org = tree.accounts["secretary_a1"], tree.village_a1
    assert rules_of(user, org, D(2024, 9, 1)) == []
    assert rules_of(user, org, D(2024, 9, 2)) == [("张申请", "RECRUIT-03")]
    settings.DANGJIAN_TODAY = D(2024, 9, 2)
    assert overdue_names(user) == ["张申请"]
    record(tree, applicant, 6, D(2024, 9, 2))
    assert overdue_names(user) == []
    assert rules_of(user, org, D(2025, 3, 2)) == []
    assert rules_of(user, org, D(2025, 3, 3)) == [("张申请", "RECRUIT-03")]


def test_recruit_11_approval_within_three_months_of_the_resolution(tree, settings):
    settings.DANGJIAN_TODAY = LATE_TODAY
    applicant = walk(tree, apply(tree), 16)  # resolution on 2025-06-01
    user, org = tree.accounts["town_a"], tree.town_a
    assert rules_of(user, org, D(2025, 9, 1)) == []
    assert rules_of(user, org, D(2025, 9, 2)) == [("张申请", "RECRUIT-11")]
    settings.DANGJIAN_TODAY = D(2025, 9, 2)
    assert overdue_names(user) == ["张申请"]
    record(tree, applicant, 17, D(2025, 9, 2))
    assert rules_of(user, org, D(2025, 9, 2)) == []
    assert overdue_names(user) == []


def test_probation_ended_without_discussion_then_approval_overdue(tree, settings):
    settings.DANGJIAN_TODAY = LATE_TODAY
    applicant = walk(tree, apply(tree), 22)  # probation ends on 2026-06-01
    user, org = tree.accounts["secretary_a1"], tree.village_a1
    assert rules_of(user, org, D(2026, 6, 1)) == []
    found = alerts(user, org, today=D(2026, 6, 2))
    assert [(a.rule, a.message) for a in found] == [("RECRUIT-13", "预备期已于2026-06-01期满,支部尚未讨论其转正")]
    settings.DANGJIAN_TODAY = D(2026, 6, 2)
    assert overdue_names(user) == ["张申请"]
    record(tree, applicant, 23, D(2026, 6, 2))
    assert rules_of(user, org, D(2026, 9, 2)) == []
    assert rules_of(user, org, D(2026, 9, 3)) == [("张申请", "RECRUIT-14")]
    settings.DANGJIAN_TODAY = D(2026, 9, 3)
    assert overdue_names(user) == ["张申请"]
    record(tree, applicant, 24, D(2026, 9, 3))
    assert rules_of(user, org, D(2026, 9, 3)) == []
    assert overdue_names(user) == []


def test_an_extension_moves_the_end_of_probation(tree, settings):
    settings.DANGJIAN_TODAY = LATE_TODAY
    applicant = walk(tree, apply(tree), 22)
    record(tree, applicant, 23, decision=ProbationDecision.EXTEND, extension_months=6)
    record(tree, applicant, 24)
    user, org = tree.accounts["secretary_a1"], tree.village_a1
    assert rules_of(user, org, D(2026, 12, 1)) == []
    assert rules_of(user, org, D(2026, 12, 2)) == [("张申请", "RECRUIT-13")]


def test_a_stopped_applicant_raises_no_alert(tree, settings):
    settings.DANGJIAN_TODAY = D(2026, 6, 1)
    applicant = apply(tree, applied_on=D(2026, 1, 1))
    assert rules_of(tree.accounts["secretary_a1"], tree.village_a1, D(2026, 6, 1)) == [("张申请", "RECRUIT-02")]
    applicant_stop(actor=tree.accounts["secretary_a1"], applicant=applicant, ended_on=D(2026, 6, 1), reason="放弃")
    assert rules_of(tree.accounts["secretary_a1"], tree.village_a1, D(2026, 6, 1)) == []


# --- what comes next -----------------------------------------------------------------------------------------


def test_next_steps_name_the_block_until_the_candidate_year_is_over(tree, settings):
    settings.DANGJIAN_TODAY = LATE_TODAY
    applicant = walk(tree, apply(tree), 6)
    steps = next_steps(applicant, today=D(2025, 2, 28))
    assert [(s.number, s.due_on, s.overdue, s.blocked) for s in steps] == [
        (6, D(2025, 3, 1), False, None),
        (7, None, False, "确定为入党积极分子满1年后方可确定为发展对象(最早2025-03-01)"),
    ]
    assert [s.blocked for s in next_steps(applicant, today=D(2025, 3, 1))] == [None, None]


def test_next_steps_during_probation_are_due_at_its_end(tree, settings):
    settings.DANGJIAN_TODAY = LATE_TODAY
    applicant = walk(tree, apply(tree), 21)
    assert [(s.number, s.due_on) for s in next_steps(applicant, today=D(2026, 1, 1))] == [
        (21, None),
        (22, D(2026, 6, 1)),
    ]


def test_six_three_gates_show_as_blocks(tree, settings):
    settings.DANGJIAN_TODAY = LATE_TODAY
    settings_services.recruit_setting_save(
        actor=tree.accounts["county"], county=tree.county, six_three=True, pass_mark=Decimal(60)
    )
    applicant = walk(tree, apply(tree), 11)
    assert [s.blocked for s in next_steps(applicant, today=LATE_TODAY)] == ["未经组织考察的不得进入讨论研究程序"]


# --- the pipeline ---------------------------------------------------------------------------------------------


@pytest.fixture
def crowd(tree, settings):
    """Applicants at several stages in a1 and a2, one in a1 trained by b1, one stopped, one archived."""
    settings.DANGJIAN_TODAY = LATE_TODAY
    made = {
        "new": apply(tree, name="甲"),
        "activist": walk(tree, apply(tree, name="乙"), 6),
        "probation": walk(tree, apply(tree, name="丙"), 17),
        "a2": apply(tree, name="丁", org=tree.village_a2, actor=tree.accounts["secretary_a2"]),
        "trained": apply(tree, name="戊", trainer_org=tree.community_b1, training_mode=TrainingMode.ENTRUSTED),
        "stopped": apply(tree, name="己"),
        "archived": walk(tree, apply(tree, name="庚"), 25),
    }
    applicant_stop(
        actor=tree.accounts["secretary_a1"], applicant=made["stopped"], ended_on=D(2024, 2, 1), reason="放弃"
    )
    return made


def test_branch_pipeline_rows_next_steps_and_stage_counts(tree, crowd):
    result = pipeline(tree.accounts["secretary_a1"], tree.village_a1, today=D(2024, 2, 15))
    rows = {row.applicant.name: row for row in result.rows}
    assert set(rows) == {"甲", "乙", "丙", "戊"}
    assert result.stage_counts == {1: 2, 2: 1, 3: 0, 4: 1, 5: 0}
    assert result.stages[0] == (1, "申请入党", 2)
    first = rows["甲"]
    assert (first.stage, first.stage_name, first.step_name) == (1, "申请入党", "递交入党申请书")
    assert (first.next_step.number, first.next_step.due_on, first.overdue) == (2, D(2024, 2, 10), True)
    assert [a.rule for a in first.alerts] == ["RECRUIT-02"]
    assert rows["丙"].next_step.number == 18
    assert result.overdue_count == 2  # 甲 and 戊, both without a talk


def test_township_pipeline_covers_its_branches_and_the_trainer_sees_its_own(tree, crowd):
    names = {row.applicant.name for row in pipeline(tree.accounts["town_a"], tree.town_a, today=LATE_TODAY).rows}
    assert names == {"甲", "乙", "丙", "丁", "戊"}
    secretary_b1 = make_account("secretary_b1", tree.community_b1, Role.BRANCH_SECRETARY)
    rows = pipeline(secretary_b1, tree.community_b1, today=LATE_TODAY).rows
    assert [row.applicant.name for row in rows] == ["戊"]
    town_b = make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN)
    assert [row.applicant.name for row in pipeline(town_b, tree.town_b, today=LATE_TODAY).rows] == ["戊"]
    sibling = pipeline(tree.accounts["secretary_a2"], tree.village_a2, today=LATE_TODAY)
    assert [row.applicant.name for row in sibling.rows] == ["丁"]


def test_pipeline_out_of_scope_is_missing(tree, crowd):
    for user in (tree.accounts["secretary_a2"], tree.accounts["member_a1"]):
        with pytest.raises(Http404):
            pipeline(user, tree.village_a1, today=LATE_TODAY)
        with pytest.raises(Http404):
            alerts(user, tree.village_a1, today=LATE_TODAY)


def test_pipeline_queries_do_not_grow_with_the_applicants(tree, crowd):
    user = tree.accounts["town_a"]
    with CaptureQueriesContext(connection) as few:
        pipeline(user, tree.town_a, today=LATE_TODAY)
    for _ in range(4):
        walk(tree, apply(tree, name="辛"), 9)
    with CaptureQueriesContext(connection) as more:
        result = pipeline(user, tree.town_a, today=LATE_TODAY)
    assert len(result.rows) == 9
    assert len(more.captured_queries) == len(few.captured_queries) <= 6


# --- the list ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"甲", "乙", "丙", "丁", "戊", "己", "庚"}),
        ({"search": "丙"}, {"丙"}),
        ({"org": "V002"}, {"丁"}),
        ({"org": "V003"}, {"戊"}),
        ({"org": "NOPE"}, set()),
        ({"status": ApplicantStatus.STOPPED}, {"己"}),
        ({"stage": "2"}, {"乙"}),
        ({"stage": "5"}, {"庚"}),
        ({"step": "17"}, {"丙"}),
        ({"training_mode": TrainingMode.ENTRUSTED}, {"戊"}),
        ({"overdue": "true"}, {"甲", "乙", "丙", "丁", "戊"}),
    ],
)
def test_applicant_list_filters(tree, crowd, params, expected):
    _filterset, queryset = applicant_list(tree.accounts["town_a"], params)
    assert {applicant.name for applicant in queryset} == expected


def test_applicant_list_is_scoped(tree, crowd):
    _filterset, queryset = applicant_list(tree.accounts["secretary_a2"], {})
    assert [applicant.name for applicant in queryset] == ["丁"]
    _filterset, queryset = applicant_list(tree.accounts["member_a1"], {})
    assert list(queryset) == []
