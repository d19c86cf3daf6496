"""Transfers through the API (tag 组织关系): each workflow with its refusals — 400 with the Chinese message, 403 for
the wrong side, 404 out of scope — and the roll audit lists."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangjian.core.choices import Education, Gender, MemberStatus, OrgKind, Role, Standing
from dangjian.core.models import AuditEntry, Person
from dangjian.members.choices import StandingBasis, TransferReason
from dangjian.members.models import Transfer
from dangjian.members.models.transfers import TransferSetting
from dangjian.members.services import transfers as services
from dangjian.members.services.standing import standing_change
from tests.core.factories import id_number, make_account, make_org, make_person
from tests.members.api import api_as

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)
URL = "/api/v1/transfers/"
MISSING = 10**9


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


def issue_body(tree, **overrides):
    body = {"person": tree.people["a1"][1].pk, "to_org": "V002", "reason": "work", "issued_on": "2026-03-10"}
    body.update(overrides)
    return body


def issued(tree):
    response = api_as(tree.accounts["secretary_a1"]).post(URL, issue_body(tree), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def transfer_state(pk):
    return Transfer.objects.filter(pk=pk).values().get()


@pytest.fixture
def secretary_b1(tree):
    return make_account("secretary_b1", tree.community_b1, Role.BRANCH_SECRETARY)


def test_issue_then_the_receiving_side_accepts_with_one_click(tree):
    body = issued(tree)
    assert body["letter_no"] == "C001〔2026〕0001号"
    assert body["kind_display"] == "系统内转接" and body["status_display"] == "待接收"
    assert body["valid_until"] == "2026-06-10" and body["deadline"] == "2026-06-10"
    assert body["from_org"]["code"] == "V001" and body["to_org"]["code"] == "V002"
    assert body["owner"]["username"] == "secretary_a1"
    assert body["actions"] == ["cancel"]
    receiver = api_as(tree.accounts["secretary_a2"])
    assert receiver.get(f"{URL}{body['id']}/").json()["actions"] == ["accept", "reject"]
    accepted = receiver.post(f"{URL}{body['id']}/accept/")
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted" and accepted.json()["actions"] == []
    person = receiver.get(f"/api/v1/people/{tree.people['a1'][1].pk}/").json()
    assert person["org"]["code"] == "V002"
    assert AuditEntry.objects.filter(object_type="core.person", object_id=str(tree.people["a1"][1].pk)).count() == 2


def test_until_accepted_the_old_branch_still_manages_the_member(tree):
    body = issued(tree)
    person = tree.people["a1"][1].pk
    assert api_as(tree.accounts["secretary_a1"]).get(f"/api/v1/people/{person}/").status_code == 200
    assert api_as(tree.accounts["secretary_a2"]).get(f"/api/v1/people/{person}/").status_code == 404
    assert api_as(tree.accounts["secretary_a2"]).get(URL, {"side": "in"}).json()["count"] == 1
    assert api_as(tree.accounts["secretary_a1"]).get(URL, {"side": "in"}).json()["count"] == 0
    assert (
        api_as(tree.accounts["secretary_a1"]).get(URL, {"side": "out", "person": person}).json()["results"][0]["id"]
        == body["id"]
    )


def test_the_sending_side_cannot_accept(tree):
    body = issued(tree)
    before = transfer_state(body["id"])
    response = api_as(tree.accounts["secretary_a1"]).post(f"{URL}{body['id']}/accept/")
    assert response.status_code == 403
    assert response.json() == {"detail": "只有转入党组织可以接收该组织关系"}
    assert transfer_state(body["id"]) == before
    assert Person.objects.get(pk=tree.people["a1"][1].pk).org == tree.village_a1


def test_a_third_branch_sees_nothing(tree, secretary_b1):
    body = issued(tree)
    client = api_as(secretary_b1)
    assert client.get(URL).json()["count"] == 0
    detail = client.get(f"{URL}{body['id']}/")
    assert detail.status_code == 404 and detail.json() == client.get(f"{URL}{MISSING}/").json()
    for verb in ("accept", "reject", "cancel"):
        response = client.post(f"{URL}{body['id']}/{verb}/", {"reason": "不认识"}, format="json")
        assert response.status_code == 404
    assert transfer_state(body["id"])["status"] == "pending"


def test_returning_without_a_reason_is_refused(tree):
    body = issued(tree)
    receiver = api_as(tree.accounts["secretary_a2"])
    refused = receiver.post(f"{URL}{body['id']}/reject/", {"reason": " "}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"reason": ["退回须写明理由:组织关系转接不得无故拒收"]}
    returned = receiver.post(f"{URL}{body['id']}/reject/", {"reason": "本人不在本村居住"}, format="json")
    assert returned.status_code == 200
    assert returned.json()["status_display"] == "退回" and returned.json()["decision_note"] == "本人不在本村居住"
    again = receiver.post(f"{URL}{body['id']}/accept/")
    assert again.status_code == 400 and again.json() == {"status": ["该转接退回,不能再接收"]}


def test_the_sender_cancels(tree):
    body = issued(tree)
    assert (
        api_as(tree.accounts["secretary_a2"]).post(f"{URL}{body['id']}/cancel/", {}, format="json").status_code == 403
    )
    response = api_as(tree.accounts["secretary_a1"]).post(
        f"{URL}{body['id']}/cancel/", {"reason": "开错"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "cancelled"


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"to_org": "NOPE"}, {"to_org": ["转入党支部的组织代码(本平台内,可跨县区)：组织代码“NOPE”不存在"]}),
        ({"to_org": "T002"}, {"to_org": ["转入党组织须为党支部(含联合党支部、临时党支部):党员编入党支部管理"]}),
        ({"to_org": "V001"}, {"to_org": ["转入党组织不能是党员现在所在的党组织"]}),
        ({"issued_on": "2026-03-11"}, {"issued_on": ["开具日期不能晚于今天"]}),
        ({"reason": "bored"}, {"reason": ["转接原因：“bored” 不是合法选项。"]}),
        ({"owner": "nobody"}, {"owner": ["经办人用户名(不填为本人)：账号“nobody”不存在"]}),
        ({"colour": "red"}, {"colour": ["“colour”不是可提交的项目"]}),
    ],
)
def test_issue_refusals_are_400_with_chinese_messages(tree, overrides, errors):
    response = api_as(tree.accounts["secretary_a1"]).post(URL, issue_body(tree, **overrides), format="json")
    assert response.status_code == 400
    assert response.json() == errors
    assert not Transfer.objects.exists()


def test_a_member_out_of_scope_reads_like_a_missing_one(tree):
    person = tree.people["b1"][0].pk
    response = api_as(tree.accounts["secretary_a1"]).post(URL, issue_body(tree, person=person), format="json")
    assert response.status_code == 400
    assert response.json() == {"person": [f"党员编号：编号为{person}的党员不存在"]}


def test_a_member_account_may_not_issue(tree):
    response = api_as(tree.accounts["member_a1"]).post(
        URL, issue_body(tree, person=tree.people["a1"][0].pk), format="json"
    )
    assert response.status_code == 403
    assert not Transfer.objects.exists()


def test_out_of_the_deployment_until_the_receipt(tree):
    client = api_as(tree.accounts["secretary_a1"])
    person = tree.people["a1"][2]
    body = {
        "person": person.pk,
        "external_org_name": "浙江省杭州市某社区党委",
        "reason": "residence",
        "issued_on": "2026-03-01",
        "across_provinces": True,
    }
    created = client.post(f"{URL}outgoing/", body, format="json")
    assert created.status_code == 201, created.content
    transfer = created.json()
    assert transfer["kind"] == "outgoing" and transfer["to_org"] is None
    assert transfer["valid_until"] == "2026-09-01" and transfer["actions"] == ["cancel", "receipt"]
    early = client.post(f"{URL}{transfer['id']}/receipt/", {"receipt_on": "2026-02-28"}, format="json")
    assert early.status_code == 400
    assert early.json() == {"receipt_on": ["回执日期不能早于介绍信开具日期2026-03-01"]}
    assert (
        api_as(tree.accounts["secretary_a2"]).post(f"{URL}{transfer['id']}/receipt/", {}, format="json").status_code
        == 404
    )
    done = client.post(f"{URL}{transfer['id']}/receipt/", {"receipt_on": "2026-03-09"}, format="json")
    assert done.status_code == 200 and done.json()["receipt_on"] == "2026-03-09"
    assert Person.objects.get(pk=person.pk).standing == Standing.TRANSFERRED_OUT


def test_into_the_deployment_record_then_register(tree):
    client = api_as(tree.accounts["secretary_a2"])
    body = {
        "to_org": "V002",
        "person_name": "孙有才",
        "external_org_name": "江苏省某街道党工委",
        "letter_no": "苏组〔2026〕9号",
        "issued_on": "2026-03-01",
        "valid_until": "2026-06-01",
        "reason": "work",
    }
    recorded = client.post(f"{URL}incoming/", body, format="json")
    assert recorded.status_code == 201, recorded.content
    transfer = recorded.json()
    assert transfer["person"] is None and transfer["actions"] == ["reject", "cancel", "register"]
    out_of_scope = api_as(tree.accounts["secretary_a1"]).post(f"{URL}incoming/", body, format="json")
    assert out_of_scope.status_code == 400
    assert out_of_scope.json() == {"to_org": ["转入党支部的组织代码(您管理范围内)：组织代码“V002”不存在"]}
    roster = {
        "name": "孙有才",
        "id_number": id_number(birth=dt.date(1988, 6, 6)),
        "gender": Gender.MALE,
        "ethnicity": "汉族",
        "education": Education.BACHELOR,
        "status": MemberStatus.FULL,
        "joined_on": "2012-07-01",
        "confirmed_on": "2013-07-01",
    }
    wrong = client.post(f"{URL}{transfer['id']}/register/", {**roster, "name": "孙无才"}, format="json")
    assert wrong.status_code == 400 and wrong.json() == {"name": ["姓名与介绍信上的姓名“孙有才”不一致"]}
    registered = client.post(f"{URL}{transfer['id']}/register/", roster, format="json")
    assert registered.status_code == 201, registered.content
    assert registered.json()["org"]["code"] == "V002" and registered.json()["name"] == "孙有才"
    assert client.get(f"{URL}{transfer['id']}/").json()["person"]["name"] == "孙有才"


def test_overdue_filter_and_flag(tree, settings):
    body = issued(tree)
    client = api_as(tree.accounts["secretary_a1"])
    assert client.get(URL, {"overdue": "true"}).json()["count"] == 0
    settings.DANGJIAN_TODAY = dt.date(2026, 6, 11)
    listed = client.get(URL, {"overdue": "true"}).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]
    assert listed["results"][0]["overdue"] is True


# --- the county's setting -------------------------------------------------------------------------------


def test_settings_read_by_everyone_written_by_the_county(tree):
    url = f"{URL}settings/"
    shown = api_as(tree.accounts["secretary_a1"]).get(url).json()
    assert shown["letter_valid_months"] == 3 and shown["letter_valid_months_across_provinces"] == 6
    assert "本县" in shown["note"]
    refused = api_as(tree.accounts["town_a"]).put(
        url, {"letter_valid_months": 2, "letter_valid_months_across_provinces": 4}, format="json"
    )
    assert refused.status_code == 403
    bad = api_as(tree.accounts["county"]).put(
        url, {"letter_valid_months": 0, "letter_valid_months_across_provinces": 4}, format="json"
    )
    assert bad.status_code == 400 and bad.json() == {"letter_valid_months": ["介绍信有效期应为1至12个月"]}
    assert not TransferSetting.objects.exists()
    saved = api_as(tree.accounts["county"]).put(
        url, {"letter_valid_months": 2, "letter_valid_months_across_provinces": 4}, format="json"
    )
    assert saved.status_code == 200 and saved.json()["letter_valid_months"] == 2
    assert issued(tree)["valid_until"] == "2026-05-10"


# --- the roll audit (组织关系排查清理) ----------------------------------------------------------------------------


@pytest.fixture
def roll(tree):
    """One entry in each list: a member on a party group, one lost, an overdue letter and a pocket member."""
    group = make_org(tree.village_a1, "G101", "李庄村第一党小组", kind=OrgKind.PARTY_GROUP)
    on_group = make_person(group, name="组内党员")
    lost = tree.people["a2"][0]
    standing_change(
        actor=None,
        person=lost,
        to_standing=Standing.LOST_CONTACT,
        changed_on=dt.date(2025, 12, 1),
        basis=StandingBasis.LOST_CONTACT,
        reason="外出后失去联系",
    )
    overdue = services.transfer_issue(
        actor=None,
        person=tree.people["a1"][1],
        to_org=tree.community_b1,
        reason=TransferReason.WORK,
        issued_on=dt.date(2025, 11, 1),
    )
    pocket = services.transfer_out_issue(
        actor=None,
        person=tree.people["b1"][0],
        external_org_name="外省某党委",
        reason=TransferReason.AWAY,
        issued_on=dt.date(2025, 10, 1),
    )
    return {"no-branch": on_group, "lost-contact": lost, "overdue": overdue, "pocket": pocket}


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_roll_audit_lists(tree, roll):
    client = api_as(tree.accounts["county"])
    for name in ("no-branch", "lost-contact", "pocket"):
        assert ids(client.get(f"{URL}roll-audit/{name}/")) == [roll[name].pk], name
    pocket = client.get(f"{URL}roll-audit/pocket/").json()["results"][0]
    assert pocket["kind"] == "outgoing" and pocket["overdue"] is True
    assert client.get(f"{URL}roll-audit/no-branch/").json()["results"][0]["org_kind_display"] == "党小组"
    assert client.get(f"{URL}roll-audit/lost-contact/").json()["results"][0]["standing_since"] == "2025-12-01"
    # long pending: the internal letter past its deadline, and the pocket member's letter too (earliest first)
    assert ids(client.get(f"{URL}roll-audit/overdue/")) == [roll["pocket"].pk, roll["overdue"].pk]


def test_roll_audit_filters_by_township_and_branch(tree, roll):
    client = api_as(tree.accounts["county"])
    assert ids(client.get(f"{URL}roll-audit/no-branch/", {"township": tree.town_a.pk})) == [roll["no-branch"].pk]
    assert ids(client.get(f"{URL}roll-audit/no-branch/", {"township": tree.town_b.pk})) == []
    assert ids(client.get(f"{URL}roll-audit/lost-contact/", {"org": "V002"})) == [roll["lost-contact"].pk]
    assert ids(client.get(f"{URL}roll-audit/lost-contact/", {"org": "V001"})) == []
    # an internal transfer belongs to both sides' townships
    assert ids(client.get(f"{URL}roll-audit/overdue/", {"township": tree.town_a.pk})) == [roll["overdue"].pk]
    town_b = [roll["pocket"].pk, roll["overdue"].pk]
    assert ids(client.get(f"{URL}roll-audit/overdue/", {"township": tree.town_b.pk})) == town_b
    assert ids(client.get(f"{URL}roll-audit/pocket/", {"org": "V001"})) == []
    bad = client.get(f"{URL}roll-audit/pocket/", {"township": tree.village_a1.pk})
    assert bad.status_code == 400


def test_roll_audit_is_scoped_and_closed_to_members(tree, roll):
    secretary = api_as(tree.accounts["secretary_a2"])
    assert ids(secretary.get(f"{URL}roll-audit/lost-contact/")) == [roll["lost-contact"].pk]
    assert ids(secretary.get(f"{URL}roll-audit/no-branch/")) == []
    assert ids(secretary.get(f"{URL}roll-audit/pocket/")) == []
    assert ids(api_as(tree.accounts["secretary_a1"]).get(f"{URL}roll-audit/overdue/")) == [roll["overdue"].pk]
    member = api_as(tree.accounts["member_a1"]).get(f"{URL}roll-audit/overdue/")
    assert member.status_code == 403
    assert member.json() == {"detail": "没有查看组织关系排查清理清单的权限"}


def test_api_lists_do_not_grow_queries_with_rows(tree, django_assert_max_num_queries):
    client = api_as(tree.accounts["county"])
    issued(tree)
    with CaptureQueriesContext(connection) as one:
        assert client.get(URL).status_code == 200
    budget = len(one)  # now: the next request resets the query log
    services.transfer_issue(
        actor=None, person=tree.people["a1"][2], to_org=tree.village_a2, reason=TransferReason.WORK, issued_on=TODAY
    )
    services.transfer_out_issue(
        actor=None, person=tree.people["b1"][0], external_org_name="外省", reason=TransferReason.WORK, issued_on=TODAY
    )
    with django_assert_max_num_queries(budget):
        assert client.get(URL).json()["count"] == 3
