"""两新 coverage through the API: register, instructor, assessment, figures — and another branch seeing nothing."""

import datetime as dt

import pytest

from dangjian.villages.models import TwoNewInstructor, TwoNewOrganisation
from tests.core.test_api_scoping import MISSING_ID
from tests.members.api import api_as
from tests.villages.twonew_world import twonew_world

pytestmark = pytest.mark.django_db

BASE = "/api/v1/villages/twonew"


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 1)


def test_workflow(tree, today):
    client = api_as(tree.accounts["secretary_a1"])
    body = {"org": "V001", "name": "李庄村顺发食品厂", "kind": "enterprise", "formal_members": 3}
    response = client.post(f"{BASE}/organisations/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["breach"] == "正式党员3名,未单独建立党支部" and data["tangible"] is False
    pk = data["id"]
    bad = client.patch(f"{BASE}/organisations/{pk}/", {"branch_status": "joint", "branch": "V002"}, format="json")
    assert bad.status_code == 400 and "东城镇王庄村党支部不是联合党支部" in str(bad.json())
    fixed = client.patch(f"{BASE}/organisations/{pk}/", {"branch_status": "own", "branch": "V001"}, format="json")
    assert fixed.json()["breach"] == "" and fixed.json()["tangible"] is True
    response = client.post(
        f"{BASE}/organisations/{pk}/instructors/", {"name": "赵指导", "from_unit": "县工商联"}, format="json"
    )
    assert response.status_code == 201
    response = client.post(f"{BASE}/organisations/{pk}/assess/", {"year": 2026, "items": ["activities"]}, format="json")
    assert response.json()["effective"] is False and response.json()["required"] == 6
    figures = {row["kind"]: row for row in client.get(f"{BASE}/figures/").json()}
    assert figures["all"]["tangible_text"] == "1/1 (100.0%)" and figures["all"]["effective_text"] == "0/1 (0.0%)"


def test_another_branch_sees_nothing(tree, today):
    world = twonew_world(tree)
    organisation = world[TwoNewOrganisation][0]
    instructor = world[TwoNewInstructor][0]
    other = api_as(tree.accounts["secretary_a2"])
    names = [o["name"] for o in other.get(f"{BASE}/organisations/").json()["results"]]
    assert names == ["王庄村绿源农业合作社"]
    assert other.get(f"{BASE}/organisations/{organisation.pk}/").status_code == 404
    assert other.get(f"{BASE}/instructors/{instructor.pk}/").status_code == 404
    assert other.get(f"{BASE}/organisations/{MISSING_ID}/").status_code == 404
    assert other.post(f"{BASE}/instructors/{instructor.pk}/end/", {}, format="json").status_code == 404
    figures = {row["kind"]: row for row in other.get(f"{BASE}/figures/").json()}
    assert figures["all"]["total"] == 1
