"""第一书记 services: posting (who may), sign-ins (one a day, not ahead, inside the posting), leave and the pro-rated
presence list, work reports and their review, replacement with a successor, the figures — with the Chinese messages,
refusals and audit entries."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import AuditAction, Role
from dangjian.core.models import AuditEntry
from dangjian.villages.choices import LeaveStatus, PostingRole, PostingStatus, ReportStatus
from dangjian.villages.models import Posting, PostingSignIn
from dangjian.villages.selectors import secretaries as selectors
from dangjian.villages.services import secretaries as services
from tests.core.factories import make_account, make_org

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 31)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def entries(obj, action=None):
    found = AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return found.filter(action=action) if action else found


def post(org, *, actor=None, role=PostingRole.FIRST_SECRETARY, **values):
    defaults = {"name": "张建国", "sending_unit": "县财政局", "started_on": dt.date(2025, 1, 1)}
    return services.posting_create(actor=actor, org=org, role=role, **defaults | values)


def sign(posting, *days):
    for day in days:
        services.signin_create(actor=None, posting=posting, day=day)


def march(*days):
    return [dt.date(2026, 3, d) for d in days]


def test_the_county_posts_first_secretaries_the_township_team_members(tree, today):
    county, town = tree.accounts["county"], tree.accounts["town_a"]
    first = post(tree.village_a1, actor=county, sending_post="预算科副科长", phone="13900000000")
    assert first.planned_end_on == dt.date(2026, 12, 31) and first.status == PostingStatus.ACTIVE
    assert first.org_path == tree.village_a1.path and first.county_id == tree.county.pk
    assert entries(first, AuditAction.CREATE).count() == 1
    with pytest.raises(PermissionDenied):
        post(tree.village_a2, actor=town)
    with pytest.raises(PermissionDenied):
        post(tree.village_a1, actor=tree.accounts["secretary_a1"], role=PostingRole.TEAM_MEMBER)
    member = post(
        tree.village_a1, actor=town, role=PostingRole.TEAM_MEMBER, name="李敏", sending_unit="东城镇农业服务中心"
    )
    assert member.team is not None and member.team.name == "东城镇李庄村驻村工作队"
    leader = post(tree.village_a1, actor=county, role=PostingRole.TEAM_LEADER, name="王强")
    assert leader.team_id == member.team_id
    with pytest.raises(ValidationError) as again:
        post(tree.village_a1, actor=county, name="赵六")
    assert again.value.message_dict == {"role": ["东城镇李庄村党支部已有在岗第一书记张建国,请先办理轮换或撤换"]}
    with pytest.raises(ValidationError) as community:
        post(tree.community_b1, actor=county)
    assert community.value.message_dict == {"org": ["西关街道和平社区党支部不是村党组织,不能选派驻村人员"]}
    with pytest.raises(ValidationError) as blank:
        post(tree.village_a2, name="", sending_unit=" ", planned_end_on=dt.date(2024, 1, 1))
    assert blank.value.message_dict == {
        "name": ["请填写姓名"],
        "sending_unit": ["请填写派出单位"],
        "planned_end_on": ["计划结束日期不能早于任职开始日期"],
    }


def test_a_linked_member_fills_the_details(tree, today):
    person = tree.people["b1"][0]
    posting = post(tree.village_a1, name="", person=person)
    assert (posting.name, posting.gender, posting.phone) == (person.name, person.gender, "13800138000")
    with pytest.raises(ValidationError) as twice:
        post(tree.village_a2, name="", person=person)
    assert twice.value.message_dict == {"person": [f"{person.name}已在其他村驻村任职"]}


def test_signins_one_a_day_not_ahead_and_inside_the_posting(tree, today):
    account = make_account("fs_a1", tree.village_a1, Role.MEMBER, person=tree.people["a1"][2])
    posting = post(tree.village_a1, started_on=dt.date(2026, 3, 2), person=tree.people["a1"][2], name="")
    signin = services.signin_create(actor=account, posting=posting, place="村委会", latitude="33.5", longitude="113.9")
    assert signin.day == TODAY and not signin.proxy and str(signin.latitude) == "33.500000"
    assert entries(signin, AuditAction.CREATE).count() == 1
    with pytest.raises(ValidationError) as twice:
        services.signin_create(actor=account, posting=posting)
    assert twice.value.message_dict == {"day": ["2026-03-31已签到,每天只签到一次"]}
    with pytest.raises(ValidationError) as own_other_day:
        services.signin_create(actor=account, posting=posting, day=dt.date(2026, 3, 30))
    assert own_other_day.value.message_dict == {"day": ["本人只能为今天签到"]}
    town = tree.accounts["town_a"]
    proxy = services.signin_create(actor=town, posting=posting, day=dt.date(2026, 3, 2))
    assert proxy.proxy
    with pytest.raises(ValidationError) as before:
        services.signin_create(actor=town, posting=posting, day=dt.date(2026, 3, 1))
    assert before.value.message_dict == {"day": ["签到日期早于任职开始日期(2026-03-02)"]}
    with pytest.raises(ValidationError) as ahead:
        services.signin_create(actor=town, posting=posting, day=dt.date(2026, 4, 1))
    assert ahead.value.message_dict == {"day": ["不能为以后的日期签到"]}
    with pytest.raises(PermissionDenied):
        services.signin_create(actor=tree.accounts["secretary_a1"], posting=posting, day=dt.date(2026, 3, 3))
    with pytest.raises(PermissionDenied):
        services.signin_create(actor=tree.accounts["member_a1"], posting=posting)
    services.posting_end(actor=None, posting=posting, reason="term_ended", ended_on=dt.date(2026, 3, 31))
    with pytest.raises(ValidationError):
        services.signin_create(actor=town, posting=posting, day=dt.date(2026, 3, 31))


@pytest.mark.parametrize(("days", "below"), [(19, True), (20, False), (21, False)])
def test_the_presence_list_at_the_minimum(tree, today, days, below):
    posting = post(tree.village_a1)
    sign(posting, *march(*range(1, days + 1)))
    _, rows = selectors.presence_rows(tree.accounts["county"], dt.date(2026, 3, 1))
    assert [(r.posting, r.days, r.required, r.below) for r in rows] == [(posting, days, 20, below)]
    _, listed = selectors.presence_rows(tree.accounts["county"], dt.date(2026, 3, 1), below=True)
    assert len(listed) == (1 if below else 0)
    if below:
        assert listed[0].text == "本月在村19天,低于规定20天"


def test_the_county_rule_partial_months_and_leave(tree, today):
    county = tree.accounts["county"]
    setting = services.secretary_setting_update(actor=county, county=tree.county, min_days=22)
    assert entries(setting, AuditAction.CREATE).count() == 1
    with pytest.raises(PermissionDenied):
        services.secretary_setting_update(actor=tree.accounts["town_a"], county=tree.county, min_days=20)
    with pytest.raises(ValidationError) as bad:
        services.secretary_setting_update(actor=county, county=tree.county, min_days=29)
    assert bad.value.message_dict == {"min_days": ["每月最少在村天数应为1至28天"]}
    # started on 16 March: 16 of 31 days → 22 × 16 / 31 = 11.35 → 11
    late = post(tree.village_a1, started_on=dt.date(2026, 3, 16))
    sign(late, *march(*range(16, 26)))  # 10 days
    # a full month with 5 approved days of leave: 22 × 26 / 31 = 18.45 → 18
    full = post(tree.village_a2, name="刘洋")
    leave = services.leave_create(
        actor=None, posting=full, starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 6), reason="住院治疗"
    )
    services.leave_decide(actor=tree.accounts["town_a"], leave=leave, approve=True)
    sign(full, *march(*range(10, 28)))  # 18 days
    _, rows = selectors.presence_rows(county, dt.date(2026, 3, 1))
    found = {r.posting.pk: (r.days, r.required, r.leave_days, r.below) for r in rows}
    assert found == {late.pk: (10, 11, 0, True), full.pk: (18, 18, 5, False)}
    services.secretary_setting_update(actor=county, county=tree.county, exclude_leave=False)
    _, rows = selectors.presence_rows(county, dt.date(2026, 3, 1), {"org": "V002"})
    assert [(r.required, r.below) for r in rows] == [(22, True)]


def test_leave_is_asked_then_decided_by_the_township(tree, today):
    posting = post(tree.village_a1)
    leave = services.leave_create(
        actor=tree.accounts["town_a"],
        posting=posting,
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2026, 4, 3),
        reason="参加培训",
    )
    assert leave.status == LeaveStatus.PENDING
    with pytest.raises(ValidationError) as overlap:
        services.leave_create(
            actor=None, posting=posting, starts_on=dt.date(2026, 4, 3), ends_on=dt.date(2026, 4, 4), reason="事假"
        )
    assert overlap.value.message_dict == {"starts_on": ["与已有的请假日期重叠"]}
    with pytest.raises(PermissionDenied):
        services.leave_decide(actor=tree.accounts["secretary_a1"], leave=leave, approve=True)
    with pytest.raises(ValidationError) as reason:
        services.leave_decide(actor=tree.accounts["town_a"], leave=leave, approve=False)
    assert reason.value.message_dict == {"note": ["不批准时请填写理由"]}
    done = services.leave_decide(actor=tree.accounts["town_a"], leave=leave, approve=False, note="培训可线上参加")
    assert done.status == LeaveStatus.REFUSED and done.decided_on == TODAY
    assert entries(done, AuditAction.UPDATE).count() == 1


def test_reports_are_reviewed_by_the_township_never_the_village(tree, today):
    account = make_account("fs_a1", tree.village_a1, Role.MEMBER, person=tree.people["a1"][2])
    posting = post(tree.village_a1, person=tree.people["a1"][2], name="")
    report = services.report_submit(
        actor=account, posting=posting, period=dt.date(2026, 2, 15), content="走访农户86户", achievements="引进项目1个"
    )
    assert (report.cycle, report.period, report.status) == ("quarter", dt.date(2026, 1, 1), ReportStatus.SUBMITTED)
    with pytest.raises(ValidationError) as twice:
        services.report_submit(actor=account, posting=posting, period=dt.date(2026, 3, 1), content="再报")
    assert twice.value.message_dict == {"period": ["2026年第1季度的工作实绩已申报(待审核)"]}
    with pytest.raises(ValidationError) as ahead:
        services.report_submit(actor=account, posting=posting, period=dt.date(2026, 4, 1), content="提前")
    assert ahead.value.message_dict == {"period": ["不能申报以后期间的工作实绩"]}
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=tree.accounts["secretary_a2"], posting=posting, period=TODAY, content="x")
    with pytest.raises(PermissionDenied):
        services.report_review(actor=tree.accounts["secretary_a1"], report=report, approve=True)
    with pytest.raises(PermissionDenied):
        services.report_review(actor=account, report=report, approve=True)
    with pytest.raises(ValidationError) as no_reason:
        services.report_review(actor=tree.accounts["town_a"], report=report, approve=False)
    assert no_reason.value.message_dict == {"note": ["退回时请填写理由"]}
    with pytest.raises(ValidationError) as score:
        services.report_review(actor=tree.accounts["town_a"], report=report, approve=True, score=101)
    assert score.value.message_dict == {"score": ["评分应为0至100分"]}
    returned = services.report_review(
        actor=tree.accounts["town_a"], report=report, approve=False, note="请补充实绩数据"
    )
    assert returned.status == ReportStatus.RETURNED
    again = services.report_submit(
        actor=account, posting=posting, period=dt.date(2026, 1, 1), content="走访农户86户,办实事5件"
    )
    assert again.pk == report.pk and again.status == ReportStatus.SUBMITTED
    passed = services.report_review(actor=tree.accounts["county"], report=again, approve=True, score=100)
    assert (passed.status, passed.score, passed.reviewed_on) == (ReportStatus.APPROVED, 100, TODAY)
    assert entries(report).count() == 4


def test_replacement_ends_with_a_reason_and_posts_the_successor(tree, today):
    county = tree.accounts["county"]
    old = post(tree.village_a1, actor=county)
    sign(old, dt.date(2026, 3, 20))
    with pytest.raises(ValidationError) as after_signins:
        services.posting_end(actor=county, posting=old, reason="not_resident", ended_on=dt.date(2026, 3, 19))
    assert after_signins.value.message_dict == {"ended_on": ["结束日期之后已有签到记录"]}
    with pytest.raises(ValidationError) as other:
        services.posting_end(actor=county, posting=old, reason="other")
    assert other.value.message_dict == {"note": ["结束原因为“其他”时请填写说明"]}
    with pytest.raises(PermissionDenied):
        services.posting_end(actor=tree.accounts["town_a"], posting=old, reason="not_resident")
    with pytest.raises(ValidationError) as bad_successor:
        services.posting_end(actor=county, posting=old, reason="not_resident", successor={"name": ""})
    assert bad_successor.value.message_dict == {"successor_name": ["请填写姓名"]}
    old.refresh_from_db()
    assert old.status == PostingStatus.ACTIVE  # nothing changed
    ended, new = services.posting_end(
        actor=county,
        posting=old,
        reason="not_resident",
        note="不能坚持吃住在村",
        successor={"name": "孙磊", "phone": "139"},
    )
    assert (ended.status, ended.ended_on, ended.end_reason) == (PostingStatus.RECALLED, TODAY, "not_resident")
    assert (new.name, new.started_on, new.predecessor, new.sending_unit) == ("孙磊", TODAY, ended, "县财政局")
    assert new.role == PostingRole.FIRST_SECRETARY and new.status == PostingStatus.ACTIVE
    with pytest.raises(ValidationError) as twice:
        services.posting_end(actor=county, posting=ended, reason="not_resident")
    assert twice.value.message_dict == {"reason": ["张建国已于2026-03-31结束驻村任职"]}
    assert PostingSignIn.objects.filter(posting=ended).count() == 1  # the history stays
    rotated, _ = services.posting_end(actor=county, posting=new, reason="transferred")
    assert rotated.status == PostingStatus.ROTATED


def test_figures_for_a_scope_and_a_period(tree, today):
    county = tree.accounts["county"]
    make_org(tree.town_a, "V009", "东城镇张庄村党支部")
    a1 = post(tree.village_a1)
    post(tree.village_a2, name="刘洋", role=PostingRole.TEAM_MEMBER)
    for name in ("甲", "乙"):
        p = post(tree.village_a2, name=name, started_on=dt.date(2025, 6, 1))
        services.posting_end(actor=None, posting=p, reason="not_resident", ended_on=dt.date(2026, 1, 10))
    p = post(tree.village_a2, name="丙", started_on=dt.date(2025, 6, 1))
    services.posting_end(actor=None, posting=p, reason="underperforming", ended_on=dt.date(2025, 12, 31))
    year = selectors.figures(county, dt.date(2026, 1, 1), TODAY)
    assert (year["first_secretaries"], year["team_members"], year["assigned"]) == (1, 1, 2)
    assert year["coverage"] == "1/3 (33.3%)"  # 李庄 of 李庄, 王庄, 张庄
    assert year["recalled"] == 2 and year["recalled_text"] == "撤换2名,均为不在村居住"
    wider = selectors.figures(county, dt.date(2025, 1, 1), TODAY)
    assert wider["recalled_text"] == "撤换3名,其中不在村居住2名、履职不力1名"
    other_town = selectors.figures(make_account("town_b", tree.town_b, Role.TOWNSHIP_ADMIN), dt.date(2025, 1, 1), TODAY)
    assert (other_town["assigned"], other_town["recalled"], other_town["villages"]) == (0, 0, 0)
    assert Posting.objects.filter(pk=a1.pk).exists()


def test_reminders_count_reports_waiting_and_last_months_shortfalls(tree, settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 4, 2)
    posting = post(tree.village_a1, started_on=dt.date(2026, 1, 1))
    sign(posting, *march(*range(1, 20)))  # 19 days in March: below 20
    services.report_submit(actor=None, posting=posting, period=dt.date(2026, 3, 1), content="走访农户")
    found = {r.label: r.count for r in selectors.reminders(tree.accounts["town_a"], dt.date(2026, 4, 2))}
    assert found == {"第一书记工作实绩待审核": 1, "3月在村天数不足的驻村干部": 1}
    assert selectors.reminders(tree.accounts["secretary_a1"], dt.date(2026, 4, 2)) == []
