"""第一书记 through the API: posting, sign-in (one a day), leave and report decisions, replacement with a successor,
the presence list — the refusals (400 with the rule, 403) and another branch seeing nothing (404 like missing)."""

import datetime as dt

import pytest

from dangjian.core.choices import Role
from dangjian.villages.models import Posting, PostingLeave, PostingReport, PostingSignIn
from tests.core.factories import make_account
from tests.core.test_api_scoping import MISSING_ID
from tests.members.api import api_as
from tests.villages.secretaries_world import secretaries_world

pytestmark = pytest.mark.django_db

BASE = "/api/v1/villages/secretaries"
TODAY = dt.date(2026, 3, 31)


@pytest.fixture
def world(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    return secretaries_world(tree)


def test_posting_and_replacement(tree, world):
    county = api_as(tree.accounts["county"])
    body = {
        "org": "V001",
        "role": "first_secretary",
        "name": "赵六",
        "sending_unit": "县委办",
        "started_on": "2026-03-01",
    }
    refused = county.post(f"{BASE}/postings/", body, format="json")
    assert refused.status_code == 400 and "已有在岗第一书记张建国" in refused.json()["role"][0]
    town = api_as(tree.accounts["town_a"])
    assert town.post(f"{BASE}/postings/", body | {"org": "V002"}, format="json").status_code == 403
    member = town.post(f"{BASE}/postings/", body | {"role": "team_member"}, format="json")
    assert member.status_code == 201 and member.json()["team_name"] == "东城镇李庄村驻村工作队"
    posting = world[Posting][0]
    ended = county.post(
        f"{BASE}/postings/{posting.pk}/end/",
        {"reason": "not_resident", "successor_name": "孙磊", "successor_phone": "13900000001"},
        format="json",
    )
    assert ended.status_code == 200, ended.content
    answer = ended.json()
    assert answer["ended"]["status"] == "recalled" and answer["ended"]["end_reason_display"] == "不在村居住"
    assert answer["successor"]["name"] == "孙磊" and answer["successor"]["predecessor"] == posting.pk
    again = county.post(f"{BASE}/postings/{posting.pk}/end/", {"reason": "other"}, format="json")
    assert again.status_code == 400


def test_signins_leaves_reports_and_presence(tree, world):
    posting = world[Posting][0]
    account = make_account("fs_zhang", tree.community_b1, Role.MEMBER, person=tree.people["b1"][1])
    Posting.objects.filter(pk=posting.pk).update(account=account)
    me = api_as(account)
    mine = me.get(f"{BASE}/postings/").json()
    assert [row["id"] for row in mine["results"]] == [posting.pk]
    twice = me.post(f"{BASE}/signins/", {"posting": posting.pk}, format="json")
    assert twice.status_code == 400 and twice.json() == {"day": ["2026-03-31已签到,每天只签到一次"]}
    PostingSignIn.objects.filter(posting=posting).delete()
    signed = me.post(f"{BASE}/signins/", {"posting": posting.pk, "place": "村委会"}, format="json")
    assert signed.status_code == 201 and signed.json()["proxy"] is False
    town = api_as(tree.accounts["town_a"])
    ahead = town.post(f"{BASE}/signins/", {"posting": posting.pk, "day": "2026-04-01"}, format="json")
    assert ahead.status_code == 400 and ahead.json() == {"day": ["不能为以后的日期签到"]}
    proxy = town.post(f"{BASE}/signins/", {"posting": posting.pk, "day": "2026-03-30"}, format="json")
    assert proxy.status_code == 201 and proxy.json()["proxy"] is True

    leave = PostingLeave.objects.get(posting=posting)
    village = api_as(tree.accounts["secretary_a1"])
    assert village.post(f"{BASE}/leaves/{leave.pk}/decide/", {"approve": True}, format="json").status_code == 403
    decided = town.post(f"{BASE}/leaves/{leave.pk}/decide/", {"approve": True}, format="json")
    assert decided.status_code == 200 and decided.json()["status"] == "approved"

    report = PostingReport.objects.get(posting=posting)
    returned = town.post(f"{BASE}/reports/{report.pk}/review/", {"approve": False}, format="json")
    assert returned.status_code == 400 and returned.json() == {"note": ["退回时请填写理由"]}
    passed = town.post(f"{BASE}/reports/{report.pk}/review/", {"approve": True, "score": 95}, format="json")
    assert passed.status_code == 200 and passed.json()["score"] == 95
    submitted = me.post(
        f"{BASE}/reports/", {"posting": posting.pk, "period": "2025-09-15", "content": "第三季度工作"}, format="json"
    )
    assert submitted.status_code == 400  # the posting started on 2025-12-31
    assert submitted.json() == {"period": ["申报期间应在任职期间内"]}

    presence = api_as(tree.accounts["county"]).get(f"{BASE}/presence/", {"month": "2026-03", "below": "true"})
    assert presence.status_code == 200
    rows = {row["posting"]["id"]: row for row in presence.json()["results"]}
    assert rows[posting.pk]["days"] == 2 and rows[posting.pk]["text"] == "本月在村2天,低于规定20天"
    bad = api_as(tree.accounts["county"]).get(f"{BASE}/presence/", {"month": "2026-13"})
    assert bad.status_code == 400


def test_another_branch_sees_nothing(tree, world):
    a2 = api_as(tree.accounts["secretary_a2"])
    for kind, model in (("postings", Posting), ("signins", PostingSignIn), ("leaves", PostingLeave)):
        listed = a2.get(f"{BASE}/{kind}/").json()
        ids = {row["id"] for row in listed["results"]}
        assert ids and not ids & {obj.pk for obj in model.objects.filter(org_path=tree.village_a1.path)}
        a1_obj = model.objects.filter(org_path=tree.village_a1.path).first()
        assert a2.get(f"{BASE}/{kind}/{a1_obj.pk}/").status_code == 404
        assert a2.get(f"{BASE}/{kind}/{MISSING_ID}/").status_code == 404
    foreign = a2.post(f"{BASE}/signins/", {"posting": world[Posting][0].pk}, format="json")
    assert foreign.status_code == 400 and "不存在" in foreign.json()["posting"][0]
    presence = a2.get(f"{BASE}/presence/", {"month": "2026-03"}).json()
    assert {row["org"]["code"] for row in presence["results"]} == {"V002"}
