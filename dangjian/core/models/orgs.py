from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from dangjian.core.choices import OrgDomain, OrgKind, OrgLevel, UnitKind
from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.scoping import ScopeRule


class Org(ChoiceLabelsMixin, MP_Node):
    """A Party organisation in the tree 县(区)委 → 乡镇(街道)党(工)委 → 村/社区/企业 党组织 → 党小组.

    `path` (materialised path) makes a subtree one indexed prefix match; `county` (the county-level org,
    itself for a county) is the shard key carried by every high-volume table.
    """

    steplen = 4
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

    code = models.CharField(_("组织代码"), max_length=32, unique=True)
    name = models.CharField(_("组织名称"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=60, blank=True)
    kind = models.CharField(_("组织类别"), max_length=32, choices=OrgKind.choices)
    domain = models.CharField(_("所属领域"), max_length=32, choices=OrgDomain.choices)
    level = models.CharField(_("层级"), max_length=16, choices=OrgLevel.choices, default=OrgLevel.GRASSROOTS)
    county = models.ForeignKey(
        "self", verbose_name=_("所属县(区)"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    founded_on = models.DateField(_("批准建立日期"), null=True, blank=True)
    term_start = models.DateField(_("本届任期开始"), null=True, blank=True)
    term_end = models.DateField(_("本届任期届满"), null=True, blank=True)
    is_dissolved = models.BooleanField(_("已撤销"), default=False)
    dissolved_on = models.DateField(_("撤销日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="path", county="county_id", own_org=True)
    audit_fields_exclude = ("numchild", "created_at", "updated_at")

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        indexes = [
            models.Index(fields=["county", "path"], name="org_county_path"),
            # Direct children of a high node (a province's counties) without scanning its whole subtree.
            models.Index(fields=["depth", "path"], name="org_depth_path"),
        ]

    def __str__(self) -> str:
        return self.name


class Unit(ChoiceLabelsMixin, models.Model):
    """The unit an org serves (行政村, 社区, 企业 …) with its standing facts."""

    org = models.OneToOneField(Org, verbose_name=_("党组织"), on_delete=models.CASCADE, related_name="unit")
    kind = models.CharField(_("单位类别"), max_length=32, choices=UnitKind.choices)
    name = models.CharField(_("单位名称"), max_length=200)
    households = models.PositiveIntegerField(_("户数"), null=True, blank=True)
    registered_population = models.PositiveIntegerField(_("户籍人口"), null=True, blank=True)
    resident_population = models.PositiveIntegerField(_("常住人口"), null=True, blank=True)
    is_poverty_village = models.BooleanField(_("建档立卡贫困村"), default=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    audit_fields_exclude = ("updated_at",)

    class Meta:
        verbose_name = _("所在单位")
        verbose_name_plural = _("所在单位")

    def __str__(self) -> str:
        return self.name


class UnitYearFigure(models.Model):
    """A unit's figures for one year: collective economy income and assets (元)."""

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="year_figures")
    year = models.PositiveSmallIntegerField(_("年度"))
    collective_income = models.DecimalField(_("集体经济年收入(元)"), max_digits=14, decimal_places=2)
    collective_assets = models.DecimalField(_("集体资产(元)"), max_digits=16, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("单位年度数据")
        verbose_name_plural = _("单位年度数据")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unit_year_unique")]
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}年"
