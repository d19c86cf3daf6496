"""村官直审 (F5.7, seed 002 临颍): the county's audit rounds over its villages, each audited village with its auditors,
fieldwork, conclusion and findings (category, amount, responsible cadre, deadline, rectification and its verification),
and the public notice (公示) of the conclusion, which never carries names or the referral to the discipline body."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, money_field, org_field, path_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.service.choices import (
    AuditBody,
    AuditCategory,
    AuditConclusion,
    AuditFindingStatus,
    AuditRoundStatus,
    AuditSeverity,
)
from dangjian.service.rules import AUDIT_NOTICE_DAYS, AUDIT_NOTICE_MAX_DAYS, AUDIT_NOTICE_MIN_DAYS

__all__ = ["VillageAudit", "VillageAuditFinding", "VillageAuditNotice", "VillageAuditRound"]

NOTICE_DAYS_RANGE = Q(notice_days__gte=AUDIT_NOTICE_MIN_DAYS) & Q(notice_days__lte=AUDIT_NOTICE_MAX_DAYS)


class VillageAuditRound(ChoiceLabelsMixin, models.Model):
    """A round of 村官直审 opened by the county (published to its whole subtree): who audits, which period of the
    villages' books, when, and how long the conclusions stay on public notice."""

    county = county_field()
    org = org_field(_("组织部门"))
    org_path = path_field()
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("轮次名称"), max_length=100)
    body = models.CharField(_("审计主体"), max_length=20, choices=AuditBody.choices)
    body_name = models.CharField(_("审计单位名称"), max_length=100, blank=True)
    period_start = models.DateField(_("审计期间自"))
    period_end = models.DateField(_("审计期间至"))
    planned_start = models.DateField(_("计划开始日期"))
    planned_end = models.DateField(_("计划完成日期"))
    notice_days = models.PositiveSmallIntegerField(_("公示天数"), default=AUDIT_NOTICE_DAYS)
    status = models.CharField(
        _("状态"), max_length=10, choices=AuditRoundStatus.choices, default=AuditRoundStatus.PLANNED
    )
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("村官直审轮次")
        verbose_name_plural = _("村官直审轮次")
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="audits_round_period_order"),
            models.CheckConstraint(condition=Q(planned_end__gte=F("planned_start")), name="audits_round_plan_order"),
            models.CheckConstraint(condition=NOTICE_DAYS_RANGE, name="audits_round_notice_days"),
        ]

    def __str__(self) -> str:
        return self.name


class VillageAudit(ChoiceLabelsMixin, models.Model):
    """One village in a round (once per round): auditors, fieldwork, the conclusion, and for 移交纪检 the referral
    (internal only)."""

    county = county_field()
    round = models.ForeignKey(
        VillageAuditRound, verbose_name=_("审计轮次"), on_delete=models.PROTECT, related_name="audits"
    )
    org = org_field(_("被审计村(社区)"))
    org_path = path_field()
    auditors = models.CharField(_("审计人员"), max_length=200, blank=True)
    fieldwork_start = models.DateField(_("进点日期"), null=True, blank=True)
    fieldwork_end = models.DateField(_("离点日期"), null=True, blank=True)
    conclusion = models.CharField(_("审计结论"), max_length=10, choices=AuditConclusion.choices, blank=True)
    conclusion_text = models.TextField(_("审计结论说明"), blank=True)
    concluded_on = models.DateField(_("结论日期"), null=True, blank=True)
    referred_on = models.DateField(_("移交纪检日期"), null=True, blank=True)
    referral_note = models.CharField(_("移交情况(内部)"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("村官直审对象")
        verbose_name_plural = _("村官直审对象")
        constraints = [
            models.UniqueConstraint(fields=["round", "org"], name="audits_village_once"),
            models.CheckConstraint(
                condition=(Q(conclusion="") & Q(concluded_on__isnull=True))
                | (~Q(conclusion="") & Q(concluded_on__isnull=False)),
                name="audits_village_concluded_dated",
            ),
            models.CheckConstraint(
                condition=(Q(conclusion=AuditConclusion.REFERRED) & Q(referred_on__isnull=False))
                | (~Q(conclusion=AuditConclusion.REFERRED) & Q(referred_on__isnull=True)),
                name="audits_village_referral_dated",
            ),
            models.CheckConstraint(
                condition=Q(fieldwork_end__isnull=True)
                | Q(fieldwork_start__isnull=True)
                | Q(fieldwork_end__gte=F("fieldwork_start")),
                name="audits_village_fieldwork_order",
            ),
        ]
        indexes = scoped_indexes(
            "audits_village", models.Index(fields=["round", "org_path"], name="audits_village_rnd")
        )

    def __str__(self) -> str:
        return f"{self.round} {self.org}"


class VillageAuditFinding(ChoiceLabelsMixin, models.Model):
    """A problem the audit found: the village reports its rectification, the township or county verifies it
    (整改到位, or 未到位 back to rectifying). `responsible` names a cadre and is internal."""

    county = county_field()
    org_path = path_field()
    audit = models.ForeignKey(
        VillageAudit, verbose_name=_("审计对象"), on_delete=models.CASCADE, related_name="findings"
    )
    category = models.CharField(_("问题类别"), max_length=16, choices=AuditCategory.choices)
    description = models.TextField(_("问题描述"))
    amount = money_field(_("涉及金额(元)"), null=True, blank=True)
    responsible = models.CharField(_("责任人及职务(内部)"), max_length=100, blank=True)
    severity = models.CharField(
        _("严重程度"), max_length=10, choices=AuditSeverity.choices, default=AuditSeverity.NORMAL
    )
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    status = models.CharField(
        _("整改状态"), max_length=12, choices=AuditFindingStatus.choices, default=AuditFindingStatus.RECTIFYING
    )
    result = models.TextField(_("整改结果"), blank=True)
    rectified_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    evidence = models.TextField(_("整改佐证"), blank=True)
    verified_on = models.DateField(_("核实日期"), null=True, blank=True)
    verify_note = models.CharField(_("核实意见"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("村官直审问题")
        verbose_name_plural = _("村官直审问题")
        constraints = [
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gte=0), name="audits_finding_amount"),
            models.CheckConstraint(
                condition=Q(status=AuditFindingStatus.RECTIFYING) | Q(rectified_on__isnull=False),
                name="audits_finding_reported_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status=AuditFindingStatus.RECTIFIED) | Q(verified_on__isnull=False),
                name="audits_finding_verified_dated",
            ),
        ]
        indexes = scoped_indexes(
            "audits_finding", models.Index(fields=["county", "status", "deadline"], name="audits_finding_due")
        )

    def __str__(self) -> str:
        return f"{self.get_category_display()}:{self.description[:20]}"


class VillageAuditNotice(models.Model):
    """The public notice (公示) of a village's conclusion: shown on the place's public page from `published_on`
    through `last_day`. Its text is written for the public; counts come from the findings."""

    county = county_field()
    org = org_field(_("村(社区)"))
    org_path = path_field()
    audit = models.OneToOneField(
        VillageAudit, verbose_name=_("审计对象"), on_delete=models.CASCADE, related_name="notice"
    )
    published_on = models.DateField(_("公示日期"))
    days = models.PositiveSmallIntegerField(_("公示天数"))
    last_day = models.DateField(_("公示截止日期"))
    text = models.TextField(_("公示内容"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("村官直审公示")
        verbose_name_plural = _("村官直审公示")
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=AUDIT_NOTICE_MIN_DAYS) & Q(days__lte=AUDIT_NOTICE_MAX_DAYS),
                name="audits_notice_days",
            ),
            models.CheckConstraint(condition=Q(last_day__gte=F("published_on")), name="audits_notice_last_day"),
        ]
        indexes = [models.Index(fields=["org", "published_on"], name="audits_notice_org")]

    def __str__(self) -> str:
        return f"{self.audit} 公示"
