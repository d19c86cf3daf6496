"""Study through the API: the bank, quizzes (create, publish, submit with the window's boundaries), attempts with
their review, the hours table and self-study — and the refusals (400 naming the rule, 403, 404 out of scope)."""

import datetime as dt

import pytest

from dangjian.orglife.models import Question, Quiz, QuizAttempt, StudyLog
from tests.members.api import api_as
from tests.orglife.study_world import study_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 16)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


@pytest.fixture
def county(tree, today):
    return api_as(tree.accounts["county"])


def add_question(client, **overrides):
    body = {
        "topic": "党章",
        "kind": "single",
        "stem": "入党誓词中“随时准备为党和人民牺牲一切”之前是",
        "options": ["永不叛党", "服从组织"],
        "answer": [0],
        "explanation": "党章第六条",
    }
    return client.post("/api/v1/orglife/study/questions/", body | overrides, format="json")


def test_bank_and_quiz_workflow(tree, county, settings):
    single = add_question(county)
    assert single.status_code == 201 and single.json()["answer_text"] == "A"
    judge = add_question(
        county, kind="judge", stem="党员有权在党的会议上批评党的任何组织和任何党员", options=[], answer=[1]
    )
    assert judge.json()["answer_text"] == "对"
    bad = add_question(county, kind="multiple", answer=[0])
    assert bad.status_code == 400 and bad.json() == {"answer": ["多选题应至少有两个正确答案"]}
    created = county.post(
        "/api/v1/orglife/study/quizzes/",
        {
            "title": "党章测试",
            "opens_on": "2026-03-16",
            "closes_on": "2026-03-31",
            "study_hours": "2",
            "topics": ["党章"],
        },
        format="json",
    )
    assert created.status_code == 201 and created.json()["question_count"] == 2 and not created.json()["published"]
    pk = created.json()["id"]
    member = api_as(tree.accounts["member_a1"])
    assert member.get(f"/api/v1/orglife/study/quizzes/{pk}/").status_code == 404
    assert county.post(f"/api/v1/orglife/study/quizzes/{pk}/publish/").json()["published"] is True
    paper = member.get(f"/api/v1/orglife/study/quizzes/{pk}/").json()
    assert [q["kind"] for q in paper["questions"]] == ["single", "judge"] and "answer" not in paper["questions"][0]
    assert member.get("/api/v1/orglife/study/questions/").json()["count"] == 0
    ids = [q["id"] for q in paper["questions"]]
    submitted = member.post(
        f"/api/v1/orglife/study/quizzes/{pk}/submit/", {"answers": {str(ids[0]): [0], str(ids[1]): [1]}}, format="json"
    )
    assert submitted.status_code == 201
    result = submitted.json()
    assert (result["score"], result["passed"]) == ("100.0", True)
    assert result["review"][0]["explanation"] == "党章第六条" and result["review"][1]["answer_text"] == "对"
    hours = county.get("/api/v1/orglife/study/hours/", {"org": "V001"}).json()["results"]
    assert {row["name"]: (row["hours"], row["short"], row["met"]) for row in hours}[tree.people["a1"][0].name] == (
        "2.0",
        "30.0",
        False,
    )
    settings.DANGJIAN_TODAY = dt.date(2026, 4, 1)
    late = member.post(
        f"/api/v1/orglife/study/quizzes/{pk}/submit/", {"answers": {str(ids[0]): [0], str(ids[1]): [1]}}, format="json"
    )
    assert late.status_code == 400 and late.json() == {"quiz": ["测试已截止"]}
    assert QuizAttempt.objects.count() == 1
    refused = county.delete(f"/api/v1/orglife/study/quizzes/{pk}/")
    assert refused.status_code == 400 and refused.json() == {"quiz": ["已有党员作答的测试不能删除"]}


def test_a_quiz_not_yet_open(tree, county):
    question = add_question(county).json()
    created = county.post(
        "/api/v1/orglife/study/quizzes/",
        {"title": "四月测试", "opens_on": "2026-04-01", "closes_on": "2026-04-30", "questions": [question["id"]]},
        format="json",
    )
    pk = created.json()["id"]
    county.post(f"/api/v1/orglife/study/quizzes/{pk}/publish/")
    early = api_as(tree.accounts["member_a1"]).post(
        f"/api/v1/orglife/study/quizzes/{pk}/submit/", {"answers": {str(question["id"]): [0]}}, format="json"
    )
    assert early.status_code == 400 and early.json() == {"quiz": ["测试尚未开始"]}
    missing = county.post(
        "/api/v1/orglife/study/quizzes/",
        {"title": "错", "opens_on": "2026-04-01", "closes_on": "2026-04-30", "questions": [10**9]},
        format="json",
    )
    assert missing.status_code == 400 and missing.json() == {"questions": [f"编号为{10**9}的试题不存在"]}


def test_self_study_through_the_api(tree, today):
    secretary = api_as(tree.accounts["secretary_a1"])
    person = tree.people["a1"][1]
    created = secretary.post(
        "/api/v1/orglife/study/logs/",
        {"person": person.pk, "day": "2026-03-16", "hours": "3.5", "note": "自学"},
        format="json",
    )
    assert created.status_code == 201 and created.json()["source"] == "self"
    too_much = secretary.post(
        "/api/v1/orglife/study/logs/",
        {"person": person.pk, "day": "2026-03-16", "hours": "21", "note": "自学"},
        format="json",
    )
    assert too_much.status_code == 400 and too_much.json() == {"hours": ["该党员当天已有3.5学时,合计不能超过24"]}
    other = api_as(tree.accounts["secretary_a2"])
    outside = other.post(
        "/api/v1/orglife/study/logs/",
        {"person": person.pk, "day": "2026-03-16", "hours": "1", "note": "自学"},
        format="json",
    )
    assert outside.status_code == 400 and "person" in outside.json()
    assert other.delete(f"/api/v1/orglife/study/logs/{created.json()['id']}/").status_code == 404
    assert secretary.delete(f"/api/v1/orglife/study/logs/{created.json()['id']}/").status_code == 204
    assert not StudyLog.objects.exists()


def test_another_branch_sees_nothing_of_a1(tree, today):
    world = study_world(tree)
    viewer = api_as(tree.accounts["secretary_a2"])
    for path, model in (
        ("questions", Question),
        ("quizzes", Quiz),
        ("attempts", QuizAttempt),
        ("logs", StudyLog),
    ):
        listed = viewer.get(f"/api/v1/orglife/study/{path}/").json()
        assert listed["results"], path
        assert not {row["id"] for row in listed["results"]} & {obj.pk for obj in world[model]}, path
        a1 = world[model][0].pk
        of_a1, missing = (
            viewer.get(f"/api/v1/orglife/study/{path}/{a1}/"),
            viewer.get(f"/api/v1/orglife/study/{path}/{10**9}/"),
        )
        assert of_a1.status_code == missing.status_code == 404 and of_a1.json() == missing.json()
    quiz = world[Quiz][0]
    assert viewer.post(f"/api/v1/orglife/study/quizzes/{quiz.pk}/submit/", {}, format="json").status_code == 404
    hours = viewer.get("/api/v1/orglife/study/hours/").json()
    assert {row["org"]["code"] for row in hours["results"]} == {"V002"}
    assert viewer.get("/api/v1/orglife/study/hours/", {"year": "1800"}).status_code == 400
