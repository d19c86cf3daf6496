"""Talent pools through the API: records and their status, teams, secondments ended early with a reason, "1+N" pairs
with one active mentor per mentee — the refusals (400 naming the field, 403), and another branch seeing nothing."""

import datetime as dt

import pytest

from dangjian.core.models import AuditEntry
from dangjian.villages.models import MentoringPair, Secondment, ServiceTeam, Talent
from tests.members.api import api_as
from tests.villages.talent_world import talent_world

pytestmark = pytest.mark.django_db

BASE = "/api/v1/villages/talent"
TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def world(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    return talent_world(tree)


def test_talent_records_and_status(tree, world):
    client = api_as(tree.accounts["secretary_a1"])
    body = {
        "org": "V001",
        "pool": "expert",
        "name": "陈静",
        "gender": "female",
        "birth_date": "1985-07-01",
        "education": "postgraduate",
        "political_status": "member",
    }
    missing = client.post(f"{BASE}/talents/", body, format="json")
    assert missing.status_code == 400 and missing.json() == {"expert_field": ["专家人才请选择专业领域"]}
    created = client.post(f"{BASE}/talents/", body | {"expert_field": "aquaculture"}, format="json")
    assert created.status_code == 201, created.content
    talent = created.json()
    assert talent["org"]["code"] == "V001" and talent["age"] == 40 and talent["entry_date"] == "2026-03-01"
    person = tree.people["a1"][1]
    linked = client.post(f"{BASE}/talents/", {"org": "V001", "pool": "reserve", "person": person.pk}, format="json")
    assert linked.status_code == 201 and linked.json()["name"] == person.name
    other = client.post(f"{BASE}/talents/", body | {"org": "V002", "expert_field": "law"}, format="json")
    assert other.status_code == 400 and "org" in other.json()
    patched = client.patch(f"{BASE}/talents/{talent['id']}/", {"speciality": "水产养殖"}, format="json")
    assert patched.status_code == 200 and patched.json()["speciality"] == "水产养殖"
    no_reason = client.post(f"{BASE}/talents/{talent['id']}/status/", {"status": "used"}, format="json")
    assert no_reason.status_code == 400 and no_reason.json() == {"reason": ["请填写使用或退出的原因"]}
    used = client.post(
        f"{BASE}/talents/{talent['id']}/status/", {"status": "used", "reason": "聘为技术顾问"}, format="json"
    )
    assert used.status_code == 200 and used.json()["status_display"] == "已使用"
    listed = client.get(f"{BASE}/talents/", {"pool": "reserve", "age": "young"}).json()
    assert {row["name"] for row in listed["results"]} == {"李明"}


def test_teams_secondments_and_mentoring(tree, world):
    client = api_as(tree.accounts["secretary_a1"])
    team = world[ServiceTeam][0]
    graduate = world[Talent][1]
    joined = client.post(f"{BASE}/teams/{team.pk}/members/", {"talent": graduate.pk}, format="json")
    assert joined.status_code == 200 and joined.json()["current"] == 2
    left = client.post(f"{BASE}/teams/{team.pk}/leave/", {"talent": graduate.pk}, format="json")
    assert left.status_code == 200 and left.json()["current"] == 1

    item = world[Secondment][0]
    early = client.post(
        f"{BASE}/secondments/",
        {
            "org": "V001",
            "name": "周杰",
            "from_unit": "县经贸局",
            "post": "村委会主任助理",
            "start": "2026-01-31",
            "term_months": 1,
        },
        format="json",
    )
    assert early.status_code == 201 and early.json()["end"] == "2026-02-28" and early.json()["ending_soon"] is False
    ended = client.post(f"{BASE}/secondments/{item.pk}/end/", {}, format="json")
    assert ended.status_code == 200 and ended.json()["status"] == "completed"
    fresh = client.post(
        f"{BASE}/secondments/",
        {
            "org": "V001",
            "name": "吴刚",
            "from_unit": "县财政局",
            "post": "村党支部副书记(挂职)",
            "start": "2026-02-01",
            "term_months": 12,
        },
        format="json",
    ).json()
    refused = client.post(f"{BASE}/secondments/{fresh['id']}/end/", {}, format="json")
    assert refused.status_code == 400 and refused.json() == {"reason": ["期满日期为2027-02-01,提前结束请填写原因"]}
    done = client.post(f"{BASE}/secondments/{fresh['id']}/end/", {"reason": "工作调动"}, format="json")
    assert done.json()["status"] == "ended_early"

    reserve = world[Talent][0]
    body = {
        "org": "T001",
        "mentor_name": "组织委员",
        "mentor_post": "镇党委组织委员",
        "start": "2026-01-01",
        "end": "2026-12-31",
        "goals": "带能力",
        "mentees": [reserve.pk],
    }
    town = api_as(tree.accounts["town_a"])
    twice = town.post(f"{BASE}/mentoring/", body, format="json")
    assert twice.status_code == 400 and twice.json() == {
        "mentees": ["李明已有帮带导师(李庄村老书记),一人只能有一名在帮导师"]
    }
    pair = world[MentoringPair][0]
    assert client.post(f"{BASE}/mentoring/{pair.pk}/end/", {}, format="json").json()["status"] == "ended"
    created = town.post(f"{BASE}/mentoring/", body, format="json")
    assert created.status_code == 201, created.content
    noted = town.post(
        f"{BASE}/mentoring/{created.json()['id']}/notes/", {"noted_on": "2026-02-01", "content": "谈心"}, format="json"
    )
    assert noted.status_code == 200 and noted.json()["notes"][0]["content"] == "谈心"


def test_another_branch_sees_nothing_and_cannot_write(tree, world):
    client = api_as(tree.accounts["secretary_a2"])
    member = api_as(tree.accounts["member_a1"])
    entries = AuditEntry.objects.count()
    for name, model in (
        ("talents", Talent),
        ("teams", ServiceTeam),
        ("secondments", Secondment),
        ("mentoring", MentoringPair),
    ):
        listed = client.get(f"{BASE}/{name}/").json()
        a1_ids = {obj.pk for obj in world[model]}
        assert listed["results"] and not {row["id"] for row in listed["results"]} & a1_ids, name
        assert client.get(f"{BASE}/{name}/", {"org": "V001"}).json()["count"] == 0
        for obj in world[model]:
            of_a1 = client.get(f"{BASE}/{name}/{obj.pk}/")
            missing = client.get(f"{BASE}/{name}/{10**9}/")
            assert of_a1.status_code == missing.status_code == 404 and of_a1.json() == missing.json()
    status = client.post(
        f"{BASE}/talents/{world[Talent][0].pk}/status/", {"status": "used", "reason": "x"}, format="json"
    )
    assert status.status_code == 404
    pick = client.post(f"{BASE}/teams/", {"org": "V002", "name": "队", "kind": "other"}, format="json")
    assert pick.status_code == 201
    stolen = client.post(f"{BASE}/teams/{pick.json()['id']}/members/", {"talent": world[Talent][0].pk}, format="json")
    assert stolen.status_code == 400 and stolen.json() == {
        "talent": [f"人才编号：编号为{world[Talent][0].pk}的人才不存在"]
    }
    assert member.post(f"{BASE}/teams/", {"org": "V001", "name": "队", "kind": "other"}, format="json").status_code in (
        400,
        403,
    )
    assert AuditEntry.objects.count() == entries + 1  # only a2's own team
