"""Orgs, posts and the audit trail through the API."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from dangjian.core.api.services import api_token_issue
from dangjian.core.models import AuditEntry, Org, Person, Post
from dangjian.core.services import post_create

pytestmark = pytest.mark.django_db


def api_as(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(actor=user)}")
    return client


def codes(response):
    assert response.status_code == 200, response.json()
    return [row["code"] for row in response.json()["results"]]


def org_state(org):
    return Org.objects.filter(pk=org.pk).values().get()


def test_org_list_is_scoped_in_tree_order_with_chinese_labels(tree):
    assert codes(api_as(tree.accounts["county"]).get("/api/v1/orgs/")) == [
        "C001",
        "T001",
        "V001",
        "V002",
        "T002",
        "V003",
    ]
    response = api_as(tree.accounts["town_a"]).get("/api/v1/orgs/")
    assert codes(response) == ["T001", "V001", "V002"]
    town = response.json()["results"][0]
    assert (town["kind"], town["kind_display"]) == ("party_committee", "党委")
    assert (town["domain"], town["domain_display"]) == ("township", "乡镇")
    assert (town["parent_id"], town["parent_code"]) == (tree.county.pk, "C001")
    assert town["child_count"] == 2


def test_org_filters(tree):
    client = api_as(tree.accounts["county"])
    assert codes(client.get("/api/v1/orgs/", {"within": "T002"})) == ["T002", "V003"]
    assert codes(client.get("/api/v1/orgs/", {"kind": "working_committee"})) == ["T002"]
    assert codes(client.get("/api/v1/orgs/", {"search": "王庄"})) == ["V002"]
    assert codes(client.get("/api/v1/orgs/", {"search": "v003"})) == ["V003"]
    assert codes(client.get("/api/v1/orgs/", {"domain": "community"})) == ["V003"]


def test_children_are_the_direct_children_in_scope(tree):
    response = api_as(tree.accounts["county"]).get(f"/api/v1/orgs/{tree.county.pk}/children/")
    assert codes(response) == ["T001", "T002"]
    assert set(response.json()) == {"count", "next", "previous", "results"}


def test_patch_org_through_the_service(tree):
    org = tree.village_a2
    response = api_as(tree.accounts["town_a"]).patch(
        f"/api/v1/orgs/{org.pk}/", {"short_name": "王庄村", "term_start": "2024-01-01"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["short_name"] == "王庄村"
    org.refresh_from_db()
    assert (org.short_name, org.term_start) == ("王庄村", dt.date(2024, 1, 1))
    entry = AuditEntry.objects.filter(object_type="core.org", object_id=str(org.pk)).latest("id")
    assert (entry.action, entry.source) == ("update", "api")
    assert entry.after == {"short_name": "王庄村", "term_start": "2024-01-01"}


def test_patch_org_with_a_bad_term_names_the_field_and_changes_nothing(tree):
    org = tree.village_a2
    client = api_as(tree.accounts["town_a"])
    before = org_state(org)
    response = client.patch(
        f"/api/v1/orgs/{org.pk}/", {"term_start": "2024-01-01", "term_end": "2023-01-01"}, format="json"
    )
    assert response.status_code == 400
    assert "任期届满" in response.json()["term_end"][0]
    assert org_state(org) == before


def test_code_cannot_be_patched(tree):
    org = tree.village_a2
    client = api_as(tree.accounts["town_a"])
    before = org_state(org)
    response = client.patch(f"/api/v1/orgs/{org.pk}/", {"code": "X1"}, format="json")
    assert response.status_code == 400
    assert org_state(org) == before


def test_branch_secretary_may_not_patch_orgs(tree):
    org = tree.village_a1
    client = api_as(tree.accounts["secretary_a1"])
    before = org_state(org)
    entries = AuditEntry.objects.count()
    response = client.patch(f"/api/v1/orgs/{org.pk}/", {"name": "新名称"}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "没有修改该组织的权限"
    assert org_state(org) == before
    assert AuditEntry.objects.count() == entries


def test_move_org_with_its_people(tree):
    org = tree.village_a2
    response = api_as(tree.accounts["county"]).post(f"/api/v1/orgs/{org.pk}/move/", {"parent": "T002"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["parent_code"] == "T002"
    org.refresh_from_db()
    assert org.path.startswith(tree.town_b.path)
    assert all(p.org_path == org.path for p in Person.objects.filter(org=org))
    entry = AuditEntry.objects.filter(object_type="core.org", action="move").get()
    assert (entry.before["parent"], entry.after["parent"], entry.source) == ("T001", "T002", "api")


def test_move_to_an_org_outside_scope_reads_like_an_unknown_code(tree):
    org = tree.village_a2
    client = api_as(tree.accounts["town_a"])
    before = org_state(org)
    outside = client.post(f"/api/v1/orgs/{org.pk}/move/", {"parent": "T002"}, format="json")
    missing = client.post(f"/api/v1/orgs/{org.pk}/move/", {"parent": "T999"}, format="json")
    assert outside.status_code == missing.status_code == 400
    assert outside.json()["parent"][0] == missing.json()["parent"][0].replace("T999", "T002")
    assert org_state(org) == before


def test_move_under_its_own_subtree_is_refused(tree):
    client = api_as(tree.accounts["county"])
    before = org_state(tree.town_a)
    response = client.post(f"/api/v1/orgs/{tree.town_a.pk}/move/", {"parent": "V001"}, format="json")
    assert response.status_code == 400
    assert "下级组织" in response.json()["parent"][0]
    assert org_state(tree.town_a) == before


def test_posts_create_list_and_end(tree):
    person = tree.people["a2"][0]
    client = api_as(tree.accounts["town_a"])
    payload = {"person": person.pk, "org": "V002", "title": "secretary", "term_start": "2021-01-01"}
    response = client.post("/api/v1/posts/", payload, format="json")
    assert response.status_code == 201, response.json()
    post = response.json()
    assert (post["title_display"], post["person"]["name"], post["is_current"]) == ("书记", person.name, True)
    assert AuditEntry.objects.filter(object_type="core.post", object_id=str(post["id"]), source="api").exists()

    listed = client.get("/api/v1/posts/", {"person": person.pk}).json()
    assert [p["id"] for p in listed["results"]] == [post["id"]]
    assert client.get("/api/v1/posts/", {"org": "V001"}).json()["count"] == 0

    ended = client.post(f"/api/v1/posts/{post['id']}/end/", {"term_end": "2024-01-01"}, format="json")
    assert ended.status_code == 200
    assert ended.json()["is_current"] is False
    assert client.get("/api/v1/posts/", {"current": "true"}).json()["count"] == 0


def test_post_for_a_person_outside_scope_reads_like_a_missing_person(tree):
    client = api_as(tree.accounts["secretary_a2"])
    payload = {"org": "V002", "title": "committee_member", "term_start": "2021-01-01"}
    outside = client.post("/api/v1/posts/", {**payload, "person": tree.people["a1"][0].pk}, format="json")
    missing = client.post("/api/v1/posts/", {**payload, "person": 10**9}, format="json")
    assert outside.status_code == missing.status_code == 400
    assert outside.json()["person"][0] == missing.json()["person"][0].replace(str(10**9), str(tree.people["a1"][0].pk))
    assert not Post.objects.exists()


def test_post_end_before_start_is_refused(tree):
    post = post_create(
        actor=None, person=tree.people["a1"][0], org=tree.village_a1, title="secretary", term_start=dt.date(2021, 1, 1)
    )
    client = api_as(tree.accounts["secretary_a1"])
    response = client.post(f"/api/v1/posts/{post.pk}/end/", {"term_end": "2020-01-01"}, format="json")
    assert response.status_code == 400
    assert "任职结束日期" in response.json()["term_end"][0]
    post.refresh_from_db()
    assert post.term_end is None


def test_audit_list_and_filters_for_managers(tree):
    person = tree.people["a1"][0]
    client = api_as(tree.accounts["secretary_a1"])
    client.patch(f"/api/v1/people/{person.pk}/", {"phone": "13900139000"}, format="json")
    body = client.get("/api/v1/audit/", {"object_type": "core.person", "action": "update"}).json()
    assert body["count"] == 1
    entry = body["results"][0]
    assert (entry["source"], entry["source_display"], entry["action_display"]) == ("api", "接口", "修改")
    assert entry["after"] == {"phone": "13900139000"}
    detail = client.get(f"/api/v1/audit/{entry['id']}/").json()
    assert detail["hash"] == entry["hash"]
    all_entries = client.get("/api/v1/audit/").json()
    assert all_entries["count"] == AuditEntry.objects.filter(org_path__startswith=tree.village_a1.path).count()
    assert [e["id"] for e in all_entries["results"]] == sorted((e["id"] for e in all_entries["results"]), reverse=True)


def test_members_get_403_from_the_audit_trail(tree):
    client = api_as(tree.accounts["member_a1"])
    response = client.get("/api/v1/audit/")
    assert response.status_code == 403
    assert response.json() == {"detail": "没有查看工作轨迹的权限"}
    entry = AuditEntry.objects.filter(object_id=str(tree.people["a1"][0].pk), object_type="core.person").first()
    assert client.get(f"/api/v1/audit/{entry.pk}/").status_code == 403


def test_api_requires_authentication(db):
    for url in ("/api/v1/orgs/", "/api/v1/people/", "/api/v1/posts/", "/api/v1/audit/", "/api/v1/me/"):
        response = APIClient().get(url)
        assert response.status_code == 401
        assert response.json() == {"detail": "身份认证信息未提供。"}


@pytest.mark.parametrize("url", ["/api/v1/orgs/", "/api/v1/posts/", "/api/v1/audit/"])
def test_list_query_count_does_not_grow_with_the_rows(tree, url, django_assert_max_num_queries):
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1)):
        for person in tree.people[key]:
            post_create(actor=None, person=person, org=org, title="committee_member", term_start=dt.date(2021, 1, 1))
    client = api_as(tree.accounts["county"])
    with django_assert_max_num_queries(5):
        response = client.get(url)
    assert response.json()["count"] >= 6
