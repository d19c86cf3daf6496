"""上传下达 and 信息报送 services: receipts written set-based for each reach, counters, 签收 once and only by the
receiving org or above it, reports submitted up and reviewed by the org above (never by the submitter), counts per
org and period — with the Chinese messages and the audit entries."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dangjian.core.choices import AuditAction, OrgKind, Role
from dangjian.core.models import AuditEntry, Org
from dangjian.orglife import rules
from dangjian.orglife.choices import NoticeReach, ReportKind, ReportStatus
from dangjian.orglife.models import InfoReport, Notice, NoticeReceipt
from dangjian.orglife.selectors import notices as selectors
from dangjian.orglife.services import notices as services
from tests.core.factories import make_account, make_org

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


@pytest.fixture
def group(tree):
    return make_org(tree.village_a1, "G101", "李庄村第一党小组", kind=OrgKind.PARTY_GROUP)


def send(org, reach, actor=None, **extra):
    return services.notice_send(
        actor=actor, org=org, title="关于开展主题党日的通知", body="请按时开展。", reach=reach, **extra
    )


def codes(notice):
    return set(NoticeReceipt.objects.filter(notice=notice).values_list("org__code", flat=True))


def entries(obj, action):
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk), action=action)


# --- sending ------------------------------------------------------------------------------------------------


def test_each_reach_gets_its_receipts(tree, today, group):
    assert codes(send(tree.county, NoticeReach.CHILDREN)) == {"T001", "T002"}
    assert codes(send(tree.county, NoticeReach.BRANCHES)) == {"V001", "V002", "V003"}
    assert codes(send(tree.county, NoticeReach.ALL)) == {"T001", "T002", "V001", "V002", "V003", "G101"}
    assert codes(send(tree.town_a, NoticeReach.CHILDREN)) == {"V001", "V002"}
    assert codes(send(tree.town_a, NoticeReach.BRANCHES)) == {"V001", "V002"}
    assert codes(send(tree.town_a, NoticeReach.ALL)) == {"V001", "V002", "G101"}
    assert codes(send(tree.village_a1, NoticeReach.ALL)) == {"G101"}
    with pytest.raises(ValidationError) as none:
        send(tree.village_a1, NoticeReach.CHILDREN)
    assert none.value.message_dict == {"reach": [f"{tree.village_a1.name}在“直属下级组织”范围内没有可接收通知的组织"]}


def test_receipts_copy_the_orgs_and_are_written_in_one_insert(tree, today, group):
    with CaptureQueriesContext(connection) as queries:
        notice = send(tree.county, NoticeReach.ALL, actor=tree.accounts["county"])
    inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "orglife_noticereceipt"')]
    assert len(inserts) == 1
    assert (notice.recipients, notice.signed, notice.sent_by) == (6, 0, tree.accounts["county"])
    receipt = NoticeReceipt.objects.get(notice=notice, org=tree.village_a1)
    assert (receipt.org_path, receipt.county_id, receipt.signed_at) == (tree.village_a1.path, tree.county.pk, None)
    entry = entries(notice, AuditAction.CREATE).get()
    assert entry.after["recipients"] == 6 and entry.after["reach"] == "all"


def test_dissolved_orgs_receive_nothing(tree, today):
    Org.objects.filter(pk=tree.village_a2.pk).update(is_dissolved=True)
    assert codes(send(tree.town_a, NoticeReach.CHILDREN)) == {"V001"}


def test_send_checks_text_dates_attachment_and_permission(tree, today):
    with pytest.raises(ValidationError) as bad:
        services.notice_send(actor=None, org=tree.county, title=" ", body="", reach="everyone")
    assert bad.value.message_dict == {"title": ["请填写标题"], "body": ["请填写正文"], "reach": ["请选择下发范围"]}
    with pytest.raises(ValidationError) as past:
        send(tree.county, NoticeReach.CHILDREN, sign_by=TODAY - dt.timedelta(days=1))
    assert past.value.message_dict == {"sign_by": ["签收期限不能早于今天"]}
    assert send(tree.county, NoticeReach.CHILDREN, sign_by=TODAY).sign_by == TODAY
    exe = SimpleUploadedFile("工具.exe", b"MZ")
    with pytest.raises(ValidationError) as kind:
        send(tree.county, NoticeReach.CHILDREN, attachment=exe)
    assert kind.value.message_dict["attachment"][0].startswith("附件类型不支持")
    big = SimpleUploadedFile("通知.pdf", b"0" * (rules.ATTACHMENT_MAX_BYTES + 1))
    with pytest.raises(ValidationError) as size:
        send(tree.county, NoticeReach.CHILDREN, attachment=big)
    assert size.value.message_dict == {"attachment": ["附件不能超过10MB"]}
    with pytest.raises(PermissionDenied):
        send(tree.town_a, NoticeReach.CHILDREN, actor=tree.accounts["secretary_a1"])
    with pytest.raises(PermissionDenied):
        send(tree.village_a1, NoticeReach.ALL, actor=tree.accounts["member_a1"])
    assert Notice.objects.count() == 1


def test_an_attachment_is_stored_and_named_in_the_audit_trail(tree, today, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    notice = send(tree.county, NoticeReach.CHILDREN, attachment=SimpleUploadedFile("方案.pdf", b"%PDF-1.4 x"))
    assert notice.attachment.name.startswith("notices/") and notice.attachment.read() == b"%PDF-1.4 x"
    assert entries(notice, AuditAction.CREATE).get().after["attachment"] == notice.attachment.name


# --- signing ------------------------------------------------------------------------------------------------


def test_sign_once_by_the_receiving_org_or_above_it(tree, today):
    notice = send(tree.county, NoticeReach.BRANCHES, sign_by=TODAY)
    a1 = NoticeReceipt.objects.get(notice=notice, org=tree.village_a1)
    with pytest.raises(PermissionDenied):
        services.notice_sign(actor=tree.accounts["secretary_a2"], receipt=a1)
    with pytest.raises(PermissionDenied):
        services.notice_sign(actor=tree.accounts["member_a1"], receipt=a1)
    signed = services.notice_sign(actor=tree.accounts["secretary_a1"], receipt=a1)
    assert signed.signed_by == tree.accounts["secretary_a1"] and signed.signed_at is not None
    notice.refresh_from_db()
    assert notice.signed == 1
    with pytest.raises(ValidationError) as twice:
        services.notice_sign(actor=tree.accounts["town_a"], receipt=a1)
    assert list(twice.value.message_dict) == ["signed_at"]
    assert "已于" in twice.value.message_dict["signed_at"][0]
    a2 = NoticeReceipt.objects.get(notice=notice, org=tree.village_a2)
    services.notice_sign(actor=tree.accounts["town_a"], receipt=a2)  # an admin above signs for it
    b1 = NoticeReceipt.objects.get(notice=notice, org=tree.community_b1)
    with pytest.raises(PermissionDenied):
        services.notice_sign(actor=tree.accounts["town_a"], receipt=b1)
    notice.refresh_from_db()
    assert notice.signed == 2
    assert entries(a1, AuditAction.UPDATE).count() == 1
    assert selectors.receipt_counts(tree.accounts["county"], notice) == (2, 3, 0)
    assert selectors.receipt_counts(tree.accounts["town_a"], notice) == (2, 2, 0)


def test_overdue_counts_from_the_day_after_the_sign_by_day(tree, settings, today):
    notice = send(tree.county, NoticeReach.BRANCHES, sign_by=TODAY)
    county = tree.accounts["county"]
    assert selectors.receipt_counts(county, notice)[2] == 0
    settings.DANGJIAN_TODAY = TODAY + dt.timedelta(days=1)
    assert selectors.receipt_counts(county, notice)[2] == 3
    _, overdue = selectors.notice_receipts(county, notice, {"overdue": "true"})
    assert overdue.count() == 3


def test_sign_for_an_org_the_notice_was_not_sent_to(tree, today):
    notice = send(tree.town_a, NoticeReach.CHILDREN)
    with pytest.raises(ValidationError) as not_sent:
        services.notice_sign_for_org(actor=tree.accounts["county"], notice=notice, org=tree.community_b1)
    assert not_sent.value.message_dict == {"org": [f"该通知没有下发给{tree.community_b1.name}"]}


def test_the_inbox_lists_the_own_org_unsigned_first(tree, today):
    first = send(tree.county, NoticeReach.BRANCHES)
    second = send(tree.town_a, NoticeReach.CHILDREN)
    services.notice_sign(actor=None, receipt=NoticeReceipt.objects.get(notice=second, org=tree.village_a1))
    _, inbox = selectors.inbox(tree.accounts["secretary_a1"], {})
    assert [r.notice_id for r in inbox] == [first.pk, second.pk]
    _, nothing = selectors.inbox(tree.accounts["member_a1"], {})
    assert not nothing.exists()
    assert selectors.inbox_pending(tree.accounts["secretary_a1"]) == 1


# --- reports ------------------------------------------------------------------------------------------------


def submit(org, actor=None, **extra):
    values = {"kind": ReportKind.WORK, "title": "李庄村开展主题党日活动", "body": "组织党员学习党章。"}
    return services.report_submit(actor=actor, org=org, **values | extra)


def test_submit_checks_and_goes_up(tree, today):
    with pytest.raises(ValidationError) as bad:
        services.report_submit(actor=None, org=tree.village_a1, kind="gossip", title="", body=" ")
    assert bad.value.message_dict == {"kind": ["请选择信息类别"], "title": ["请填写标题"], "body": ["请填写正文"]}
    with pytest.raises(ValidationError) as top:
        submit(tree.county)
    assert top.value.message_dict == {"org": [f"{tree.county.name}没有上级组织,无需报送"]}
    with pytest.raises(PermissionDenied):
        submit(tree.village_a1, actor=tree.accounts["secretary_a2"])
    report = submit(tree.village_a1, actor=tree.accounts["secretary_a1"])
    assert (report.status, report.org_path, report.submitted_by) == (
        ReportStatus.SUBMITTED,
        tree.village_a1.path,
        tree.accounts["secretary_a1"],
    )
    assert entries(report, AuditAction.CREATE).count() == 1


def test_the_submitter_never_reviews_its_own_report(tree, today):
    report = submit(tree.village_a1, actor=tree.accounts["secretary_a1"])
    for who in ("secretary_a1", "secretary_a2", "member_a1"):
        with pytest.raises(PermissionDenied):
            services.report_review(actor=tree.accounts[who], report=report, status=ReportStatus.ADOPTED)
    township = submit(tree.town_a, actor=tree.accounts["town_a"])
    with pytest.raises(PermissionDenied):
        services.report_review(actor=tree.accounts["town_a"], report=township, status=ReportStatus.ADOPTED)
    reviewed = services.report_review(actor=tree.accounts["county"], report=township, status=ReportStatus.FILED)
    assert reviewed.status == ReportStatus.FILED and reviewed.reviewed_by == tree.accounts["county"]


def test_review_once_and_return_with_a_reason(tree, today):
    report = submit(tree.village_a1)
    town = tree.accounts["town_a"]
    with pytest.raises(ValidationError) as no_reason:
        services.report_review(actor=town, report=report, status=ReportStatus.RETURNED, note="")
    assert no_reason.value.message_dict == {"review_note": ["退回时请填写退回意见"]}
    returned = services.report_review(actor=town, report=report, status=ReportStatus.RETURNED, note="请补充照片")
    assert (returned.status, returned.review_note) == (ReportStatus.RETURNED, "请补充照片")
    entry = entries(report, AuditAction.UPDATE).get()
    assert entry.after["status"] == "returned" and entry.after["review_note"] == "请补充照片"
    with pytest.raises(ValidationError) as again:
        services.report_review(actor=town, report=report, status=ReportStatus.ADOPTED)
    assert again.value.message_dict == {"status": ["该信息已审核,不能重复审核"]}
    resubmitted = submit(tree.village_a1, actor=tree.accounts["secretary_a1"], title="李庄村主题党日(补充照片)")
    assert resubmitted.pk != report.pk and resubmitted.status == ReportStatus.SUBMITTED


def test_counts_per_org_and_period(tree, today):
    town = tree.accounts["town_a"]
    for org, outcome in (
        (tree.village_a1, ReportStatus.ADOPTED),
        (tree.village_a1, ReportStatus.FILED),
        (tree.village_a1, None),
        (tree.village_a2, ReportStatus.ADOPTED),
        (tree.community_b1, ReportStatus.RETURNED),
    ):
        report = submit(org)
        if outcome:
            services.report_review(actor=None, report=report, status=outcome, note="请补充")
    march = timezone.make_aware(dt.datetime(2026, 3, 31, 23, 59))
    InfoReport.objects.update(submitted_at=march)
    april = InfoReport.objects.filter(org=tree.village_a2)
    april.update(submitted_at=timezone.make_aware(dt.datetime(2026, 4, 1, 0, 0)))
    period = rules.period_of(dt.date(2026, 3, 1), "month")
    total, rows = selectors.report_counts(tree.accounts["county"], tree.county, period, group="child")
    assert (total.submitted, total.adopted, total.rate) == (4, 1, "1/4 (25.0%)")
    assert [(r.org.code, r.submitted, r.adopted, r.filed, r.returned, r.pending) for r in rows] == [
        ("T001", 3, 1, 1, 0, 1),
        ("T002", 1, 0, 0, 1, 0),
    ]
    quarter = rules.period_of(dt.date(2026, 4, 1), "quarter")
    total, rows = selectors.report_counts(town, tree.town_a, quarter, group="org")
    assert [(r.org.code, r.rate) for r in rows] == [("V002", "1/1 (100.0%)")]
    total, rows = selectors.report_counts(town, tree.town_a, None)
    assert total.rate == "2/4 (50.0%)" and [r.org.code for r in rows] == ["V001", "V002"]
    assert selectors.report_counts(tree.accounts["secretary_a2"], None, period) == (None, [])


def test_township_admins_may_sign_for_groups_without_accounts(tree, today, group):
    notice = send(tree.county, NoticeReach.ALL)
    receipt = NoticeReceipt.objects.get(notice=notice, org=group)
    assert services.can_sign(tree.accounts["secretary_a1"], receipt)
    assert not services.can_sign(tree.accounts["secretary_a2"], receipt)
    other_town = make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN)
    assert not services.can_sign(other_town, receipt)
