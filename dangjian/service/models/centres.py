"""党群服务中心 (F5.1): the centres of the three tiers, their function rooms, the building works of each year, the
county's standard checklist (规范化建设标准) and the yearly compliance check of each centre."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, money_field, path_field
from dangjian.core.scoping import ScopeRule
from dangjian.service.choices import CentreLevel, CentreStatus, RoomKind, WorksKind, WorksStatus

__all__ = [
    "CentreCheck",
    "CentreCheckItem",
    "CentreRoom",
    "CentreStandardItem",
    "CentreWorks",
    "ServiceCentre",
]


class ServiceCentre(ChoiceLabelsMixin, models.Model):
    """A 党群服务中心 run by an org; one main centre per org, more sites allowed (a 社区 with two sites)."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("所属党组织"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    level = models.CharField(_("层级"), max_length=12, choices=CentreLevel.choices)
    name = models.CharField(_("中心名称"), max_length=100)
    is_main = models.BooleanField(_("主阵地"), default=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    building_area = models.DecimalField(_("建筑面积(㎡)"), max_digits=8, decimal_places=1, null=True, blank=True)
    square_area = models.DecimalField(_("广场面积(㎡)"), max_digits=8, decimal_places=1, null=True, blank=True)
    opened_on = models.DateField(_("投用日期"), null=True, blank=True)
    duty_phone = models.CharField(_("固定值班电话"), max_length=20, blank=True)
    hours = models.CharField(_("开放时间"), max_length=200, blank=True)
    status = models.CharField(_("阵地状态"), max_length=12, choices=CentreStatus.choices, default=CentreStatus.IN_USE)
    note = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("党群服务中心")
        verbose_name_plural = _("党群服务中心")
        ordering = ["org_path", "-is_main", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org"], condition=Q(is_main=True), name="centres_one_main"),
            models.UniqueConstraint(fields=["org", "name"], name="centres_name_once"),
            models.CheckConstraint(
                condition=Q(building_area__isnull=True) | Q(building_area__gte=0), name="centres_area_positive"
            ),
            models.CheckConstraint(
                condition=Q(square_area__isnull=True) | Q(square_area__gte=0), name="centres_square_positive"
            ),
        ]
        indexes = [models.Index(fields=["county", "org_path", "id"], name="centres_county_path_id")]

    def __str__(self) -> str:
        return self.name


class CentreRoom(ChoiceLabelsMixin, models.Model):
    """A function room of a centre (服务大厅, 民主决策室, …); kind "other" carries its own name."""

    county = county_field()
    org_path = path_field()
    centre = models.ForeignKey(
        ServiceCentre, verbose_name=_("服务中心"), on_delete=models.CASCADE, related_name="rooms"
    )
    kind = models.CharField(_("功能室"), max_length=16, choices=RoomKind.choices)
    name = models.CharField(_("名称"), max_length=50, blank=True)
    area = models.DecimalField(_("面积(㎡)"), max_digits=7, decimal_places=1, null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("功能室")
        verbose_name_plural = _("功能室")
        ordering = ["centre", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "kind"], condition=~Q(kind=RoomKind.OTHER), name="centres_room_kind_once"
            ),
            models.CheckConstraint(condition=~Q(kind=RoomKind.OTHER) | ~Q(name=""), name="centres_room_other_named"),
            models.CheckConstraint(condition=Q(area__isnull=True) | Q(area__gte=0), name="centres_room_area_positive"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name if self.kind == RoomKind.OTHER else str(self.get_kind_display())


class CentreWorks(ChoiceLabelsMixin, models.Model):
    """The building works of a centre in a year (新建/改扩建/维修) with planned and actual funds."""

    county = county_field()
    org_path = path_field()
    centre = models.ForeignKey(
        ServiceCentre, verbose_name=_("服务中心"), on_delete=models.CASCADE, related_name="works"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("建设类别"), max_length=8, choices=WorksKind.choices)
    planned_funds = money_field(_("计划资金(元)"), null=True, blank=True)
    actual_funds = money_field(_("实际投入(元)"), null=True, blank=True)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    completed_on = models.DateField(_("竣工日期"), null=True, blank=True)
    status = models.CharField(_("进度"), max_length=12, choices=WorksStatus.choices, default=WorksStatus.PLANNED)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("阵地建设项目")
        verbose_name_plural = _("阵地建设项目")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "year"], name="centres_works_year_once"),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(completed_on__gte=F("started_on")),
                name="centres_works_completed_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[WorksStatus.DONE, WorksStatus.IMPROVING]) | Q(completed_on__isnull=False),
                name="centres_works_done_dated",
            ),
        ]
        indexes = [models.Index(fields=["county", "completed_on"], name="centres_works_completed")]

    def __str__(self) -> str:
        return f"{self.year}年{self.get_kind_display()}"


class CentreStandardItem(models.Model):
    """One item of the county's 规范化建设标准, published to its subtree. An item naming a room kind or a minimum
    building area is checked from the centre's own data; the others are ticked by the township."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("制定单位"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    position = models.PositiveSmallIntegerField(_("序号"), default=1)
    text = models.CharField(_("标准内容"), max_length=300)
    room_kind = models.CharField(_("要求功能室"), max_length=16, choices=RoomKind.choices, blank=True)
    min_area = models.DecimalField(_("最低建筑面积(㎡)"), max_digits=8, decimal_places=1, null=True, blank=True)
    required = models.BooleanField(_("必备项"), default=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("规范化建设标准")
        verbose_name_plural = _("规范化建设标准")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(min_area__isnull=True) | Q(min_area__gt=0), name="centres_std_area"),
        ]

    def __str__(self) -> str:
        return self.text


class CentreCheck(models.Model):
    """The compliance check of a centre for a year against the county's standard (达标 when every required item is
    met)."""

    county = county_field()
    org_path = path_field()
    centre = models.ForeignKey(
        ServiceCentre, verbose_name=_("服务中心"), on_delete=models.CASCADE, related_name="checks"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    checked_on = models.DateField(_("检查日期"))
    checker = models.CharField(_("检查人"), max_length=50, blank=True)
    items_met = models.PositiveSmallIntegerField(_("达到项数"), default=0)
    items_total = models.PositiveSmallIntegerField(_("检查项数"), default=0)
    passed = models.BooleanField(_("达标"), default=False)
    note = models.CharField(_("检查意见"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("规范化建设检查")
        verbose_name_plural = _("规范化建设检查")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "year"], name="centres_check_year_once"),
            models.CheckConstraint(condition=Q(items_met__lte=F("items_total")), name="centres_check_met_le_total"),
        ]
        indexes = [models.Index(fields=["county", "year", "org_path"], name="centres_check_year_path")]

    def __str__(self) -> str:
        return f"{self.centre} {self.year}年"


class CentreCheckItem(models.Model):
    """One standard item of a check: met or not, with a note; `auto` when computed from the centre's data."""

    county = county_field()
    org_path = path_field()
    inspection = models.ForeignKey(CentreCheck, verbose_name=_("检查"), on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey(
        CentreStandardItem, verbose_name=_("标准项"), on_delete=models.PROTECT, related_name="results"
    )
    met = models.BooleanField(_("达到"), default=False)
    auto = models.BooleanField(_("按台账自动判定"), default=False)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("检查项结果")
        verbose_name_plural = _("检查项结果")
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="centres_check_item_once")]

    def __str__(self) -> str:
        return f"{self.item} {'达到' if self.met else '未达到'}"
