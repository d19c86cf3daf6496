from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import (
    county_field,
    money_field,
    month_field,
    org_field,
    path_field,
    person_field,
    scoped_indexes,
)
from dangjian.core.scoping import ScopeRule
from dangjian.members.choices import ApprovalStatus, DuesKindChoice, PaymentMethod, ReductionKind


class DuesProfile(ChoiceLabelsMixin, models.Model):
    """A member's dues category and (where the rule needs one) monthly base; `monthly` follows the brackets."""

    person = models.OneToOneField(
        "core.Person", verbose_name=_("党员"), on_delete=models.PROTECT, primary_key=True, related_name="dues_profile"
    )
    county = county_field()
    org_path = path_field()
    kind = models.CharField(_("缴费类别"), max_length=16, choices=DuesKindChoice.choices)
    base = money_field(_("每月缴费基数(元)"), null=True, blank=True)
    rate = models.DecimalField(_("比例"), max_digits=6, decimal_places=3, null=True, blank=True)
    monthly = money_field(_("每月应缴(元)"))
    from_month = month_field(_("起始月份"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id", person="person_id")
    audit_fields_exclude = ("org_path", "updated_at")

    class Meta:
        verbose_name = _("党费缴纳标准")
        verbose_name_plural = _("党费缴纳标准")
        indexes = [models.Index(fields=["county", "org_path"], name="dues_profile_county_path")]

    def __str__(self) -> str:
        return f"{self.person} {self.monthly}元/月"

    @property
    def rate_percent(self) -> str:
        """The rate as people say it (1.5%); empty for the fixed amounts."""
        return f"{(self.rate * 100).normalize():f}%" if self.rate is not None else ""


class DuesReduction(ChoiceLabelsMixin, models.Model):
    """DUES-05: reduced or waived dues for hardship: the branch decides, the committee above approves."""

    county = county_field()
    org_path = path_field()
    person = person_field()
    kind = models.CharField(_("类型"), max_length=8, choices=ReductionKind.choices)
    monthly = money_field(_("减交后每月(元)"), default=Decimal("0.00"))
    from_month = month_field(_("起始月份"))
    to_month = month_field(_("截止月份"))
    reason = models.CharField(_("理由"), max_length=200)
    branch_decided_on = models.DateField(_("支部决定日期"))
    status = models.CharField(
        _("审批状态"), max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    approved_by = models.ForeignKey(
        "core.User", verbose_name=_("审批人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_on = models.DateField(_("审批日期"), null=True, blank=True)
    approval_note = models.CharField(_("审批意见"), max_length=200, blank=True)

    scope = ScopeRule(path="org_path", county="county_id", person="person_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("党费减免")
        verbose_name_plural = _("党费减免")
        indexes = scoped_indexes("dues_reduction")

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()}"


class DuesRecord(ChoiceLabelsMixin, models.Model):
    """One member's dues for one month: expected, paid, when, how, the receipt; the branch's ledger row.

    `org` is the branch that held the member's 组织关系 that month (DUES-06). `excused`: not paid with a good
    reason recorded, which does not count towards the six months of DUES-10.
    """

    county = county_field()
    org = org_field(_("收缴党支部"))
    org_path = path_field()
    person = person_field(related_name="dues_records")
    month = month_field(_("月份"))
    expected = money_field(_("应缴(元)"))
    paid = money_field(_("实缴(元)"), default=Decimal("0.00"))
    extra = money_field(_("自愿多交(元)"), default=Decimal("0.00"))
    paid_on = models.DateField(_("缴纳日期"), null=True, blank=True)
    method = models.CharField(_("缴纳方式"), max_length=8, choices=PaymentMethod.choices, blank=True)
    receipt_no = models.CharField(_("收据号"), max_length=40, blank=True)
    excused = models.BooleanField(_("有正当理由未缴"), default=False)
    excuse_reason = models.CharField(_("未缴理由"), max_length=200, blank=True)
    reduction = models.ForeignKey(
        DuesReduction, verbose_name=_("减免"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id", person="person_id")
    audit_fields_exclude = ("org_path", "updated_at")

    class Meta:
        verbose_name = _("党费收缴记录")
        verbose_name_plural = _("党费收缴记录")
        ordering = ["person", "month"]
        constraints = [models.UniqueConstraint(fields=["person", "month"], name="dues_record_person_month")]
        indexes = scoped_indexes(
            "dues_record",
            models.Index(fields=["county", "org_path", "month"], name="dues_record_county_path_month"),
            models.Index(fields=["org", "month"], name="dues_record_org_month"),
        )

    def __str__(self) -> str:
        return f"{self.person} {self.month:%Y-%m}"

    @property
    def shortfall(self) -> Decimal:
        return max(self.expected - self.paid, Decimal("0.00"))

    @property
    def settled(self) -> bool:
        """Paid in full (a waived month is settled at 0)."""
        return self.paid >= self.expected

    @property
    def status_label(self) -> str:
        if self.settled:
            return "免交" if self.expected == 0 and self.paid == 0 else "已缴清"
        if self.excused:
            return "有正当理由未缴"
        return "部分缴纳" if self.paid > 0 else "未缴"

    @property
    def extra_passed_up(self) -> bool:
        """DUES-08: a single voluntary extra of 1000 元 or more is passed up in full (全额上缴)."""
        from dangjian.members.rules import extra_passed_up

        return extra_passed_up(self.extra)
