"""四议两公开 API: scope (another branch sees nothing, 404 like missing), the steps recorded as an action with the
verdict, refusals out of order, closing, the figures and the county's setting."""

import datetime as dt

import pytest

from dangjian.service.models import Decision, DecisionStep
from tests.members.api import api_as
from tests.service.decisions_world import decisions_world, make_decision

pytestmark = pytest.mark.django_db

BASE = "/api/v1/service/decisions/"
TODAY = dt.date(2025, 9, 15)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


@pytest.mark.parametrize(("suffix", "model"), [("", Decision), ("steps/", DecisionStep)])
def test_scope_another_branch_sees_nothing(tree, suffix, model):
    world = decisions_world(tree)
    a1 = world[model][0]
    mine = api_as(tree.accounts["secretary_a1"])
    other = api_as(tree.accounts["secretary_a2"])
    ids = {row["id"] for row in mine.get(BASE + suffix).json()["results"]}
    assert a1.pk in ids
    theirs = {row["id"] for row in other.get(BASE + suffix).json()["results"]}
    assert a1.pk not in theirs and theirs
    assert other.get(f"{BASE}{suffix}{a1.pk}/").status_code == 404
    assert other.get(f"{BASE}{suffix}{10**9}/").status_code == 404


def test_workflow_through_the_api(tree):
    client = api_as(tree.accounts["secretary_a1"])
    response = client.post(
        BASE, {"org": "V001", "title": "村集体鱼塘承包", "category": "asset_disposal", "amount": "50000"}, format="json"
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["status_display"] == "第1步进行中"
    response = client.post(f"{BASE}{pk}/steps/", {"step": 2, "held_on": "2025-09-01"}, format="json")
    assert response.status_code == 400
    assert "请先完成第1步'党支部会提议'" in str(response.json())
    body = {"step": 1, "held_on": "2025-09-01", "expected": 7, "present": 4, "votes_for": 3}
    response = client.post(f"{BASE}{pk}/steps/", body, format="json")
    assert response.status_code == 201 and response.json()["passed"] is False
    assert response.json()["verdict"].endswith("未通过")
    response = client.post(f"{BASE}{pk}/close/", {"reason": "支委会未通过"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "failed"
    other = api_as(tree.accounts["secretary_a2"])
    assert other.post(f"{BASE}{pk}/close/", {"reason": "x"}, format="json").status_code == 404


def test_votes_beyond_present_refused(tree):
    decision = make_decision(tree.village_a1)
    client = api_as(tree.accounts["secretary_a1"])
    body = {"step": 1, "held_on": "2025-09-01", "expected": 7, "present": 5, "votes_for": 6}
    response = client.post(f"{BASE}{decision.pk}/steps/", body, format="json")
    assert response.status_code == 400 and "不能超过实到人数(5)" in str(response.json())


def test_figures_and_policy(tree):
    decisions_world(tree)
    client = api_as(tree.accounts["town_a"])
    data = client.get(BASE + "figures/", {"start": "2025-08-01", "end": "2025-09-30"}).json()
    assert (data["started"], data["resolved"], data["disclosed"], data["on_time"]) == (2, 2, 2, 2)
    assert client.get(BASE + "figures/", {"start": "bad"}).status_code == 400
    assert client.get(BASE + "policy/").json() == {"county": "C001", "period_days": 30, "on_time_days": 7}
    assert client.put(BASE + "policy/", {"period_days": 20}, format="json").status_code == 403
    county = api_as(tree.accounts["county"])
    assert county.put(BASE + "policy/", {"period_days": 5}, format="json").status_code == 400
    assert county.put(BASE + "policy/", {"period_days": 20}, format="json").json()["period_days"] == 20


def test_delete_and_update(tree):
    decision = make_decision(tree.village_a1)
    client = api_as(tree.accounts["secretary_a1"])
    response = client.patch(f"{BASE}{decision.pk}/", {"title": "新名称"}, format="json")
    assert response.status_code == 200 and response.json()["title"] == "新名称"
    assert client.delete(f"{BASE}{decision.pk}/").status_code == 204
    assert not Decision.objects.filter(pk=decision.pk).exists()
