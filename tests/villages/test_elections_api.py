"""村级换届 through the API: a round, a change with its committees, confirmation by the township, the report —
and another branch seeing nothing of branch a1 (404 like missing)."""

import datetime as dt

import pytest

from dangjian.villages.models import CommitteeMember, ElectionChange
from tests.core.test_api_scoping import MISSING_ID
from tests.members.api import api_as
from tests.villages.elections_world import elections_world

pytestmark = pytest.mark.django_db

BASE = "/api/v1/villages/elections"


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 1)


def test_workflow(tree, today):
    county = api_as(tree.accounts["county"])
    response = county.post(
        f"{BASE}/rounds/", {"year": 2026, "period": "第十二届", "starts_on": "2026-01-01"}, format="json"
    )
    assert response.status_code == 201, response.json()
    round_id = response.json()["id"]
    assert (
        api_as(tree.accounts["town_a"])
        .post(f"{BASE}/rounds/", {"year": 2027, "period": "x", "starts_on": "2027-01-01"}, format="json")
        .status_code
        == 403
    )
    secretary = api_as(tree.accounts["secretary_a1"])
    body = {"round": round_id, "org": "V001", "body": "party", "election_date": "2026-02-20"}
    response = secretary.post(f"{BASE}/changes/", body, format="json")
    assert response.status_code == 201 and response.json()["term_end"] == "2031-02-20"
    change_id = response.json()["id"]
    members = [{"name": "张新", "gender": "female", "birth_date": "1995-05-01", "education": "bachelor",
                "body": "party", "post": "secretary", "concurrent": True}]  # fmt: skip
    response = secretary.post(
        f"{BASE}/changes/{change_id}/committee/", {"side": "new", "members": members}, format="json"
    )
    assert response.status_code == 200 and response.json()["new_count"] == 1
    assert secretary.post(f"{BASE}/changes/{change_id}/complete/").status_code == 403
    response = api_as(tree.accounts["town_a"]).post(f"{BASE}/changes/{change_id}/complete/")
    assert response.json()["status"] == "done"
    report = county.get(f"{BASE}/report/", {"round": round_id}).json()
    assert report["villages"] == 1 and report["lines"][0]["after_text"] == "1/1 (100.0%)"
    assert report["lines"][3]["sentence"] == "书记、主任“一肩挑”占100.0%"


def test_another_branch_sees_nothing(tree, today):
    world = elections_world(tree)
    change = world[ElectionChange][0]
    other = api_as(tree.accounts["secretary_a2"])
    ids = [c["id"] for c in other.get(f"{BASE}/changes/").json()["results"]]
    assert change.pk not in ids and len(ids) == 1
    assert other.get(f"{BASE}/changes/{change.pk}/").status_code == 404
    assert other.get(f"{BASE}/changes/{MISSING_ID}/").status_code == 404
    member_ids = {m["id"] for m in other.get(f"{BASE}/members/").json()["results"]}
    assert not member_ids & {m.pk for m in CommitteeMember.objects.filter(change=change)}
    assert other.get(f"{BASE}/report/").json()["villages"] == 1
