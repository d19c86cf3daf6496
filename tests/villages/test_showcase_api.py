"""示范点/示范带 through the API: naming points (refused to the village itself), belts and their order, tours, the
map data — and another branch or township seeing nothing (404 like missing)."""

import datetime as dt

import pytest

from dangjian.core.choices import Role
from dangjian.villages.models import ShowcaseBelt, ShowcasePoint, ShowcaseVisit
from tests.core.factories import make_account
from tests.members.api import api_as
from tests.villages.showcase_world import showcase_world

pytestmark = pytest.mark.django_db

BASE = "/api/v1/villages/showcase"
MISSING_ID = 999999


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 6, 1)


def point_body(**overrides):
    body = {"org": "V001", "name": "李庄村乡村振兴示范点", "theme": "revitalisation", "year": 2026}
    return body | {"longitude": "114.05", "latitude": "33.80"} | overrides


def test_points_are_named_by_the_level_above(tree):
    town = api_as(tree.accounts["town_a"])
    refused = town.post(f"{BASE}/points/", point_body(longitude="72.5"), format="json")
    assert refused.status_code == 400
    assert refused.json()["longitude"] == ["经度72.500000不在我国境内(应在东经73°至136°之间)"]
    created = town.post(f"{BASE}/points/", point_body(), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["org"]["code"], body["level_display"], body["status_display"]) == ("V001", "县级", "培育中")
    secretary = api_as(tree.accounts["secretary_a1"])
    assert secretary.post(f"{BASE}/points/", point_body(name="自己命名"), format="json").status_code == 403
    patched = town.patch(f"{BASE}/points/{body['id']}/", {"status": "named", "level": "city"}, format="json")
    assert patched.status_code == 200 and patched.json()["level_display"] == "市级"
    assert secretary.patch(f"{BASE}/points/{body['id']}/", {"level": "province"}, format="json").status_code == 403
    unknown = town.post(f"{BASE}/points/", point_body(belt=1), format="json")
    assert unknown.status_code == 400 and "belt" in unknown.json()


def test_belts_and_their_order(tree):
    world = showcase_world(tree)
    town = api_as(tree.accounts["town_a"])
    service, industry = world[ShowcasePoint]
    belt = world[ShowcaseBelt][0]
    shown = town.get(f"{BASE}/belts/{belt.pk}/").json()
    assert [p["id"] for p in shown["points"]] == [service.pk, industry.pk]
    moved = town.post(f"{BASE}/belts/{belt.pk}/points/", {"points": [industry.pk, service.pk]}, format="json")
    assert moved.status_code == 200 and [p["belt_order"] for p in moved.json()["points"]] == [1, 2]
    assert [p["id"] for p in moved.json()["points"]] == [industry.pk, service.pk]
    a2_point = ShowcasePoint.objects.get(name="王庄村产业园示范点")
    taken = town.post(
        f"{BASE}/belts/", {"org": "T001", "name": "东城镇示范带", "points": [service.pk, a2_point.pk]}, format="json"
    )
    assert taken.status_code == 400
    assert taken.json()["points"] == ["所选示范点已属于示范带“李庄村沿河示范带”,一个示范点只能属于一条示范带"]
    outside = ShowcasePoint.objects.get(name="和平社区产业园示范点")
    missing = town.post(f"{BASE}/belts/{belt.pk}/points/", {"points": [service.pk, outside.pk]}, format="json")
    assert missing.status_code == 400 and missing.json()["points"][0].endswith(f"编号为{outside.pk}的示范点不存在")
    assert town.delete(f"{BASE}/belts/{belt.pk}/").status_code == 204
    assert ShowcasePoint.objects.filter(belt__isnull=True).count() == 2


def test_visits_through_the_api(tree):
    world = showcase_world(tree)
    point = world[ShowcasePoint][0]
    secretary = api_as(tree.accounts["secretary_a1"])
    body = {"point": point.pk, "kind": "onsite", "visited_on": "2026-05-30", "visitors": 80, "host": "市委组织部"}
    created = secretary.post(f"{BASE}/visits/", body, format="json")
    assert created.status_code == 201 and created.json()["kind_display"] == "现场会"
    late = secretary.post(f"{BASE}/visits/", body | {"visited_on": "2026-06-02"}, format="json")
    assert late.status_code == 400 and late.json()["visited_on"] == ["日期不能晚于今天"]
    listed = secretary.get(f"{BASE}/visits/", {"point": point.pk}).json()
    assert listed["count"] == 2
    other = api_as(tree.accounts["secretary_a2"])
    assert other.post(f"{BASE}/visits/", body, format="json").status_code == 400  # not their point: "不存在"


@pytest.mark.parametrize("viewer", ["secretary_a2", "town_b_admin"])
def test_another_branch_or_township_sees_nothing(tree, viewer):
    world = showcase_world(tree)
    account = (
        make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN)
        if viewer == "town_b_admin"
        else tree.accounts[viewer]
    )
    client = api_as(account)
    for name, model in (("points", ShowcasePoint), ("belts", ShowcaseBelt), ("visits", ShowcaseVisit)):
        listed = client.get(f"{BASE}/{name}/", {"page_size": 200}).json()
        assert listed["results"], name
        assert "李庄村" not in str(listed)
        for obj in world[model]:
            of_a1 = client.get(f"{BASE}/{name}/{obj.pk}/")
            missing = client.get(f"{BASE}/{name}/{MISSING_ID}/")
            assert of_a1.status_code == missing.status_code == 404 and of_a1.json() == missing.json()
        assert client.get(f"{BASE}/{name}/", {"org": "V001"}).json()["count"] == 0 or name == "belts"
    data = client.get(f"{BASE}/map/").json()
    assert data["points"] and "李庄村" not in str(data)


def test_map_data_filters_and_square_bounds(tree):
    showcase_world(tree)
    county = api_as(tree.accounts["county"])
    data = county.get(f"{BASE}/map/").json()
    assert len(data["points"]) == 6 and len(data["belts"]) == 3 and len(data["villages"]) == 3
    bounds = data["bounds"]
    assert round(bounds["max_lon"] - bounds["min_lon"], 6) == round(bounds["max_lat"] - bounds["min_lat"], 6)
    town_b = county.get(f"{BASE}/map/", {"township": tree.town_b.pk}).json()
    assert {p["village"] for p in town_b["points"]} == {"西关街道和平社区党支部"}
    assert county.get(f"{BASE}/map/", {"theme": "bad"}).status_code == 400
