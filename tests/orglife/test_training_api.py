"""Training through the API: classes (create, correct, delete), enrolment and attendance, rotation targets with
coverage, who has not been trained, the figures — and the refusals (400 naming the rule, 403, 404 out of scope)."""

import datetime as dt

import pytest

from dangjian.orglife.models import Enrolment, StudyLog, TrainingClass
from tests.members.api import api_as
from tests.orglife.training_world import training_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 16)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


@pytest.fixture
def county(tree, today):
    return api_as(tree.accounts["county"])


def class_body(**overrides):
    body = {
        "title": "村(社区)干部轮训班",
        "organiser": "县委组织部",
        "place": "大别山干部学院",
        "kind": "concentrated",
        "group": "village_cadres",
        "starts_on": "2026-03-09",
        "ends_on": "2026-03-11",
        "hours": "24",
    }
    return body | overrides


def test_class_workflow(tree, county):
    created = county.post("/api/v1/orglife/training/classes/", class_body(), format="json")
    assert created.status_code == 201, created.content
    training = created.json()
    assert (training["org"]["code"], training["kind_display"], training["hours"]) == ("C001", "集中培训", "24.0")
    pk = training["id"]
    person = tree.people["a1"][0]
    enrolled = county.post(f"/api/v1/orglife/training/classes/{pk}/enrol/", {"person": person.pk}, format="json")
    assert enrolled.status_code == 201 and enrolled.json()["status"] == "enrolled"
    branch = county.post(f"/api/v1/orglife/training/classes/{pk}/enrol-branch/", {"branch": "V002"}, format="json")
    assert branch.status_code == 200 and branch.json() == {"enrolled": 2}
    marked = county.post(
        f"/api/v1/orglife/training/enrolments/{enrolled.json()['id']}/attendance/",
        {"attended": True, "hours": "20"},
        format="json",
    )
    assert marked.status_code == 200 and (marked.json()["status"], marked.json()["hours"]) == ("attended", "20.0")
    assert StudyLog.objects.get(person=person).hours == 20
    listed = county.get("/api/v1/orglife/training/classes/", {"year": 2026, "group": "village_cadres"}).json()
    assert listed["count"] == 1
    assert (listed["results"][0]["enrolled"], listed["results"][0]["person_times"]) == (3, 1)
    assert listed["results"][0]["attended_hours"] == "20.0"
    patched = county.patch(f"/api/v1/orglife/training/classes/{pk}/", {"place": "红旗渠干部学院"}, format="json")
    assert patched.status_code == 200 and patched.json()["place"] == "红旗渠干部学院"
    refused = county.delete(f"/api/v1/orglife/training/classes/{pk}/")
    assert refused.status_code == 400 and refused.json() == {"training": ["该培训班已登记参训情况,不能删除"]}
    figures = county.get("/api/v1/orglife/training/figures/", {"year": 2026, "subject": "村干部"}).json()
    assert figures == {
        "classes": 1,
        "person_times": 1,
        "hours": "24.0",
        "attended_hours": "20.0",
        "sentence": "组织村干部1人次开展培训1期",
    }


def test_class_refusals(tree, county):
    bad = county.post("/api/v1/orglife/training/classes/", class_body(ends_on="2026-03-08", hours="0"), format="json")
    assert bad.status_code == 400 and bad.json() == {"ends_on": ["结束日期不能早于开始日期"], "hours": ["学时应大于0"]}
    too_many = county.post("/api/v1/orglife/training/classes/", class_body(hours="72.5"), format="json")
    assert too_many.json() == {"hours": ["学时不能超过培训天数×24(本班3天,最多72学时)"]}
    secretary = api_as(tree.accounts["secretary_a2"])
    other = secretary.post("/api/v1/orglife/training/classes/", class_body(org="V001"), format="json")
    assert other.status_code == 400 and other.json() == {"org": ["组织单位代码：组织代码“V001”不存在"]}
    member = api_as(tree.accounts["member_a1"])
    assert member.post("/api/v1/orglife/training/classes/", class_body(), format="json").status_code == 403
    assert not TrainingClass.objects.exists()


def test_another_branch_sees_nothing_of_a1(tree, today):
    world = training_world(tree)
    a1_class = world[TrainingClass][0]
    secretary = api_as(tree.accounts["secretary_a2"])
    listed = secretary.get("/api/v1/orglife/training/classes/").json()
    assert a1_class.pk not in {row["id"] for row in listed["results"]} and listed["count"] == 1
    missing = secretary.get("/api/v1/orglife/training/classes/999999/")
    of_a1 = secretary.get(f"/api/v1/orglife/training/classes/{a1_class.pk}/")
    assert of_a1.status_code == missing.status_code == 404 and of_a1.json() == missing.json()
    enrolment = world[Enrolment][0]
    assert secretary.post(f"/api/v1/orglife/training/enrolments/{enrolment.pk}/attendance/", {}).status_code == 404
    people = {row["id"] for row in secretary.get("/api/v1/orglife/training/enrolments/").json()["results"]}
    assert people and enrolment.pk not in people


def test_targets_with_coverage_and_who_is_not_trained(tree, today):
    training_world(tree)
    county = api_as(tree.accounts["county"])
    created = county.post(
        "/api/v1/orglife/training/targets/", {"year": 2026, "group": "members", "note": "全部轮训一遍"}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["coverage"] == {"total": 7, "trained": 3, "missing": 4, "text": "3/7 (42.9%)"}
    secretary = api_as(tree.accounts["secretary_a1"])
    targets = secretary.get("/api/v1/orglife/training/targets/", {"year": 2026}).json()["results"]
    coverage = {row["org"]["code"]: row["coverage"]["text"] for row in targets}
    assert coverage == {"C001": "1/3 (33.3%)", "V001": "1/3 (33.3%)"}
    missing = secretary.get("/api/v1/orglife/training/not-trained/").json()
    assert {row["name"] for row in missing["results"]} == {p.name for p in tree.people["a1"][1:]}
    assert secretary.get("/api/v1/orglife/training/not-trained/", {"group": "cooks"}).status_code == 400
    denied = secretary.post(
        "/api/v1/orglife/training/targets/", {"org": "C001", "year": 2026, "group": "members"}, format="json"
    )
    assert denied.status_code == 400  # C001 is above the secretary: not a code they may name
    county_target = created.json()["id"]
    assert secretary.delete(f"/api/v1/orglife/training/targets/{county_target}/").status_code == 403
