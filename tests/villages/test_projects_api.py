"""项目化管理 API: scope (another branch sees nothing, 404 like missing), the workflow through the endpoints,
milestones and spending, review scores and ranking, and the figures."""

import datetime as dt

import pytest

from dangjian.villages.choices import ProjectStatus
from dangjian.villages.models import (
    Project,
    ProjectMilestone,
    ProjectResult,
    ProjectSpending,
    ProjectStep,
    ReviewScore,
)
from tests.members.api import api_as
from tests.villages.projects_world import make_procedure, projects_world

pytestmark = pytest.mark.django_db

BASE = "/api/v1/villages/projects/"
TODAY = dt.date(2025, 9, 15)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


ENDPOINTS = {
    "": Project,
    "steps/": ProjectStep,
    "milestones/": ProjectMilestone,
    "spending/": ProjectSpending,
    "results/": ProjectResult,
    "scores/": ReviewScore,
}


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_another_branch_sees_nothing(tree, endpoint):
    world = projects_world(tree)
    own = {obj.pk for obj in world[ENDPOINTS[endpoint]]}
    mine = {row["id"] for row in api_as(tree.accounts["secretary_a1"]).get(BASE + endpoint).json()["results"]}
    other = {row["id"] for row in api_as(tree.accounts["secretary_a2"]).get(BASE + endpoint).json()["results"]}
    assert own and own <= mine
    assert other and not (other & own)


def test_detail_out_of_scope_is_404(tree):
    world = projects_world(tree)
    project = world[Project][0]
    client = api_as(tree.accounts["secretary_a2"])
    assert client.get(f"{BASE}{project.pk}/").status_code == 404
    assert client.get(f"{BASE}999999/").status_code == 404
    assert client.post(f"{BASE}{project.pk}/terminate/", {"reason": "x"}, format="json").status_code == 404


def test_workflow_through_the_api(tree):
    procedure = make_procedure(tree)
    secretary = api_as(tree.accounts["secretary_a1"])
    response = secretary.post(
        BASE,
        {
            "org": "V001",
            "title": "村集体冷库建设",
            "category": "economic",
            "budget": "450000",
            "starts_on": "2025-10-01",
            "ends_on": "2026-06-30",
            "procedure": procedure.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    project_id = response.json()["id"]
    assert response.json()["status"] == ProjectStatus.DRAFT and response.json()["year"] == 2025
    assert secretary.post(f"{BASE}{project_id}/submit/").json()["status"] == ProjectStatus.PENDING
    steps = list(ProjectStep.objects.filter(project_id=project_id).order_by("order"))
    town = api_as(tree.accounts["town_a"])
    response = town.post(f"{BASE}steps/{steps[1].pk}/approve/", {"opinion": "同意"}, format="json")
    assert response.status_code == 400 and "请按顺序审批" in str(response.json())
    mine = secretary.get(BASE + "steps/", {"mine": "true"}).json()["results"]
    assert [row["id"] for row in mine] == [steps[0].pk]
    assert secretary.post(f"{BASE}steps/{steps[0].pk}/approve/", {}, format="json").status_code == 200
    response = town.post(f"{BASE}steps/{steps[1].pk}/reject/", {"reason": "选址不合理"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "rejected"
    assert secretary.get(f"{BASE}{project_id}/").json()["status"] == ProjectStatus.REJECTED
    response = secretary.patch(f"{BASE}{project_id}/", {"budget": "400000"}, format="json")
    assert response.json()["budget"] == "400000.00"


def test_milestones_spending_reviews_and_figures(tree):
    world = projects_world(tree)
    project = world[Project][0]
    secretary = api_as(tree.accounts["secretary_a1"])
    response = secretary.post(
        BASE + "milestones/", {"project": project.pk, "title": "验收", "due_on": "2025-09-14"}, format="json"
    )
    assert response.status_code == 201 and response.json()["overdue"] is True
    response = secretary.post(
        BASE + "spending/",
        {"project": project.pk, "spent_on": "2025-09-15", "amount": "0", "purpose": "x"},
        format="json",
    )
    assert response.status_code == 400 and "金额应大于0" in str(response.json())
    other = Project.objects.get(org=tree.village_a2)
    response = secretary.post(
        BASE + "spending/",
        {"project": other.pk, "spent_on": "2025-09-15", "amount": "10", "purpose": "x"},
        format="json",
    )
    assert response.status_code == 400 and "不存在" in str(response.json())
    town = api_as(tree.accounts["town_a"])
    review_id = town.get(BASE + "reviews/").json()["results"][0]["id"]
    response = town.post(f"{BASE}reviews/{review_id}/score/", {"project": other.pk, "score": "90"}, format="json")
    assert response.status_code == 201
    ranking = town.get(f"{BASE}reviews/{review_id}/ranking/").json()
    assert [row["rank"] for row in ranking] == [1, 1]
    figures = api_as(tree.accounts["county"]).get(BASE + "figures/", {"first": 2025, "last": 2025}).json()
    assert figures["count"] == 3 and figures["budget"] == "900000.00" and figures["spent"] == "360000.00"
    assert figures["sentence"].startswith("2025年,共兴办项目3个,投入资金90万元")
    assert api_as(tree.accounts["county"]).get(BASE + "figures/", {"last": "abc"}).status_code == 400
    own = secretary.get(BASE + "figures/", {"first": 2025, "last": 2025}).json()
    assert own["count"] == 1 and own["jobs"] == 3


def test_procedures_by_the_county_only(tree):
    body = {"name": "五步走", "steps": [{"name": "村级申报", "approver_role": "branch_secretary"}]}
    assert api_as(tree.accounts["town_a"]).post(BASE + "procedures/", body, format="json").status_code == 403
    response = api_as(tree.accounts["county"]).post(BASE + "procedures/", body, format="json")
    assert response.status_code == 201 and response.json()["steps"][0]["name"] == "村级申报"
    listed = api_as(tree.accounts["secretary_a1"]).get(BASE + "procedures/").json()["results"]
    assert [row["name"] for row in listed] == ["五步走"]
