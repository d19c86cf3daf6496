"""两新 coverage (F4.9): the register of non-public enterprises and social organisations with their member counts and
Party organisation (own / joint / none), the Party-building instructors (党建指导员) and the yearly 有效覆盖
assessments; ORG-01 (≥3 formal members → own branch, a joint branch ≤ 5 units) is checked against it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, path_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.villages.choices import BranchStatus, TwoNewKind, TwoNewSubtype

__all__ = ["TwoNewAssessment", "TwoNewInstructor", "TwoNewOrganisation", "TwoNewSettings"]


class TwoNewOrganisation(ChoiceLabelsMixin, models.Model):
    """An enterprise or social organisation on the register, filed under the org where it sits (属地党组织:
    a township, or the village it lies in)."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("属地党组织"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    name = models.CharField(_("单位名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=12, choices=TwoNewKind.choices)
    subtype = models.CharField(_("细分类型"), max_length=20, choices=TwoNewSubtype.choices, blank=True)
    employees = models.PositiveIntegerField(_("从业人员数"), default=0)
    formal_members = models.PositiveSmallIntegerField(_("正式党员数"), default=0)
    probationary_members = models.PositiveSmallIntegerField(_("预备党员数"), default=0)
    branch_status = models.CharField(
        _("党组织建立情况"), max_length=8, choices=BranchStatus.choices, default=BranchStatus.NONE
    )
    branch = models.ForeignKey(
        "core.Org",
        verbose_name=_("党组织(单独建立或联合党支部)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    closed = models.BooleanField(_("已注销"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("两新组织")
        verbose_name_plural = _("两新组织")
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="twonew_org_name_once"),
            models.CheckConstraint(
                condition=models.Q(branch_status="none", branch__isnull=True)
                | (~models.Q(branch_status="none") & models.Q(branch__isnull=False)),
                name="twonew_org_branch_link",
            ),
        ]
        indexes = scoped_indexes("twonew_org", models.Index(fields=["branch"], name="twonew_org_branch"))

    def __str__(self) -> str:
        return self.name


class TwoNewInstructor(models.Model):
    """A Party-building instructor (党建指导员) assigned to an organisation for a period."""

    county = county_field()
    org_path = path_field()
    organisation = models.ForeignKey(
        TwoNewOrganisation, verbose_name=_("两新组织"), on_delete=models.CASCADE, related_name="instructors"
    )
    name = models.CharField(_("姓名"), max_length=50)
    person = models.ForeignKey(
        "core.Person", verbose_name=_("党员"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_unit = models.CharField(_("派出单位"), max_length=100)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    starts_on = models.DateField(_("选派日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("党建指导员")
        verbose_name_plural = _("党建指导员")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="twonew_instructor_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}({self.organisation})"


class TwoNewAssessment(models.Model):
    """A year's 有效覆盖 assessment of an organisation: the checklist items met and whether that is enough."""

    county = county_field()
    org_path = path_field()
    organisation = models.ForeignKey(
        TwoNewOrganisation, verbose_name=_("两新组织"), on_delete=models.CASCADE, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    items = models.JSONField(_("达标项目"), default=list)
    required = models.PositiveSmallIntegerField(_("有效覆盖所需项目数"))
    effective = models.BooleanField(_("有效覆盖"), default=False)
    assessed_on = models.DateField(_("评估日期"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("有效覆盖评估")
        verbose_name_plural = _("有效覆盖评估")
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="twonew_assessment_once")]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"


class TwoNewSettings(models.Model):
    """The county's rule for 有效覆盖: how many checklist items must be met (all of them unless it says fewer)."""

    county = county_field()
    org = models.OneToOneField("core.Org", verbose_name=_("县(区)党组织"), on_delete=models.CASCADE, related_name="+")
    org_path = path_field()
    effective_required = models.PositiveSmallIntegerField(_("有效覆盖所需项目数"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "updated_at")

    class Meta:
        verbose_name = _("两新覆盖设置")
        verbose_name_plural = _("两新覆盖设置")
        constraints = [
            models.CheckConstraint(condition=models.Q(effective_required__gte=1), name="twonew_settings_required")
        ]

    def __str__(self) -> str:
        return str(self.org)
