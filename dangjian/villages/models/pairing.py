"""结对共建/帮扶 (F4.3): the units that help (city and county departments, enterprises), their pairs with villages
(one-to-one or many-to-one), the "四项制度" as activity records, the "五个一" checklist per pair and year, and the
outputs ledger (成效台账) whose totals give seed 000's sentence."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, path_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.villages.choices import DepartmentType, FiveOneItem, OutputKind, PairActivityKind

__all__ = ["PairActivity", "PairChecklistItem", "PairOutput", "PairUnit", "PairingUnit", "VillagePair"]


class PairingUnit(ChoiceLabelsMixin, models.Model):
    """A unit that pairs with villages (市直/县直部门, 驻县单位, an enterprise), often outside the county's tree; kept
    by the county organisation department or a township (`org`), optionally linked to an org of the tree."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("维护单位"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    name = models.CharField(_("单位名称"), max_length=100)
    department_type = models.CharField(_("部门类型"), max_length=16, choices=DepartmentType.choices)
    affiliation = models.CharField(_("隶属层级"), max_length=30, blank=True, help_text=_("如:市直、县直、驻县单位"))
    contact_name = models.CharField(_("联系人"), max_length=30, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    linked_org = models.ForeignKey(
        "core.Org",
        verbose_name=_("对应党组织"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    active = models.BooleanField(_("在册"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("结对单位")
        verbose_name_plural = _("结对单位")
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="pairing_unit_name_once")]
        indexes = [models.Index(fields=["county", "org_path", "id"], name="pairing_unit_county_path")]

    def __str__(self) -> str:
        return self.name


class VillagePair(models.Model):
    """A village's pair (结对): one or more units (`PairUnit`) from a year on, until ended with a reason. A village
    has at most one active pair; several units in it make it many-to-one."""

    county = county_field()
    village = models.ForeignKey("core.Org", verbose_name=_("结对村"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    started_year = models.PositiveSmallIntegerField(_("结对年度"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    end_reason = models.CharField(_("结束原因"), max_length=200, blank=True)
    active = models.BooleanField(_("结对中"), default=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("结对共建")
        verbose_name_plural = _("结对共建")
        constraints = [
            models.UniqueConstraint(fields=["village"], condition=Q(active=True), name="pairing_pair_one_active"),
            models.CheckConstraint(
                condition=Q(active=True, ended_on__isnull=True) | Q(active=False, ended_on__isnull=False),
                name="pairing_pair_end_consistent",
            ),
        ]
        indexes = scoped_indexes("pairing_pair")

    def __str__(self) -> str:
        return f"{self.village} {self.started_year}年结对"


class PairUnit(models.Model):
    """One unit in a pair: distinct units are counted over these rows."""

    county = county_field()
    org_path = path_field()
    pair = models.ForeignKey(VillagePair, verbose_name=_("结对"), on_delete=models.CASCADE, related_name="members")
    unit = models.ForeignKey(PairingUnit, verbose_name=_("结对单位"), on_delete=models.PROTECT, related_name="pairs")
    joined_year = models.PositiveSmallIntegerField(_("加入年度"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at")

    class Meta:
        verbose_name = _("结对单位(结对)")
        verbose_name_plural = _("结对单位(结对)")
        constraints = [models.UniqueConstraint(fields=["pair", "unit"], name="pairing_pair_unit_once")]
        indexes = scoped_indexes("pairing_pu", models.Index(fields=["unit", "pair"], name="pairing_pu_unit"))

    def __str__(self) -> str:
        return f"{self.unit} ↔ {self.pair}"


class PairActivity(ChoiceLabelsMixin, models.Model):
    """A record of the "四项制度": 集体活动日, 结对共建分析会议, 交流挂职, 日常党建互助."""

    county = county_field()
    org_path = path_field()
    pair = models.ForeignKey(VillagePair, verbose_name=_("结对"), on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("制度类别"), max_length=20, choices=PairActivityKind.choices)
    held_on = models.DateField(_("日期"))
    content = models.CharField(_("内容"), max_length=500)
    participants = models.PositiveIntegerField(_("参加人数"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at")

    class Meta:
        verbose_name = _("结对共建活动")
        verbose_name_plural = _("结对共建活动")
        indexes = scoped_indexes("pairing_act", models.Index(fields=["pair", "held_on"], name="pairing_act_pair_day"))

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%Y-%m-%d}"


class PairChecklistItem(ChoiceLabelsMixin, models.Model):
    """One of the "五个一" of a pair in a year, done on a day with its evidence; an item without a done row is not
    done."""

    county = county_field()
    org_path = path_field()
    pair = models.ForeignKey(VillagePair, verbose_name=_("结对"), on_delete=models.CASCADE, related_name="checklist")
    year = models.PositiveSmallIntegerField(_("年度"))
    item = models.CharField(_("“五个一”事项"), max_length=16, choices=FiveOneItem.choices)
    done = models.BooleanField(_("已完成"), default=True)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    evidence = models.CharField(_("佐证材料"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "updated_at")

    class Meta:
        verbose_name = _("“五个一”事项")
        verbose_name_plural = _("“五个一”事项")
        constraints = [
            models.UniqueConstraint(fields=["pair", "year", "item"], name="pairing_checklist_once"),
            models.CheckConstraint(
                condition=Q(done=False) | Q(done_on__isnull=False), name="pairing_checklist_done_dated"
            ),
        ]
        indexes = scoped_indexes("pairing_chk", models.Index(fields=["county", "year"], name="pairing_chk_year"))

    def __str__(self) -> str:
        return f"{self.year}年 {self.get_item_display()}"


class PairOutput(ChoiceLabelsMixin, models.Model):
    """One output of a pair (成效台账): a typed quantity on a day; the unit follows the kind (a 其他 row names its own
    kind and unit). Totals are summed in SQL grouped by kind, name and unit."""

    county = county_field()
    org_path = path_field()
    pair = models.ForeignKey(VillagePair, verbose_name=_("结对"), on_delete=models.PROTECT, related_name="outputs")
    unit = models.ForeignKey(
        PairingUnit, verbose_name=_("帮扶单位"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    occurred_on = models.DateField(_("日期"))
    kind = models.CharField(_("成效类别"), max_length=16, choices=OutputKind.choices)
    label = models.CharField(_("成效名称"), max_length=30)
    measure = models.CharField(_("计量单位"), max_length=10)
    quantity = models.DecimalField(_("数量"), max_digits=14, decimal_places=2)
    description = models.CharField(_("说明"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at")

    class Meta:
        verbose_name = _("帮扶成效")
        verbose_name_plural = _("帮扶成效")
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="pairing_output_positive")]
        indexes = scoped_indexes(
            "pairing_out",
            models.Index(fields=["county", "occurred_on"], name="pairing_out_county_day"),
            models.Index(fields=["pair", "occurred_on"], name="pairing_out_pair_day"),
        )

    def __str__(self) -> str:
        return f"{self.label}{self.quantity}{self.measure}"
