from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, org_field, path_field, person_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.members.choices import CampaignStatus, FollowupMeasure, FollowupStatus, Grade


class EvaluationCampaign(ChoiceLabelsMixin, models.Model):
    """A branch's yearly 民主评议党员 (ORG-08)."""

    county = county_field()
    org = org_field(_("党支部"), related_name="evaluation_campaigns")
    org_path = path_field()
    year = models.PositiveSmallIntegerField(_("年度"))
    started_on = models.DateField(_("开始日期"))
    decided_on = models.DateField(_("支部确定等次日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.OPEN)
    note = models.TextField(_("说明"), blank=True)

    scope = ScopeRule(path="org_path", county="county_id", own_org=False)
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("民主评议")
        verbose_name_plural = _("民主评议")
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="evaluation_org_year")]
        indexes = scoped_indexes("evaluation")

    def __str__(self) -> str:
        return f"{self.org} {self.year}年民主评议"


class EvaluationEntry(ChoiceLabelsMixin, models.Model):
    """One member in a campaign: self-assessment, the mutual and public ballots, the branch's grade.

    预备党员 take part but are not graded (`probationary`).
    """

    county = county_field()
    org_path = path_field()
    campaign = models.ForeignKey(
        EvaluationCampaign, verbose_name=_("民主评议"), on_delete=models.PROTECT, related_name="entries"
    )
    person = person_field()
    probationary = models.BooleanField(_("预备党员(不评定等次)"), default=False)
    self_assessment = models.TextField(_("个人自评"), blank=True)
    mutual_excellent = models.PositiveIntegerField(_("互评优秀票"), default=0)
    mutual_qualified = models.PositiveIntegerField(_("互评合格票"), default=0)
    mutual_basic = models.PositiveIntegerField(_("互评基本合格票"), default=0)
    mutual_unqualified = models.PositiveIntegerField(_("互评不合格票"), default=0)
    public_excellent = models.PositiveIntegerField(_("民主测评优秀票"), default=0)
    public_qualified = models.PositiveIntegerField(_("民主测评合格票"), default=0)
    public_basic = models.PositiveIntegerField(_("民主测评基本合格票"), default=0)
    public_unqualified = models.PositiveIntegerField(_("民主测评不合格票"), default=0)
    grade = models.CharField(_("评定等次"), max_length=12, choices=Grade.choices, blank=True)

    scope = ScopeRule(path="org_path", county="county_id", person="person_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("民主评议党员")
        verbose_name_plural = _("民主评议党员")
        constraints = [models.UniqueConstraint(fields=["campaign", "person"], name="evaluation_entry_person")]
        indexes = scoped_indexes("eval_entry")

    def __str__(self) -> str:
        return f"{self.campaign} {self.person}"


class EvaluationFollowup(ChoiceLabelsMixin, models.Model):
    """The follow-up for a member graded 不合格: the measure, its deadline, and how it ended."""

    county = county_field()
    org_path = path_field()
    entry = models.OneToOneField(
        EvaluationEntry, verbose_name=_("评议结果"), on_delete=models.PROTECT, related_name="followup"
    )
    measure = models.CharField(_("处置方式"), max_length=12, choices=FollowupMeasure.choices)
    decided_on = models.DateField(_("决定日期"))
    deadline = models.DateField(_("期限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=FollowupStatus.choices, default=FollowupStatus.OPEN)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    outcome = models.CharField(_("结果"), max_length=200, blank=True)

    scope = ScopeRule(path="org_path", county="county_id", person="entry__person_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("不合格党员处置")
        verbose_name_plural = _("不合格党员处置")
        indexes = scoped_indexes("eval_followup")

    def __str__(self) -> str:
        return f"{self.entry.person} {self.get_measure_display()}"
