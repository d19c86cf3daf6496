"""软弱涣散整顿 API: a round from opening to exit through the API, the refusal naming the missing condition, the
figures, and scope (another branch or township sees nothing; an object outside answers 404 like a missing one)."""

import datetime as dt

import pytest

from dangjian.core.choices import Role
from dangjian.villages.choices import ExitCondition
from dangjian.villages.models import RectCandidate, RectCase, RectEntry
from tests.core.factories import make_account
from tests.members.api import api_as
from tests.villages.rectification_world import rectification_world

pytestmark = pytest.mark.django_db

BASE = "/api/v1/villages/rectification"
TODAY = dt.date(2025, 6, 2)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def test_a_year_of_work_through_the_api(tree, today):
    county, town = api_as(tree.accounts["county"]), api_as(tree.accounts["town_a"])
    low = county.post(f"{BASE}/rounds/", {"year": 2025, "ratio": "9.5"}, format="json")
    assert low.status_code == 400 and low.json()["ratio"] == ["倒排比例不能低于10%"]
    assert town.post(f"{BASE}/rounds/", {"year": 2025}, format="json").status_code == 403
    round_id = county.post(f"{BASE}/rounds/", {"year": 2025}, format="json").json()["id"]
    for code, score in (("V001", "61"), ("V002", "88")):
        response = town.post(f"{BASE}/assessments/", {"round": round_id, "org": code, "score": score}, format="json")
        assert response.status_code == 201, response.json()
    proposed = county.post(f"{BASE}/rounds/{round_id}/propose/", format="json").json()
    assert [(c["org"]["code"], c["reason"]) for c in proposed] == [("V001", "排名后10%:第2/2名")]
    assert town.post(f"{BASE}/candidates/{proposed[0]['id']}/confirm/", {}, format="json").status_code == 403
    case = county.post(f"{BASE}/candidates/{proposed[0]['id']}/confirm/", {}, format="json").json()
    assert case["listed_on"] == "2025-06-02" and case["status"] == "rectifying"
    entry = town.post(
        f"{BASE}/entries/",
        {
            "case": case["id"],
            "occurred_on": "2025-06-02",
            "measure": "整顿软弱班子",
            "progress": "调整支委1名",
            "responsible": "王强",
        },
        format="json",
    )
    assert entry.status_code == 201
    visit = county.post(
        f"{BASE}/visits/",
        {"case": case["id"], "visited_on": "2025-06-02", "visitors": "县委组织部督导组", "findings": "进展缓慢"},
        format="json",
    )
    assert visit.status_code == 201
    member = town.post(
        f"{BASE}/cases/{case['id']}/team/", {"name": "王强", "post": "镇党委书记", "role": "leader"}, format="json"
    )
    assert member.status_code == 201 and member.json()["role_display"] == "组长"
    for condition in ExitCondition.values[:4]:
        body = {"condition": condition, "met": True, "evidence": "已完成"}
        assert town.post(f"{BASE}/cases/{case['id']}/check/", body, format="json").status_code == 200
    refused = town.post(f"{BASE}/cases/{case['id']}/apply-exit/", format="json")
    assert refused.status_code == 400
    assert refused.json()["checks"] == ["尚未达到以下不撤离条件,不能申请整顿到位:群众对班子不满意不撤离"]
    body = {"condition": "people_satisfied", "met": True, "evidence": "满意度测评90%"}
    town.post(f"{BASE}/cases/{case['id']}/check/", body, format="json")
    assert town.post(f"{BASE}/cases/{case['id']}/apply-exit/", format="json").json()["status"] == "applied"
    assert town.post(f"{BASE}/cases/{case['id']}/accept-exit/", format="json").status_code == 403
    accepted = county.post(f"{BASE}/cases/{case['id']}/accept-exit/", format="json").json()
    assert accepted["status"] == "exited" and accepted["exited_on"] == "2025-06-02"
    figures = county.get(f"{BASE}/figures/", {"year": 2025}).json()
    assert figures["total"]["text"] == "已整顿到位1个/1个 (100.0%)"
    assert figures["sentence"] == "确定软弱涣散村党组织1个,已整顿到位1个"
    assert county.get(f"{BASE}/figures/", {"year": 2024}).json()["total"]["listed"] == 0


def test_scope_another_branch_and_township_see_nothing(tree, today):
    world = rectification_world(tree)
    a1_case = world[RectCase][0]
    a1_entry = world[RectEntry][0]
    a2 = api_as(tree.accounts["secretary_a2"])
    cases = a2.get(f"{BASE}/cases/").json()["results"]
    assert [c["org"]["code"] for c in cases] == ["V002"]
    assert a2.get(f"{BASE}/cases/{a1_case.pk}/").status_code == 404
    assert a2.get(f"{BASE}/cases/999999/").status_code == 404
    assert a2.get(f"{BASE}/entries/{a1_entry.pk}/").status_code == 404
    entries = a2.get(f"{BASE}/entries/").json()["results"]
    assert {e["case"] for e in entries} == {RectCase.objects.get(org=tree.village_a2).pk}
    assert len(a2.get(f"{BASE}/rounds/").json()["results"]) == 1  # the county's round is published to all
    town_b = api_as(make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN))
    assert [c["org"]["code"] for c in town_b.get(f"{BASE}/cases/").json()["results"]] == ["V003"]
    assert town_b.get(f"{BASE}/figures/").json()["total"]["listed"] == 1
    refused = town_b.post(
        f"{BASE}/entries/",
        {"case": a1_case.pk, "occurred_on": "2025-06-02", "measure": "x", "progress": "y", "responsible": "z"},
        format="json",
    )
    assert refused.status_code == 400 and refused.json()["case"] == [f"编号为{a1_case.pk}的整顿对象不存在"]
    a1 = api_as(tree.accounts["secretary_a1"])
    candidate = RectCandidate.objects.get(org=tree.village_a1)
    assert a1.post(f"{BASE}/candidates/{candidate.pk}/reject/", {"note": "x"}, format="json").status_code == 403
    assert a1.post(f"{BASE}/cases/{a1_case.pk}/apply-exit/", format="json").status_code == 403
    assert a1.delete(f"{BASE}/entries/{a1_entry.pk}/").status_code == 204
