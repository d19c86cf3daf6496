"""双报到 through the API: the home branch registers, the community sees name and phone and confirms service,
either side ends it — and the refusals (400 with the rule, 403, 404 outside both sides)."""

import datetime as dt

import pytest

from dangjian.core.choices import Role
from dangjian.members.models import CommunityRegistration, CommunityService
from tests.core.factories import make_account
from tests.members.api import api_as

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)
REGISTRATIONS = "/api/v1/dual/registrations/"


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


@pytest.fixture
def home(tree, today):
    return api_as(tree.accounts["secretary_a2"])


@pytest.fixture
def community(tree, today):
    return api_as(make_account("secretary_b1", tree.community_b1, Role.BRANCH_SECRETARY))


@pytest.fixture
def registration(tree, home):
    person = tree.people["a2"][0]
    body = {"person": person.pk, "community": "V003", "registered_on": "2026-01-15", "skills": "医疗义诊"}
    response = home.post(REGISTRATIONS, body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_register_and_the_two_sides(tree, home, community, registration):
    person = tree.people["a2"][0]
    assert registration["person"] == {"id": person.pk, "name": person.name, "phone": "13800138000"}
    assert registration["community"]["code"] == "V003" and registration["home_org"]["code"] == "V002"
    assert registration["active"] is True and registration["hours"] == "0.0"
    seen = community.get(REGISTRATIONS, {"side": "community"}).json()
    assert [row["id"] for row in seen["results"]] == [registration["id"]]
    assert set(seen["results"][0]["person"]) == {"id", "name", "phone"}
    assert community.get(REGISTRATIONS, {"side": "home"}).json()["count"] == 0
    assert community.get(f"/api/v1/people/{person.pk}/").status_code == 404
    assert api_as(tree.accounts["secretary_a1"]).get(f"{REGISTRATIONS}{registration['id']}/").status_code == 404


def test_register_refusals(tree, home, registration):
    person = tree.people["a2"][1]
    rural = home.post(
        REGISTRATIONS, {"person": person.pk, "community": "V001", "registered_on": "2026-02-01"}, format="json"
    )
    assert rural.status_code == 400
    assert rural.json() == {"community": ["在职党员只能到社区党组织报到(所属领域须为社区)"]}
    missing = home.post(
        REGISTRATIONS, {"person": person.pk, "community": "X9", "registered_on": "2026-02-01"}, format="json"
    )
    assert missing.json() == {"community": ["报到社区党组织代码(可为本平台任一县的社区)：组织代码“X9”不存在"]}
    twice = home.post(
        REGISTRATIONS,
        {"person": tree.people["a2"][0].pk, "community": "V003", "registered_on": "2026-02-01"},
        format="json",
    )
    assert twice.status_code == 400 and "须先结束原报到" in twice.json()["person"][0]
    not_mine = api_as(tree.accounts["secretary_a1"]).post(
        REGISTRATIONS, {"person": person.pk, "community": "V003", "registered_on": "2026-02-01"}, format="json"
    )
    assert not_mine.status_code == 400 and "不存在" in not_mine.json()["person"][0]
    assert CommunityRegistration.objects.count() == 1


def test_service_recorded_by_the_member_is_confirmed_by_the_community(tree, community, today):
    member = api_as(tree.accounts["member_a1"])
    secretary = api_as(tree.accounts["secretary_a1"])
    created = secretary.post(
        REGISTRATIONS,
        {"person": tree.people["a1"][0].pk, "community": "V003", "registered_on": "2026-01-15"},
        format="json",
    ).json()
    url = f"{REGISTRATIONS}{created['id']}/services/"
    too_long = member.post(url, {"served_on": "2026-02-01", "hours": "25", "content": "值守"}, format="json")
    assert too_long.status_code == 400 and too_long.json() == {"hours": ["一天的服务时长不超过24小时"]}
    recorded = member.post(url, {"served_on": "2026-02-01", "hours": "3.5", "content": "社区值守"}, format="json")
    assert recorded.status_code == 201 and recorded.json()["confirmed_by_community"] is False
    service_id = recorded.json()["id"]
    assert secretary.post(f"/api/v1/dual/services/{service_id}/confirm/").status_code == 403
    confirmed = community.post(f"/api/v1/dual/services/{service_id}/confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["confirmed_by_community"] is True
    again = community.post(f"/api/v1/dual/services/{service_id}/confirm/")
    assert again.status_code == 400 and again.json() == {"confirmed_by_community": ["该服务记录已确认"]}
    row = community.get(f"{REGISTRATIONS}{created['id']}/").json()
    assert (row["hours"], row["confirmed_hours"]) == ("3.5", "3.5")
    assert api_as(tree.accounts["secretary_a2"]).post(f"/api/v1/dual/services/{service_id}/confirm/").status_code == 404


def test_either_side_ends_it_once(tree, home, community, registration):
    url = f"{REGISTRATIONS}{registration['id']}/end/"
    early = community.post(url, {"ended_on": "2026-01-14"}, format="json")
    assert early.status_code == 400 and early.json() == {"ended_on": ["结束日期不能早于报到日期"]}
    ended = community.post(url, {"ended_on": "2026-02-28"}, format="json")
    assert ended.status_code == 200 and ended.json()["active"] is False
    assert home.post(url, {"ended_on": "2026-03-01"}, format="json").json() == {
        "ended_on": ["该报到已于2026-02-28结束"]
    }
    assert home.get(REGISTRATIONS, {"active": "true"}).json()["count"] == 0
    late = home.post(
        f"{REGISTRATIONS}{registration['id']}/services/",
        {"served_on": "2026-03-01", "hours": "1", "content": "值守"},
        format="json",
    )
    assert late.json() == {"served_on": ["服务日期不能晚于报到结束日期"]}
    assert not CommunityService.objects.exists()
