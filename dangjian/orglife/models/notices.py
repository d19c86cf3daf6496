from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, path_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.orglife.choices import NoticeReach, ReportKind, ReportStatus


class Notice(ChoiceLabelsMixin, models.Model):
    """A notice sent down the tree (上传下达). Each receiving org signs for it (签收); the sender sees who has not."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("发文组织"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("正文"))
    attachment = models.FileField(_("附件"), upload_to="notices/%Y/%m/", blank=True)
    reach = models.CharField(_("下发范围"), max_length=12, choices=NoticeReach.choices)
    sign_by = models.DateField(_("签收期限"), null=True, blank=True)
    sent_at = models.DateTimeField(_("下发时间"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("下发人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recipients = models.PositiveIntegerField(_("应签收组织数"), default=0)
    signed = models.PositiveIntegerField(_("已签收组织数"), default=0)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        indexes = scoped_indexes("notice")

    def __str__(self) -> str:
        return self.title


class NoticeReceipt(models.Model):
    """One receiving org's copy of a notice; signed once, by an account of that org (or above it)."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("接收组织"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    notice = models.ForeignKey(Notice, verbose_name=_("通知"), on_delete=models.CASCADE, related_name="receipts")
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签收人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("通知签收")
        verbose_name_plural = _("通知签收")
        constraints = [models.UniqueConstraint(fields=["notice", "org"], name="notice_receipt_once")]
        indexes = scoped_indexes("notice_receipt", models.Index(fields=["notice", "signed_at"], name="receipt_notice"))

    def __str__(self) -> str:
        return f"{self.notice} → {self.org}"


class InfoReport(ChoiceLabelsMixin, models.Model):
    """An information report sent up the tree (信息报送), reviewed by the org above and counted per org."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("报送组织"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    kind = models.CharField(_("信息类别"), max_length=12, choices=ReportKind.choices)
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("正文"))
    attachment = models.FileField(_("附件"), upload_to="reports/%Y/%m/", blank=True)
    submitted_at = models.DateTimeField(_("报送时间"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=200, blank=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("信息报送")
        verbose_name_plural = _("信息报送")
        indexes = scoped_indexes("info_report")

    def __str__(self) -> str:
        return self.title
