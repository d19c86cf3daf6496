"""党内关爱 through the API: hardship records and the roll flag, visits (create, correct, delete), who is still to
be visited, the totals — and the refusals (400 with the rule, 403, 404 outside the scope)."""

import datetime as dt

import pytest

from dangjian.core.models import Person
from dangjian.members.models import CareVisit
from tests.core.factories import make_person
from tests.members.api import api_as

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


@pytest.fixture
def secretary(tree, today):
    return api_as(tree.accounts["secretary_a1"])


def visit_body(person, **overrides):
    body = {
        "person": person.pk,
        "kind": "illness",
        "visited_on": "2026-02-12",
        "visitors": "李书记",
        "amount": "300.00",
    }
    return body | overrides


def test_hardship_create_and_end_keep_the_flag(tree, secretary):
    person = tree.people["a1"][1]
    created = secretary.post(
        "/api/v1/care/hardships/", {"person": person.pk, "kind": "illness", "since": "2026-01-05"}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["kind_display"] == "重大疾病" and created.json()["org"]["code"] == "V001"
    assert Person.objects.get(pk=person.pk).in_hardship
    ended = secretary.post(
        f"/api/v1/care/hardships/{created.json()['id']}/end/", {"until": "2026-02-28"}, format="json"
    )
    assert ended.status_code == 200 and ended.json()["until"] == "2026-02-28"
    assert not Person.objects.get(pk=person.pk).in_hardship
    again = secretary.post(
        f"/api/v1/care/hardships/{created.json()['id']}/end/", {"until": "2026-03-01"}, format="json"
    )
    assert again.status_code == 400 and again.json() == {"until": ["该困难情况已于2026-02-28解除"]}
    assert secretary.get("/api/v1/care/hardships/", {"current": "true"}).json()["count"] == 0


def test_visit_workflow(tree, secretary):
    person = tree.people["a1"][1]
    created = secretary.post("/api/v1/care/visits/", visit_body(person, goods="牛奶"), format="json")
    assert created.status_code == 201
    visit = created.json()
    assert (visit["amount"], visit["kind_display"], visit["goods"]) == ("300.00", "生病探望", "牛奶")
    corrected = secretary.patch(f"/api/v1/care/visits/{visit['id']}/", {"amount": "280.50"}, format="json")
    assert corrected.status_code == 200 and corrected.json()["amount"] == "280.50"
    assert secretary.get("/api/v1/care/visits/", {"year": 2026, "kind": "illness"}).json()["count"] == 1
    assert secretary.delete(f"/api/v1/care/visits/{visit['id']}/").status_code == 204
    assert not CareVisit.objects.exists()


def test_visit_refusals(tree, secretary):
    person = tree.people["a1"][1]
    future = secretary.post("/api/v1/care/visits/", visit_body(person, visited_on="2026-03-02"), format="json")
    assert future.status_code == 400 and future.json() == {"visited_on": ["走访日期不能晚于今天"]}
    fen = secretary.post("/api/v1/care/visits/", visit_body(person, amount="1.005"), format="json")
    assert fen.status_code == 400 and "amount" in fen.json()
    negative = secretary.post("/api/v1/care/visits/", visit_body(person, amount="-5"), format="json")
    assert negative.status_code == 400 and "amount" in negative.json()
    outside = secretary.post("/api/v1/care/visits/", visit_body(tree.people["a2"][0]), format="json")
    assert outside.status_code == 400 and outside.json()["person"] == [
        f"党员编号：编号为{tree.people['a2'][0].pk}的党员不存在"
    ]
    member = api_as(tree.accounts["member_a1"]).post(
        "/api/v1/care/visits/", visit_body(tree.people["a1"][0]), format="json"
    )
    assert member.status_code == 403
    assert not CareVisit.objects.exists()


def test_visits_of_another_branch_answer_404(tree, secretary):
    person = tree.people["a1"][1]
    visit = secretary.post("/api/v1/care/visits/", visit_body(person), format="json").json()
    other = api_as(tree.accounts["secretary_a2"])
    assert other.get(f"/api/v1/care/visits/{visit['id']}/").status_code == 404
    assert other.patch(f"/api/v1/care/visits/{visit['id']}/", {"amount": "1.00"}, format="json").status_code == 404
    assert other.delete(f"/api/v1/care/visits/{visit['id']}/").status_code == 404
    assert CareVisit.objects.get().amount == 300


def test_who_is_due_and_the_totals(tree, secretary):
    old = make_person(tree.village_a1, name="郑老人", birth_date=dt.date(1940, 5, 1))
    due = secretary.get("/api/v1/care/due/").json()
    assert [row["name"] for row in due["results"]] == ["郑老人"] and due["results"][0]["is_elderly"] is True
    assert secretary.get("/api/v1/care/due/", {"reason": "hardship"}).json()["count"] == 0
    secretary.post("/api/v1/care/visits/", visit_body(old, amount="100.00"), format="json")
    assert secretary.get("/api/v1/care/due/").json()["count"] == 0
    totals = api_as(tree.accounts["county"]).get("/api/v1/care/totals/", {"year": 2026}).json()
    assert totals["townships"] == [
        {
            "org": {"id": tree.town_a.pk, "code": "T001", "name": "东城镇党委"},
            "visits": 1,
            "people": 1,
            "amount": "100.00",
        }
    ]
    assert [row["org"]["code"] for row in totals["branches"]] == ["V001"]
    bad = secretary.get("/api/v1/care/totals/", {"year": "20x6"})
    assert bad.status_code == 400 and bad.json() == {"year": ["年度“20x6”无效,应为2000至2099之间的年份"]}
    assert api_as(tree.accounts["secretary_a2"]).get("/api/v1/care/totals/").json()["branches"] == []
