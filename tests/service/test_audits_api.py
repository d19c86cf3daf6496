"""村官直审 API: a round from opening to a verified rectification and a notice, the refusals in Chinese, the figures,
and scope (another branch or township sees nothing; an object outside answers 404 like a missing one)."""

import datetime as dt

import pytest

from dangjian.core.choices import Role
from dangjian.service.models import VillageAudit, VillageAuditFinding
from tests.core.factories import make_account
from tests.members.api import api_as
from tests.service.audits_world import audits_world

pytestmark = pytest.mark.django_db

BASE = "/api/v1/service/audits"
TODAY = dt.date(2026, 4, 15)


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


ROUND = {
    "year": 2026,
    "name": "2026年度村官直审",
    "body": "county_audit",
    "period_start": "2025-01-01",
    "period_end": "2025-12-31",
    "planned_start": "2026-04-01",
    "planned_end": "2026-06-30",
}


def test_a_round_through_the_api(tree):
    county, town = api_as(tree.accounts["county"]), api_as(tree.accounts["town_a"])
    secretary = api_as(tree.accounts["secretary_a1"])
    assert town.post(f"{BASE}/rounds/", ROUND, format="json").status_code == 403
    bad = county.post(f"{BASE}/rounds/", {**ROUND, "notice_days": 3}, format="json")
    assert bad.status_code == 400 and bad.json()["notice_days"] == ["公示天数应在5至30天之间"]
    round_id = county.post(f"{BASE}/rounds/", ROUND, format="json").json()["id"]
    added = county.post(f"{BASE}/rounds/{round_id}/villages/", {"all": True}, format="json")
    assert added.json() == {"added": 3}
    again = county.post(f"{BASE}/rounds/{round_id}/villages/", {"orgs": ["V001"]}, format="json")
    assert again.status_code == 400 and again.json()["org"] == ["东城镇李庄村党支部已在本轮审计中"]
    assert county.post(f"{BASE}/rounds/{round_id}/advance/").json()["status"] == "ongoing"
    audit_id = VillageAudit.objects.get(org=tree.village_a1).pk
    patched = town.patch(
        f"{BASE}/villages/{audit_id}/", {"auditors": "钱审计", "fieldwork_start": "2026-04-10"}, format="json"
    )
    assert patched.status_code == 200, patched.json()
    finding = town.post(
        f"{BASE}/findings/",
        {"audit": audit_id, "category": "three_assets", "description": "集体土地发包未公开", "amount": "50000"},
        format="json",
    )
    assert finding.status_code == 201, finding.json()
    finding_id = finding.json()["id"]
    early = town.post(f"{BASE}/notices/", {"audit": audit_id}, format="json")
    assert early.status_code == 400 and early.json()["text"] == ["审计结论录入后才能公示"]
    done = town.post(
        f"{BASE}/villages/{audit_id}/conclude/", {"conclusion": "rectify", "conclusion_text": "限期整改"}, format="json"
    )
    assert done.status_code == 200 and done.json()["conclusion_display"] == "有问题需整改"
    notice = town.post(f"{BASE}/notices/", {"audit": audit_id}, format="json")
    assert notice.status_code == 201 and notice.json()["last_day"] == "2026-04-24"
    early = town.post(f"{BASE}/findings/{finding_id}/verify/", {"passed": True}, format="json")
    assert early.status_code == 400 and early.json()["passed"] == ["村里尚未报送整改结果,不能核实"]
    reported = secretary.post(f"{BASE}/findings/{finding_id}/rectify/", {"result": "已重新公开发包"}, format="json")
    assert reported.json()["status"] == "reported"
    assert secretary.post(f"{BASE}/findings/{finding_id}/verify/", {"passed": True}, format="json").status_code == 403
    verified = town.post(f"{BASE}/findings/{finding_id}/verify/", {"passed": True}, format="json")
    assert verified.json()["status_display"] == "整改到位"
    figures = county.get(f"{BASE}/figures/", {"round": round_id}).json()
    assert figures["total"]["planned"] == 3 and figures["total"]["rectified_text"] == "整改到位 1/1 (100.0%)"
    assert figures["sentence"].endswith("发现问题1个,已整改1个")


def test_scope_of_the_lists(tree):
    audits_world(tree)
    other = make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN)
    for account in (tree.accounts["secretary_a2"], other):
        client = api_as(account)
        for name in ("villages", "findings", "notices"):
            rows = client.get(f"{BASE}/{name}/").json()["results"]
            assert rows and all("李庄村" not in str(row) for row in rows)
        assert client.get(f"{BASE}/rounds/").json()["count"] == 1  # the county's round is everyone's
        a1 = VillageAuditFinding.objects.get(audit__org=tree.village_a1).pk
        assert client.get(f"{BASE}/findings/{a1}/").status_code == 404
        assert client.post(f"{BASE}/findings/{a1}/verify/", {"passed": True}, format="json").status_code == 404
    figures = api_as(other).get(f"{BASE}/figures/", {"year": 2026}).json()
    assert figures["total"]["planned"] == 1 and figures["total"]["findings"] == 1
    bad = api_as(other).get(f"{BASE}/figures/", {"root": "V001"})
    assert bad.status_code == 400
