"""People through the API: filters, pagination, edits through the services with audit, the ID-number reveal."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from dangjian.core.api.services import api_token_issue
from dangjian.core.models import AuditEntry, Person
from tests.core.factories import id_number, make_person

pytestmark = pytest.mark.django_db


def api_as(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(actor=user)}")
    return client


def ids(response):
    return sorted(row["id"] for row in response.json()["results"])


def pks(people):
    return sorted(p.pk for p in people)


def person_state(person):
    return Person.objects.filter(pk=person.pk).values().get()


def test_list_is_paginated_and_scoped(tree):
    response = api_as(tree.accounts["town_a"]).get("/api/v1/people/", {"page_size": 2})
    body = response.json()
    assert response.status_code == 200
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 5
    assert len(body["results"]) == 2
    assert body["previous"] is None
    assert "page=2" in body["next"]
    last = api_as(tree.accounts["town_a"]).get("/api/v1/people/", {"page_size": 2, "page": 3}).json()
    assert len(last["results"]) == 1
    assert last["next"] is None


def test_a_page_past_the_end_is_a_chinese_404(tree):
    response = api_as(tree.accounts["town_a"]).get("/api/v1/people/", {"page": 99})
    assert response.status_code == 404
    assert response.json() == {"detail": "无效页面。"}


def test_list_shows_the_masked_id_number_only(tree):
    person = tree.people["a1"][0]
    response = api_as(tree.accounts["secretary_a1"]).get("/api/v1/people/")
    row = next(r for r in response.json()["results"] if r["id"] == person.pk)
    assert row["id_number_masked"] == person.id_number_masked
    assert "*" in row["id_number_masked"]
    assert person.id_number not in response.content.decode()
    assert row["gender_display"] == "男"
    assert row["status_display"] == "正式党员"
    assert row["org"] == {"id": tree.village_a1.pk, "code": "V001", "name": "东城镇李庄村党支部"}
    detail = api_as(tree.accounts["secretary_a1"]).get(f"/api/v1/people/{person.pk}/")
    assert person.id_number not in detail.content.decode()
    assert detail.json()["phone"] == "13800138000"


def test_filter_by_org_subtree(tree):
    client = api_as(tree.accounts["county"])
    assert ids(client.get("/api/v1/people/", {"org": "T001"})) == pks(tree.people["a1"] + tree.people["a2"])
    assert ids(client.get("/api/v1/people/", {"org": "V003"})) == pks(tree.people["b1"])
    assert ids(client.get("/api/v1/people/", {"org": "NOPE"})) == []


def test_filter_by_name(tree):
    person = tree.people["a2"][1]
    response = api_as(tree.accounts["county"]).get("/api/v1/people/", {"search": person.name})
    assert ids(response) == [person.pk]


def test_filter_by_exact_id_number(tree):
    person = tree.people["b1"][0]
    client = api_as(tree.accounts["county"])
    assert ids(client.get("/api/v1/people/", {"id_number": person.id_number})) == [person.pk]
    assert ids(client.get("/api/v1/people/", {"id_number": person.id_number[:-1]})) == []


def test_filter_by_choice_and_a_bad_choice_is_refused(tree):
    woman = make_person(tree.village_a2, gender="female")
    client = api_as(tree.accounts["county"])
    assert ids(client.get("/api/v1/people/", {"gender": "female"})) == [woman.pk]
    response = client.get("/api/v1/people/", {"gender": "nobody"})
    assert response.status_code == 400
    assert "gender" in response.json()


def test_patch_changes_the_person_and_records_before_and_after(tree):
    person = tree.people["a1"][1]
    old_name = person.name
    response = api_as(tree.accounts["secretary_a1"]).patch(
        f"/api/v1/people/{person.pk}/", {"name": "李明", "education": "bachelor"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["name"] == "李明"
    assert response.json()["education_display"] == "大学本科"
    person.refresh_from_db()
    assert (person.name, person.education) == ("李明", "bachelor")
    entry = AuditEntry.objects.filter(object_type="core.person", object_id=str(person.pk)).latest("id")
    assert entry.action == "update"
    assert entry.source == "api"
    assert entry.actor == tree.accounts["secretary_a1"]
    assert entry.before == {"name": old_name, "education": "high_school"}
    assert entry.after == {"name": "李明", "education": "bachelor"}
    assert entry.request_id


def test_patch_moves_a_person_to_another_org_in_scope(tree):
    person = tree.people["a1"][1]
    response = api_as(tree.accounts["town_a"]).patch(f"/api/v1/people/{person.pk}/", {"org": "V002"}, format="json")
    assert response.status_code == 200
    assert response.json()["org"]["code"] == "V002"
    person.refresh_from_db()
    assert (person.org, person.org_path) == (tree.village_a2, tree.village_a2.path)


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        ({"gender": "robot"}, "gender", "性别"),
        ({"joined_on": "2020-13-45"}, "joined_on", "入党日期"),
        ({"name": ""}, "name", "姓名"),
        ({"phone": "12345"}, "phone", "联系电话"),
        ({"confirmed_on": "2005-08-01"}, "confirmed_on", "转正日期"),
        ({"id_number": "110101199003070000"}, "id_number", "不是可提交的项目"),
        ({"org": "V003"}, "org", "组织代码“V003”不存在"),
    ],
)
def test_patch_with_a_bad_value_names_the_field_in_chinese_and_changes_nothing(tree, payload, field, words):
    person = tree.people["a1"][1]
    client = api_as(tree.accounts["secretary_a1"])
    before = person_state(person)
    entries = AuditEntry.objects.count()
    response = client.patch(f"/api/v1/people/{person.pk}/", payload, format="json")
    assert response.status_code == 400
    assert words in " ".join(response.json()[field])
    assert person_state(person) == before
    assert AuditEntry.objects.count() == entries


def test_member_cannot_patch_and_nothing_changes(tree):
    person = tree.people["a1"][0]  # the member's own record
    client = api_as(tree.accounts["member_a1"])
    before = person_state(person)
    entries = AuditEntry.objects.count()
    response = client.patch(f"/api/v1/people/{person.pk}/", {"name": "改名"}, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "没有修改该党员信息的权限"}
    assert person_state(person) == before
    assert AuditEntry.objects.count() == entries


def test_member_sees_only_themself(tree):
    client = api_as(tree.accounts["member_a1"])
    assert ids(client.get("/api/v1/people/")) == [tree.people["a1"][0].pk]
    assert client.get(f"/api/v1/people/{tree.people['a1'][1].pk}/").status_code == 404


def test_reveal_returns_the_clear_number_and_is_audited(tree):
    person = tree.people["a1"][2]
    entries = AuditEntry.objects.filter(action="reveal", object_id=str(person.pk))
    response = api_as(tree.accounts["secretary_a1"]).post(f"/api/v1/people/{person.pk}/reveal-id-number/")
    assert response.status_code == 200
    assert response.json() == {"id_number": person.id_number}
    assert response["Cache-Control"] == "no-store"
    entry = entries.get()
    assert (entry.actor, entry.source) == (tree.accounts["secretary_a1"], "api")
    assert entry.after == {"id_number": person.id_number_masked}


def test_member_may_reveal_only_their_own_number(tree):
    client = api_as(tree.accounts["member_a1"])
    own = tree.people["a1"][0]
    assert client.post(f"/api/v1/people/{own.pk}/reveal-id-number/").json() == {"id_number": own.id_number}
    other = tree.people["a1"][1]
    response = client.post(f"/api/v1/people/{other.pk}/reveal-id-number/")
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="reveal", object_id=str(other.pk)).exists()


def test_create_a_person_through_the_service(tree):
    number = id_number(birth=dt.date(1990, 3, 7), male=False)
    payload = {
        "org": "V002",
        "name": "王芳",
        "gender": "female",
        "id_number": number,
        "education": "bachelor",
        "status": "probationary",
        "joined_on": (dt.date.today() - dt.timedelta(days=30)).isoformat(),
    }
    response = api_as(tree.accounts["town_a"]).post("/api/v1/people/", payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["birth_date"] == "1990-03-07"
    assert body["org"]["code"] == "V002"
    assert number not in response.content.decode()
    person = Person.objects.get(pk=body["id"])
    assert person.id_number == number
    entry = AuditEntry.objects.filter(object_type="core.person", object_id=str(person.pk)).get()
    assert (entry.action, entry.source) == ("create", "api")
    assert number not in str(entry.after)


def test_create_with_bad_values_lists_every_field_and_creates_nothing(tree):
    count = Person.objects.count()
    payload = {"org": "V002", "name": "王芳", "gender": "female", "id_number": "110101199003070001"}
    response = api_as(tree.accounts["town_a"]).post("/api/v1/people/", payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) >= {"education", "status", "joined_on"}
    assert "学历" in body["education"][0]
    assert Person.objects.count() == count


def test_create_in_an_org_outside_scope_reads_like_an_unknown_org(tree):
    count = Person.objects.count()
    payload = {"name": "王芳", "gender": "female", "id_number": id_number(male=False), "education": "bachelor"}
    payload |= {"status": "full", "joined_on": "2000-07-01", "confirmed_on": "2001-07-01"}
    client = api_as(tree.accounts["secretary_a2"])
    outside = client.post("/api/v1/people/", {**payload, "org": "V001"}, format="json")
    missing = client.post("/api/v1/people/", {**payload, "org": "V999"}, format="json")
    assert outside.status_code == missing.status_code == 400
    assert outside.json()["org"] == [m.replace("V999", "V001") for m in missing.json()["org"]]
    assert Person.objects.count() == count


def test_member_cannot_create(tree):
    count = Person.objects.count()
    payload = {"org": "V001", "name": "王芳", "gender": "female", "id_number": id_number(male=False)}
    payload |= {"education": "bachelor", "status": "full", "joined_on": "2000-07-01", "confirmed_on": "2001-07-01"}
    response = api_as(tree.accounts["member_a1"]).post("/api/v1/people/", payload, format="json")
    assert response.status_code == 403
    assert Person.objects.count() == count


def test_list_query_count_does_not_grow_with_the_page(tree, django_assert_max_num_queries):
    for _ in range(5):
        make_person(tree.village_a2)
    client = api_as(tree.accounts["county"])
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/people/")
    assert response.json()["count"] == 12
