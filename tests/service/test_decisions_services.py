"""四议两公开 services: the six steps in order (a step out of order refused naming the one first), each meeting judged
by its rule, counts and dates checked, a failed meeting held again (both attempts kept) or the matter closed as
未通过, the disclosure period (the county's at least), who may do what, the audit trail, the contracts other areas
read, and the figures counted by hand."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.core.scoping import scoped
from dangjian.service.choices import DecisionStatus
from dangjian.service.models import Decision, DecisionStep
from dangjian.service.selectors import decisions as selectors
from dangjian.service.services import decisions as services
from tests.core.factories import make_org
from tests.service.decisions_world import carry, decisions_world, hold, make_decision

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 9, 15)
DAY = dt.date(2025, 9, 1)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


def message(exc) -> str:
    return ";".join(exc.value.messages)


# --- matters ------------------------------------------------------------------------------------------------


def test_secretary_registers_a_matter_of_their_own_village_only(tree):
    decision = services.decision_create(
        actor=tree.accounts["secretary_a1"], org=tree.village_a1, title="修建村道", category="construction"
    )
    assert decision.status == DecisionStatus.STEP1 and decision.current_step == 1
    assert decision.org_path == tree.village_a1.path and decision.county_id == tree.county.pk
    assert decision.created_by == tree.accounts["secretary_a1"]
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, after__title="修建村道").exists()
    with pytest.raises(PermissionDenied):
        services.decision_create(
            actor=tree.accounts["secretary_a2"], org=tree.village_a1, title="修建村道", category="construction"
        )
    with pytest.raises(PermissionDenied):
        services.decision_create(
            actor=tree.accounts["member_a1"], org=tree.village_a1, title="修建村道", category="construction"
        )
    # The township may register for its village.
    services.decision_create(actor=tree.accounts["town_a"], org=tree.village_a2, title="修桥", category="construction")


def test_only_villages_and_communities_have_matters(tree):
    with pytest.raises(ValidationError) as exc:
        services.decision_create(actor=tree.accounts["town_a"], org=tree.town_a, title="修路", category="construction")
    assert message(exc) == "四议两公开事项只能由村(社区)党组织登记"


def test_matter_fields_are_checked(tree):
    with pytest.raises(ValidationError) as exc:
        services.decision_create(actor=None, org=tree.village_a1, title=" ", category="nope", amount="-1")
    assert exc.value.message_dict == {
        "title": ["请填写事项名称"],
        "category": ["请选择事项类别"],
        "amount": ["涉及金额不能为负数"],
    }


# --- steps in order -----------------------------------------------------------------------------------------


def test_a_step_out_of_order_is_refused_naming_the_step_first(tree):
    decision = make_decision(tree.village_a1)
    with pytest.raises(ValidationError) as exc:
        hold(decision, 2, DAY)
    assert message(exc) == "请先完成第1步'党支部会提议'"
    hold(decision, 1, DAY)
    with pytest.raises(ValidationError) as exc:
        hold(decision, 3, DAY)
    assert message(exc) == "请先完成第2步'两委会商议'"
    with pytest.raises(ValidationError) as exc:
        hold(decision, 5, DAY)
    assert message(exc) == "请先完成第2步'两委会商议'"
    assert DecisionStep.objects.filter(decision=decision).count() == 1


def test_the_six_steps_set_status_and_dates(tree):
    decision = make_decision(tree.village_a1)
    expected = ["step2", "step3", "step4", "resolved", "disclosed", "completed"]
    for step, status in zip(range(1, 7), expected, strict=True):
        hold(decision, step, DAY + dt.timedelta(days=step))
        decision.refresh_from_db()
        assert decision.status == status, step
    assert decision.started_on == dt.date(2025, 9, 2)
    assert decision.resolved_on == dt.date(2025, 9, 5)
    assert decision.disclosed_on == dt.date(2025, 9, 6) and decision.disclosure_lag == 1
    assert decision.completed_on == dt.date(2025, 9, 7)
    with pytest.raises(ValidationError) as exc:
        hold(decision, 6, TODAY)
    assert message(exc) == "事项已完成,不能再登记步骤"


def test_votes_cannot_exceed_those_present_nor_present_the_expected(tree):
    decision = make_decision(tree.village_a1)
    with pytest.raises(ValidationError) as exc:
        hold(decision, 1, DAY, expected=7, present=5, votes_for=4, votes_against=1, abstentions=1)
    assert exc.value.message_dict == {"votes_for": ["赞成、反对、弃权票合计(6)不能超过实到人数(5)"]}
    with pytest.raises(ValidationError) as exc:
        hold(decision, 1, DAY, expected=7, present=8, votes_for=4)
    assert exc.value.message_dict == {"present": ["实到人数(8)不能超过应到人数(7)"]}
    with pytest.raises(ValidationError) as exc:
        hold(decision, 1, DAY, expected=None, present=5, votes_for=5)
    assert exc.value.message_dict == {"expected": ["请填写应到人数"]}
    assert not DecisionStep.objects.exists()


def test_dates_must_not_go_backwards_nor_into_the_future(tree):
    decision = make_decision(tree.village_a1)
    hold(decision, 1, DAY)
    with pytest.raises(ValidationError) as exc:
        hold(decision, 2, DAY - dt.timedelta(days=1))
    assert exc.value.message_dict == {"held_on": ["日期不能早于上一步的日期(2025-09-01)"]}
    hold(decision, 2, DAY)  # the same day is fine
    with pytest.raises(ValidationError) as exc:
        hold(decision, 3, TODAY + dt.timedelta(days=1))
    assert exc.value.message_dict == {"held_on": ["日期不能晚于今天"]}


def test_committee_edges_through_the_service(tree):
    decision = make_decision(tree.village_a1)
    row = hold(decision, 1, DAY, expected=7, present=3, votes_for=3)
    assert (row.valid, row.passed) == (False, False) and "会议无效" in row.verdict
    row = hold(decision, 1, DAY, expected=7, present=4, votes_for=3)
    assert (row.valid, row.passed) == (True, False)
    row = hold(decision, 1, DAY, expected=7, present=4, votes_for=4)
    assert (row.valid, row.passed, row.attempt) == (True, True, 3)
    decision.refresh_from_db()
    assert decision.status == "step2" and decision.started_on == DAY


def test_a_failed_members_meeting_is_held_again_both_kept(tree):
    decision = carry(make_decision(tree.village_a1), 2, DAY)
    first = hold(decision, 3, DAY + dt.timedelta(days=5), expected=41, present=21, votes_for=20)
    assert not first.passed
    decision.refresh_from_db()
    assert decision.status == "step3" and decision.current_step == 3
    with pytest.raises(ValidationError) as exc:
        hold(decision, 4, DAY + dt.timedelta(days=6))
    assert message(exc) == "请先完成第3步'党员大会审议'"
    second = hold(decision, 3, DAY + dt.timedelta(days=6), expected=41, present=21, votes_for=21)
    assert second.passed and second.attempt == 2
    assert list(decision.steps.filter(step=3).values_list("attempt", "passed")) == [(1, False), (2, True)]
    decision.refresh_from_db()
    assert decision.status == "step4"


def test_representatives_edges_and_closing_as_failed(tree):
    decision = carry(make_decision(tree.village_a1), 3, DAY)
    with pytest.raises(ValidationError) as exc:
        services.decision_close(actor=None, decision=decision, reason="群众反对")
    assert message(exc) == "第4步'村民代表会议决议'未表决未通过,不能终止事项"
    row = hold(decision, 4, DAY + dt.timedelta(days=8), expected=45, present=29, votes_for=29)
    assert not row.valid
    row = hold(decision, 4, DAY + dt.timedelta(days=9), expected=45, present=30, votes_for=15)
    assert row.valid and not row.passed
    with pytest.raises(ValidationError) as exc:
        services.decision_close(actor=tree.accounts["secretary_a1"], decision=decision, reason=" ")
    assert exc.value.message_dict == {"reason": ["请填写未通过说明"]}
    with pytest.raises(PermissionDenied):
        services.decision_close(actor=tree.accounts["secretary_a2"], decision=decision, reason="群众反对")
    closed = services.decision_close(actor=tree.accounts["secretary_a1"], decision=decision, reason="村民代表多数反对")
    assert closed.status == DecisionStatus.FAILED and closed.failed_on == TODAY and closed.resolved_on is None
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, after__status="failed").exists()
    with pytest.raises(ValidationError) as exc:
        hold(decision, 4, TODAY, expected=45, present=30, votes_for=16)
    assert message(exc) == "事项未通过,不能再登记步骤"


def test_step_record_writes_the_audit_trail(tree):
    decision = make_decision(tree.village_a1)
    row = services.step_record(
        actor=tree.accounts["secretary_a1"],
        decision=decision,
        step=1,
        held_on=DAY,
        expected=7,
        present=6,
        votes_for=6,
    )
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_id=row.pk, after__step=1)
    assert entry.after["verdict"].endswith("通过")
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, after__status="step2").exists()


def test_other_branch_and_members_cannot_record_steps(tree):
    decision = make_decision(tree.village_a1)
    for who in ("secretary_a2", "member_a1"):
        with pytest.raises(PermissionDenied):
            services.step_record(
                actor=tree.accounts[who], decision=decision, step=1, held_on=DAY, expected=7, present=6, votes_for=6
            )


# --- disclosures and the county's setting -------------------------------------------------------------------


def test_disclosure_needs_content_channel_and_the_county_period(tree):
    decision = carry(make_decision(tree.village_a1), 4, DAY)
    with pytest.raises(ValidationError) as exc:
        services.step_record(actor=None, decision=decision, step=5, held_on=TODAY, channel="", content=" ")
    assert exc.value.message_dict == {"channel": ["请选择公开形式"], "content": ["请填写公开内容"]}
    with pytest.raises(ValidationError) as exc:
        hold(decision, 5, TODAY, period_days=29)
    assert exc.value.message_dict == {"period_days": ["公开期限不能少于30天"]}
    row = hold(decision, 5, TODAY, period_days=45)
    assert row.public_until == TODAY + dt.timedelta(days=44) and row.passed


def test_default_period_is_the_county_policy(tree):
    with pytest.raises(PermissionDenied):
        services.policy_update(actor=tree.accounts["town_a"], county=tree.county, period_days=15)
    with pytest.raises(ValidationError) as exc:
        services.policy_update(actor=tree.accounts["county"], county=tree.county, period_days=6, on_time_days=91)
    assert exc.value.message_dict == {
        "period_days": ["公开期限不能少于7天"],
        "on_time_days": ["按时公开天数应在1至90天之间"],
    }
    with pytest.raises(ValidationError):
        services.policy_update(actor=tree.accounts["county"], county=tree.town_a, period_days=15)
    services.policy_update(actor=tree.accounts["county"], county=tree.county, period_days=15)
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, after__period_days=15).exists()
    decision = carry(make_decision(tree.village_a1), 4, DAY)
    row = hold(decision, 5, TODAY)
    assert row.period_days == 15 and row.public_until == TODAY + dt.timedelta(days=14)
    row = hold(decision, 6, TODAY, period_days=15)
    assert row.public_until == dt.date(2025, 9, 29)


def test_edit_and_delete_limits(tree):
    decision = make_decision(tree.village_a1)
    services.decision_update(actor=tree.accounts["secretary_a1"], decision=decision, amount="80000.5")
    decision.refresh_from_db()
    assert decision.amount == Decimal("80000.50")
    carry(decision, 4, DAY)
    with pytest.raises(ValidationError) as exc:
        services.decision_update(actor=None, decision=decision, amount=1)
    assert message(exc) == "事项已决议或已终止,不能修改"
    with pytest.raises(ValidationError) as exc:
        services.decision_delete(actor=None, decision=decision)
    assert message(exc) == "已登记步骤的事项不能删除,可在表决未通过后终止"
    fresh = make_decision(tree.village_a1, title="错登事项")
    services.decision_delete(actor=tree.accounts["secretary_a1"], decision=fresh)
    assert not Decision.objects.filter(title="错登事项").exists()
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, before__title="错登事项").exists()


# --- contracts and figures ----------------------------------------------------------------------------------


def test_resolved_count_for_a_township_and_a_period(tree):
    v9 = make_org(tree.town_a, "V009", "东城镇张庄村党支部")
    carry(make_decision(tree.village_a1, title="甲"), 4, dt.date(2025, 8, 1))  # resolved 8-07
    carry(make_decision(tree.village_a2, title="乙"), 4, dt.date(2025, 8, 25))  # resolved 8-31
    carry(make_decision(v9, title="丙"), 4, dt.date(2025, 8, 26))  # resolved 9-01
    carry(make_decision(tree.community_b1, title="丁"), 4, dt.date(2025, 8, 1))  # other township
    carry(make_decision(tree.village_a1, title="戊"), 3, dt.date(2025, 8, 1))  # not resolved
    assert selectors.resolved_count(tree.town_a, dt.date(2025, 8, 1), dt.date(2025, 8, 31)) == 2
    assert selectors.resolved_count(tree.town_a, dt.date(2025, 8, 7), dt.date(2025, 8, 7)) == 1
    assert selectors.resolved_count(tree.town_a, dt.date(2025, 8, 8), dt.date(2025, 8, 30)) == 0
    assert selectors.resolved_count(tree.town_a, dt.date(2025, 9, 1), dt.date(2025, 9, 30)) == 1
    assert selectors.resolved_count(tree.county, dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == 4
    assert selectors.resolved_count(tree.village_a1, dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == 1
    assert [d.title for d in selectors.resolved_decisions(tree.village_a1)] == ["甲"]


def test_figures_counted_by_hand(tree):
    services.policy_update(actor=None, county=tree.county, on_time_days=3)
    a = carry(make_decision(tree.village_a1, title="甲"), 4, dt.date(2025, 8, 1))  # resolved 8-07
    hold(a, 5, dt.date(2025, 8, 10))  # 3 days: on time
    hold(a, 6, dt.date(2025, 9, 1))
    b = carry(make_decision(tree.village_a2, title="乙", category="land_transfer"), 4, dt.date(2025, 8, 1))
    hold(b, 5, dt.date(2025, 8, 11))  # 4 days: late
    c = carry(make_decision(tree.village_a2, title="丙", category="land_transfer"), 2, dt.date(2025, 8, 1))
    hold(c, 3, dt.date(2025, 8, 10), expected=41, present=30, votes_for=10)
    services.decision_close(actor=None, decision=c, reason="党员大会未通过")
    carry(make_decision(tree.village_a1, title="丁"), 1, dt.date(2025, 9, 2))  # under way
    carry(make_decision(tree.community_b1, title="戊"), 4, dt.date(2025, 8, 1))  # another township
    figures = selectors.figures(
        tree.accounts["town_a"], org=tree.town_a, start=dt.date(2025, 8, 1), end=dt.date(2025, 9, 30)
    )
    assert (figures.started, figures.resolved, figures.disclosed, figures.completed, figures.failed) == (4, 2, 2, 1, 1)
    assert (figures.on_time, figures.under_way, figures.on_time_days) == (1, 1, 3)
    assert figures.on_time_text == "1/2 (50.0%)"
    land = next(c for c in figures.categories if c["label"] == "土地流转")
    assert (land["started"], land["resolved"], land["failed"]) == (2, 1, 1)
    # Only September: 丁 started, 甲 completed.
    september = selectors.figures(None, org=tree.town_a, start=dt.date(2025, 9, 1), end=dt.date(2025, 9, 30))
    assert september.started == 0  # an anonymous viewer sees nothing
    september = selectors.figures(
        tree.accounts["county"], org=tree.town_a, start=dt.date(2025, 9, 1), end=dt.date(2025, 9, 30)
    )
    assert (september.started, september.completed, september.resolved) == (1, 1, 0)
    # Township B's view of township A: nothing (out of scope).
    other = selectors.figures(tree.accounts["secretary_a2"], org=tree.town_a, start=DAY, end=TODAY)
    assert other.completed == 0


def test_another_township_sees_nothing(tree):
    decisions_world(tree)
    assert scoped(Decision, tree.accounts["secretary_a2"]).count() == 1
    assert scoped(Decision, tree.accounts["town_a"]).count() == 2
    assert scoped(DecisionStep, tree.accounts["secretary_a2"]).filter(org=tree.village_a1).count() == 0


def test_step_three_prefills_the_formal_members(tree):
    assert selectors.expected_formal(tree.village_a1, TODAY) == 3


def test_reminder_counts_resolutions_not_published_in_time(tree):
    carry(make_decision(tree.village_a1, title="甲"), 4, dt.date(2025, 9, 1))  # resolved 9-07: 8 days ago
    carry(make_decision(tree.village_a1, title="乙"), 4, dt.date(2025, 9, 2))  # resolved 9-08: exactly 7 days
    [reminder] = selectors.reminders(tree.accounts["secretary_a1"], TODAY)
    assert reminder.label == "四议两公开:决议超期未公开" and reminder.count == 1
    assert selectors.reminders(tree.accounts["secretary_a2"], TODAY)[0].count == 0
