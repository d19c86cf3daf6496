"""上传下达 and 信息报送 through the API: sending (JSON and multipart with an attachment), receipts, 签收, reports
submitted and reviewed, counts per org — the refusals (400, 403), and another branch seeing nothing."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.core.choices import Role
from dangjian.core.models import Org
from dangjian.orglife.models import InfoReport, Notice, NoticeReceipt
from tests.core.factories import make_account
from tests.members.api import api_as
from tests.orglife.notices_world import notices_world
from tests.orglife.test_volunteers_api import walk_api

pytestmark = pytest.mark.django_db

BASE = "/api/v1/orglife"
TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def today(settings, tmp_path):
    settings.DANGJIAN_TODAY = TODAY
    settings.MEDIA_ROOT = tmp_path / "media"
    return TODAY


def test_send_list_receipts_and_sign(tree, today):
    county = api_as(tree.accounts["county"])
    body = {"title": "关于开展冬训的通知", "body": "请各支部制定计划。", "reach": "branches", "sign_by": "2026-03-05"}
    sent = county.post(f"{BASE}/notices/", body, format="json")
    assert sent.status_code == 201, sent.content
    notice = sent.json()
    assert (notice["org"]["code"], notice["recipients"], notice["signed_label"]) == ("C001", 3, "0/3 (0.0%)")
    past = county.post(f"{BASE}/notices/", body | {"sign_by": "2026-02-28"}, format="json")
    assert past.status_code == 400 and past.json() == {"sign_by": ["签收期限不能早于今天"]}
    nowhere = county.post(f"{BASE}/notices/", body | {"reach": "everyone"}, format="json")
    assert nowhere.status_code == 400 and "reach" in nowhere.json()

    secretary = api_as(tree.accounts["secretary_a1"])
    inbox = secretary.get(f"{BASE}/notice-receipts/", {"org": "V001", "signed": "false"}).json()
    assert inbox["count"] == 1 and inbox["results"][0]["notice"]["title"] == "关于开展冬训的通知"
    signed = secretary.post(f"{BASE}/notices/{notice['id']}/sign/", {}, format="json")
    assert signed.status_code == 200 and signed.json()["org"]["code"] == "V001" and signed.json()["signed_at"]
    twice = secretary.post(f"{BASE}/notices/{notice['id']}/sign/", {}, format="json")
    assert twice.status_code == 400 and "signed_at" in twice.json()
    assert secretary.get(f"{BASE}/notices/{notice['id']}/").json()["signed_label"] == "1/3 (33.3%)"

    other = api_as(tree.accounts["secretary_a2"])
    proxy = other.post(f"{BASE}/notices/{notice['id']}/sign/", {"org": "V001"}, format="json")
    assert proxy.status_code == 400 and proxy.json() == {"org": ["接收组织代码(代为签收时填写)：组织代码“V001”不存在"]}
    receipts = county.get(f"{BASE}/notices/{notice['id']}/receipts/", {"signed": "false"}).json()
    assert {r["org"]["code"] for r in receipts["results"]} == {"V002", "V003"}
    town = api_as(tree.accounts["town_a"])
    a2 = NoticeReceipt.objects.get(org=tree.village_a2)
    assert town.post(f"{BASE}/notice-receipts/{a2.pk}/sign/").status_code == 200
    assert Notice.objects.get().signed == 2


def test_send_with_an_attachment_as_multipart(tree, today):
    county = api_as(tree.accounts["county"])
    upload = SimpleUploadedFile("方案.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    data = {"title": "关于印发方案的通知", "body": "见附件。", "reach": "children", "attachment": upload}
    sent = county.post(f"{BASE}/notices/", data, format="multipart")
    assert sent.status_code == 201, sent.content
    assert sent.json()["has_attachment"] and Notice.objects.get().attachment.read() == b"%PDF-1.4 plan"
    bad = SimpleUploadedFile("方案.exe", b"MZ")
    refused = county.post(f"{BASE}/notices/", data | {"attachment": bad}, format="multipart")
    assert refused.status_code == 400 and "attachment" in refused.json()


def test_reports_submit_review_and_count(tree, today):
    secretary = api_as(tree.accounts["secretary_a1"])
    body = {"kind": "experience", "title": "李庄村“党建+积分”做法", "body": "积分激发党员活力。"}
    created = secretary.post(f"{BASE}/reports/", body, format="json")
    assert created.status_code == 201 and created.json()["org"]["code"] == "V001"
    report = created.json()
    own = secretary.post(f"{BASE}/reports/{report['id']}/review/", {"status": "adopted"}, format="json")
    assert own.status_code == 403
    town = api_as(tree.accounts["town_a"])
    returned = town.post(f"{BASE}/reports/{report['id']}/review/", {"status": "returned"}, format="json")
    assert returned.status_code == 400 and returned.json() == {"review_note": ["退回时请填写退回意见"]}
    adopted = town.post(f"{BASE}/reports/{report['id']}/review/", {"status": "adopted"}, format="json")
    assert adopted.status_code == 200 and adopted.json()["status_display"] == "已采用"
    assert adopted.json()["reviewed_by"] == "town_a_admin"
    top = api_as(tree.accounts["county"]).post(f"{BASE}/reports/", body, format="json")
    assert top.status_code == 400 and "org" in top.json()

    counts = town.get(f"{BASE}/report-counts/").json()
    assert counts["count"] == 1
    row = counts["results"][0]
    assert (row["org"]["code"], row["submitted"], row["adopted"], row["rate"]) == ("V001", 1, 1, "1/1 (100.0%)")
    rolled = api_as(tree.accounts["county"]).get(f"{BASE}/report-counts/", {"group": "child"}).json()
    assert [(r["org"]["code"], r["rate"]) for r in rolled["results"]] == [("T001", "1/1 (100.0%)")]
    assert town.get(f"{BASE}/report-counts/", {"year": "2025"}).json()["count"] == 0
    assert town.get(f"{BASE}/report-counts/", {"month": "3"}).status_code == 400
    assert town.get(f"{BASE}/report-counts/", {"group": "tree"}).status_code == 400
    assert InfoReport.objects.count() == 1


def test_members_see_no_notices(tree, today):
    notices_world(tree)
    member = api_as(tree.accounts["member_a1"])
    assert member.get(f"{BASE}/notices/").json()["count"] == 0
    assert member.get(f"{BASE}/notice-receipts/").json()["count"] == 0
    assert member.get(f"{BASE}/reports/").json()["count"] == 0


@pytest.fixture(params=["secretary_a2", "town_b_admin"])
def viewer(request, tree):
    if request.param == "town_b_admin":
        return make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN)
    return tree.accounts[request.param]


def test_another_branch_sees_nothing_of_a1(tree, viewer):
    objects = notices_world(tree)
    objects[Org] = [tree.village_a1]
    prefixes = (f"{BASE}/notices", f"{BASE}/notice-receipts", f"{BASE}/reports", f"{BASE}/report-counts")
    walked = walk_api(tree, objects, prefixes, viewer)
    assert (f"{BASE}/notices/{{id}}/sign/", "post") in walked
    assert (f"{BASE}/reports/{{id}}/review/", "post") in walked
    assert (f"{BASE}/notice-receipts/{{id}}/sign/", "post") in walked
