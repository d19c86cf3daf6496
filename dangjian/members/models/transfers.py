from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, org_field, path_field, person_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.members import rules
from dangjian.members.choices import MobileStatus, MobileSystem, TransferKind, TransferReason, TransferStatus


class Transfer(ChoiceLabelsMixin, models.Model):
    """A transfer of a member's 组织关系 (MOB-01): inside the deployment, out of it, or into it.

    Inside: the sending org issues, the receiving org accepts (or returns it with a reason); until it is accepted
    the old branch still manages the member. Both sides see the transfer (`from_path`, `to_path`). A pending
    transfer has an owner and a deadline. Outside: the letter number and its validity are recorded; an incoming
    one names the person only (they are put on the roll when it is accepted).
    """

    county = county_field()
    kind = models.CharField(_("转接类型"), max_length=10, choices=TransferKind.choices)
    person = models.ForeignKey(
        "core.Person", verbose_name=_("党员"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person_name = models.CharField(_("姓名"), max_length=50)
    from_org = org_field(_("转出党组织"), null=True)
    from_path = models.CharField(_("转出组织路径"), max_length=255, blank=True, editable=False)
    to_org = org_field(_("转入党组织"), null=True)
    to_path = models.CharField(_("转入组织路径"), max_length=255, blank=True, editable=False)
    to_county = models.ForeignKey(
        "core.Org", verbose_name=_("转入县(区)"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    external_org_name = models.CharField(_("系统外党组织名称"), max_length=200, blank=True)
    reason = models.CharField(_("转接原因"), max_length=12, choices=TransferReason.choices)
    letter_no = models.CharField(_("介绍信编号"), max_length=40, blank=True)
    across_provinces = models.BooleanField(_("跨省(区、市)转接"), default=False)
    issued_on = models.DateField(_("开具日期"))
    valid_until = models.DateField(_("有效期至"))
    status = models.CharField(_("状态"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.PENDING)
    owner = models.ForeignKey(
        "core.User", verbose_name=_("经办人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    deadline = models.DateField(_("办理期限"))
    decided_on = models.DateField(_("办结日期"), null=True, blank=True)
    decision_note = models.CharField(_("办理意见"), max_length=200, blank=True)
    receipt_on = models.DateField(_("回执日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    scope = ScopeRule(path="from_path", county="county_id", also_path="to_path", also_county="to_county_id")
    audit_fields_exclude = ("from_path", "to_path", "created_at")

    class Meta:
        verbose_name = _("组织关系转接")
        verbose_name_plural = _("组织关系转接")
        indexes = [
            models.Index(fields=["county", "from_path", "id"], name="transfer_county_from"),
            models.Index(fields=["to_county", "to_path", "id"], name="transfer_county_to"),
            models.Index(fields=["status", "deadline"], name="transfer_status_deadline"),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} {self.get_kind_display()}"


class TransferSetting(models.Model):
    """A county's transfer settings: the letter validity (MOB-04, unverified: sources differ, so the county sets it)."""

    county = models.OneToOneField(
        "core.Org",
        verbose_name=_("县(区)"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="transfer_setting",
    )
    letter_valid_months = models.PositiveSmallIntegerField(_("介绍信有效期(月)"), default=rules.LETTER_VALID_MONTHS)
    letter_valid_months_across_provinces = models.PositiveSmallIntegerField(
        _("跨省(区、市)转接介绍信有效期(月)"), default=rules.LETTER_VALID_MONTHS_ACROSS_PROVINCES
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="county__path", county="county_id", own_org=True)
    audit_fields_exclude = ("updated_at",)

    class Meta:
        verbose_name = _("组织关系转接设置")
        verbose_name_plural = _("组织关系转接设置")

    def __str__(self) -> str:
        return f"{self.county} 组织关系转接设置"


class MobileMember(ChoiceLabelsMixin, models.Model):
    """A 流动党员 (MOB-02): away from home; the home branch manages them; where they are and the host org."""

    county = county_field()
    org = org_field(_("所在党支部"))
    org_path = path_field()
    person = person_field(related_name="mobile_spells")
    left_on = models.DateField(_("外出日期"))
    destination = models.CharField(_("流入地"), max_length=100)
    address = models.CharField(_("现居住地址"), max_length=200, blank=True)
    workplace = models.CharField(_("工作单位"), max_length=200, blank=True)
    contact = models.CharField(_("联系方式"), max_length=50)
    fixed_place = models.BooleanField(
        _("外出地点相对固定"), default=True, help_text=_("外出地点相对固定且外出满6个月的,应转接组织关系")
    )
    host_org = org_field(_("流入地党组织"), null=True)
    host_org_name = models.CharField(_("流入地党组织名称"), max_length=200, blank=True)
    certificate_no = models.CharField(_("流动党员活动证编号"), max_length=40, blank=True)
    certificate_issued_on = models.DateField(_("活动证发放日期"), null=True, blank=True)
    certificate_checked_on = models.DateField(_("活动证最近年检日期"), null=True, blank=True)
    report_every_months = models.PositiveSmallIntegerField(_("情况报告周期(月)"), default=3)
    status = models.CharField(_("状态"), max_length=10, choices=MobileStatus.choices, default=MobileStatus.AWAY)
    returned_on = models.DateField(_("返回日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope = ScopeRule(path="org_path", county="county_id", person="person_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("流动党员")
        verbose_name_plural = _("流动党员")
        indexes = scoped_indexes("mobile", models.Index(fields=["county", "status"], name="mobile_county_status"))

    def __str__(self) -> str:
        return f"{self.person} ({self.destination})"


class MobileReport(models.Model):
    """A periodic 情况报告 of a mobile member: due on a date, submitted (or not yet)."""

    county = county_field()
    org_path = path_field()
    mobile = models.ForeignKey(
        MobileMember, verbose_name=_("流动党员"), on_delete=models.PROTECT, related_name="reports"
    )
    due_on = models.DateField(_("应报告日期"))
    submitted_on = models.DateField(_("报告日期"), null=True, blank=True)
    content = models.TextField(_("报告内容"), blank=True)

    scope = ScopeRule(path="org_path", county="county_id", person="mobile__person_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("流动党员情况报告")
        verbose_name_plural = _("流动党员情况报告")
        ordering = ["mobile", "due_on"]
        indexes = scoped_indexes("mobile_report")

    def __str__(self) -> str:
        return f"{self.mobile} {self.due_on}"


class MobileRecord(ChoiceLabelsMixin, models.Model):
    """A record under one of seed 001's five systems (首问责任, 情况报告, 学习评议, 定期活动, 培养教育)."""

    county = county_field()
    org_path = path_field()
    mobile = models.ForeignKey(
        MobileMember, verbose_name=_("流动党员"), on_delete=models.PROTECT, related_name="records"
    )
    system = models.CharField(_("制度"), max_length=20, choices=MobileSystem.choices)
    done_on = models.DateField(_("日期"))
    content = models.TextField(_("内容"))
    handled_by = models.CharField(_("责任人"), max_length=50, blank=True)

    scope = ScopeRule(path="org_path", county="county_id", person="mobile__person_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("流动党员管理记录")
        verbose_name_plural = _("流动党员管理记录")
        indexes = scoped_indexes("mobile_record")

    def __str__(self) -> str:
        return f"{self.mobile} {self.get_system_display()}"
