"""民主评议 through the API: start, ballots, self-assessment, decision, follow-up and closing — and the refusals
(400 with the Chinese rule, 403, 404 outside the scope), none of which writes anything."""

import datetime as dt

import pytest

from dangjian.core.choices import MemberStatus, Standing
from dangjian.core.models import AuditEntry, Person
from dangjian.members.models import EvaluationCampaign, EvaluationEntry, EvaluationFollowup
from tests.core.factories import make_person
from tests.members.api import api_as

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)
CAMPAIGNS = "/api/v1/evaluation/campaigns/"


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


@pytest.fixture
def secretary(tree, today):
    return api_as(tree.accounts["secretary_a1"])


@pytest.fixture
def campaign(tree, secretary):
    make_person(
        tree.village_a1,
        name="钱预备",
        status=MemberStatus.PROBATIONARY,
        joined_on=dt.date(2025, 9, 1),
        confirmed_on=None,
    )
    response = secretary.post(CAMPAIGNS, {"org": "V001", "year": 2025, "started_on": "2026-01-10"}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_start_answers_with_the_counts(campaign):
    assert campaign["org"]["code"] == "V001"
    assert (campaign["members"], campaign["probationary_count"], campaign["excellent"]) == (4, 1, 0)
    assert campaign["status"] == "open" and campaign["status_display"] == "评议中"


def test_start_refusals_write_nothing(tree, secretary, campaign):
    member = api_as(tree.accounts["member_a1"])
    entries_before = AuditEntry.objects.count()
    again = secretary.post(CAMPAIGNS, {"org": "V001", "year": 2025, "started_on": "2026-02-01"}, format="json")
    assert again.status_code == 400
    assert again.json() == {"year": ["该党支部2025年度已开展民主评议(每年一次,ORG-08)"]}
    future = secretary.post(CAMPAIGNS, {"org": "V001", "year": 2026, "started_on": "2026-03-02"}, format="json")
    assert future.json() == {"started_on": ["开始日期不能晚于今天"]}
    other = secretary.post(CAMPAIGNS, {"org": "V002", "year": 2025, "started_on": "2026-01-10"}, format="json")
    assert other.status_code == 400 and "组织代码“V002”不存在" in other.json()["org"][0]
    refused = member.post(CAMPAIGNS, {"org": "V001", "year": 2026, "started_on": "2026-02-01"}, format="json")
    assert refused.status_code == 403
    assert EvaluationCampaign.objects.count() == 1 and AuditEntry.objects.count() == entries_before


def entry_of(tree, campaign, index):
    return EvaluationEntry.objects.get(campaign_id=campaign["id"], person=tree.people["a1"][index])


def test_ballots_and_self_assessment(tree, secretary, campaign):
    entry = entry_of(tree, campaign, 0)
    response = secretary.post(
        f"/api/v1/evaluation/entries/{entry.pk}/ballots/", {"mutual_excellent": 3, "public_basic": 7}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["mutual_excellent"], response.json()["public_basic"]) == (3, 7)
    too_many = secretary.post(f"/api/v1/evaluation/entries/{entry.pk}/ballots/", {"mutual_basic": 2}, format="json")
    assert too_many.status_code == 400
    assert too_many.json() == {"mutual_excellent": ["互评票数合计5张,超过参加评议的党员人数4人"]}
    negative = secretary.post(f"/api/v1/evaluation/entries/{entry.pk}/ballots/", {"mutual_basic": -1}, format="json")
    assert negative.status_code == 400 and "mutual_basic" in negative.json()
    member = api_as(tree.accounts["member_a1"])
    own = member.post(
        f"/api/v1/evaluation/entries/{entry.pk}/self-assessment/",
        {"self_assessment": "积极参加志愿服务"},
        format="json",
    )
    assert own.status_code == 200 and own.json()["self_assessment"] == "积极参加志愿服务"
    other = entry_of(tree, campaign, 1)
    assert (
        member.post(
            f"/api/v1/evaluation/entries/{other.pk}/self-assessment/", {"self_assessment": "代写"}, format="json"
        ).status_code
        == 404
    )
    assert [row["id"] for row in member.get("/api/v1/evaluation/entries/").json()["results"]] == [entry.pk]
    assert member.get(CAMPAIGNS).json()["count"] == 0


def grades(tree, **by_index):
    rows = [{"person": p.pk, "grade": "qualified"} for p in tree.people["a1"]]
    for index, grade in by_index.items():
        rows[int(index[1:])]["grade"] = grade
    return rows


def test_decide_with_the_quota_and_the_probationary_rule(tree, secretary, campaign):
    url = f"{CAMPAIGNS}{campaign['id']}/decide/"
    two_excellent = secretary.post(
        url, {"decided_on": "2026-02-20", "grades": grades(tree, i0="excellent", i1="excellent")}, format="json"
    )
    assert two_excellent.status_code == 400
    assert two_excellent.json() == {
        "grades": ["优秀等次不超过评定等次党员的三分之一(ORG-08):本次评定3名,优秀最多1名,现为2名"]
    }
    probationary = Person.objects.get(name="钱预备")
    with_probationary = [*grades(tree), {"person": probationary.pk, "grade": "qualified"}]
    refused = secretary.post(url, {"decided_on": "2026-02-20", "grades": with_probationary}, format="json")
    assert refused.json() == {"grades": ["预备党员参加民主评议,但不评定等次(ORG-08):钱预备"]}
    bad_grade = secretary.post(
        url, {"decided_on": "2026-02-20", "grades": [{"person": 1, "grade": "good"}]}, format="json"
    )
    assert bad_grade.status_code == 400
    assert EvaluationEntry.objects.exclude(grade="").count() == 0

    decided = secretary.post(
        url, {"decided_on": "2026-02-20", "grades": grades(tree, i0="excellent", i2="unqualified")}, format="json"
    )
    assert decided.status_code == 200, decided.content
    body = decided.json()
    assert (body["status"], body["excellent"], body["qualified"], body["unqualified"]) == ("decided", 1, 1, 1)
    again = secretary.post(url, {"decided_on": "2026-02-21", "grades": grades(tree)}, format="json")
    assert again.json() == {"campaign": ["本次民主评议已确定等次"]}


def test_follow_up_and_its_closing(tree, secretary, campaign):
    secretary.post(
        f"{CAMPAIGNS}{campaign['id']}/decide/",
        {"decided_on": "2026-02-20", "grades": grades(tree, i2="unqualified")},
        format="json",
    )
    entry = entry_of(tree, campaign, 2)
    url = f"/api/v1/evaluation/entries/{entry.pk}/followup/"
    late = secretary.post(
        url, {"measure": "correct", "decided_on": "2026-02-25", "deadline": "2027-02-26"}, format="json"
    )
    assert late.status_code == 400 and late.json() == {"deadline": ["限期改正的期限不超过1年,最晚2027-02-25"]}
    qualified = entry_of(tree, campaign, 0)
    wrong = secretary.post(
        f"/api/v1/evaluation/entries/{qualified.pk}/followup/",
        {"measure": "persuade", "decided_on": "2026-02-25"},
        format="json",
    )
    assert wrong.json() == {"entry": ["只有评定为不合格的党员需要作出组织处置"]}
    created = secretary.post(
        url, {"measure": "correct", "decided_on": "2026-02-25", "deadline": "2027-02-25"}, format="json"
    )
    assert created.status_code == 201
    followup = created.json()
    assert (followup["measure_display"], followup["deadline"], followup["overdue"]) == ("限期改正", "2027-02-25", False)
    assert secretary.get("/api/v1/evaluation/followups/", {"overdue": "true"}).json()["count"] == 0

    close = f"/api/v1/evaluation/followups/{followup['id']}/close/"
    removal = {
        "closed_on": "2026-03-01",
        "outcome": "经教育仍无转变,本人坚持不退党,支部大会决定除名",
        "to_standing": "removed",
        "branch_resolution_on": "2026-02-27",
        "approved_on": "2026-02-28",
    }
    assert secretary.post(close, removal, format="json").status_code == 403
    assert EvaluationFollowup.objects.get().status == "open"
    township = api_as(tree.accounts["town_a"])
    done = township.post(close, removal, format="json")
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert Person.objects.get(pk=entry.person_id).standing == Standing.REMOVED


def test_other_branches_get_404(tree, secretary, campaign):
    other = api_as(tree.accounts["secretary_a2"])
    entry = entry_of(tree, campaign, 0)
    assert other.get(f"{CAMPAIGNS}{campaign['id']}/").status_code == 404
    response = other.post(
        f"{CAMPAIGNS}{campaign['id']}/decide/", {"decided_on": "2026-02-20", "grades": []}, format="json"
    )
    assert response.status_code == 404
    assert (
        other.post(f"/api/v1/evaluation/entries/{entry.pk}/ballots/", {"mutual_basic": 1}, format="json").status_code
        == 404
    )
    assert other.get(CAMPAIGNS, {"org": "V001"}).json()["count"] == 0
    assert EvaluationCampaign.objects.get().status == "open"
