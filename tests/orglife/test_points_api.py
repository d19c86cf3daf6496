"""积分管理 through the API: schemes (list, create, revise), entries (claim, review, withdraw, branch, delete),
the ranking and a member's own points — and the refusals (400 with the rule, 403, 404 outside the scope)."""

import datetime as dt

import pytest

from dangjian.core.choices import MemberCategory
from dangjian.orglife.choices import PointEntryStatus, PointSource
from dangjian.orglife.models import PointEntry, PointScheme
from dangjian.orglife.services import points as services
from tests.members.api import api_as
from tests.orglife.points_world import item_of, points_world, seed_schemes

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 11, 20)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


@pytest.fixture
def seeded(tree, today):
    return seed_schemes(tree, dt.date(2025, 1, 1))


def test_schemes_are_published_to_the_whole_county(tree, seeded):
    for who in ("secretary_a2", "member_a1", "town_a"):
        body = api_as(tree.accounts[who]).get("/api/v1/orglife/points/schemes/").json()
        assert body["count"] == 6
    body = (
        api_as(tree.accounts["member_a1"])
        .get("/api/v1/orglife/points/schemes/", {"category": "centre_household"})
        .json()
    )
    scheme = body["results"][0]
    assert scheme["category_display"] == "党员中心户"
    assert scheme["items"][0] == {
        "id": scheme["items"][0]["id"],
        "name": "参加组织生活",
        "source": "attendance",
        "source_display": "自动:参加组织生活",
        "points": "2.0",
        "cap": "10.0",
        "cap_cycle": "month",
        "cap_cycle_display": "每月",
        "order": 1,
    }
    detail = api_as(tree.accounts["secretary_a1"]).get(f"/api/v1/orglife/points/schemes/{scheme['id']}/")
    assert detail.status_code == 200


def test_county_admin_creates_and_revises_schemes(tree, today):
    county = api_as(tree.accounts["county"])
    body = {
        "category": "veteran",
        "name": "老党员积分办法",
        "effective_from": "2025-11",
        "items": [
            {"name": "传帮带", "source": "claim", "points": "3", "cap": "6"},
            {"name": "违纪扣分", "source": "branch", "points": "-10"},
        ],
    }
    created = county.post("/api/v1/orglife/points/schemes/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["effective_from"] == "2025-11-01" and len(created.json()["items"]) == 2
    bad = county.post(
        "/api/v1/orglife/points/schemes/",
        body | {"category": "ordinary", "items": [{"name": "x", "source": "claim", "points": "-1"}]},
        format="json",
    )
    assert bad.status_code == 400 and bad.json() == {"items": ["第1项“x”:只有支部登记的扣分项目可以为负分"]}
    wrong_month = county.post("/api/v1/orglife/points/schemes/", body | {"effective_from": "11/2025"}, format="json")
    assert wrong_month.status_code == 400 and "effective_from" in wrong_month.json()
    revised = county.post(
        f"/api/v1/orglife/points/schemes/{created.json()['id']}/revise/", {"effective_from": "2026-01"}, format="json"
    )
    assert revised.status_code == 201
    assert [item["name"] for item in revised.json()["items"]] == ["传帮带", "违纪扣分"]
    again = county.post(
        f"/api/v1/orglife/points/schemes/{created.json()['id']}/revise/", {"effective_from": "2026-01"}, format="json"
    )
    assert again.status_code == 400
    refused = api_as(tree.accounts["town_a"]).post("/api/v1/orglife/points/schemes/", body, format="json")
    assert refused.status_code == 403


def test_claim_review_and_the_scope(tree, seeded):
    member = api_as(tree.accounts["member_a1"])
    person = tree.people["a1"][0]
    item = item_of(person, PointSource.CLAIM)
    claimed = member.post(
        "/api/v1/orglife/points/entries/claim/",
        {"item": item.pk, "occurred_on": "2025-11-18", "note": "组织群众清理河道"},
        format="json",
    )
    assert claimed.status_code == 201, claimed.json()
    entry = claimed.json()
    assert (entry["status"], entry["points"], entry["person"]["id"]) == ("pending", "5.0", person.pk)
    future = member.post(
        "/api/v1/orglife/points/entries/claim/",
        {"item": item.pk, "occurred_on": "2025-11-21", "note": "x"},
        format="json",
    )
    assert future.status_code == 400 and future.json() == {"occurred_on": ["发生日期不能晚于今天"]}
    other = member.post(
        "/api/v1/orglife/points/entries/claim/",
        {"person": tree.people["a1"][1].pk, "item": item.pk, "occurred_on": "2025-11-18", "note": "x"},
        format="json",
    )
    assert other.status_code == 400 and "person" in other.json()  # not in a member account's scope
    url = f"/api/v1/orglife/points/entries/{entry['id']}/review/"
    assert member.post(url, {"approve": True}, format="json").status_code == 403
    assert api_as(tree.accounts["secretary_a2"]).post(url, {"approve": True}, format="json").status_code == 404
    secretary = api_as(tree.accounts["secretary_a1"])
    rejected = secretary.post(url, {"approve": False}, format="json")
    assert rejected.status_code == 400 and rejected.json() == {"note": ["不通过时请填写审核意见"]}
    approved = secretary.post(url, {"approve": True, "note": "属实"}, format="json")
    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["points"]) == ("approved", "5.0")
    again = secretary.post(url, {"approve": True}, format="json")
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["该申报已审核(已计入),不能再次审核"]}
    listed = secretary.get("/api/v1/orglife/points/entries/", {"status": "approved"}).json()
    assert [row["id"] for row in listed["results"]] == [entry["id"]]
    assert api_as(tree.accounts["secretary_a2"]).get("/api/v1/orglife/points/entries/").json()["count"] == 0


def test_withdraw_branch_entry_and_delete(tree, seeded):
    member = api_as(tree.accounts["member_a1"])
    person = tree.people["a1"][0]
    pending = services.point_claim(
        actor=None, person=person, item=item_of(person, PointSource.CLAIM), occurred_on=TODAY, note="帮扶"
    )
    assert member.post(f"/api/v1/orglife/points/entries/{pending.pk}/withdraw/").status_code == 204
    assert not PointEntry.objects.filter(pk=pending.pk).exists()
    secretary = api_as(tree.accounts["secretary_a1"])
    deduction = item_of(person, PointSource.BRANCH, name="违反纪律扣分")
    created = secretary.post(
        "/api/v1/orglife/points/entries/branch/",
        {"person": person.pk, "item": deduction.pk, "occurred_on": "2025-11-19", "note": "无故缺席"},
        format="json",
    )
    assert created.status_code == 201 and created.json()["points"] == "-10.0"
    assert member.delete(f"/api/v1/orglife/points/entries/{created.json()['id']}/").status_code == 403
    assert secretary.delete(f"/api/v1/orglife/points/entries/{created.json()['id']}/").status_code == 204
    assert not PointEntry.objects.exists()


def test_ranking_and_my_points(tree, seeded):
    a1 = tree.people["a1"]
    for n, person in enumerate(a1):
        for k in range(n + 1):
            services.award_auto(
                actor=None,
                person=person,
                source=PointSource.ATTENDANCE,
                ref=f"attendance:{n}-{k}",
                occurred_on=dt.date(2025, 11, 3 + k),
            )
    body = api_as(tree.accounts["town_a"]).get("/api/v1/orglife/points/ranking/", {"month": "2025-11"}).json()
    assert body["count"] == 5
    first = body["results"][0]
    assert (first["person_id"], first["total"], first["branch_rank"], first["township_rank"]) == (
        a1[2].pk,
        "6.0",
        1,
        1,
    )
    assert api_as(tree.accounts["town_a"]).get("/api/v1/orglife/points/ranking/", {"year": "x"}).status_code == 400
    mine = api_as(tree.accounts["member_a1"]).get("/api/v1/orglife/points/mine/").json()
    assert (mine["month_total"], mine["year_total"], mine["rank"]["branch_rank"]) == ("2.0", "2.0", 3)
    assert mine["person"] == {"id": a1[0].pk, "name": a1[0].name}
    assert [item["name"] for item in mine["claim_items"]] == ["为民办实事"]
    assert len(mine["entries"]) == 1
    nobody = api_as(tree.accounts["secretary_a1"]).get("/api/v1/orglife/points/mine/").json()
    assert (nobody["person"], nobody["year_total"], nobody["entries"]) == (None, "0.0", [])
    ranking = api_as(tree.accounts["member_a1"]).get("/api/v1/orglife/points/ranking/").json()
    assert [row["person_id"] for row in ranking["results"]] == [a1[0].pk]


def test_points_world_gives_every_branch_entries(tree, today):
    objects = points_world(tree)
    assert {entry.person.org_id for entry in objects[PointEntry]} == {tree.village_a1.pk}
    assert PointEntry.objects.filter(status=PointEntryStatus.PENDING).count() == 3
    assert PointScheme.objects.filter(category=MemberCategory.ORDINARY).exists()
    for who, org in (("secretary_a2", tree.village_a2), ("town_a", None)):
        rows = api_as(tree.accounts[who]).get("/api/v1/orglife/points/entries/").json()["results"]
        assert rows and (org is None or {row["org"]["id"] for row in rows} == {org.pk})
