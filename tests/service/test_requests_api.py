"""群众办事 API: scope (another branch sees nothing, 404 like missing), the workflow through the endpoints with its
refusals, and the figures."""

import datetime as dt

import pytest

from dangjian.service.models import RequestProgress, ServiceRequest
from tests.members.api import api_as
from tests.service.requests_world import file, requests_world

pytestmark = pytest.mark.django_db

BASE = "/api/v1/service/requests/"
TODAY = dt.date(2025, 6, 10)
ENDPOINTS = {"": ServiceRequest, "progress/": RequestProgress}


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_another_branch_sees_nothing(tree, endpoint):
    world = requests_world(tree)
    own = {obj.pk for obj in world[ENDPOINTS[endpoint]]}
    mine = {row["id"] for row in api_as(tree.accounts["secretary_a1"]).get(BASE + endpoint).json()["results"]}
    other = {row["id"] for row in api_as(tree.accounts["secretary_a2"]).get(BASE + endpoint).json()["results"]}
    assert own and own <= mine
    assert other and not (other & own)


def test_detail_out_of_scope_is_404(tree):
    item = file(tree.village_a1)
    client = api_as(tree.accounts["secretary_a2"])
    assert client.get(f"{BASE}{item.pk}/").status_code == 404
    assert client.get(f"{BASE}999999/").status_code == 404
    response = client.post(f"{BASE}{item.pk}/accept/", {"mode": "proxy", "handler_name": "x"}, format="json")
    assert response.status_code == 404


def test_workflow_through_the_api(tree):
    client = api_as(tree.accounts["secretary_a1"])
    response = client.post(
        BASE,
        {
            "org": "V001",
            "category": "subsidy",
            "content": "耕地地力保护补贴未到账",
            "resident_name": "孙玉兰",
            "resident_phone": "13612345678",
            "channel": "phone",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    pk = body["id"]
    assert body["status"] == "pending" and body["code_display"].count("-") == 2
    response = client.post(f"{BASE}{pk}/progress/", {"text": "x"}, format="json")
    assert response.status_code == 400 and "该事项尚未受理,不能添加进展" in str(response.json())
    response = client.post(f"{BASE}{pk}/accept/", {"mode": "full", "handler_name": "刘建国"}, format="json")
    assert response.status_code == 200 and response.json()["deadline"] == "2025-06-25"
    response = client.post(f"{BASE}{pk}/progress/", {"text": "已到镇农业服务中心核实"}, format="json")
    assert response.status_code == 201
    response = client.post(f"{BASE}{pk}/reassign/", {"handler_name": "x"}, format="json")
    assert response.status_code == 403
    response = api_as(tree.accounts["town_a"]).post(
        f"{BASE}{pk}/reassign/", {"handler_name": "镇农业服务中心王强"}, format="json"
    )
    assert response.status_code == 200 and response.json()["handler_name"] == "镇农业服务中心王强"
    response = client.post(f"{BASE}{pk}/finish/", {"result": "补贴已补发"}, format="json")
    assert response.json()["status"] == "done"
    response = client.post(f"{BASE}{pk}/rate/", {"rating": "basic"}, format="json")
    assert response.json()["rating"] == "basic" and response.json()["rating_source"] == "revisit"
    response = client.post(f"{BASE}{pk}/rate/", {"rating": "satisfied"}, format="json")
    assert response.status_code == 400 and "该事项已评价,不能重复评价" in str(response.json())
    response = client.post(f"{BASE}{pk}/return/", {"reason": "x"}, format="json")
    assert response.status_code == 400


def test_return_and_input_refusals(tree):
    client = api_as(tree.accounts["secretary_a1"])
    item = file(tree.village_a1)
    response = client.post(f"{BASE}{item.pk}/return/", {"reason": "重复提交"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "returned"
    response = client.post(BASE, {"org": "V002", "category": "x", "secret": 1}, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert "org" in str(errors) and "secret" in str(errors)


def test_filter_and_figures(tree):
    requests_world(tree)
    client = api_as(tree.accounts["county"])
    rows = client.get(BASE, {"status": "done"}).json()["results"]
    assert len(rows) == 3
    body = client.get(BASE + "figures/", {"since": "2025-01-01", "until": "2025-12-31"}).json()
    assert body["total"]["filed"] == 9 and body["total"]["in_time_text"] == "3/3 (100.0%)"
    assert {t["name"] for t in body["towns"]} == {"东城镇党委", "西关街道党工委"}
    body = client.get(BASE + "figures/", {"root": "V003"}).json()
    assert body["total"]["filed"] == 3
    assert client.get(BASE + "figures/", {"since": "2025-13-01"}).status_code == 400
    assert api_as(tree.accounts["secretary_a2"]).get(BASE + "figures/", {"root": "V001"}).status_code == 400
