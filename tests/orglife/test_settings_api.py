"""Settings and requirements through the API: read by everyone in the county, changed by its administrator only,
refusals as 400 with the field, 403, and another county's requirement like a missing one."""

import datetime as dt

import pytest

from dangjian.core.choices import OrgDomain, OrgKind, OrgLevel, Role
from dangjian.orglife.models import MeetingRequirement, OrgLifeSetting
from tests.core.factories import make_account, make_org
from tests.members.api import api_as
from tests.orglife.settings_world import seed_requirements, settings_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 15)
SETTINGS = "/api/v1/orglife/settings/"
REQUIREMENTS = "/api/v1/orglife/requirements/"


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def test_settings_read_and_patch(tree):
    secretary = api_as(tree.accounts["secretary_a1"])
    body = secretary.get(SETTINGS).json()
    assert body["theme_days"] == [10] and body["saved"] is False and body["county"]["code"] == "C001"
    assert len(body["agenda_items"]) == 6
    admin = api_as(tree.accounts["county"])
    saved = admin.patch(SETTINGS, {"theme_days": "5,10", "late_entry_days": 5}, format="json")
    assert saved.status_code == 200 and saved.json()["theme_days"] == [5, 10] and saved.json()["saved"]
    listed = admin.patch(SETTINGS, {"theme_days": [20, 5]}, format="json")
    assert listed.json()["theme_days"] == [5, 20] and listed.json()["late_entry_days"] == 5
    assert secretary.get(SETTINGS).json()["theme_days"] == [5, 20]


def test_settings_refusals(tree):
    admin = api_as(tree.accounts["county"])
    bad = admin.patch(SETTINGS, {"theme_days": [31]}, format="json")
    assert bad.status_code == 400
    assert bad.json() == {"theme_days": ["主题党日日期应在每月1日至28日之间(每个月都有的日期)"]}
    words = admin.patch(SETTINGS, {"theme_days": "十号"}, format="json")
    assert words.status_code == 400 and "不是日期数字" in words.json()["theme_days"][0]
    unknown = admin.patch(SETTINGS, {"county": 1}, format="json")
    assert unknown.status_code == 400 and "county" in unknown.json()
    minutes = admin.patch(SETTINGS, {"late_after_minutes": 500}, format="json")
    assert minutes.json() == {"late_after_minutes": ["开始后记为迟到应为0至120分钟"]}
    town = api_as(tree.accounts["town_a"]).patch(SETTINGS, {"late_entry_days": 3}, format="json")
    assert town.status_code == 403
    assert not OrgLifeSetting.objects.exists()


def test_requirements_list_is_the_countys_for_everyone_in_it(tree):
    settings_world(tree)
    for who in ("county", "town_a", "secretary_a2", "member_a1"):
        body = api_as(tree.accounts[who]).get(REQUIREMENTS).json()
        assert body["count"] == 8, who
    lesson = api_as(tree.accounts["town_a"]).get(REQUIREMENTS, {"kind": "party_lesson"}).json()["results"]
    assert lesson[0]["county_set"] is True and lesson[0]["cycle_display"] == "每季度"
    assert api_as(tree.accounts["town_a"]).get(REQUIREMENTS, {"current": "false"}).json()["count"] == 0


def test_requirement_create_update_end(tree):
    admin = api_as(tree.accounts["county"])
    body = {
        "kind": "party_lesson",
        "org_category": "rural",
        "expected": 1,
        "cycle": "month",
        "effective_from": "2026-04-01",
    }
    created = admin.post(REQUIREMENTS, body, format="json")
    assert created.status_code == 201 and created.json()["org_category_display"] == "农村党支部"
    pk = created.json()["id"]
    again = admin.post(REQUIREMENTS, body, format="json")
    assert again.status_code == 400 and "与此期间重叠" in again.json()["effective_from"][0]
    changed = admin.patch(f"{REQUIREMENTS}{pk}/", {"expected": 2, "note": "县委文件"}, format="json")
    assert changed.status_code == 200 and changed.json()["expected"] == 2 and changed.json()["note"] == "县委文件"
    ended = admin.post(f"{REQUIREMENTS}{pk}/end/", {"effective_until": "2026-12-31"}, format="json")
    assert ended.status_code == 200 and ended.json()["effective_until"] == "2026-12-31"
    bad = admin.post(REQUIREMENTS, body | {"expected": 40, "effective_from": "2027-01-01"}, format="json")
    assert bad.status_code == 400 and bad.json() == {"expected": ["应开展次数应为1至31次"]}


def test_requirement_refusals_for_others(tree):
    lesson = seed_requirements(tree.county)[0]
    town = api_as(tree.accounts["town_a"])
    assert town.patch(f"{REQUIREMENTS}{lesson.pk}/", {"expected": 3}, format="json").status_code == 403
    assert (
        town.post(f"{REQUIREMENTS}{lesson.pk}/end/", {"effective_until": "2026-12-31"}, format="json").status_code
        == 403
    )
    body = {
        "kind": "theme_day",
        "org_category": "rural",
        "expected": 1,
        "cycle": "month",
        "effective_from": "2026-04-01",
    }
    assert town.post(REQUIREMENTS, body, format="json").status_code == 403
    lesson.refresh_from_db()
    assert lesson.expected == 1 and lesson.effective_until is None
    # Another county's administrator: the requirement does not exist for them.
    other = make_org(
        None, "C002", "另一县委", kind=OrgKind.PARTY_COMMITTEE, domain=OrgDomain.GOVERNMENT, level=OrgLevel.COUNTY
    )
    stranger = api_as(make_account("other_admin", other, Role.COUNTY_ADMIN))
    assert stranger.get(REQUIREMENTS).json()["count"] == 0
    missing = stranger.patch(f"{REQUIREMENTS}{10**9}/", {"expected": 3}, format="json")
    foreign = stranger.patch(f"{REQUIREMENTS}{lesson.pk}/", {"expected": 3}, format="json")
    assert foreign.status_code == missing.status_code == 404 and foreign.json() == missing.json()
    assert MeetingRequirement.objects.get(pk=lesson.pk).expected == 1
