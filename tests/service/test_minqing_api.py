"""民情夜市 and mediation API: scope (another branch sees nothing, 404 like missing), sessions and issues through their
steps with the out-of-order refusal, mediators, disputes escalated and settled by the right level, and the figures."""

import datetime as dt

import pytest

from dangjian.service.models import Dispute, MinqingIssue, NightMarket
from tests.members.api import api_as
from tests.service.minqing_world import make_mediator, minqing_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 9, 24)
BASE = "/api/v1/service/"


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


def test_every_list_shows_only_the_callers_branch(tree):
    minqing_world(tree)
    client = api_as(tree.accounts["secretary_a2"])
    for endpoint in (
        "minqing/sessions/",
        "minqing/issues/",
        "mediation/mediators/",
        "mediation/disputes/",
        "mediation/records/",
    ):
        body = client.get(BASE + endpoint).json()
        assert body["count"] >= 1, endpoint
        assert "李庄村" not in str(body) and "张桂兰" not in str(body), endpoint
        assert client.get(BASE + endpoint, {"org": "V001"}).json()["count"] == 0
    a1_issue = MinqingIssue.objects.get(org=tree.village_a1)
    assert client.get(f"{BASE}minqing/issues/{a1_issue.pk}/").status_code == 404
    assert (
        client.post(f"{BASE}minqing/issues/{a1_issue.pk}/resolve/", {"result": "x"}, format="json").status_code == 404
    )


def test_a_session_and_its_issue_through_the_api(tree):
    client = api_as(tree.accounts["secretary_a1"])
    response = client.post(
        BASE + "minqing/sessions/",
        {
            "org": "V001",
            "held_on": "2025-09-23",
            "starts_at": "19:30",
            "place": "村广场",
            "hosts": "刘书记",
            "attendance": 50,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["starts_at"] == "19:30"
    session = response.json()["id"]
    bad = client.post(
        BASE + "minqing/sessions/",
        {"org": "V001", "held_on": "2025-09-22", "starts_at": "10:00", "place": "村广场", "hosts": "刘书记"},
        format="json",
    )
    assert bad.status_code == 400 and "晚间" in str(bad.json())
    response = client.post(
        BASE + "minqing/issues/",
        {"org": "V001", "session": session, "category": "road", "content": "路灯坏了", "anonymous": True},
        format="json",
    )
    assert response.status_code == 201, response.json()
    issue = response.json()
    assert issue["channel"] == "night_market" and issue["raised_on"] == "2025-09-23"
    url = f"{BASE}minqing/issues/{issue['id']}/"
    refused = client.post(url + "resolve/", {"result": "已修"}, format="json")
    assert refused.status_code == 400 and "不能办结" in str(refused.json())
    assert (
        client.post(url + "assign/", {"assignee_name": "陈主任", "due_on": "2025-10-01"}, format="json").status_code
        == 200
    )
    assert client.post(url + "resolve/", {"result": "已修"}, format="json").json()["status"] == "resolved"
    assert client.post(url + "feedback/", {"feedback": "satisfied"}, format="json").json()["status_display"] == "已反馈"
    assert client.delete(f"{BASE}minqing/sessions/{session}/").status_code == 400
    assert NightMarket.objects.count() == 1


def test_disputes_through_the_api(tree):
    town_mediator = make_mediator(tree.town_a, "town", name="周镇长")
    village = api_as(tree.accounts["secretary_a1"])
    response = village.post(
        BASE + "mediation/disputes/",
        {
            "org": "V001",
            "kind": "debt",
            "parties": "甲与乙",
            "summary": "借款",
            "received_on": "2025-09-20",
            "level": "village",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    url = f"{BASE}mediation/disputes/{response.json()['id']}/"
    assert village.post(url + "mediate/", {"note": "首次调解"}, format="json").status_code == 201
    back = village.post(url + "escalate/", {"level": "group", "reason": "x"}, format="json")
    assert back.status_code == 400 and "不能从村级退回组级" in str(back.json())
    up = village.post(
        url + "escalate/", {"level": "town", "reason": "分歧大", "mediators": [town_mediator.pk]}, format="json"
    )
    assert up.status_code == 200 and up.json()["level"] == "town"
    assert village.post(url + "settle/", {"agreement": "和解"}, format="json").status_code == 403
    town = api_as(tree.accounts["town_a"])
    assert town.post(url + "settle/", {"agreement": "和解"}, format="json").json()["status"] == "settled"
    assert Dispute.objects.get().mediators.count() == 1


def test_figures(tree):
    minqing_world(tree)
    client = api_as(tree.accounts["county"])
    body = client.get(BASE + "minqing/figures/", {"start": "2025-09-01", "end": "2025-09-30"}).json()
    assert body["sessions"] == 3 and body["attendance"] == 138
    assert body["disputes_received"] == 3 and body["villages"] == 2
    assert body["sentence"].startswith("解决群众生产生活难题0件,有效调解化解矛盾纠纷0件")
    assert client.get(BASE + "minqing/figures/", {"start": "2025-10-01", "end": "2025-09-01"}).status_code == 400
    other = api_as(tree.accounts["secretary_a2"]).get(BASE + "minqing/figures/", {"root": "V001"})
    assert other.status_code == 400
