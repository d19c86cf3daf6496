"""民情夜市 and mediation services: sessions of a village only, in the evening, once a day; issues in order (交办 →
办结 → 反馈, or 无法解决) with out-of-order refusals; mediators on the right org for their level; disputes escalated
one level up at a time, handled by the level they are at (a village cannot handle one escalated to the town), another
township seeing nothing; the figures against hand counts; the audit trail."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.core.scoping import scoped
from dangjian.service.choices import DisputeStatus, IssueStatus
from dangjian.service.models import Dispute, MinqingIssue, NightMarket
from dangjian.service.selectors import minqing as selectors
from dangjian.service.services import minqing as services
from tests.core.factories import make_account, make_org
from tests.service.minqing_world import make_dispute, make_issue, make_mediator, make_session, minqing_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 9, 24)  # a Wednesday


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


def message(exc) -> str:
    return ";".join(exc.value.messages)


# --- sessions -----------------------------------------------------------------------------------------------


def test_a_village_records_its_own_sessions(tree):
    secretary = tree.accounts["secretary_a1"]
    session = make_session(tree.village_a1, actor=secretary)
    assert session.org_path == tree.village_a1.path and session.county_id == tree.county.pk
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="service.nightmarket")
    assert entry.after["hosts"] == "刘书记、陈主任"
    with pytest.raises(PermissionDenied):
        make_session(tree.village_a2, actor=secretary)
    with pytest.raises(PermissionDenied):
        make_session(tree.village_a1, actor=tree.accounts["member_a1"], held_on=TODAY)
    with pytest.raises(ValidationError) as exc:
        make_session(tree.town_a)
    assert message(exc) == "举办单位应为村(社区)党组织"


def test_a_session_is_an_evening_once_a_day(tree):
    make_session(tree.village_a1, held_on=TODAY)
    with pytest.raises(ValidationError) as exc:
        make_session(tree.village_a1, held_on=TODAY, starts_at=dt.time(9, 0), place="")
    assert exc.value.message_dict == {
        "held_on": ["2025-09-24已登记民情夜市"],
        "starts_at": ["民情夜市应在晚间举办(开始时间17:00—22:00)"],
        "place": ["请填写地点"],
    }
    with pytest.raises(ValidationError) as exc:
        make_session(tree.village_a1, held_on=TODAY + dt.timedelta(days=7), attendance=30)
    assert message(exc) == "尚未举办的民情夜市不能填写参与人数和会议记录"
    planned = make_session(tree.village_a1, held_on=TODAY + dt.timedelta(days=7), attendance=0)
    assert planned.attendance == 0


def test_a_session_with_issues_is_not_deleted(tree):
    session = make_session(tree.village_a1)
    make_issue(tree.village_a1, session)
    with pytest.raises(ValidationError) as exc:
        services.session_delete(actor=tree.accounts["secretary_a1"], session=session)
    assert message(exc) == "该民情夜市已登记群众诉求,不能删除"
    empty = make_session(tree.village_a1, held_on=TODAY)
    services.session_delete(actor=tree.accounts["secretary_a1"], session=empty)
    assert not NightMarket.objects.filter(pk=empty.pk).exists()
    assert AuditEntry.objects.filter(action=AuditAction.DELETE).count() == 1


def test_updating_a_session(tree):
    session = make_session(tree.village_a1)
    services.session_update(actor=tree.accounts["town_a"], session=session, attendance=80, minutes="群众反映道路问题")
    session.refresh_from_db()
    assert session.attendance == 80
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE).latest("id")
    assert {k: entry.before[k] for k in ("attendance", "minutes")} == {"attendance": 46, "minutes": ""}
    with pytest.raises(ValidationError):
        services.session_update(actor=None, session=session, org=tree.village_a2)


# --- issues -------------------------------------------------------------------------------------------------


def test_an_issue_raised_at_a_session_takes_its_channel_and_day(tree):
    session = make_session(tree.village_a1, held_on=TODAY - dt.timedelta(days=2))
    issue = make_issue(tree.village_a1, session)
    assert (issue.channel, issue.raised_on, issue.status) == ("night_market", session.held_on, IssueStatus.PENDING)
    with pytest.raises(ValidationError) as exc:
        make_issue(tree.village_a2, session, "a2")
    assert exc.value.message_dict == {"session": ["只能选择本村(社区)的民情夜市"]}
    with pytest.raises(ValidationError) as exc:
        make_issue(tree.village_a1, channel="night_market")
    assert message(exc) == "请选择反映诉求的民情夜市"


def test_a_raiser_is_named_or_anonymous(tree):
    with pytest.raises(ValidationError) as exc:
        make_issue(tree.village_a1, raiser_name="", raiser_phone="abc")
    assert exc.value.message_dict == {
        "raiser_name": ["请填写反映人姓名(或选择匿名反映)"],
        "raiser_phone": ["电话号码格式不正确"],
    }
    issue = make_issue(tree.village_a1, anonymous=True)
    assert (issue.raiser_name, issue.raiser_phone) == ("", "")


def test_an_issue_goes_through_its_steps_in_order(tree):
    secretary = tree.accounts["secretary_a1"]
    issue = make_issue(tree.village_a1, raised_on=TODAY - dt.timedelta(days=5))
    with pytest.raises(ValidationError) as exc:
        services.issue_resolve(actor=secretary, issue=issue, result="已修")
    assert message(exc) == "该诉求待交办,不能办结(只有办理中的诉求可以)"
    with pytest.raises(ValidationError) as exc:
        services.issue_assign(actor=secretary, issue=issue, assignee_name="陈主任", due_on=TODAY - dt.timedelta(days=1))
    assert message(exc) == "办理时限不能早于交办日期"
    issue = services.issue_assign(
        actor=secretary, issue=issue, assignee_name="陈主任", due_on=TODAY + dt.timedelta(days=7)
    )
    assert issue.status == IssueStatus.HANDLING and issue.assigned_on == TODAY
    with pytest.raises(ValidationError) as exc:
        services.issue_feedback(actor=secretary, issue=issue, feedback="satisfied")
    assert message(exc) == "该诉求办理中,不能登记群众反馈(只有已解决的诉求可以)"
    issue = services.issue_resolve(actor=secretary, issue=issue, result="已组织铺设砂石路面")
    assert issue.status == IssueStatus.RESOLVED and issue.resolved_on == TODAY
    with pytest.raises(ValidationError) as exc:
        services.issue_unresolvable(actor=secretary, issue=issue, reason="资金不足")
    assert message(exc) == "该诉求已解决,不能说明无法解决(只有待交办或办理中的诉求可以)"
    issue = services.issue_feedback(actor=secretary, issue=issue, feedback="fairly", note="希望尽快硬化")
    assert issue.status == IssueStatus.CLOSED
    actions = AuditEntry.objects.filter(object_type="service.minqingissue").values_list("action", flat=True)
    assert list(actions.order_by("id")) == ["create", "update", "update", "update"]


def test_an_issue_that_cannot_be_solved_is_explained(tree):
    issue = make_issue(tree.village_a1)
    with pytest.raises(ValidationError) as exc:
        services.issue_unresolvable(actor=None, issue=issue, reason=" ")
    assert message(exc) == "请填写无法解决的原因"
    issue = services.issue_unresolvable(actor=None, issue=issue, reason="属于县级审批事项,已告知群众办理途径")
    assert issue.status == IssueStatus.UNRESOLVABLE and issue.explained_on == TODAY


def test_another_township_cannot_touch_an_issue(tree):
    issue = make_issue(tree.village_a1)
    town_b = make_account("town_b_admin", tree.town_b, "township_admin")
    with pytest.raises(PermissionDenied):
        services.issue_assign(actor=town_b, issue=issue, assignee_name="x", due_on=TODAY)
    assert not scoped(MinqingIssue, town_b).exists()
    assert scoped(MinqingIssue, tree.accounts["town_a"]).count() == 1


# --- mediators ----------------------------------------------------------------------------------------------


def test_mediators_sit_on_the_org_of_their_level(tree):
    with pytest.raises(ValidationError) as exc:
        make_mediator(tree.village_a1, "town")
    assert message(exc) == "镇级调解员应登记在乡镇(街道)党委"
    with pytest.raises(ValidationError) as exc:
        make_mediator(tree.town_a, "village")
    assert message(exc) == "村级、组级调解员应登记在村(社区)党组织"
    with pytest.raises(ValidationError) as exc:
        make_mediator(tree.village_a1, "group", group_name="")
    assert message(exc) == "组级调解员请填写所在村民小组"
    with pytest.raises(PermissionDenied):
        make_mediator(tree.town_a, "town", actor=tree.accounts["secretary_a1"])
    town = make_mediator(tree.town_a, "town", actor=tree.accounts["town_a"])
    assert town.org_path == tree.town_a.path
    services.mediator_update(actor=tree.accounts["town_a"], mediator=town, active=False)
    town.refresh_from_db()
    assert not town.active


# --- disputes -----------------------------------------------------------------------------------------------


def test_a_dispute_escalates_one_level_at_a_time(tree):
    secretary, town = tree.accounts["secretary_a1"], tree.accounts["town_a"]
    group = make_mediator(tree.village_a1, "group")
    town_mediator = make_mediator(tree.town_a, "town", name="周镇长")
    dispute = make_dispute(tree.village_a1, "group", mediators=[group], actor=secretary)
    with pytest.raises(ValidationError) as exc:
        services.dispute_escalate(actor=secretary, dispute=dispute, level="town", reason="双方分歧大")
    assert message(exc) == "纠纷应逐级上交:组级调解不成先上交村级"
    dispute = services.dispute_escalate(actor=secretary, dispute=dispute, level="village", reason="双方分歧大")
    assert dispute.level == "village" and dispute.escalated_on == TODAY
    with pytest.raises(ValidationError) as exc:
        services.dispute_escalate(actor=secretary, dispute=dispute, level="group", reason="退回")
    assert message(exc) == "纠纷只能逐级上交,不能从村级退回组级"
    with pytest.raises(ValidationError) as exc:
        services.dispute_escalate(actor=secretary, dispute=dispute, level="town", reason="仍未达成", mediators=[group])
    assert message(exc) == "孙调解是组级调解员,与当前调解层级不符"
    dispute = services.dispute_escalate(
        actor=secretary, dispute=dispute, level="town", reason="仍未达成", mediators=[town_mediator]
    )
    # At town level the village can no longer handle it; the township can.
    with pytest.raises(PermissionDenied):
        services.dispute_mediate(actor=secretary, dispute=dispute, note="再调")
    with pytest.raises(PermissionDenied):
        services.dispute_settle(actor=secretary, dispute=dispute, agreement="和解")
    services.dispute_mediate(actor=town, dispute=dispute, note="镇调委会组织调解")
    dispute = services.dispute_settle(actor=town, dispute=dispute, agreement="双方同意按原界址砌墙")
    assert dispute.status == DisputeStatus.SETTLED and dispute.closed_on == TODAY
    notes = [s.note for s in selectors.dispute_sessions(dispute)]
    assert notes[:2] == ["调解不成,上交村级:双方分歧大", "调解不成,上交镇级:仍未达成"]
    with pytest.raises(ValidationError) as exc:
        services.dispute_refer(actor=town, dispute=dispute, target="court", reason="x")
    assert message(exc) == "该纠纷已调解成功,不能再办理"


def test_only_the_county_mediates_at_county_level_and_then_refers(tree):
    dispute = make_dispute(tree.village_a1, "town", actor=tree.accounts["town_a"])
    with pytest.raises(PermissionDenied):
        make_dispute(tree.village_a1, "town", actor=tree.accounts["secretary_a1"])
    dispute = services.dispute_escalate(
        actor=tree.accounts["town_a"], dispute=dispute, level="county", reason="涉及多村"
    )
    with pytest.raises(PermissionDenied):
        services.dispute_mediate(actor=tree.accounts["town_a"], dispute=dispute, note="x")
    county = tree.accounts["county"]
    with pytest.raises(ValidationError) as exc:
        services.dispute_escalate(actor=county, dispute=dispute, level="town", reason="退回")
    assert message(exc) == "县级调解不成的纠纷请移交法院诉讼、信访或仲裁"
    dispute = services.dispute_refer(actor=county, dispute=dispute, target="court", reason="当事人坚持诉讼")
    assert dispute.status == DisputeStatus.REFERRED and dispute.get_refer_target_display() == "法院诉讼"


def test_mediators_must_fit_the_dispute(tree):
    other = make_mediator(tree.village_a2, name="王调解")
    with pytest.raises(ValidationError) as exc:
        make_dispute(tree.village_a1, mediators=[other])
    assert message(exc) == "王调解不是本村(社区)的调解员"
    with pytest.raises(ValidationError) as exc:
        make_dispute(tree.village_a1, received_on=TODAY + dt.timedelta(days=1), parties="")
    assert exc.value.message_dict == {"parties": ["请填写当事人"], "received_on": ["受理日期不能晚于今天"]}


def test_another_township_sees_no_dispute(tree):
    minqing_world(tree)
    town_b = make_account("town_b_admin", tree.town_b, "township_admin")
    assert set(scoped(Dispute, town_b).values_list("org__code", flat=True)) == {"V003"}
    assert set(scoped(Dispute, tree.accounts["secretary_a2"]).values_list("org__code", flat=True)) == {"V002"}


# --- figures ------------------------------------------------------------------------------------------------


def test_figures_match_hand_counts(tree):
    start, end = dt.date(2025, 9, 1), dt.date(2025, 9, 30)
    for day, people in ((dt.date(2025, 9, 2), 40), (dt.date(2025, 9, 9), 35), (dt.date(2025, 8, 26), 50)):
        make_session(tree.village_a1, held_on=day, attendance=people)
    make_session(tree.village_a2, held_on=dt.date(2025, 9, 3), attendance=20)
    make_session(tree.village_a1, held_on=dt.date(2025, 9, 30), attendance=0)  # announced, not held yet
    make_session(tree.community_b1, held_on=dt.date(2025, 9, 3), attendance=60)
    resolved = []
    for number in range(3):
        issue = make_issue(tree.village_a1, raised_on=dt.date(2025, 9, 1))
        issue = services.issue_assign(
            actor=None, issue=issue, assignee_name="陈主任", due_on=TODAY, assigned_on=dt.date(2025, 9, 2)
        )
        resolved.append(
            services.issue_resolve(actor=None, issue=issue, result="已解决", resolved_on=dt.date(2025, 9, 10 + number))
        )
    services.issue_feedback(actor=None, issue=resolved[0], feedback="satisfied")
    services.issue_feedback(actor=None, issue=resolved[1], feedback="unsatisfied")
    make_issue(tree.village_a2, None, "a2", raised_on=dt.date(2025, 9, 5))  # open
    old = make_issue(tree.village_a1, raised_on=dt.date(2025, 8, 1))
    old = services.issue_assign(actor=None, issue=old, assignee_name="x", due_on=TODAY, assigned_on=dt.date(2025, 8, 1))
    services.issue_resolve(
        actor=None, issue=old, result="已解决", resolved_on=dt.date(2025, 8, 31)
    )  # before the period
    for number, outcome in enumerate(("settle", "settle", "refer", "open")):
        dispute = make_dispute(tree.village_a1, received_on=dt.date(2025, 9, 1))
        if outcome == "settle":
            services.dispute_settle(
                actor=None, dispute=dispute, agreement="和解", closed_on=dt.date(2025, 9, 5 + number)
            )
        elif outcome == "refer":
            services.dispute_refer(
                actor=None, dispute=dispute, target="petition", reason="不同意", closed_on=dt.date(2025, 9, 8)
            )
    services.dispute_settle(actor=None, dispute=make_dispute(tree.community_b1, key="b1"), agreement="和解")

    figures = selectors.minqing_figures(tree.accounts["town_a"], org=tree.town_a, start=start, end=end)
    assert (figures.sessions, figures.attendance, figures.villages_holding) == (3, 95, 2)
    assert (figures.issues_raised, figures.issues_resolved, figures.issues_open) == (4, 3, 1)
    assert figures.satisfaction == "1/2 (50.0%)"
    assert (figures.disputes_received, figures.disputes_settled, figures.disputes_referred) == (4, 2, 1)
    assert figures.success_rate == "2/3 (66.7%)"
    assert figures.sentence.startswith("解决群众生产生活难题3件,有效调解化解矛盾纠纷2件")
    county = selectors.minqing_figures(tree.accounts["county"], org=tree.county, start=start, end=end)
    assert (county.sessions, county.disputes_settled) == (4, 3)
    village = selectors.minqing_figures(tree.accounts["county"], org=tree.village_a2, start=start, end=end)
    assert (village.sessions, village.issues_resolved, village.disputes_received) == (1, 0, 0)


def test_villages_behind_the_weekly_rule(tree):
    start, end = dt.date(2025, 9, 1), dt.date(2025, 9, 30)
    for day in (dt.date(2025, 9, 2), dt.date(2025, 9, 9), dt.date(2025, 9, 10), dt.date(2025, 9, 16)):
        make_session(tree.village_a1, held_on=day, attendance=30 if day <= TODAY else 0)
    make_session(tree.village_a2, held_on=dt.date(2025, 9, 23))
    rows = selectors.weekly_rows(tree.accounts["town_a"], tree.town_a, start, end, TODAY)
    by_code = {row.org.code: row.tally for row in rows}
    assert set(by_code) == {"V001", "V002"}  # villages only, the community is not held to it
    assert (by_code["V001"].held, by_code["V001"].missed, by_code["V001"].open) == (3, 0, 1)
    assert by_code["V001"].text == "应开4次,已开3次"
    assert (by_code["V002"].held, by_code["V002"].missed) == (1, 3)
    assert rows[0].org.code == "V002"  # the one behind first
    assert selectors.weekly_rows(tree.accounts["secretary_a2"], None, start, end, TODAY)[0].org.code == "V002"


def test_the_third_clause_counts_the_decisions_resolved_in_the_period(tree):
    from tests.service.decisions_world import carry, make_decision

    carry(make_decision(tree.village_a1), 4, dt.date(2025, 9, 1))  # step 4 passes on 7 September
    carry(make_decision(tree.community_b1), 4, dt.date(2025, 9, 1))
    carry(make_decision(tree.village_a2), 3, dt.date(2025, 9, 1))  # not resolved yet
    county = selectors.minqing_figures(tree.accounts["county"], org=tree.county, start=dt.date(2025, 9, 1), end=TODAY)
    assert county.decided == 2 and "民主决策重大事项2件" in county.sentence
    town = selectors.minqing_figures(tree.accounts["town_a"], org=tree.town_a, start=dt.date(2025, 9, 7), end=TODAY)
    assert town.decided == 1
    before = selectors.minqing_figures(
        tree.accounts["town_a"], org=tree.town_a, start=dt.date(2025, 9, 1), end=dt.date(2025, 9, 6)
    )
    assert before.decided == 0


def test_reminders_count_overdue_issues(tree):
    issue = make_issue(tree.village_a1, raised_on=TODAY - dt.timedelta(days=10))
    services.issue_assign(
        actor=None,
        issue=issue,
        assignee_name="陈主任",
        due_on=TODAY - dt.timedelta(days=1),
        assigned_on=TODAY - dt.timedelta(days=9),
    )
    other = make_issue(tree.village_a1)
    services.issue_assign(actor=None, issue=other, assignee_name="陈主任", due_on=TODAY)
    [reminder] = selectors.reminders(tree.accounts["secretary_a1"], TODAY)
    assert reminder.count == 1
    assert selectors.reminders(tree.accounts["secretary_a2"], TODAY)[0].count == 0


def test_a_new_village_is_a_place(tree):
    village = make_org(tree.town_a, "V009", "东城镇张庄村党支部")
    assert make_session(village).org == village
