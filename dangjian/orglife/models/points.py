from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.choices import MemberCategory
from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, month_field, path_field, person_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.orglife.choices import Cycle, PointEntryStatus, PointSource


def default_star_thresholds() -> list[int]:
    """Yearly points for one to five stars."""
    return [60, 70, 80, 90, 100]


class PointSetting(models.Model):
    """A county's star thresholds (星级党员) and its 红旗支部 criteria."""

    county = models.OneToOneField(
        "core.Org", verbose_name=_("县(区)"), on_delete=models.CASCADE, primary_key=True, related_name="point_setting"
    )
    star_thresholds = models.JSONField(_("一至五星所需年度积分"), default=default_star_thresholds)
    red_flag_min_average = models.DecimalField(
        _("红旗支部:党员年度平均积分不低于"), max_digits=7, decimal_places=1, default=Decimal("80.0")
    )
    red_flag_min_compliance = models.PositiveSmallIntegerField(_("红旗支部:组织生活达标率不低于(%)"), default=100)
    red_flag_min_attendance = models.PositiveSmallIntegerField(_("红旗支部:参会率不低于(%)"), default=85)
    red_flag_min_star_share = models.PositiveSmallIntegerField(_("红旗支部:三星及以上党员占比不低于(%)"), default=50)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="county__path", county="county_id", own_org=True)
    audit_fields_exclude = ("updated_at",)

    class Meta:
        verbose_name = _("积分评星设置")
        verbose_name_plural = _("积分评星设置")

    def __str__(self) -> str:
        return f"{self.county} 积分评星设置"


class PointScheme(models.Model):
    """A county's points scheme for one member category, in force from the first day of a month until the next
    version of the same category takes over. A change is a new version; closed months keep their totals."""

    county = models.ForeignKey("core.Org", verbose_name=_("县(区)"), on_delete=models.CASCADE, related_name="+")
    county_path = models.CharField(_("县(区)组织路径"), max_length=255, editable=False)
    category = models.CharField(_("党员类别"), max_length=20, choices=MemberCategory.choices)
    name = models.CharField(_("方案名称"), max_length=100)
    effective_from = month_field(_("起始月份"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    scope = ScopeRule(path="county_path", county="county_id")
    audit_fields_exclude = ("county_path", "created_at")

    class Meta:
        verbose_name = _("积分方案")
        verbose_name_plural = _("积分方案")
        constraints = [
            models.UniqueConstraint(fields=["county", "category", "effective_from"], name="point_scheme_one_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.name}({self.effective_from:%Y年%m月}起)"


class PointItem(ChoiceLabelsMixin, models.Model):
    """An item of a scheme: points per occurrence (negative for a deduction), a cap per period, and how the
    points arrive (automatically from another record, claimed and approved, or entered by the branch)."""

    scheme = models.ForeignKey(PointScheme, verbose_name=_("积分方案"), on_delete=models.CASCADE, related_name="items")
    name = models.CharField(_("积分项目"), max_length=100)
    source = models.CharField(_("计分方式"), max_length=16, choices=PointSource.choices)
    points = models.DecimalField(_("每次(每小时)分值"), max_digits=6, decimal_places=1)
    cap = models.DecimalField(_("周期上限"), max_digits=7, decimal_places=1, null=True, blank=True)
    cap_cycle = models.CharField(_("上限周期"), max_length=12, choices=Cycle.choices, default=Cycle.MONTH)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    scope = ScopeRule(path="scheme__county_path", county="scheme__county_id")

    class Meta:
        verbose_name = _("积分项目")
        verbose_name_plural = _("积分项目")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class PointEntry(ChoiceLabelsMixin, models.Model):
    """Points of one member for one occurrence, in the month it occurred. The points are copied from the item at
    entry time (after its cap), so a later scheme never changes them. Automatic entries name their source record
    (`source`, `ref`) and are written once per source record."""

    county = county_field()
    org_path = path_field()
    person = person_field(related_name="point_entries")
    item = models.ForeignKey(PointItem, verbose_name=_("积分项目"), on_delete=models.PROTECT, related_name="entries")
    source = models.CharField(_("计分方式"), max_length=16, choices=PointSource.choices)
    ref = models.CharField(_("来源记录"), max_length=64, blank=True)
    month = month_field(_("月份"))
    occurred_on = models.DateField(_("发生日期"))
    quantity = models.DecimalField(_("数量"), max_digits=7, decimal_places=1, default=Decimal("1.0"))
    points = models.DecimalField(_("积分"), max_digits=7, decimal_places=1)
    status = models.CharField(_("状态"), max_length=12, choices=PointEntryStatus.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id", person="person_id")
    audit_fields_exclude = ("org_path", "created_at")

    class Meta:
        verbose_name = _("积分记录")
        verbose_name_plural = _("积分记录")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "source", "ref"],
                condition=~models.Q(ref=""),
                name="point_entry_once_per_source",
            )
        ]
        indexes = scoped_indexes(
            "point_entry",
            models.Index(fields=["county", "month", "status"], name="point_entry_county_month"),
            models.Index(fields=["person", "month"], name="point_entry_person_month"),
        )

    def __str__(self) -> str:
        return f"{self.person} {self.item} {self.points}"


class PointMonth(models.Model):
    """A county's closed month: its totals are frozen in `PointTotal` and no entry of it changes again."""

    county = models.ForeignKey("core.Org", verbose_name=_("县(区)"), on_delete=models.CASCADE, related_name="+")
    county_path = models.CharField(_("县(区)组织路径"), max_length=255, editable=False)
    month = month_field(_("月份"))
    closed_at = models.DateTimeField(_("结账时间"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("结账人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    scope = ScopeRule(path="county_path", county="county_id")
    audit_fields_exclude = ("county_path", "closed_at")

    class Meta:
        verbose_name = _("积分结账月份")
        verbose_name_plural = _("积分结账月份")
        constraints = [models.UniqueConstraint(fields=["county", "month"], name="point_month_once")]

    def __str__(self) -> str:
        return f"{self.month:%Y年%m月}"


class PointTotal(models.Model):
    """A member's frozen total of a closed month (what rankings and star ratings of closed months read)."""

    county = county_field()
    org_path = path_field()
    person = person_field(related_name="point_totals")
    month = month_field(_("月份"))
    category = models.CharField(_("党员类别"), max_length=20, choices=MemberCategory.choices)
    total = models.DecimalField(_("月度积分"), max_digits=8, decimal_places=1)

    scope = ScopeRule(path="org_path", county="county_id", person="person_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("月度积分")
        verbose_name_plural = _("月度积分")
        constraints = [models.UniqueConstraint(fields=["person", "month"], name="point_total_once")]
        indexes = scoped_indexes(
            "point_total", models.Index(fields=["county", "month", "org_path"], name="point_total_county_month")
        )

    def __str__(self) -> str:
        return f"{self.person} {self.month:%Y-%m} {self.total}"
