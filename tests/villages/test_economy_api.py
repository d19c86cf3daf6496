"""集体经济 through the API: the per-village figures, the records with their write, the report; another branch sees
nothing."""

import datetime as dt

import pytest

from dangjian.villages.models import VillageEconomy
from tests.members.api import api_as
from tests.villages.economy_world import economy_world

pytestmark = pytest.mark.django_db

BASE = "/api/v1/villages/economy"


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 1)


def test_figures_records_and_report(tree):
    world = economy_world(tree)
    county = api_as(tree.accounts["county"])
    data = county.get(f"{BASE}/villages/?year=2025").json()
    assert [(r["code"], r["band"]) for r in data["results"]] == [("V001", "hollow"), ("V002", "200k")]
    assert data["results"][0]["model_list"] == ["industry", "land"]
    assert county.get(f"{BASE}/villages/?year=2025&band=unreported").json()["results"] == []
    assert county.get(f"{BASE}/villages/?year=abc").status_code == 400
    report = county.get(f"{BASE}/report/?year=2025").json()
    assert report["villages"] == 2 and report["hollow"] == 1 and report["hollow_share"] == "1个,占50.0%"
    assert [t["count"] for t in report["thresholds"]] == [1, 1, 0, 0]
    assert report["rows"][0]["org"]["code"] == "T001"
    records = county.get(f"{BASE}/records/?year=2025").json()["results"]
    assert [(r["org"]["code"], r["income"]) for r in records] == [("V001", "32000.00"), ("V002", "250000.00")]
    # another branch sees nothing of a1
    other = api_as(tree.accounts["secretary_a2"])
    assert [r["code"] for r in other.get(f"{BASE}/villages/?year=2025").json()["results"]] == ["V002"]
    assert other.get(f"{BASE}/records/{world[VillageEconomy][0].pk}/").status_code == 404
    assert other.get(f"{BASE}/report/?root=V001").status_code == 404


def test_write(tree):
    secretary = api_as(tree.accounts["secretary_a1"])
    body = {"org": "V001", "year": 2025, "income": "88000", "models": ["tourism"], "note": "发展民宿"}
    response = secretary.post(f"{BASE}/records/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["income"] == "88000.00" and response.json()["models"] == ["tourism"]
    response = secretary.post(f"{BASE}/records/", body | {"models": ["tourism", "tourism"]}, format="json")
    assert response.status_code == 400
    response = secretary.post(f"{BASE}/records/", body | {"org": "V002"}, format="json")
    assert response.status_code == 400  # not in scope: unknown code
    response = api_as(tree.accounts["member_a1"]).post(f"{BASE}/records/", body, format="json")
    assert response.status_code == 403
