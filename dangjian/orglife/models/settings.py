from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.scoping import ScopeRule
from dangjian.orglife.choices import Cycle, MeetingKind, OrgCategory


def default_theme_days() -> list[int]:
    return [10]


def default_agenda() -> list[str]:
    """西城's "六事联动" (seed 002): the checklist of a 主题党日."""
    return ["学习党章", "学习党规党纪", "交纳党费", "开展组织生活", "实行民主议事", "落实公开制度"]


class OrgLifeSetting(models.Model):
    """A county's settings for organisational life (values rules.md marks U, and the county's own practice)."""

    county = models.OneToOneField(
        "core.Org", verbose_name=_("县(区)"), on_delete=models.CASCADE, primary_key=True, related_name="orglife_setting"
    )
    theme_days = models.JSONField(_("主题党日固定日期(每月几号)"), default=default_theme_days)
    agenda_items = models.JSONField(_("主题党日规定议程"), default=default_agenda)
    late_entry_days = models.PositiveSmallIntegerField(_("超过几天录入记为补录"), default=7)
    checkin_before_minutes = models.PositiveSmallIntegerField(_("会前几分钟开放签到"), default=30)
    checkin_after_minutes = models.PositiveSmallIntegerField(_("会后几分钟关闭签到"), default=30)
    late_after_minutes = models.PositiveSmallIntegerField(_("开始几分钟后签到记为迟到"), default=15)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="county__path", county="county_id", own_org=True)
    audit_fields_exclude = ("updated_at",)

    class Meta:
        verbose_name = _("组织生活设置")
        verbose_name_plural = _("组织生活设置")

    def __str__(self) -> str:
        return f"{self.county} 组织生活设置"


class MeetingRequirement(models.Model):
    """A routine requirement: (activity type × org category × expected count × cycle), in force from a date.

    Compliance is computed from these rows; rules.md ORGLIFE gives the defaults a county starts with."""

    county = models.ForeignKey("core.Org", verbose_name=_("县(区)"), on_delete=models.CASCADE, related_name="+")
    county_path = models.CharField(_("县(区)组织路径"), max_length=255, editable=False)
    kind = models.CharField(_("活动类型"), max_length=24, choices=MeetingKind.choices)
    org_category = models.CharField(_("适用组织"), max_length=16, choices=OrgCategory.choices)
    expected = models.PositiveSmallIntegerField(_("应开展次数"))
    cycle = models.CharField(_("周期"), max_length=12, choices=Cycle.choices)
    effective_from = models.DateField(_("起始日期"))
    effective_until = models.DateField(_("截止日期"), null=True, blank=True)
    note = models.CharField(_("依据或说明"), max_length=200, blank=True)

    scope = ScopeRule(path="county_path", county="county_id")
    audit_fields_exclude = ("county_path",)

    class Meta:
        verbose_name = _("组织生活要求")
        verbose_name_plural = _("组织生活要求")
        indexes = [models.Index(fields=["county", "kind"], name="orglife_req_county_kind")]

    def __str__(self) -> str:
        return (
            f"{self.get_org_category_display()} {self.get_kind_display()} {self.get_cycle_display()}{self.expected}次"
        )
