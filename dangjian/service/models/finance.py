"""村财镇管 (F5.6): a village's expenditures, signed off jointly by its secretary and its director (联合审签) before
the township pays; the county's limit above which an expenditure must come from a passed 四议两公开 decision; and
the 三资 registers (funds with monthly balances, fixed assets, resources, and the contracts that lease them).

Signatures are kept as rows: editing an expenditure or sending it back for correction clears the active ones
(`cleared_at`), so the history of who signed what stays."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, money_field, month_field, path_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.service.choices import (
    AssetKind,
    AssetStatus,
    ExpenseCategory,
    ExpenseStatus,
    FundKind,
    ResourceKind,
    ResourceStatus,
    SignRole,
    SignVerdict,
)
from dangjian.service.rules import FINANCE_LIMIT_DEFAULT

__all__ = [
    "Asset",
    "Expenditure",
    "ExpenditureSignature",
    "FinancePolicy",
    "FundAccount",
    "FundBalance",
    "LeaseContract",
    "LeasePayment",
    "Resource",
]


class FinancePolicy(models.Model):
    """A county's 村财镇管 rule: the amount above which an expenditure must cite a passed 四议两公开 decision
    (5,000 元 unless the county sets its own)."""

    county = models.OneToOneField(
        "core.Org", verbose_name=_("县(区)"), on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    decision_limit = money_field(_("须经四议两公开的支出限额(元)"), default=FINANCE_LIMIT_DEFAULT)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="county__path", county="county_id", own_org=True)
    audit_fields_exclude = ("updated_at",)

    class Meta:
        verbose_name = _("村财镇管设置")
        verbose_name_plural = _("村财镇管设置")
        constraints = [models.CheckConstraint(condition=Q(decision_limit__gt=0), name="finance_limit_positive")]

    def __str__(self) -> str:
        return f"{self.county} 村财镇管设置"


class Expenditure(ChoiceLabelsMixin, models.Model):
    """A village's (or community's) expenditure: entered by the village, signed by its secretary and director, paid
    by the township."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    spent_on = models.DateField(_("支出日期"))
    purpose = models.CharField(_("用途"), max_length=200)
    category = models.CharField(_("支出类别"), max_length=16, choices=ExpenseCategory.choices)
    amount = money_field(_("金额(元)"))
    payee = models.CharField(_("收款人(单位)"), max_length=100)
    voucher = models.FileField(_("票据附件"), upload_to="service/finance/%Y/%m/", blank=True)
    decision = models.ForeignKey(
        "service.Decision",
        verbose_name=_("四议两公开事项"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expenditures",
    )
    above_limit = models.BooleanField(_("超过限额"), default=False, editable=False)
    status = models.CharField(_("状态"), max_length=12, choices=ExpenseStatus.choices, default=ExpenseStatus.SIGNING)
    return_reason = models.CharField(_("退回原因"), max_length=300, blank=True)
    paid_on = models.DateField(_("支付日期"), null=True, blank=True)
    voucher_no = models.CharField(_("记账凭证号"), max_length=40, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("支付经办"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报账员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at", "voucher")

    class Meta:
        verbose_name = _("村级财务支出")
        verbose_name_plural = _("村级财务支出")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_amount_positive"),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_on__isnull=False), name="finance_paid_has_date"
            ),
        ]
        indexes = scoped_indexes(
            "fin_exp",
            models.Index(fields=["county", "spent_on"], name="fin_exp_county_spent"),
            models.Index(fields=["status", "org_path"], name="fin_exp_status_path"),
        )

    def __str__(self) -> str:
        return f"{self.spent_on:%Y-%m-%d} {self.purpose} {self.amount}元"


class ExpenditureSignature(ChoiceLabelsMixin, models.Model):
    """One signature (or refusal) of 联合审签, given by the signer's own account; `cleared_at` is set when an edit or
    a return to the village voids it."""

    county = county_field()
    org_path = path_field()
    expenditure = models.ForeignKey(
        Expenditure, verbose_name=_("支出"), on_delete=models.CASCADE, related_name="signatures"
    )
    role = models.CharField(_("签字身份"), max_length=16, choices=SignRole.choices)
    verdict = models.CharField(_("意见"), max_length=8, choices=SignVerdict.choices)
    reason = models.CharField(_("不同意的理由"), max_length=300, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签字账号"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("空:从纸质审签单补录"),
    )
    person = models.ForeignKey("core.Person", verbose_name=_("签字人"), on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("签字时间"))
    cleared_at = models.DateTimeField(_("作废时间"), null=True, blank=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("联合审签")
        verbose_name_plural = _("联合审签")
        ordering = ["expenditure_id", "signed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["expenditure", "role"], condition=Q(cleared_at__isnull=True), name="finance_sign_role_once"
            ),
            models.UniqueConstraint(
                fields=["expenditure", "person"], condition=Q(cleared_at__isnull=True), name="finance_sign_person_once"
            ),
        ]
        indexes = scoped_indexes("fin_sign")

    def __str__(self) -> str:
        return f"{self.expenditure} {self.get_role_display()}"


class FundAccount(ChoiceLabelsMixin, models.Model):
    """A village's fund account (资金): a bank account or its cash."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    name = models.CharField(_("账户名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=8, choices=FundKind.choices)
    bank = models.CharField(_("开户行"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at")

    class Meta:
        verbose_name = _("资金账户")
        verbose_name_plural = _("资金账户")
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="finance_fund_name_once")]

    def __str__(self) -> str:
        return self.name


class FundBalance(models.Model):
    """An account's balance at the end of a month (元)."""

    county = county_field()
    org_path = path_field()
    account = models.ForeignKey(
        FundAccount, verbose_name=_("资金账户"), on_delete=models.CASCADE, related_name="balances"
    )
    month = month_field(_("月份"))
    balance = money_field(_("月末余额(元)"))

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("资金月末余额")
        verbose_name_plural = _("资金月末余额")
        ordering = ["account_id", "-month"]
        constraints = [models.UniqueConstraint(fields=["account", "month"], name="finance_balance_once")]
        indexes = scoped_indexes("fin_bal")

    def __str__(self) -> str:
        return f"{self.account} {self.month:%Y-%m} {self.balance}"


class Asset(ChoiceLabelsMixin, models.Model):
    """A fixed asset (资产) of the village collective."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    name = models.CharField(_("资产名称"), max_length=100)
    kind = models.CharField(_("资产类别"), max_length=16, choices=AssetKind.choices)
    acquired_on = models.DateField(_("取得日期"))
    original_value = money_field(_("原值(元)"))
    location = models.CharField(_("坐落位置"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=AssetStatus.choices, default=AssetStatus.IN_USE)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("集体资产")
        verbose_name_plural = _("集体资产")
        constraints = [models.CheckConstraint(condition=Q(original_value__gte=0), name="finance_asset_value")]
        indexes = scoped_indexes("fin_asset")

    def __str__(self) -> str:
        return self.name


class Resource(ChoiceLabelsMixin, models.Model):
    """A resource (资源) of the village collective: land, forest, water, 四荒 …, with its area in 亩."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    name = models.CharField(_("资源名称"), max_length=100)
    kind = models.CharField(_("资源类别"), max_length=16, choices=ResourceKind.choices)
    area_mu = models.DecimalField(_("面积(亩)"), max_digits=12, decimal_places=2)
    location = models.CharField(_("坐落位置"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=ResourceStatus.choices, default=ResourceStatus.SELF_RUN)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("集体资源")
        verbose_name_plural = _("集体资源")
        constraints = [models.CheckConstraint(condition=Q(area_mu__gt=0), name="finance_resource_area")]
        indexes = scoped_indexes("fin_res")

    def __str__(self) -> str:
        return self.name


class LeaseContract(models.Model):
    """A contract leasing or contracting out one asset or one resource (发包、出租); the lessee may be a resident,
    so the name never leaves the signed-in pages."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    code = models.CharField(_("合同编号"), max_length=40)
    asset = models.ForeignKey(
        Asset, verbose_name=_("资产"), on_delete=models.PROTECT, null=True, blank=True, related_name="contracts"
    )
    resource = models.ForeignKey(
        Resource, verbose_name=_("资源"), on_delete=models.PROTECT, null=True, blank=True, related_name="contracts"
    )
    lessee = models.CharField(_("承包(承租)方"), max_length=100)
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("截止日期"))
    annual_rent = money_field(_("年租金(元)"))
    note = models.CharField(_("备注"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("资产资源合同")
        verbose_name_plural = _("资产资源合同")
        constraints = [
            models.UniqueConstraint(fields=["org", "code"], name="finance_contract_code_once"),
            models.CheckConstraint(
                condition=(Q(asset__isnull=False) & Q(resource__isnull=True))
                | (Q(asset__isnull=True) & Q(resource__isnull=False)),
                name="finance_contract_one_subject",
            ),
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="finance_contract_dates"),
            models.CheckConstraint(condition=Q(annual_rent__gte=0), name="finance_contract_rent"),
        ]
        indexes = scoped_indexes("fin_contract", models.Index(fields=["ends_on"], name="fin_contract_ends"))

    def __str__(self) -> str:
        return self.code

    @property
    def subject(self) -> Asset | Resource | None:
        return self.asset or self.resource


class LeasePayment(models.Model):
    """Rent received on a contract."""

    county = county_field()
    org_path = path_field()
    contract = models.ForeignKey(
        LeaseContract, verbose_name=_("合同"), on_delete=models.CASCADE, related_name="payments"
    )
    received_on = models.DateField(_("收款日期"))
    amount = money_field(_("金额(元)"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("租金收取")
        verbose_name_plural = _("租金收取")
        ordering = ["contract_id", "received_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="finance_payment_positive")]
        indexes = scoped_indexes("fin_pay")

    def __str__(self) -> str:
        return f"{self.contract} {self.amount}"
