"""Mobile members through the API (tag 流动党员): registering, editing, reports, records, the return, alerts;
refusals as 400 with Chinese messages, 403 for the wrong role, 404 out of scope."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangjian.core.choices import Role
from dangjian.members.models import MobileMember, MobileReport
from tests.core.factories import make_account
from tests.members.api import api_as

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)
URL = "/api/v1/mobile-members/"
MISSING = 10**9


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


def body(tree, **overrides):
    values = {
        "person": tree.people["a1"][1].pk,
        "left_on": "2025-09-10",
        "destination": "广东省深圳市",
        "contact": "13600000000",
        "workplace": "某电子厂",
        "host_org": "V003",
    }
    values.update(overrides)
    return values


def registered(tree, **overrides):
    response = api_as(tree.accounts["secretary_a1"]).post(URL, body(tree, **overrides), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_register_shows_the_schedule_and_alerts(tree):
    mobile = registered(tree)
    assert mobile["org"]["code"] == "V001" and mobile["host_org"]["code"] == "V003"
    assert mobile["status_display"] == "外出中" and mobile["report_every_months"] == 3
    assert mobile["next_report_due"] == "2025-12-10" and mobile["reports_missed"] == 1
    assert mobile["last_report_on"] is None
    assert [a["kind"] for a in mobile["alerts"]] == ["report_overdue", "should_transfer"]
    assert mobile["alerts"][1]["message"] == "外出已满6个月,应转接组织关系"


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"left_on": "2026-03-11"}, {"left_on": ["外出日期不能晚于今天"]}),
        ({"host_org": "V001"}, {"host_org": ["流入地党组织不能是党员所在的党支部"]}),
        (
            {"host_org": "NOPE"},
            {"host_org": ["流入地党组织的组织代码(本平台内,可跨县区;空为无)：组织代码“NOPE”不存在"]},
        ),
        ({"report_every_months": 24}, {"report_every_months": ["情况报告周期应为1至12个月"]}),
        ({"destination": ""}, {"destination": ["流入地：该字段不能为空。"]}),
    ],
)
def test_register_refusals(tree, overrides, errors):
    response = api_as(tree.accounts["secretary_a1"]).post(URL, body(tree, **overrides), format="json")
    assert response.status_code == 400
    assert response.json() == errors
    assert not MobileMember.objects.exists()


def test_a_member_account_may_not_register_itself(tree):
    response = api_as(tree.accounts["member_a1"]).post(URL, body(tree, person=tree.people["a1"][0].pk), format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "没有登记该党员为流动党员的权限"}


def test_a_second_registration_is_refused(tree):
    registered(tree)
    again = api_as(tree.accounts["town_a"]).post(URL, body(tree), format="json")
    assert again.status_code == 400
    assert again.json() == {
        "person": [f"{tree.people['a1'][1].name}已登记为流动党员(外出中),一名党员只由一个党支部管理"]
    }


def test_edit_report_record_and_return(tree):
    mobile = registered(tree)
    client = api_as(tree.accounts["secretary_a1"])
    url = f"{URL}{mobile['id']}/"
    edited = client.patch(url, {"contact": "13711112222", "fixed_place": False}, format="json")
    assert edited.status_code == 200 and edited.json()["contact"] == "13711112222"
    assert [a["kind"] for a in edited.json()["alerts"]] == ["report_overdue"]
    report = client.post(f"{url}reports/", {"submitted_on": "2026-03-01", "content": "务工,情况良好"}, format="json")
    assert report.status_code == 201 and report.json()["due_on"] == "2025-12-10"
    second = client.post(f"{url}reports/", {"submitted_on": "2026-03-10", "content": "按期报告"}, format="json")
    assert second.json()["due_on"] == "2026-03-10"
    shown = client.get(url).json()
    assert shown["last_report_on"] == "2026-03-10" and shown["next_report_due"] == "2026-06-10"
    assert shown["alerts"] == []
    reports = client.get(f"{url}reports/").json()
    assert [r["due_on"] for r in reports["results"]] == ["2026-03-10", "2025-12-10"]
    empty = client.post(
        f"{url}records/", {"system": "regular_activity", "done_on": "2026-03-01", "content": ""}, format="json"
    )
    assert empty.status_code == 400 and empty.json() == {"content": ["请填写内容"]}
    record = client.post(
        f"{url}records/",
        {"system": "regular_activity", "done_on": "2026-03-01", "content": "参加流入地主题党日"},
        format="json",
    )
    assert record.status_code == 201 and record.json()["system_display"] == "定期活动制度"
    assert client.get(f"{url}records/").json()["count"] == 1
    early = client.post(f"{url}return/", {"returned_on": "2025-01-01"}, format="json")
    assert early.status_code == 400 and early.json() == {"returned_on": ["返回日期不能早于外出日期2025-09-10"]}
    back = client.post(f"{url}return/", {"returned_on": "2026-03-10"}, format="json")
    assert back.status_code == 200 and back.json()["status"] == "returned" and back.json()["next_report_due"] is None


def test_another_branch_sees_nothing_and_changes_nothing(tree):
    mobile = registered(tree)
    url = f"{URL}{mobile['id']}/"
    for who in ("secretary_a2",):
        client = api_as(tree.accounts[who])
        assert client.get(URL).json()["count"] == 0
        assert client.get(f"{URL}alerts/").json()["count"] == 0
        assert client.get(url).status_code == 404
        assert client.get(url).json() == client.get(f"{URL}{MISSING}/").json()
        assert client.patch(url, {"contact": "1"}, format="json").status_code == 404
        assert (
            client.post(f"{url}reports/", {"submitted_on": "2026-03-01", "content": "x"}, format="json").status_code
            == 404
        )
        assert client.post(f"{url}return/", {"returned_on": "2026-03-01"}, format="json").status_code == 404
    assert not MobileReport.objects.exists()
    assert MobileMember.objects.get().contact == "13600000000"


def test_the_member_reads_their_own_spell(tree):
    mobile = registered(tree, person=tree.people["a1"][0].pk)
    client = api_as(tree.accounts["member_a1"])
    assert [row["id"] for row in client.get(URL).json()["results"]] == [mobile["id"]]
    refused = client.post(
        f"{URL}{mobile['id']}/reports/", {"submitted_on": "2026-03-01", "content": "x"}, format="json"
    )
    assert refused.status_code == 403


def test_alerts_by_branch_and_township(tree):
    registered(tree)
    other = api_as(tree.accounts["county"]).post(
        URL, body(tree, person=tree.people["b1"][0].pk, host_org=""), format="json"
    )
    assert other.status_code == 201 and other.json()["host_org"] is None
    client = api_as(tree.accounts["county"])
    everything = client.get(f"{URL}alerts/").json()
    assert everything["count"] == 4
    assert {row["org"]["code"] for row in everything["results"]} == {"V001", "V003"}
    assert {row["org"]["code"] for row in client.get(f"{URL}alerts/", {"org": "V003"}).json()["results"]} == {"V003"}
    town_a = client.get(f"{URL}alerts/", {"township": tree.town_a.pk}).json()
    assert {row["org"]["code"] for row in town_a["results"]} == {"V001"}
    only = client.get(f"{URL}alerts/", {"alert": "report_overdue"}).json()
    assert [row["kind"] for row in only["results"]] == ["report_overdue", "report_overdue"]
    secretary_b1 = make_account("secretary_b1", tree.community_b1, Role.BRANCH_SECRETARY)
    assert {row["org"]["code"] for row in api_as(secretary_b1).get(f"{URL}alerts/").json()["results"]} == {"V003"}


def test_list_filters(tree):
    mobile = registered(tree)
    client = api_as(tree.accounts["county"])
    assert client.get(URL, {"search": tree.people["a1"][1].name}).json()["count"] == 1
    assert client.get(URL, {"destination": "深圳"}).json()["count"] == 1
    assert client.get(URL, {"destination": "上海"}).json()["count"] == 0
    assert client.get(URL, {"alert": "should_transfer"}).json()["results"][0]["id"] == mobile["id"]
    assert client.get(URL, {"alert": "certificate_check"}).json()["count"] == 0
    assert client.get(URL, {"status": "returned"}).json()["count"] == 0


def test_the_api_list_does_not_grow_queries_with_rows(tree, django_assert_max_num_queries):
    client = api_as(tree.accounts["county"])
    registered(tree)
    with CaptureQueriesContext(connection) as one:
        assert client.get(URL).status_code == 200
    budget = len(one)  # now: the next request resets the query log
    for person in (tree.people["a2"][0], tree.people["b1"][0]):
        assert client.post(URL, body(tree, person=person.pk, host_org=""), format="json").status_code == 201
    with django_assert_max_num_queries(budget):
        assert client.get(URL).json()["count"] == 3
