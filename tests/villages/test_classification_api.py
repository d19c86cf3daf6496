"""村级分类 through the API: categories (the county defines them), evaluations, results, policies, environment
assessments; another branch sees nothing of a1 (404 like missing)."""

import datetime as dt

import pytest

from dangjian.villages.models import ClassificationResult, EnvironmentAssessment, VillagePolicy
from tests.members.api import api_as
from tests.villages.classification_world import classification_world

pytestmark = pytest.mark.django_db

BASE = "/api/v1/villages/classification"


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 1)


def test_lists_and_scope(tree):
    world = classification_world(tree)
    county = api_as(tree.accounts["county"])
    assert len(county.get(f"{BASE}/categories/").json()["results"]) == 4
    assert len(api_as(tree.accounts["secretary_a1"]).get(f"{BASE}/categories/").json()["results"]) == 4
    runs = county.get(f"{BASE}/evaluations/").json()["results"]
    assert runs[0]["year"] == 2025 and runs[0]["classified"] == 2
    results = county.get(f"{BASE}/results/?year=2025").json()["results"]
    assert {r["reason"] for r in results} == {"未填报集体经济收入(按低于5万元计)"}
    other = api_as(tree.accounts["secretary_a2"])
    for name, model in (
        ("results", ClassificationResult),
        ("policies", VillagePolicy),
        ("environment", EnvironmentAssessment),
    ):
        pk = world[model][0].pk
        assert other.get(f"{BASE}/{name}/{pk}/").status_code == 404
        codes = [r["org"]["code"] for r in other.get(f"{BASE}/{name}/").json()["results"]]
        assert codes == ["V002"]
    # The county's evaluations are published down the tree: a village sees that its year was evaluated.
    assert [r["year"] for r in other.get(f"{BASE}/evaluations/").json()["results"]] == [2025]


def test_writes(tree):
    classification_world(tree)
    county = api_as(tree.accounts["county"])
    response = county.post(
        f"{BASE}/categories/", {"name": "专业村", "tag": "specialised", "basis": "manual"}, format="json"
    )
    assert response.status_code == 201
    response = api_as(tree.accounts["town_a"]).post(
        f"{BASE}/categories/", {"name": "乱村", "tag": "disorderly", "basis": "manual"}, format="json"
    )
    assert response.status_code == 403
    assert (
        api_as(tree.accounts["town_a"]).post(f"{BASE}/evaluations/", {"year": 2025}, format="json").status_code == 403
    )
    assert county.post(f"{BASE}/evaluations/", {"year": 2025}, format="json").status_code == 201
    town = api_as(tree.accounts["town_a"])
    response = town.post(f"{BASE}/environment/", {"org": "V001", "year": 2025, "score": 40}, format="json")
    assert response.status_code == 201 and response.json()["score"] == 40
    response = api_as(tree.accounts["secretary_a1"]).post(
        f"{BASE}/environment/", {"org": "V001", "year": 2025, "score": 40}, format="json"
    )
    assert response.status_code == 403
    hollow = ClassificationResult.objects.get(org=tree.village_a1, year=2025).category_id
    body = {
        "org": "V001",
        "category": hollow,
        "year": 2025,
        "measures": "入股合作社",
        "responsible": "王书记",
        "target_date": "2025-10-01",
    }
    response = api_as(tree.accounts["secretary_a1"]).post(f"{BASE}/policies/", body, format="json")
    assert response.status_code == 201 and response.json()["measures"] == "入股合作社"
    response = api_as(tree.accounts["secretary_a1"]).post(
        f"{BASE}/policies/", body | {"target_date": "2024-10-01"}, format="json"
    )
    assert response.status_code == 400
