"""志愿服务 through the API: teams, joining and leaving, activities, sign-up and withdrawal, confirming hours, the
hours figures — the refusals (400 with the rule, 403), and another branch seeing nothing (404 like missing)."""

import datetime as dt

import pytest
from django.utils import timezone

from dangjian.core.choices import Role
from dangjian.core.models import AuditEntry, Person
from dangjian.core.scoping import scoped
from dangjian.orglife.models import Signup, TeamMember, VolunteerActivity
from tests.core.factories import make_account
from tests.core.test_api_scoping import MISSING_ID, assert_nothing_of_a1, operations
from tests.members.api import api_as
from tests.orglife.volunteers_world import volunteers_world

pytestmark = pytest.mark.django_db

BASE = "/api/v1/orglife/volunteers"


def when(**delta):
    return (timezone.now() + dt.timedelta(**delta)).isoformat()


def activity_body(**overrides):
    body = {
        "org": "V001",
        "title": "防溺水安全巡查",
        "place": "村东坑塘",
        "starts_at": when(days=1),
        "ends_at": when(days=1, hours=2),
        "capacity": 2,
    }
    return body | overrides


def test_team_and_activity_workflow(tree):
    secretary = api_as(tree.accounts["secretary_a1"])
    created = secretary.post(f"{BASE}/teams/", {"org": "V001", "name": "红马甲志愿服务队"}, format="json")
    assert created.status_code == 201, created.content
    team = created.json()
    assert team["org"]["code"] == "V001" and team["current"] == 0
    dup = secretary.post(f"{BASE}/teams/", {"org": "V001", "name": "红马甲志愿服务队"}, format="json")
    assert dup.status_code == 400 and dup.json() == {"name": ["本组织已有名为“红马甲志愿服务队”的志愿服务队"]}

    member = api_as(tree.accounts["member_a1"])
    joined = member.post(f"{BASE}/teams/{team['id']}/join/", {}, format="json")
    assert joined.status_code == 201 and joined.json()["person"]["id"] == tree.people["a1"][0].pk
    assert member.get(f"{BASE}/teams/{team['id']}/").json()["current"] == 1
    mine = member.get(f"{BASE}/team-members/").json()
    assert mine["count"] == 1

    activity = secretary.post(f"{BASE}/activities/", activity_body(team=team["id"]), format="json")
    assert activity.status_code == 201, activity.content
    body = activity.json()
    assert (body["places"], body["phase"], body["max_hours"]) == ("0/2", "upcoming", "2.0")
    wrong = secretary.post(f"{BASE}/activities/", activity_body(ends_at=when(hours=1)), format="json")
    assert wrong.status_code == 400 and wrong.json() == {"ends_at": ["结束时间应晚于开始时间"]}

    signed = member.post(f"{BASE}/activities/{body['id']}/signup/", {}, format="json")
    assert signed.status_code == 201
    again = member.post(f"{BASE}/activities/{body['id']}/signup/", {}, format="json")
    assert again.status_code == 400 and again.json() == {"activity": ["已报名该活动,不能重复报名"]}
    for_other = member.post(
        f"{BASE}/activities/{body['id']}/signup/", {"person": tree.people["a1"][1].pk}, format="json"
    )
    assert for_other.status_code == 400  # a member account only knows itself: the person does not exist for it
    assert member.get(f"{BASE}/activities/{body['id']}/").json()["places"] == "1/2"
    withdrawn = member.post(f"{BASE}/signups/{signed.json()['id']}/withdraw/")
    assert withdrawn.status_code == 204 and not Signup.objects.exists()

    cancelled = secretary.post(f"{BASE}/activities/{body['id']}/cancel/", {"reason": "改期"}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["phase"] == "cancelled"
    no_reason = secretary.post(f"{BASE}/activities/{body['id']}/cancel/", {}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()


def test_confirm_hours_after_the_end(tree):
    world = volunteers_world(tree)
    activity = VolunteerActivity.objects.create(
        county=tree.county,
        org=tree.village_a1,
        org_path=tree.village_a1.path,
        title="补登的活动",
        place="村委会",
        starts_at=timezone.now() - dt.timedelta(hours=5),
        ends_at=timezone.now() - dt.timedelta(hours=4, minutes=20),
    )
    secretary = api_as(tree.accounts["secretary_a1"])
    signup = secretary.post(
        f"{BASE}/activities/{activity.pk}/signup/", {"person": tree.people["a1"][1].pk}, format="json"
    )
    assert signup.status_code == 201, signup.content
    url = f"{BASE}/signups/{signup.json()['id']}/confirm/"
    too_many = secretary.post(url, {"hours": "1.5"}, format="json")
    assert too_many.status_code == 400 and too_many.json() == {"hours": ["服务时长不能超过活动时长1.0小时"]}
    negative = secretary.post(url, {"hours": "-1"}, format="json")
    assert negative.status_code == 400
    confirmed = secretary.post(url, {"hours": "1.0"}, format="json")
    assert confirmed.status_code == 200 and confirmed.json()["confirmed"] and confirmed.json()["hours"] == "1.0"
    member = api_as(tree.accounts["member_a1"])
    assert member.post(url, {"hours": "1.0"}, format="json").status_code == 404  # not their sign-up
    own = world[Signup][0]
    assert member.post(f"{BASE}/signups/{own.pk}/confirm/", {"hours": "1.0"}, format="json").status_code == 403


def test_hours_figures(tree):
    volunteers_world(tree)
    county = api_as(tree.accounts["county"])
    members = county.get(f"{BASE}/member-hours/").json()
    assert members["count"] == 3 and {row["hours"] for row in members["results"]} == {"2.0"}
    year = timezone.localdate().year
    assert county.get(f"{BASE}/member-hours/", {"year": year - 1}).json()["count"] == 0
    assert county.get(f"{BASE}/member-hours/", {"year": "abc"}).status_code == 400
    summary = county.get(f"{BASE}/hours/", {"year": year}).json()
    assert summary["total"]["hours"] == "6.0" and summary["total"]["times"] == 3
    assert {row["org"]["code"]: row["hours"] for row in summary["orgs"]} == {"T001": "4.0", "T002": "2.0"}
    assert len(summary["teams"]) == 3
    town = county.get(f"{BASE}/hours/", {"root": "T001"}).json()
    assert {row["org"]["code"] for row in town["orgs"]} == {"V001", "V002"}
    secretary = api_as(tree.accounts["secretary_a2"])
    assert secretary.get(f"{BASE}/hours/", {"root": "V001"}).json()["orgs"] == []


# --- scope --------------------------------------------------------------------------------------------------


def walk_api(tree, objects, prefixes, viewer):
    """Every list and detail under `prefixes`, as `viewer` of another branch: nothing of a1, and a1's objects
    answer exactly like missing ones."""
    a1_ids = {model: {obj.pk for obj in objs} for model, objs in objects.items()}
    client = api_as(viewer)
    before = AuditEntry.objects.count()
    markers = {"V001", tree.village_a1.name, *(p.name for p in tree.people["a1"])}
    walked = []
    for template, method, view, operation in operations():
        if not template.startswith(prefixes):
            continue
        walked.append((template, method))
        queryset = getattr(view, "queryset", None)
        model = queryset.model if queryset is not None else None
        if "{" not in template:
            if method != "get":
                continue
            response = client.get(template, {"page_size": 200})
            assert response.status_code == 200, (template, response.content)
            assert_nothing_of_a1(response.json(), markers, template)
            if "results" in response.json():
                rows = response.json()["results"]
                assert rows, f"{template}: the viewer should see something of their own"
                assert not {row["id"] for row in rows} & a1_ids.get(model, set())
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            for name, value in {"org": "V001", "person": tree.people["a1"][0].pk}.items():
                if name in names:
                    filtered = client.get(template, {name: value})
                    assert filtered.status_code == 200 and filtered.json()["count"] == 0, f"{template}?{name}="
            continue
        call = getattr(client, method)
        kwargs = {} if method == "get" else {"data": {}, "format": "json"}
        for obj_id in a1_ids[model]:
            of_a1 = call(template.replace("{id}", str(obj_id)), **kwargs)
            missing = call(template.replace("{id}", str(MISSING_ID)), **kwargs)
            assert of_a1.status_code == missing.status_code == 404, (template, method, of_a1.content)
            assert of_a1.json() == missing.json()
        if method == "get":
            own = scoped(model, viewer).first()
            assert own is not None, f"{template}: the viewer should have an object of their own"
            assert call(template.replace("{id}", str(own.pk))).status_code == 200, template
    assert AuditEntry.objects.count() == before, "a refused request wrote to the audit trail"
    return walked


@pytest.fixture(params=["secretary_a2", "town_b_admin"])
def viewer(request, tree):
    if request.param == "town_b_admin":
        return make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN)
    return tree.accounts[request.param]


def test_another_branch_sees_nothing_of_a1(tree, viewer):
    objects = volunteers_world(tree)
    objects[Person] = tree.people["a1"]
    walked = walk_api(tree, objects, (BASE,), viewer)
    assert (f"{BASE}/signups/{{id}}/confirm/", "post") in walked
    assert (f"{BASE}/activities/{{id}}/signup/", "post") in walked
    assert len(walked) >= 20
    assert TeamMember.objects.count() == 3
