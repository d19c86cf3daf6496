"""Recruitment through the API: each workflow, and its refusals (400 with the Chinese message, 403, 404 out of
scope) leaving nothing changed."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.core.choices import Role
from dangjian.core.models import AuditEntry, Person
from dangjian.members import rules
from dangjian.members.choices import ApplicantStatus
from dangjian.members.models import Applicant, RecruitDocument, RecruitStep
from dangjian.members.services import recruitment_settings as settings_services
from tests.core.factories import id_number, make_account
from tests.members.api import api_as
from tests.members.recruitment_factories import LATE_TODAY, STEP_DATES, apply, step_values, walk

pytestmark = pytest.mark.django_db
D = dt.date
BASE = "/api/v1/recruitment/applicants/"
MISSING = 10**9


@pytest.fixture
def late(settings):
    settings.DANGJIAN_TODAY = LATE_TODAY


def step_body(tree, applicant, number, on=None, **values):
    on = on or STEP_DATES[number]
    data = step_values(tree, applicant, number, on) | values
    if "people" in data:
        data["people"] = [person.pk for person in data["people"]]
    body = {"number": number, "done_on": on.isoformat(), **data}
    return {key: str(value) if isinstance(value, Decimal) else value for key, value in body.items()}


def snapshot():
    return (
        list(Applicant.objects.order_by("id").values()),
        RecruitStep.objects.count(),
        AuditEntry.objects.count(),
    )


# --- list and detail -----------------------------------------------------------------------------------------


def test_list_is_scoped_filtered_and_shows_the_masked_id_number_only(tree, late):
    mine = apply(tree, name="李甲")
    other = apply(tree, name="王乙", org=tree.village_a2, actor=tree.accounts["secretary_a2"])
    response = api_as(tree.accounts["secretary_a1"]).get(BASE)
    body = response.json()
    assert response.status_code == 200
    assert [row["id"] for row in body["results"]] == [mine.pk]
    row = body["results"][0]
    assert row["id_number_masked"] == mine.id_number_masked
    assert mine.id_number not in response.content.decode()
    assert (row["status_display"], row["step"], row["step_name"], row["stage_name"]) == (
        "培养考察中",
        1,
        "递交入党申请书",
        "申请入党",
    )
    town = api_as(tree.accounts["town_a"])
    assert {r["id"] for r in town.get(BASE).json()["results"]} == {mine.pk, other.pk}
    assert [r["id"] for r in town.get(BASE, {"org": "V002"}).json()["results"]] == [other.pk]
    assert [r["id"] for r in town.get(BASE, {"search": "李"}).json()["results"]] == [mine.pk]
    assert town.get(BASE, {"overdue": "true"}).json()["count"] == 2
    assert town.get(BASE, {"stage": "9"}).status_code == 400


def test_detail_shows_steps_people_next_steps_and_alerts(tree, late):
    applicant = walk(tree, apply(tree), 5)
    response = api_as(tree.accounts["secretary_a1"]).get(f"{BASE}{applicant.pk}/")
    body = response.json()
    assert response.status_code == 200
    assert [step["number"] for step in body["steps"]] == [1, 2, 3, 4, 5]
    assert body["steps"][3]["org"]["code"] == "T001"
    assert {(p["role"], p["person"]["id"]) for p in body["people"]} == {
        ("talker", tree.people["a1"][0].pk),
        ("contact", tree.people["a1"][1].pk),
    }
    assert body["next_steps"] == [
        {"number": 6, "name": "培养教育考察", "stage": 2, "due_on": "2024-09-01", "overdue": True, "blocked": None}
    ]
    assert [alert["rule"] for alert in body["alerts"]] == ["RECRUIT-03"]
    assert applicant.id_number not in response.content.decode()


def test_detail_out_of_scope_answers_like_missing(tree, late):
    applicant = apply(tree)
    client = api_as(tree.accounts["secretary_a2"])
    of_a1 = client.get(f"{BASE}{applicant.pk}/")
    missing = client.get(f"{BASE}{MISSING}/")
    assert of_a1.status_code == missing.status_code == 404
    assert of_a1.json() == missing.json()
    assert api_as(tree.accounts["member_a1"]).get(BASE).json()["count"] == 0


# --- the application -------------------------------------------------------------------------------------------


def application(**values):
    return {
        "org": "V001",
        "name": "赵丙",
        "id_number": id_number(birth=D(2001, 2, 3)),
        "education": "bachelor",
        "applied_on": "2026-03-01",
        **values,
    }


def test_create_records_step_1(tree, late):
    response = api_as(tree.accounts["secretary_a1"]).post(BASE, application(note="书面申请"), format="json")
    body = response.json()
    assert response.status_code == 201, body
    assert (body["birth_date"], body["gender"], body["step"]) == ("2001-02-03", "male", 1)
    assert body["steps"][0]["note"] == "书面申请"
    assert body["next_steps"][0]["due_on"] == "2026-04-01"


def test_create_under_18_is_a_400_with_the_rule(tree, late):
    client = api_as(tree.accounts["secretary_a1"])
    before = snapshot()
    response = client.post(BASE, application(id_number=id_number(birth=D(2008, 3, 2))), format="json")
    assert response.status_code == 400
    assert response.json()["applied_on"][0].startswith("未满18周岁不能申请入党")
    assert snapshot() == before


def test_create_elsewhere_is_refused(tree, late):
    secretary_a2, member = api_as(tree.accounts["secretary_a2"]), api_as(tree.accounts["member_a1"])
    before = snapshot()
    outside = secretary_a2.post(BASE, application(), format="json")
    assert outside.status_code == 400
    assert outside.json() == {"org": ["接收党支部代码：组织代码“V001”不存在"]}
    refused = member.post(BASE, application(), format="json")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "没有在该党组织登记入党申请人的权限"}
    assert snapshot() == before


def test_create_trained_by_a_branch_of_another_township(tree, late):
    body = application(trainer_org="V003", training_mode="two_way")
    response = api_as(tree.accounts["secretary_a1"]).post(BASE, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["trainer_org"]["code"] == "V003"
    secretary_b1 = make_account("secretary_b1", tree.community_b1, Role.BRANCH_SECRETARY)
    assert api_as(secretary_b1).get(f"{BASE}{response.json()['id']}/").status_code == 200
    unknown = api_as(tree.accounts["secretary_a1"]).post(BASE, application(trainer_org="X9"), format="json")
    assert unknown.json() == {"trainer_org": ["培养党组织代码(由其他支部培养时填写)：组织代码“X9”不存在"]}


# --- steps ----------------------------------------------------------------------------------------------------


def test_record_a_step_as_json(tree, late):
    applicant = apply(tree)
    client = api_as(tree.accounts["secretary_a1"])
    body = step_body(tree, applicant, 2, documents=[{"title": "谈话记录", "note": "存支部档案盒"}])
    response = client.post(f"{BASE}{applicant.pk}/steps/", body, format="json")
    assert response.status_code == 201, response.json()
    result = response.json()
    assert (result["step"], result["talked_on"]) == (2, "2024-01-20")
    assert result["steps"][1]["documents"][0]["title"] == "谈话记录"
    assert result["people"][0]["role_display"] == "谈话人"


def test_record_a_step_with_uploaded_files(tree, late, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    applicant = apply(tree)
    upload = SimpleUploadedFile("谈话记录表.pdf", b"%PDF-1.7", content_type="application/pdf")
    data = {
        "number": 2,
        "done_on": "2024-01-20",
        "people": [tree.people["a1"][0].pk],
        "files": [upload],
        "file_titles": ["谈话记录"],
        "documents": json.dumps([{"title": "入党申请书", "note": "原件存档"}], ensure_ascii=False),
    }
    response = api_as(tree.accounts["secretary_a1"]).post(f"{BASE}{applicant.pk}/steps/", data, format="multipart")
    assert response.status_code == 201, response.json()
    documents = {doc.title: doc for doc in RecruitDocument.objects.all()}
    assert set(documents) == {"谈话记录", "入党申请书"}
    assert documents["谈话记录"].file.read() == b"%PDF-1.7"
    shown = {doc["title"]: doc for doc in response.json()["steps"][1]["documents"]}
    assert (shown["谈话记录"]["file_name"].endswith(".pdf"), shown["谈话记录"]["file_size"]) == (True, 8)


def test_step_refusals_are_400_with_the_rule_and_change_nothing(tree, late):
    applicant = walk(tree, apply(tree), 6)
    client = api_as(tree.accounts["secretary_a1"])
    before = snapshot()
    early = client.post(f"{BASE}{applicant.pk}/steps/", step_body(tree, applicant, 7, D(2025, 2, 28)), format="json")
    assert early.status_code == 400
    assert early.json() == {"done_on": ["确定为入党积极分子满1年后方可确定为发展对象(最早2025-03-01)"]}
    skipped = client.post(f"{BASE}{applicant.pk}/steps/", step_body(tree, applicant, 9), format="json")
    assert skipped.json() == {"number": ["须先完成第7步“确定发展对象”,才能记录第9步“确定入党介绍人”"]}
    unknown = client.post(f"{BASE}{applicant.pk}/steps/", {"number": 7, "done_on": "2025-03-01", "x": 1}, format="json")
    assert unknown.json() == {"x": ["“x”不是可提交的项目"]}
    assert snapshot() == before


def test_vote_without_majority_is_a_400(tree, late):
    applicant = walk(tree, apply(tree), 14)
    client = api_as(tree.accounts["secretary_a1"])
    response = client.post(
        f"{BASE}{applicant.pk}/steps/", step_body(tree, applicant, 15, present=3, yes=1), format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"yes": ["赞成票1票,未超过应到会有表决权党员3人的半数,未通过"]}
    assert not Person.objects.filter(name="张申请").exists()


def test_committee_steps_are_403_for_the_branch_and_404_out_of_scope(tree, late):
    applicant = walk(tree, apply(tree), 3)
    secretary_a1, secretary_a2 = api_as(tree.accounts["secretary_a1"]), api_as(tree.accounts["secretary_a2"])
    before = snapshot()
    refused = secretary_a1.post(f"{BASE}{applicant.pk}/steps/", step_body(tree, applicant, 4), format="json")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "第4步“报上级党委备案”由上级党委办理"}
    outside = secretary_a2.post(f"{BASE}{applicant.pk}/steps/", step_body(tree, applicant, 4), format="json")
    assert outside.status_code == 404
    assert snapshot() == before
    done = api_as(tree.accounts["town_a"]).post(
        f"{BASE}{applicant.pk}/steps/", step_body(tree, applicant, 4), format="json"
    )
    assert done.status_code == 201


def test_the_whole_way_through_the_api(tree, late):
    applicant = apply(tree)
    for number in range(2, rules.LAST_STEP + 1):
        actor = tree.accounts["town_a"] if number in rules.COMMITTEE_STEPS else tree.accounts["secretary_a1"]
        response = api_as(actor).post(f"{BASE}{applicant.pk}/steps/", step_body(tree, applicant, number), format="json")
        assert response.status_code == 201, (number, response.json())
    body = response.json()
    assert (body["status"], body["step"], body["confirmed_on"]) == (ApplicantStatus.FULL, 25, "2026-06-01")
    assert body["person"]["name"] == "张申请"
    person = Person.objects.get(pk=body["person"]["id"])
    assert (person.status, person.joined_on, person.confirmed_on) == ("full", D(2025, 6, 1), D(2026, 6, 1))
    assert body["next_steps"] == []


# --- 六评三定 and stopping ---------------------------------------------------------------------------------------


def test_six_three_through_the_api(tree, late):
    county = tree.accounts["county"]
    settings_services.recruit_setting_save(actor=county, county=tree.county, six_three=True, pass_mark=Decimal(60))
    item = settings_services.score_item_save(
        actor=county, county=tree.county, name="综合表现", weight=Decimal(1), max_score=Decimal(100)
    )
    settings_services.township_quota_save(actor=county, township=tree.town_a, year=2025, quota=2)
    applicant = walk(tree, apply(tree), 11)
    town = api_as(tree.accounts["town_a"])
    url = f"{BASE}{applicant.pk}/"
    blocked = api_as(tree.accounts["secretary_a1"]).post(f"{url}steps/", step_body(tree, applicant, 12), format="json")
    assert blocked.json() == {"number": ["未经组织考察的不得进入讨论研究程序"]}
    scores = {"scores": [{"item": item.pk, "score": "59.50"}], "scored_on": "2025-05-02"}
    secretary = api_as(tree.accounts["secretary_a1"]).post(f"{url}scores/", scores, format="json")
    assert secretary.status_code == 403
    assert town.post(f"{url}scores/", scores, format="json").json()["score"] == "59.50"
    low = town.post(f"{url}inspect/", {"inspected_on": "2025-05-03"}, format="json")
    assert (low.status_code, low.json()) == (400, {"applicant": ["量化考评未达标,不得进行组织考察"]})
    scores["scores"][0]["score"] = "60"
    town.post(f"{url}scores/", scores, format="json")
    assert (
        town.post(f"{url}inspect/", {"inspected_on": "2025-05-03"}, format="json").json()["inspected_on"]
        == "2025-05-03"
    )
    nominated = town.post(f"{url}nominate/", {"nominated_on": "2025-05-04"}, format="json").json()
    assert (nominated["nominated_on"], nominated["quota_year"]) == ("2025-05-04", 2025)
    assert api_as(tree.accounts["secretary_a2"]).post(f"{url}nominate/", {}, format="json").status_code == 404


def test_stop_through_the_api(tree, late):
    applicant = walk(tree, apply(tree), 2)
    client = api_as(tree.accounts["secretary_a1"])
    missing_reason = client.post(f"{BASE}{applicant.pk}/stop/", {"ended_on": "2024-02-01"}, format="json")
    assert missing_reason.json() == {"reason": ["终止原因：该字段是必填项。"]}
    response = client.post(
        f"{BASE}{applicant.pk}/stop/", {"ended_on": "2024-02-01", "reason": "本人撤回"}, format="json"
    )
    assert (response.status_code, response.json()["status"]) == (200, "stopped")
    after = client.post(f"{BASE}{applicant.pk}/steps/", step_body(tree, applicant, 3), format="json")
    assert after.json() == {"number": ["已终止培养,不能再记录发展步骤"]}


# --- pipeline and alerts -----------------------------------------------------------------------------------------


def test_pipeline_of_a_branch_and_of_a_township(tree, late):
    first = walk(tree, apply(tree, name="一号"), 6)
    apply(tree, name="二号", org=tree.village_a2, actor=tree.accounts["secretary_a2"])
    branch = api_as(tree.accounts["secretary_a1"]).get("/api/v1/recruitment/pipeline/").json()
    assert branch["org"]["code"] == "V001"
    assert [row["id"] for row in branch["results"]] == [first.pk]
    row = branch["results"][0]
    assert (row["stage"], row["step_name"], row["next_step"]["number"], row["overdue"]) == (2, "培养教育考察", 7, True)
    assert branch["stages"][1] == {"stage": 2, "name": "入党积极分子的确定和培养教育", "count": 1}
    township = api_as(tree.accounts["town_a"]).get("/api/v1/recruitment/pipeline/", {"org": "T001"}).json()
    assert {row["name"] for row in township["results"]} == {"一号", "二号"}
    assert [s["count"] for s in township["stages"]] == [1, 1, 0, 0, 0]


def test_pipeline_of_an_org_out_of_scope_is_empty(tree, late):
    apply(tree)
    body = api_as(tree.accounts["secretary_a2"]).get("/api/v1/recruitment/pipeline/", {"org": "V001"}).json()
    assert (body["org"], body["count"], body["results"]) == (None, 0, [])
    assert [s["count"] for s in body["stages"]] == [0, 0, 0, 0, 0]


def test_alerts_list_the_overdue_applicants(tree, settings):
    settings.DANGJIAN_TODAY = D(2026, 4, 16)
    applicant = apply(tree, applied_on=D(2026, 3, 15))
    apply(tree, name="按期", applied_on=D(2026, 3, 16))
    client = api_as(tree.accounts["town_a"])
    body = client.get("/api/v1/recruitment/alerts/", {"org": "T001"}).json()
    assert body["count"] == 1
    assert body["results"][0]["id"] == applicant.pk
    assert body["results"][0]["alerts"] == [
        {
            "rule": "RECRUIT-02",
            "message": "递交入党申请书后1个月内未派人谈话(应于2026-04-15前谈话)",
            "due_on": "2026-04-15",
            "days_overdue": 1,
        }
    ]
    settings.DANGJIAN_TODAY = D(2026, 4, 15)
    assert client.get("/api/v1/recruitment/alerts/", {"org": "T001"}).json()["count"] == 0


def test_a_form_without_a_conclusion_does_not_record_a_failed_check(tree, late):
    applicant = walk(tree, apply(tree), 9)
    client = api_as(tree.accounts["secretary_a1"])
    url = f"{BASE}{applicant.pk}/steps/"
    missing = client.post(url, {"number": 10, "done_on": "2025-04-01"}, format="multipart")
    assert missing.json() == {"passed": ["请填写结论:通过或未通过"]}
    passed = client.post(url, {"number": 10, "done_on": "2025-04-01", "passed": "true"}, format="multipart")
    assert passed.status_code == 201
    assert passed.json()["steps"][-1]["passed"] is True
