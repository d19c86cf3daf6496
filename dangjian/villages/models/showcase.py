"""示范点/示范带 (F4.10): demonstration points with coordinates and photos, belts linking points in order (seed 003's
107国道沿线村示范带), the visits and on-site meetings held at them, and a village's own coordinate for the map."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, path_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.villages.choices import ShowcaseLevel, ShowcaseStatus, ShowcaseTheme, VisitKind

__all__ = ["ShowcaseBelt", "ShowcasePhoto", "ShowcasePoint", "ShowcaseVisit", "VillageLocation"]


def _coordinate(label: str) -> models.DecimalField:
    return models.DecimalField(_(label), max_digits=9, decimal_places=6, null=True, blank=True)


def _pair_q() -> Q:
    """Both coordinates or neither."""
    return Q(longitude__isnull=True, latitude__isnull=True) | Q(longitude__isnull=False, latitude__isnull=False)


class ShowcaseBelt(models.Model):
    """A belt (示范带) the county or a township builds along a road or river; its points are ordered along it."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("打造单位"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    name = models.CharField(_("示范带名称"), max_length=100)
    description = models.TextField(_("简介"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("示范带")
        verbose_name_plural = _("示范带")
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="showcase_belt_name_once")]

    def __str__(self) -> str:
        return self.name


class ShowcasePoint(ChoiceLabelsMixin, models.Model):
    """A demonstration point (示范点): a village, community, enterprise or any org named as an example to learn from;
    on at most one belt, at `belt_order` along it."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("所在组织"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    name = models.CharField(_("示范点名称"), max_length=100)
    theme = models.CharField(_("示范主题"), max_length=16, choices=ShowcaseTheme.choices)
    level = models.CharField(_("级别"), max_length=12, choices=ShowcaseLevel.choices, default=ShowcaseLevel.COUNTY)
    year = models.PositiveSmallIntegerField(_("命名年度"))
    status = models.CharField(
        _("状态"), max_length=12, choices=ShowcaseStatus.choices, default=ShowcaseStatus.CULTIVATING
    )
    description = models.TextField(_("主要做法和成效"), blank=True)
    longitude = _coordinate("经度")
    latitude = _coordinate("纬度")
    belt = models.ForeignKey(
        ShowcaseBelt,
        verbose_name=_("所属示范带"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="points",
    )
    belt_order = models.PositiveSmallIntegerField(_("在示范带中的顺序"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("示范点")
        verbose_name_plural = _("示范点")
        constraints = [
            models.UniqueConstraint(fields=["org", "name"], name="showcase_point_name_once"),
            models.UniqueConstraint(fields=["belt", "belt_order"], name="showcase_point_belt_order_once"),
            models.CheckConstraint(condition=_pair_q(), name="showcase_point_coordinate_pair"),
            models.CheckConstraint(
                condition=Q(belt__isnull=True, belt_order__isnull=True)
                | Q(belt__isnull=False, belt_order__isnull=False),
                name="showcase_point_belt_with_order",
            ),
            models.CheckConstraint(condition=Q(year__gte=1949, year__lte=2099), name="showcase_point_year_range"),
        ]
        indexes = scoped_indexes("showcase_point")

    def __str__(self) -> str:
        return self.name

    @property
    def placed(self) -> bool:
        return self.longitude is not None and self.latitude is not None


class ShowcasePhoto(models.Model):
    point = models.ForeignKey(ShowcasePoint, verbose_name=_("示范点"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("照片"), upload_to="showcase/%Y/%m/")
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    scope = ScopeRule(path="point__org_path", county="point__county_id")
    audit_fields_exclude = ("uploaded_at",)

    class Meta:
        verbose_name = _("示范点照片")
        verbose_name_plural = _("示范点照片")

    def __str__(self) -> str:
        return self.caption or self.image.name or ""


class ShowcaseVisit(ChoiceLabelsMixin, models.Model):
    """A tour (观摩) or on-site meeting (现场会) held at a point: counted per point."""

    county = county_field()
    org_path = path_field()
    point = models.ForeignKey(ShowcasePoint, verbose_name=_("示范点"), on_delete=models.CASCADE, related_name="visits")
    kind = models.CharField(_("形式"), max_length=8, choices=VisitKind.choices, default=VisitKind.TOUR)
    visited_on = models.DateField(_("日期"))
    visitors = models.PositiveIntegerField(_("参加人数"))
    host = models.CharField(_("组织单位"), max_length=100)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at")

    class Meta:
        verbose_name = _("观摩及现场会")
        verbose_name_plural = _("观摩及现场会")
        constraints = [models.CheckConstraint(condition=Q(visitors__gte=1), name="showcase_visit_has_visitors")]
        indexes = scoped_indexes(
            "showcase_visit", models.Index(fields=["point", "visited_on"], name="showcase_visit_point_day")
        )

    def __str__(self) -> str:
        return f"{self.point} {self.visited_on}"


class VillageLocation(models.Model):
    """Where a village (or any grassroots org) lies: the grey dots the offline map draws the county from."""

    county = county_field()
    org = models.OneToOneField("core.Org", verbose_name=_("组织"), on_delete=models.CASCADE, related_name="+")
    org_path = path_field()
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "updated_at")

    class Meta:
        verbose_name = _("村庄坐标")
        verbose_name_plural = _("村庄坐标")
        indexes = scoped_indexes("showcase_vloc")

    def __str__(self) -> str:
        return f"{self.org} ({self.longitude}, {self.latitude})"
