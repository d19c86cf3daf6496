"""Mobile members through the services and selectors: registering (one managing branch), editing, the return,
situation reports on their schedule, the five systems' records, and the soft alerts on both sides of each date."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from dangjian.core.choices import AuditAction, Standing
from dangjian.core.models import AuditEntry
from dangjian.members.choices import MobileStatus, MobileSystem, StandingBasis
from dangjian.members.models import MobileMember, MobileRecord, MobileReport
from dangjian.members.selectors import mobile as selectors
from dangjian.members.services import mobile as services
from dangjian.members.services.standing import standing_change

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)
LEFT = dt.date(2025, 9, 10)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


def register(tree, person=None, actor="secretary_a1", **overrides):
    values = {"left_on": LEFT, "destination": "广东省深圳市", "contact": "13600000000"}
    values.update(overrides)
    return services.mobile_register(
        actor=tree.accounts[actor] if actor else None, person=person or tree.people["a1"][1], **values
    )


def alerts_for(tree, who="county", **params):
    request = RequestFactory().get("/")
    request.user = tree.accounts[who]
    return selectors.alerts(tree.accounts[who], params, request=request, today=selectors.clock.today())


def kinds(found):
    return sorted(alert.kind for alert in found)


def test_register_copies_the_branch_and_audits(tree):
    mobile = register(tree, workplace="某电子厂", host_org_name="深圳市某街道党工委", certificate_no="L-001")
    assert mobile.org == tree.village_a1 and mobile.org_path == tree.village_a1.path
    assert mobile.county == tree.county and mobile.status == MobileStatus.AWAY
    assert mobile.report_every_months == 3 and mobile.fixed_place is True
    entry = AuditEntry.objects.get(object_type="members.mobilemember", object_id=str(mobile.pk))
    assert entry.action == AuditAction.CREATE and entry.after["destination"] == "广东省深圳市"
    assert entry.org_path == tree.village_a1.path


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"left_on": dt.date(2026, 3, 11)}, {"left_on": ["外出日期不能晚于今天"]}),
        ({"destination": " ", "contact": ""}, {"destination": ["请填写流入地"], "contact": ["请填写联系方式"]}),
        ({"report_every_months": 0}, {"report_every_months": ["情况报告周期应为1至12个月"]}),
        ({"report_every_months": 13}, {"report_every_months": ["情况报告周期应为1至12个月"]}),
        (
            {
                "certificate_no": "L-1",
                "certificate_issued_on": dt.date(2025, 9, 1),
                "certificate_checked_on": dt.date(2025, 8, 1),
            },
            {"certificate_checked_on": ["活动证年检日期不能早于发放日期"]},
        ),
        ({"certificate_issued_on": dt.date(2025, 9, 1)}, {"certificate_no": ["请填写流动党员活动证编号"]}),
        ({"unknown": 1}, {"unknown": ["该项目不能在此填写"]}),
    ],
)
def test_register_refusals(tree, overrides, errors):
    with pytest.raises(ValidationError) as error:
        register(tree, **overrides)
    assert error.value.message_dict == errors
    assert not MobileMember.objects.exists()


def test_the_host_org_cannot_be_the_home_branch(tree):
    with pytest.raises(ValidationError) as error:
        register(tree, host_org=tree.village_a1)
    assert error.value.message_dict == {"host_org": ["流入地党组织不能是党员所在的党支部"]}
    assert register(tree, host_org=tree.community_b1).host_org == tree.community_b1


def test_only_the_home_branch_registers_and_only_once(tree):
    with pytest.raises(PermissionDenied):
        register(tree, actor="secretary_a2")
    with pytest.raises(PermissionDenied):
        register(tree, actor="member_a1")
    register(tree)
    person = tree.people["a1"][1]
    with pytest.raises(ValidationError) as error:
        register(tree, actor="town_a")
    assert error.value.message_dict == {"person": [f"{person.name}已登记为流动党员(外出中),一名党员只由一个党支部管理"]}


def test_a_member_on_the_historical_roll_is_not_registered(tree):
    person = tree.people["a1"][1]
    standing_change(
        actor=None,
        person=person,
        to_standing=Standing.DECEASED,
        changed_on=dt.date(2026, 1, 1),
        basis=StandingBasis.DEATH,
        reason="病故",
    )
    with pytest.raises(ValidationError) as error:
        register(tree)
    assert error.value.message_dict == {"person": [f"{person.name}已列入历史名册,不能登记为流动党员"]}


def test_update_records_what_changed(tree):
    mobile = register(tree)
    services.mobile_update(actor=tree.accounts["secretary_a1"], mobile=mobile, contact="13711112222", address="宝安区")
    entry = AuditEntry.objects.filter(object_id=str(mobile.pk), object_type="members.mobilemember").last()
    assert entry.action == AuditAction.UPDATE
    assert entry.before == {"contact": "13600000000", "address": ""}
    assert entry.after == {"contact": "13711112222", "address": "宝安区"}
    with pytest.raises(ValidationError) as error:
        services.mobile_update(actor=tree.accounts["secretary_a1"], mobile=mobile, status="returned")
    assert error.value.message_dict == {"status": ["该项目不能在此修改"]}
    with pytest.raises(PermissionDenied):
        services.mobile_update(actor=tree.accounts["secretary_a2"], mobile=mobile, contact="1")


def test_return_ends_the_spell(tree):
    mobile = register(tree)
    actor = tree.accounts["secretary_a1"]
    with pytest.raises(ValidationError) as error:
        services.mobile_return(actor=actor, mobile=mobile, returned_on=dt.date(2025, 9, 9))
    assert error.value.message_dict == {"returned_on": ["返回日期不能早于外出日期2025-09-10"]}
    services.mobile_return(actor=actor, mobile=mobile, returned_on=TODAY)
    mobile.refresh_from_db()
    assert mobile.status == MobileStatus.RETURNED and mobile.returned_on == TODAY
    with pytest.raises(ValidationError) as error:
        services.mobile_return(actor=actor, mobile=mobile, returned_on=TODAY)
    assert error.value.message_dict == {"status": ["该流动党员已返回"]}
    register(tree)  # away again: a new spell


# --- situation reports (情况报告制度) ----------------------------------------------------------------------


def test_reports_answer_the_schedule_in_order(tree):
    mobile = register(tree)
    actor = tree.accounts["secretary_a1"]
    first = services.mobile_report_submit(
        actor=actor, mobile=mobile, submitted_on=dt.date(2025, 12, 12), content="务工"
    )
    second = services.mobile_report_submit(
        actor=actor, mobile=mobile, submitted_on=TODAY, content="务工,参加流入地活动"
    )
    assert (first.due_on, second.due_on) == (dt.date(2025, 12, 10), dt.date(2026, 3, 10))
    with pytest.raises(ValidationError) as error:
        services.mobile_report_submit(
            actor=actor, mobile=mobile, submitted_on=TODAY, content="x", due_on=dt.date(2026, 3, 10)
        )
    assert error.value.message_dict == {"due_on": ["2026-03-10这一期的情况报告已记录"]}
    with pytest.raises(ValidationError) as error:
        services.mobile_report_submit(
            actor=actor, mobile=mobile, submitted_on=TODAY, content="x", due_on=dt.date(2026, 6, 11)
        )
    assert error.value.message_dict == {"due_on": ["2026-06-11不是应报告日期(自外出日期起每3个月报告一次)"]}
    assert MobileReport.objects.count() == 2


def test_report_refusals(tree):
    mobile = register(tree)
    actor = tree.accounts["secretary_a1"]
    with pytest.raises(ValidationError) as error:
        services.mobile_report_submit(actor=actor, mobile=mobile, submitted_on=dt.date(2026, 3, 11), content=" ")
    assert error.value.message_dict == {"content": ["请填写报告内容"], "submitted_on": ["报告日期不能晚于今天"]}
    with pytest.raises(PermissionDenied):
        services.mobile_report_submit(
            actor=tree.accounts["secretary_a2"], mobile=mobile, submitted_on=TODAY, content="x"
        )
    services.mobile_return(actor=actor, mobile=mobile, returned_on=TODAY)
    with pytest.raises(ValidationError) as error:
        services.mobile_report_submit(actor=actor, mobile=mobile, submitted_on=TODAY, content="x")
    assert error.value.message_dict == {"status": ["该流动党员已返回,不再报告"]}


def test_records_under_the_five_systems(tree):
    mobile = register(tree)
    actor = tree.accounts["secretary_a1"]
    services.mobile_record_add(
        actor=actor,
        mobile=mobile,
        system=MobileSystem.STUDY_REVIEW,
        done_on=TODAY,
        content="参加民主评议",
        handled_by="李书记",
    )
    with pytest.raises(ValidationError) as error:
        services.mobile_record_add(actor=actor, mobile=mobile, system="other", done_on=dt.date(2026, 3, 11), content="")
    assert set(error.value.message_dict) == {"system", "done_on", "content"}
    systems = selectors.records_by_system(mobile)
    assert [label for _value, label, _records in systems] == [
        "首问责任制度",
        "情况报告制度",
        "学习评议制度",
        "定期活动制度",
        "培养教育制度",
    ]
    assert [len(records) for _value, _label, records in systems] == [0, 0, 1, 0, 0]
    assert MobileRecord.objects.get().handled_by == "李书记"


# --- alerts (soft: they never block) ---------------------------------------------------------------------


def test_a_report_is_overdue_the_day_after_its_date(tree, settings):
    register(tree)
    settings.DANGJIAN_TODAY = dt.date(2025, 12, 10)
    assert kinds(alerts_for(tree)) == []
    settings.DANGJIAN_TODAY = dt.date(2025, 12, 11)
    found = alerts_for(tree)
    assert kinds(found) == ["report_overdue"]
    assert found[0].message == "情况报告已逾期1期(应于2025-12-10报告)"


def test_six_months_away_at_a_fixed_place_raises_the_transfer_alert(tree, settings):
    mobile = register(tree)
    services.mobile_report_submit(actor=None, mobile=mobile, submitted_on=dt.date(2025, 12, 10), content="按期报告")
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 9)
    assert kinds(alerts_for(tree)) == []
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 10)
    found = alerts_for(tree)
    assert kinds(found) == ["should_transfer"]
    assert found[0].message == "外出已满6个月,应转接组织关系"
    services.mobile_update(actor=None, mobile=mobile, fixed_place=False)
    assert kinds(alerts_for(tree)) == []


def test_the_certificate_check_is_due_a_year_after_the_last(tree, settings):
    mobile = register(tree, fixed_place=False, certificate_no="L-9", certificate_issued_on=dt.date(2025, 3, 11))
    services.mobile_report_submit(actor=None, mobile=mobile, submitted_on=dt.date(2025, 12, 10), content="报告")
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 10)
    assert kinds(alerts_for(tree)) == []
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 11)
    assert kinds(alerts_for(tree)) == ["certificate_check", "report_overdue"]
    services.mobile_update(actor=None, mobile=mobile, certificate_checked_on=dt.date(2026, 3, 11))
    assert kinds(alerts_for(tree)) == ["report_overdue"]


def test_alerts_show_on_the_branch_and_township_not_elsewhere(tree):
    register(tree)
    register(tree, person=tree.people["b1"][0], actor="county")
    assert len(alerts_for(tree)) == 4
    assert {a.mobile.org for a in alerts_for(tree, org="V001")} == {tree.village_a1}
    assert {a.mobile.org for a in alerts_for(tree, township=str(tree.town_b.pk))} == {tree.community_b1}
    assert {a.mobile.org for a in alerts_for(tree, "town_a")} == {tree.village_a1}
    assert alerts_for(tree, "secretary_a2") == []
    assert kinds(alerts_for(tree, alert="should_transfer")) == ["should_transfer", "should_transfer"]


def test_a_returned_member_raises_nothing(tree):
    mobile = register(tree)
    services.mobile_return(actor=None, mobile=mobile, returned_on=TODAY)
    assert alerts_for(tree) == []
