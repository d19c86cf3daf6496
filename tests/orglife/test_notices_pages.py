"""上传下达 and 信息报送 pages: sending a notice with an attachment, the inbox and 签收, who has not signed
(overdue highlighted, exported), reports submitted, reviewed and resubmitted, and the counts per org."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.orglife.choices import NoticeReach, ReportKind, ReportStatus
from dangjian.orglife.models import InfoReport, Notice, NoticeReceipt
from dangjian.orglife.services import notices as services
from tests.core.factories import make_org
from tests.core.pages import login, page

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def today(settings, tmp_path):
    settings.DANGJIAN_TODAY = TODAY
    settings.MEDIA_ROOT = tmp_path / "media"
    return TODAY


def send(org, reach=NoticeReach.BRANCHES, **extra):
    values = {"title": "关于开展三月主题党日活动的通知", "body": "请各支部按时开展。", "reach": reach}
    return services.notice_send(actor=None, org=org, **values | extra)


def test_send_a_notice_with_an_attachment(tree, client, today):
    login(client, tree, "county")
    url = reverse("orglife:notice_create")
    data = {
        "org_code": "C001",
        "title": "关于报送党建工作总结的通知",
        "body": "请于月底前报送。",
        "reach": "branches",
        "sign_by": "2026-02-28",
    }
    html = page(client.post(url, data))
    assert "签收期限不能早于今天" in html and 'value="关于报送党建工作总结的通知"' in html
    bad = SimpleUploadedFile("病毒.exe", b"MZ")
    assert "附件类型不支持" in page(client.post(url, data | {"sign_by": "2026-03-05", "attachment": bad}))
    attachment = SimpleUploadedFile("工作总结模板.docx", b"PK docx")
    response = client.post(url, data | {"sign_by": "2026-03-05", "attachment": attachment})
    notice = Notice.objects.get()
    assert response.status_code == 302 and notice.recipients == 3
    html = page(client.get(reverse("orglife:notice_detail", args=[notice.pk])))
    assert "已签收 0/3 (0.0%)" in html and "下载附件" in html and tree.community_b1.name in html
    download = client.get(reverse("orglife:notice_attachment", args=[notice.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"PK docx"
    login(client, tree, "secretary_a1")
    assert client.get(reverse("orglife:notice_attachment", args=[notice.pk])).status_code == 200
    login(client, tree, "member_a1")
    assert client.get(reverse("orglife:notice_detail", args=[notice.pk])).status_code == 403


def test_inbox_and_sign(tree, client, today):
    notice = send(tree.county, sign_by=TODAY)
    other = send(tree.town_b, NoticeReach.CHILDREN, title="西关街道的通知")
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("orglife:notice_list"), {"tab": "inbox"}))
    assert "关于开展三月主题党日活动的通知" in html and "待签收" in html and "西关街道的通知" not in html
    detail = reverse("orglife:notice_detail", args=[notice.pk])
    html = page(client.get(detail))
    assert "本组织尚未签收" in html and ">签收</button>" in html
    assert client.get(reverse("orglife:notice_detail", args=[other.pk])).status_code == 404
    response = client.post(reverse("orglife:notice_sign", args=[notice.pk]), follow=True)
    assert "已签收“关于开展三月主题党日活动的通知”" in response.content.decode()
    html = page(client.get(detail))
    assert "本组织已于" in html
    response = client.post(reverse("orglife:notice_sign", args=[notice.pk]), follow=True)
    assert "已于" in response.content.decode() and "签收该通知" in response.content.decode()
    assert Notice.objects.get(pk=notice.pk).signed == 1
    login(client, tree, "secretary_a2")
    a1_receipt = NoticeReceipt.objects.get(notice=notice, org=tree.village_a1)
    assert client.post(reverse("orglife:notice_receipt_sign", args=[a1_receipt.pk])).status_code == 404


def test_the_sender_sees_who_has_not_signed_overdue_highlighted(tree, client, settings, today):
    notice = send(tree.county, sign_by=TODAY)
    receipt = NoticeReceipt.objects.get(notice=notice, org=tree.village_a1)
    services.notice_sign(actor=None, receipt=receipt)
    NoticeReceipt.objects.filter(pk=receipt.pk).update(signed_at=timezone.make_aware(dt.datetime(2026, 3, 1, 10)))
    settings.DANGJIAN_TODAY = TODAY + dt.timedelta(days=1)
    login(client, tree, "county")
    html = page(client.get(reverse("orglife:notice_list")))
    assert "1/3 (33.3%)" in html
    detail = reverse("orglife:notice_detail", args=[notice.pk])
    html = page(client.get(detail))
    assert "已签收 1/3 (33.3%)" in html and "逾期未签收 2" in html and 'class="table-danger"' in html
    html = page(client.get(detail, {"signed": "false"}))
    assert tree.village_a2.name in html and tree.village_a1.name not in html.split("签收情况")[1]
    export = client.get(reverse("orglife:notice_receipts_export", args=[notice.pk]))
    sheet = load_workbook(io.BytesIO(export.content))["签收情况"]
    states = {row[0]: row[2] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert states == {
        tree.village_a1.name: "已签收",
        tree.village_a2.name: "逾期未签收",
        tree.community_b1.name: "逾期未签收",
    }
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, after__kind="notice_receipts").exists()
    login(client, tree, "town_a")
    html = page(client.get(detail))
    assert "本辖区 1/2 (50.0%)" in html and "代为签收" in html and tree.community_b1.name not in html


def test_the_sign_by_day_itself_is_not_highlighted(tree, client, today):
    send(tree.county, sign_by=TODAY)
    login(client, tree, "county")
    html = page(client.get(reverse("orglife:notice_detail", args=[Notice.objects.get().pk])))
    assert 'class="table-danger"' not in html and 'text-bg-danger">逾期未签收' not in html


def test_sent_list_filters_and_exports(tree, client, today):
    send(tree.county, title="县委的通知")
    send(tree.town_a, NoticeReach.CHILDREN, title="东城镇的通知")
    login(client, tree, "county")
    url = reverse("orglife:notice_list")
    html = page(client.get(url))
    assert "县委的通知" in html and "东城镇的通知" in html
    html = page(client.get(url, {"org": "T001"}))
    assert "县委的通知" not in html and "东城镇的通知" in html
    assert "暂无符合条件的下发的通知" in page(client.get(url, {"search": "没有这个"}))
    export = client.get(reverse("orglife:notice_export"))
    rows = list(load_workbook(io.BytesIO(export.content))["通知"].iter_rows(min_row=3, values_only=True))
    assert {row[0] for row in rows} == {"县委的通知", "东城镇的通知"}
    login(client, tree, "secretary_a1")
    assert "暂无下发的通知" in page(client.get(url))


def test_reports_submit_review_and_resubmit(tree, client, today):
    login(client, tree, "secretary_a1")
    url = reverse("orglife:report_create")
    data = {"org_code": "V001", "kind": "work", "title": "李庄村开展环境整治", "body": "组织党员志愿者20人参加。"}
    response = client.post(url, data | {"attachment": SimpleUploadedFile("照片.jpg", b"\xff\xd8jpg")})
    report = InfoReport.objects.get()
    assert response.status_code == 302 and report.attachment.name.endswith(".jpg")
    html = page(client.get(reverse("orglife:report_detail", args=[report.pk])))
    assert "待审核" in html and "提交审核结果" not in html  # the submitter never reviews
    assert client.post(reverse("orglife:report_review", args=[report.pk]), {"status": "adopted"}).status_code == 403
    login(client, tree, "town_a")
    html = page(client.get(reverse("orglife:report_list")))
    assert "1 条下级报送的信息待审核" in html and "审核</a>" in html
    review = reverse("orglife:report_review", args=[report.pk])
    html = page(client.post(review, {"status": "returned", "note": ""}))
    assert "退回时请填写退回意见" in html
    client.post(review, {"status": "returned", "note": "请补充活动照片"})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("orglife:report_detail", args=[report.pk])))
    assert "请补充活动照片" in html and "修改后重新报送" in html
    html = page(client.get(url, {"from": report.pk}))
    assert 'value="李庄村开展环境整治"' in html and "退回意见:请补充活动照片" in html
    client.post(url, data | {"title": "李庄村开展环境整治(补充照片)"})
    assert InfoReport.objects.count() == 2


def test_report_list_filters_and_export(tree, client, today):
    services.report_submit(actor=None, org=tree.village_a1, kind=ReportKind.WORK, title="李庄村工作动态", body="x")
    services.report_submit(actor=None, org=tree.village_a2, kind=ReportKind.PROBLEM, title="王庄村问题建议", body="y")
    login(client, tree, "town_a")
    url = reverse("orglife:report_list")
    html = page(client.get(url, {"kind": "problem"}))
    assert "王庄村问题建议" in html and "李庄村工作动态" not in html
    assert "暂无符合条件的报送信息" in page(client.get(url, {"status": "adopted"}))
    export = client.get(reverse("orglife:report_export"), {"org": "V001"})
    rows = list(load_workbook(io.BytesIO(export.content))["信息报送"].iter_rows(min_row=3, values_only=True))
    assert [row[0] for row in rows] == ["李庄村工作动态"]


def test_counts_page_and_export(tree, client, today):
    for org, outcome in ((tree.village_a1, "adopted"), (tree.village_a1, "filed"), (tree.community_b1, None)):
        report = services.report_submit(actor=None, org=org, kind=ReportKind.WORK, title="动态", body="x")
        if outcome:
            services.report_review(actor=None, report=report, status=outcome)
    login(client, tree, "county")
    url = reverse("orglife:report_counts")
    html = page(client.get(url))
    assert "东城镇党委" in html and "1/2 (50.0%)" in html and "0/1 (0.0%)" in html and "1/3 (33.3%)" in html
    html = page(client.get(url, {"group": "org", "org": "T001"}))
    assert tree.village_a1.name in html and "西关" not in html.split("<tbody>")[1]
    html = page(client.get(url, {"year": "2025"}))
    assert "2025年暂无报送的信息" in html
    export = client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content))["信息报送统计"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[-1][0] == "合计" and rows[-1][-1] == "1/3 (33.3%)"
    login(client, tree, "member_a1")
    assert client.get(url).status_code == 403


def test_lists_do_not_grow_queries_with_their_rows(tree, client, today):
    notice = send(tree.county, NoticeReach.ALL)
    services.report_submit(actor=None, org=tree.village_a1, kind=ReportKind.WORK, title="动态", body="x")
    login(client, tree, "county")
    urls = [
        reverse("orglife:notice_list"),
        reverse("orglife:notice_detail", args=[notice.pk]),
        reverse("orglife:report_list"),
        reverse("orglife:report_counts"),
    ]
    page(client.get(urls[0]))  # the session's first request loads more
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            page(client.get(url))
        counts.append(len(queries))
    for _ in range(4):
        send(tree.county, NoticeReach.BRANCHES)
        services.report_submit(actor=None, org=tree.village_a2, kind=ReportKind.DATA, title="数据", body="y")
    for number in range(5):
        make_org(tree.town_a, f"V1{number}", f"东城镇新村{number}党支部")
    notice.refresh_from_db()
    for url, before in zip(urls, counts, strict=True):
        with CaptureQueriesContext(connection) as queries:
            page(client.get(url))
        assert len(queries) == before, url
