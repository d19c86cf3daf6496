"""上传下达 and 信息报送 (F2.7): notices sent down the tree, signed for (签收) once by each receiving org, and
information reports sent up the tree, reviewed by the org above (采用, 已阅存档, 退回) and counted per org."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from dangjian.core import audit, clock
from dangjian.core.choices import AuditAction
from dangjian.core.io.tables import Sheet, audited_xlsx
from dangjian.core.models import Org
from dangjian.core.scoping import subtree
from dangjian.orglife import rules
from dangjian.orglife.choices import NoticeReach, ReportKind
from dangjian.orglife.models import InfoReport, Notice, NoticeReceipt
from dangjian.orglife.permissions import can_approve, can_manage_branch, require


def _snapshot(obj: Notice | InfoReport) -> dict[str, Any]:
    """The audited values, the attachment by its stored name."""
    return audit.snapshot(obj) | {"attachment": obj.attachment.name or ""}


def _attachment_errors(attachment: Any, errors: dict[str, str]) -> None:
    if attachment is None:
        return
    if not isinstance(attachment, UploadedFile):
        errors["attachment"] = "附件无效"
        return
    problem = rules.attachment_problem(attachment.name or "", attachment.size or 0)
    if problem:
        errors["attachment"] = problem


def _text_errors(title: str, body: str, errors: dict[str, str]) -> None:
    if not (title or "").strip():
        errors["title"] = "请填写标题"
    elif len(title.strip()) > 100:
        errors["title"] = "标题不能超过100个字"
    if not (body or "").strip():
        errors["body"] = "请填写正文"


# --- notices ------------------------------------------------------------------------------------------------


def notice_targets(org: Org, reach: str) -> list[tuple[int, str, int | None]]:
    """The orgs a notice of this reach goes to: (id, path, county id) of each live org below `org`."""
    below = Org.objects.filter(**subtree("path", org.path), depth__gt=org.depth, is_dissolved=False)
    if reach == NoticeReach.CHILDREN:
        below = below.filter(depth=org.depth + 1)
    rows = below.order_by("path").values_list("id", "path", "county_id", "depth", "kind")
    return [
        (pk, path, county_id)
        for pk, path, county_id, depth, kind in rows
        if rules.notice_reaches(reach, levels_below=depth - org.depth, kind=kind)
    ]


@transaction.atomic
def notice_send(
    *,
    actor: Any,
    org: Org,
    title: str,
    body: str,
    reach: str,
    sign_by: Any = None,
    attachment: UploadedFile | None = None,
) -> Notice:
    """Send a notice down the tree: one receipt per target org, written set-based; the notice counts them."""
    require(actor is None or can_manage_branch(actor, org), "没有以该组织名义下发通知的权限")
    errors: dict[str, str] = {}
    _text_errors(title, body, errors)
    if reach not in NoticeReach.values:
        errors["reach"] = "请选择下发范围"
    if sign_by is not None and sign_by < clock.today():
        errors["sign_by"] = "签收期限不能早于今天"
    _attachment_errors(attachment, errors)
    targets = notice_targets(org, reach) if "reach" not in errors else []
    if "reach" not in errors and not targets:
        errors["reach"] = f"{org.name}在“{NoticeReach(reach).label}”范围内没有可接收通知的组织"
    if errors:
        raise ValidationError(errors)
    notice = Notice(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        title=title.strip(),
        body=body.strip(),
        reach=reach,
        sign_by=sign_by,
        sent_at=timezone.now(),
        sent_by=actor,
        recipients=len(targets),
    )
    if attachment is not None:
        notice.attachment = attachment
    notice.save()
    NoticeReceipt.objects.bulk_create(
        [
            NoticeReceipt(county_id=county_id or org.county_id, org_id=pk, org_path=path, notice=notice)
            for pk, path, county_id in targets
        ],
        batch_size=5000,
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=notice, after=_snapshot(notice))
    return notice


def can_sign(user: Any, receipt: NoticeReceipt) -> bool:
    """The receiving org's own manager account, or a manager above it within their scope."""
    return can_manage_branch(user, receipt.org)


@transaction.atomic
def notice_sign(*, actor: Any, receipt: NoticeReceipt) -> NoticeReceipt:
    """Sign for a notice (签收) once, for the receiving org; the notice's signed count follows."""
    receipt = NoticeReceipt.objects.select_for_update(of=("self",)).select_related("org", "notice").get(pk=receipt.pk)
    require(actor is None or can_sign(actor, receipt), "没有为该组织签收通知的权限")
    if receipt.signed_at is not None:
        raise ValidationError(
            {"signed_at": f"{receipt.org.name}已于{timezone.localtime(receipt.signed_at):%Y-%m-%d %H:%M}签收该通知"}
        )
    before = audit.snapshot(receipt)
    receipt.signed_at = timezone.now()
    receipt.signed_by = actor
    receipt.save(update_fields=["signed_at", "signed_by"])
    Notice.objects.filter(pk=receipt.notice_id).update(signed=F("signed") + 1)
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=receipt, before=before, after=audit.snapshot(receipt))
    return receipt


@transaction.atomic
def notice_sign_for_org(*, actor: Any, notice: Notice, org: Org) -> NoticeReceipt:
    """Sign a notice for an org (by default the actor's own): its receipt must exist."""
    receipt = NoticeReceipt.objects.filter(notice=notice, org=org).first()
    if receipt is None:
        raise ValidationError({"org": f"该通知没有下发给{org.name}"})
    return notice_sign(actor=actor, receipt=receipt)


# --- information reports ------------------------------------------------------------------------------------


@transaction.atomic
def report_submit(
    *,
    actor: Any,
    org: Org,
    kind: str,
    title: str,
    body: str,
    attachment: UploadedFile | None = None,
) -> InfoReport:
    """Submit an information report from an org to the orgs above it (a returned one is resubmitted as new)."""
    require(actor is None or can_manage_branch(actor, org), "没有以该组织名义报送信息的权限")
    errors: dict[str, str] = {}
    if kind not in ReportKind.values:
        errors["kind"] = "请选择信息类别"
    _text_errors(title, body, errors)
    _attachment_errors(attachment, errors)
    if org.depth <= 1:
        errors["org"] = f"{org.name}没有上级组织,无需报送"
    if errors:
        raise ValidationError(errors)
    report = InfoReport(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        kind=kind,
        title=title.strip(),
        body=body.strip(),
        submitted_at=timezone.now(),
        submitted_by=actor,
    )
    if attachment is not None:
        report.attachment = attachment
    report.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=report, after=_snapshot(report))
    return report


@transaction.atomic
def report_review(*, actor: Any, report: InfoReport, status: str, note: str = "") -> InfoReport:
    """The org above reviews a report once: 采用 (adopted), 已阅存档 (filed) or 退回 (returned, with the reason).
    The submitting org never reviews its own report."""
    report = InfoReport.objects.select_for_update(of=("self",)).select_related("org").get(pk=report.pk)
    require(actor is None or can_approve(actor, report.org), "只有上级组织可以审核该信息,报送单位不能审核本单位的信息")
    note = (note or "").strip()
    errors = rules.review_problem(status=report.status, outcome=status, note=note)
    if not errors and len(note) > 200:
        errors = {"review_note": "审核意见不能超过200个字"}
    if errors:
        raise ValidationError(errors)
    before = _snapshot(report)
    report.status = status
    report.review_note = note
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=report, before=before, after=_snapshot(report))
    return report


# --- exports ------------------------------------------------------------------------------------------------


def _local(moment: Any) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


NOTICE_HEADERS = ["标题", "发文组织", "下发范围", "下发时间", "签收期限", "已签收/应签收"]
RECEIPT_HEADERS = ["接收组织", "组织代码", "签收状态", "签收时间", "签收人"]
REPORT_HEADERS = ["标题", "报送组织", "信息类别", "报送时间", "状态", "审核时间", "审核意见"]
COUNT_HEADERS = ["党组织", "组织代码", "报送", "采用", "已阅存档", "退回", "待审核", "采用率(采用/报送)"]


def notices_export(*, actor: Any, org: Org | None, notices: QuerySet[Notice], file_name: str) -> bytes:
    rows = [
        [
            n.title,
            n.org.name,
            n.get_reach_display(),
            _local(n.sent_at),
            n.sign_by or "",
            rules.ratio_label(n.signed, n.recipients),
        ]
        for n in notices.iterator(chunk_size=2000)
    ]
    content = audited_xlsx(
        Sheet("通知", NOTICE_HEADERS, rows, caption=org.name if org else ""),
        actor=actor,
        org=org,
        kind="notices",
        file_name=file_name,
    )
    return content


def receipts_export(*, actor: Any, notice: Notice, receipts: QuerySet[NoticeReceipt], file_name: str) -> bytes:
    """Who has signed a notice and who has not (逾期未签收 named), as .xlsx (audited)."""
    today = clock.today()
    rows = []
    for receipt in receipts.iterator(chunk_size=2000):
        signed_on = timezone.localdate(receipt.signed_at) if receipt.signed_at else None
        if signed_on is not None:
            state = "逾期签收" if rules.signed_late(sign_by=notice.sign_by, signed_on=signed_on) else "已签收"
        else:
            overdue = rules.receipt_overdue(sign_by=notice.sign_by, signed_on=None, today=today)
            state = "逾期未签收" if overdue else "未签收"
        signer = receipt.signed_by
        name = (signer.display_name or signer.get_username()) if signer is not None else ""
        rows.append([receipt.org.name, receipt.org.code, state, _local(receipt.signed_at), name])
    caption = f"{notice.title}({notice.org.name} {_local(notice.sent_at)}) 已签收 {notice.signed}/{notice.recipients}"
    content = audited_xlsx(
        Sheet("签收情况", RECEIPT_HEADERS, rows, caption=caption),
        actor=actor,
        org=notice.org,
        kind="notice_receipts",
        file_name=file_name,
    )
    return content


def reports_export(*, actor: Any, org: Org | None, reports: QuerySet[InfoReport], file_name: str) -> bytes:
    rows = [
        [
            r.title,
            r.org.name,
            r.get_kind_display(),
            _local(r.submitted_at),
            r.get_status_display(),
            _local(r.reviewed_at),
            r.review_note,
        ]
        for r in reports.iterator(chunk_size=2000)
    ]
    content = audited_xlsx(
        Sheet("信息报送", REPORT_HEADERS, rows, caption=org.name if org else ""),
        actor=actor,
        org=org,
        kind="info_reports",
        file_name=file_name,
    )
    return content


def counts_export(*, actor: Any, org: Org | None, caption: str, rows: list[Any], total: Any, file_name: str) -> bytes:
    """Reports counted per org for a period, with the adoption rate's numerator and denominator (audited)."""

    def line(row: Any, name: str, code: str) -> list[Any]:
        rate = rules.ratio_label(row.adopted, row.submitted)
        return [name, code, row.submitted, row.adopted, row.filed, row.returned, row.pending, rate]

    body = [line(row, row.org.name + ("(本级)" if row.own else ""), row.org.code) for row in rows]
    totals = line(total, "合计", "") if total is not None else None
    content = audited_xlsx(
        Sheet("信息报送统计", COUNT_HEADERS, body, caption=caption, totals=totals),
        actor=actor,
        org=org,
        kind="info_report_counts",
        file_name=file_name,
    )
    return content
