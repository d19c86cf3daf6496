from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, path_field, person_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.orglife.choices import EnrolmentStatus, TrainingGroup, TrainingKind


class TrainingClass(ChoiceLabelsMixin, models.Model):
    """A training class (培训班) held by an org: who runs it (主办单位), where (e.g. a 干部学院), when, how many
    class hours, and for which group."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    title = models.CharField(_("培训主题"), max_length=100)
    organiser = models.CharField(_("主办单位"), max_length=100)
    place = models.CharField(_("培训地点"), max_length=100)
    kind = models.CharField(_("培训形式"), max_length=16, choices=TrainingKind.choices)
    group = models.CharField(_("培训对象"), max_length=20, choices=TrainingGroup.choices)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("培训班")
        verbose_name_plural = _("培训班")
        indexes = scoped_indexes("training", models.Index(fields=["county", "starts_on"], name="training_day"))

    def __str__(self) -> str:
        return self.title


class Enrolment(ChoiceLabelsMixin, models.Model):
    """A member enrolled in a class; seen by the member's branch and by the org running the class."""

    county = county_field()
    org_path = path_field()
    class_path = path_field("培训组织路径")
    training = models.ForeignKey(
        TrainingClass, verbose_name=_("培训班"), on_delete=models.CASCADE, related_name="enrolments"
    )
    person = person_field(related_name="enrolments")
    status = models.CharField(
        _("参训情况"), max_length=12, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    hours = models.DecimalField(_("获得学时"), max_digits=5, decimal_places=1, default=Decimal("0.0"))

    scope = ScopeRule(
        path="org_path", county="county_id", person="person_id", also_path="class_path", also_county="county_id"
    )
    audit_fields_exclude = ("org_path", "class_path")

    class Meta:
        verbose_name = _("参训人员")
        verbose_name_plural = _("参训人员")
        constraints = [models.UniqueConstraint(fields=["training", "person"], name="enrolment_once")]
        indexes = scoped_indexes("enrolment", models.Index(fields=["person", "training"], name="enrolment_person"))

    def __str__(self) -> str:
        return f"{self.person} {self.training}"


class RotationTarget(ChoiceLabelsMixin, models.Model):
    """A yearly rotation target ("年内全部轮训一遍") for a group, set by an org for its subtree."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("制定单位"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    year = models.PositiveSmallIntegerField(_("年度"))
    group = models.CharField(_("培训对象"), max_length=20, choices=TrainingGroup.choices)
    min_hours = models.DecimalField(_("每人至少学时"), max_digits=5, decimal_places=1, default=Decimal("0.0"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("轮训目标")
        verbose_name_plural = _("轮训目标")
        constraints = [models.UniqueConstraint(fields=["org", "year", "group"], name="rotation_target_once")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.get_group_display()} 轮训"
