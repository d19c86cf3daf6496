"""Every API list and detail endpoint, walked as a user of another branch: nothing of branch a1 shows.

Endpoints are enumerated from the OpenAPI schema, so a new endpoint is walked without editing this test.
Lists must not contain a1's objects; a detail of an a1 object must answer exactly like a missing id.
"""

import datetime as dt
import json

import pytest
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from dangjian.core.api.services import api_token_issue
from dangjian.core.choices import OrgKind, PostTitle, Role
from dangjian.core.models import AuditEntry, Org, Person, Post
from dangjian.core.scoping import published_to, scoped
from dangjian.core.services import post_create
from dangjian.service import models as service_models
from dangjian.villages import models as village_models
from tests.core.factories import make_account, make_org
from tests.members.care_world import care_world
from tests.members.dual_world import dual_world
from tests.members.dues_world import dues_world
from tests.members.evaluation_world import evaluation_world
from tests.members.recruitment_world import recruitment_world
from tests.members.standing_world import standing_world
from tests.members.transfers_world import transfers_world
from tests.orglife.commitments_world import commitments_world
from tests.orglife.compliance_world import compliance_world
from tests.orglife.content_world import content_world
from tests.orglife.meetings_world import meetings_world
from tests.orglife.notices_world import notices_world
from tests.orglife.points_world import points_world
from tests.orglife.settings_world import settings_world
from tests.orglife.study_world import study_world
from tests.orglife.training_world import training_world
from tests.orglife.volunteers_world import volunteers_world
from tests.service.audits_world import audits_world
from tests.service.centres_world import centres_world
from tests.service.decisions_world import decisions_world
from tests.service.duty_world import duty_world
from tests.service.finance_world import finance_world
from tests.service.minqing_world import minqing_world
from tests.service.requests_world import requests_world
from tests.villages.classification_world import classification_world
from tests.villages.economy_world import economy_world
from tests.villages.elections_world import elections_world
from tests.villages.pairing_world import pairing_world
from tests.villages.projects_world import projects_world
from tests.villages.rectification_world import rectification_world
from tests.villages.secretaries_world import secretaries_world
from tests.villages.showcase_world import showcase_world
from tests.villages.talent_world import talent_world
from tests.villages.town_b_world import town_b_village, town_b_village_world
from tests.villages.twonew_world import twonew_world

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_too]

MISSING_ID = 10**9
WRITE_BODY: dict = {}


def api_as(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(actor=user)}")
    return client


def operations():
    """(path template, method, view class) of every operation in the schema."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for template, item in schema["paths"].items():
        view = resolve(template.replace("{id}", "1")).func.cls
        for method, operation in item.items():
            yield template, method, view, operation


def model_of(view):
    queryset = getattr(view, "queryset", None)
    return queryset.model if queryset is not None else None


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


PUBLISHED_VILLAGE_MODELS = (
    village_models.VillageCategory,
    village_models.ClassificationRun,
    village_models.RectRound,
    village_models.PairingUnit,
    village_models.ApprovalProcedure,
    village_models.ProjectReview,
    village_models.ElectionRound,
)

# The county's standard and audit rounds are published to every place below it.
PUBLISHED_SERVICE_MODELS = (service_models.CentreStandardItem, service_models.VillageAuditRound)


def merged(*worlds):
    """Several worlds' a1 objects by model (two areas may both make meetings, say)."""
    found: dict = {}
    for world in worlds:
        for model, objects in world.items():
            found.setdefault(model, []).extend(objects)
    return found


@pytest.fixture
def a1_world(tree):
    """Branch a1 with something of every kind: a sub-org, posts, API edits and a reveal in its audit trail."""
    group = make_org(tree.village_a1, "G001", "李庄村第一党小组", kind=OrgKind.PARTY_GROUP)
    start = dt.date(2021, 1, 1)
    posts = {
        key: post_create(actor=None, person=tree.people[key][0], org=org, title=PostTitle.SECRETARY, term_start=start)
        for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1))
    }
    writer = api_as(tree.accounts["secretary_a1"])
    person = tree.people["a1"][1]
    assert writer.patch(f"/api/v1/people/{person.pk}/", {"address": "李庄村3组"}, format="json").status_code == 200
    assert writer.post(f"/api/v1/people/{person.pk}/reveal-id-number/").status_code == 200
    dues_objects = dues_world(tree)
    recruitment_objects = recruitment_world(tree)
    transfers_objects = transfers_world(tree)
    standing_objects = standing_world(tree)
    lifecycle_objects = {**evaluation_world(tree), **care_world(tree), **dual_world(tree)}
    orglife_objects = merged(
        settings_world(tree),
        meetings_world(tree),
        compliance_world(tree),
        points_world(tree),
        commitments_world(tree),
        content_world(tree),
        training_world(tree),
        study_world(tree),
        volunteers_world(tree),
        notices_world(tree),
    )
    village_b2 = town_b_village(tree)
    villages_objects = merged(
        classification_world(tree),  # before the incomes: every village of its year is 空壳
        economy_world(tree),
        rectification_world(tree),
        pairing_world(tree),
        projects_world(tree),
        secretaries_world(tree),
        talent_world(tree),
        elections_world(tree),
        twonew_world(tree),
        showcase_world(tree),
    )
    # What the county or a township publishes down the tree (categories, rounds, units, procedures): every viewer's too.
    villages_objects.update({model: [] for model in PUBLISHED_VILLAGE_MODELS})
    town_b_village_world(tree, village_b2)
    service_objects = merged(
        centres_world(tree),
        duty_world(tree),
        requests_world(tree),
        minqing_world(tree),
        decisions_world(tree),
        finance_world(tree),
        audits_world(tree),
    )
    service_objects.update({model: [] for model in PUBLISHED_SERVICE_MODELS})
    a1_people = tree.people["a1"]
    objects = {
        **dues_objects,
        **recruitment_objects,
        **transfers_objects,
        **standing_objects,
        **lifecycle_objects,
        **orglife_objects,
        **villages_objects,
        **service_objects,
        Org: [tree.village_a1, group],
        Person: a1_people,
        Post: [posts["a1"]],
        AuditEntry: list(AuditEntry.objects.filter(org_path__startswith=tree.village_a1.path)),
    }
    assert len(objects[AuditEntry]) > 5
    markers = {
        "V001",
        "G001",
        tree.village_a1.name,
        group.name,
        "secretary_a1",
        "member_a1",
        *(p.name for p in a1_people),
        *(p.id_number_masked for p in a1_people),
        *(p.id_number for p in a1_people),
    }
    filters = {"org": "V001", "within": "V001", "person": a1_people[0].pk, "id_number": a1_people[0].id_number}
    return objects, markers, filters


@pytest.fixture(params=["secretary_a2", "town_b_admin"])
def viewer(request, tree):
    if request.param == "town_b_admin":
        return make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN)
    return tree.accounts[request.param]


def assert_nothing_of_a1(body, markers, where):
    leaked = {s for s in strings(body) if s in markers or "李庄村" in s}
    assert not leaked, f"{where} shows branch a1: {leaked}"


def test_walk_every_endpoint_as_another_branch(tree, a1_world, viewer):
    objects, markers, filters = a1_world
    a1_ids = {model: {obj.pk for obj in objs} for model, objs in objects.items()}
    client = api_as(viewer)
    entries_before = AuditEntry.objects.count()
    walked_lists, walked_details = set(), set()

    for template, method, view, operation in operations():
        model = model_of(view)
        if "{" not in template:
            if method != "get":
                continue  # creating; covered by the cross-scope create tests
            walked_lists.add(template)
            queries = [{"page_size": 200}]
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and parameter.get("required"):
                    enum = parameter.get("schema", {}).get("enum")
                    assert enum, f"{template}: teach this test a value for the required parameter {parameter['name']}"
                    queries = [{**query, parameter["name"]: value} for query in queries for value in enum]
            # The first combination of the required parameters' values that the endpoint accepts.
            for query in queries:
                response = client.get(template, query)
                if response.status_code == 200:
                    break
            assert response.status_code == 200, (template, response.content)
            body = response.json()
            assert_nothing_of_a1(body, markers, template)
            if "results" in body:
                assert body["results"], f"{template}: the viewer should see something of their own"
                shown = {row["id"] for row in body["results"]}
                assert not shown & a1_ids[model], f"{template} lists a1's {model.__name__}"
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            for name in names & set(filters):
                filtered = client.get(template, {name: filters[name]})
                assert filtered.status_code == 200, (template, name, filtered.content)
                assert filtered.json()["count"] == 0, f"{template}?{name}= shows a1"
            continue

        params = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
        assert params == {"id"}, f"{template}: teach this test the path parameters {params}"
        assert model in a1_ids, f"{template}: add an a1 object of {model} to the a1_world fixture"
        walked_details.add((template, method))
        call = getattr(client, method)
        kwargs = {} if method == "get" else {"data": WRITE_BODY, "format": "json"}
        for obj_id in a1_ids[model]:
            of_a1 = call(template.replace("{id}", str(obj_id)), **kwargs)
            missing = call(template.replace("{id}", str(MISSING_ID)), **kwargs)
            assert of_a1.status_code == missing.status_code == 404, (template, method, of_a1.content)
            assert of_a1.json() == missing.json()
        if method == "get":
            # Rows an org publishes to its subtree (the county's schemes, requirements) are the viewer's too.
            own = scoped(model, viewer).first() or published_to(model, viewer).first()
            assert own is not None
            assert call(template.replace("{id}", str(own.pk))).status_code == 200, template

    assert {"/api/v1/orgs/", "/api/v1/people/", "/api/v1/posts/", "/api/v1/audit/", "/api/v1/me/"} <= walked_lists
    assert ("/api/v1/people/{id}/", "patch") in walked_details
    assert ("/api/v1/people/{id}/reveal-id-number/", "post") in walked_details
    assert AuditEntry.objects.count() == entries_before, "a refused request wrote to the audit trail"


def test_member_walk_sees_only_themself(tree, a1_world):
    """A member of a1 itself: the people list holds one person, the audit trail is closed."""
    client = api_as(tree.accounts["member_a1"])
    own = tree.people["a1"][0]
    people = client.get("/api/v1/people/").json()
    assert [p["id"] for p in people["results"]] == [own.pk]
    assert [o["code"] for o in client.get("/api/v1/orgs/").json()["results"]] == ["V001"]
    posts = client.get("/api/v1/posts/").json()["results"]
    assert {p["person"]["id"] for p in posts} == {own.pk}
    assert client.get("/api/v1/audit/").status_code == 403
    other = tree.people["a1"][1]
    assert client.get(f"/api/v1/people/{other.pk}/").json() == client.get(f"/api/v1/people/{MISSING_ID}/").json()
    assert json.dumps(people, ensure_ascii=False).count(other.name) == 0
