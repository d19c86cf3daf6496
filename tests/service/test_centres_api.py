"""API of 党群服务中心 and the duty lists: scope (another branch sees nothing, 404 like missing), writes through the services
(validation messages in Chinese, permissions), the figures and the sign-in actions."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian.service.models import ServiceCentre
from tests.members.api import api_as
from tests.service.centres_world import centres_world
from tests.service.duty_world import duty_world

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 11)


@pytest.fixture(autouse=True)
def pinned(settings):
    settings.DANGJIAN_TODAY = TODAY


@pytest.fixture
def world(tree):
    objects = centres_world(tree)
    return objects | duty_world(tree)


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/service/centres/",
        "/api/v1/service/centres/rooms/",
        "/api/v1/service/centres/works/",
        "/api/v1/service/centres/checks/",
        "/api/v1/service/duty/entries/",
        "/api/v1/service/duty/signs/",
    ],
)
def test_lists_are_scoped(tree, world, url):
    own = ids(api_as(tree.accounts["secretary_a1"]).get(url))
    other = ids(api_as(tree.accounts["secretary_a2"]).get(url))
    assert own and other and not own & other
    assert own | other <= ids(api_as(tree.accounts["town_a"]).get(url))


def test_another_branch_gets_404(tree, world):
    centre = world[ServiceCentre][0]
    client = api_as(tree.accounts["secretary_a2"])
    assert client.get(f"/api/v1/service/centres/{centre.pk}/").status_code == 404
    assert client.patch(f"/api/v1/service/centres/{centre.pk}/", {"hours": "x"}, format="json").status_code == 404


def test_create_centre_and_mobile_refused(tree):
    client = api_as(tree.accounts["secretary_a1"])
    data = {"org": "V001", "name": "李庄村党群服务中心", "duty_phone": "13812345678"}
    response = client.post("/api/v1/service/centres/", data, format="json")
    assert response.status_code == 400
    assert "值班电话应为固定电话" in str(response.json())
    response = client.post("/api/v1/service/centres/", data | {"duty_phone": "0395-8123456"}, format="json")
    assert response.status_code == 201 and response.json()["level"] == "village"
    response = client.post("/api/v1/service/centres/", data | {"org": "V002"}, format="json")
    assert response.status_code == 400


def test_standard_published_and_county_only(tree, world):
    listed = api_as(tree.accounts["secretary_a2"]).get("/api/v1/service/centres/standard/")
    assert len(listed.json()["results"]) == 3
    denied = api_as(tree.accounts["town_a"]).post("/api/v1/service/centres/standard/", {"text": "x"}, format="json")
    assert denied.status_code == 403
    made = api_as(tree.accounts["county"]).post(
        "/api/v1/service/centres/standard/", {"text": "设有图书室", "room_kind": "library"}, format="json"
    )
    assert made.status_code == 201


def test_check_and_figures(tree, world):
    centre = world[ServiceCentre][0]
    response = api_as(tree.accounts["town_a"]).post(
        "/api/v1/service/centres/checks/", {"centre": centre.pk, "year": 2025}, format="json"
    )
    assert response.status_code == 201 and response.json()["items_total"] == 3
    assert (
        api_as(tree.accounts["secretary_a1"])
        .post("/api/v1/service/centres/checks/", {"centre": centre.pk, "year": 2025}, format="json")
        .status_code
        == 403
    )
    figures = api_as(tree.accounts["county"]).get("/api/v1/service/centres/figures/", {"year": 2024}).json()
    assert figures["compliance"] == "3/5 (60.0%)" and figures["works_repair"] == 3
    assert figures["clearance"][1]["sentence"].startswith("全县1个城市社区")


def test_the_list_filters_by_this_years_check(tree, world):
    centre = world[ServiceCentre][0]
    client = api_as(tree.accounts["town_a"])
    checked = client.post("/api/v1/service/centres/checks/", {"centre": centre.pk, "year": 2025}, format="json")
    assert checked.status_code == 201
    outcome, other = ("passed", "failed") if checked.json()["passed"] else ("failed", "passed")
    url = "/api/v1/service/centres/"
    assert centre.pk in ids(client.get(url, {"compliance": outcome}))
    assert centre.pk not in ids(client.get(url, {"compliance": other}))
    unchecked = ids(client.get(url, {"compliance": "unchecked"}))
    assert unchecked and centre.pk not in unchecked
