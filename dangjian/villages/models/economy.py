"""集体经济 (F4.4): a village's development models and plan per year. The amounts (income, assets) stay in core's
`UnitYearFigure` of the village's unit: one truth, which these rows only describe."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, path_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.villages.choices import DevelopmentModel

__all__ = ["VillageEconomy", "VillageEconomyModel"]


class VillageEconomy(models.Model):
    """A village's collective economy plan for one year: its development thinking (发展思路); its development
    models are the `VillageEconomyModel` rows."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("村党组织"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    year = models.PositiveSmallIntegerField(_("年度"))
    note = models.TextField(_("发展思路"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("村级集体经济发展情况")
        verbose_name_plural = _("村级集体经济发展情况")
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="economy_village_year_once")]
        indexes = scoped_indexes("economy_village", models.Index(fields=["county", "year"], name="economy_county_year"))

    def __str__(self) -> str:
        return f"{self.org} {self.year}年"


class VillageEconomyModel(ChoiceLabelsMixin, models.Model):
    """One development model a village follows in a year (a village may follow several); org and year are copied so
    that the report groups income by model in one join from the figures."""

    county = county_field()
    economy = models.ForeignKey(
        VillageEconomy, verbose_name=_("集体经济发展情况"), on_delete=models.CASCADE, related_name="models"
    )
    org = models.ForeignKey(
        "core.Org", verbose_name=_("村党组织"), on_delete=models.PROTECT, related_name="economy_models"
    )
    org_path = path_field()
    year = models.PositiveSmallIntegerField(_("年度"))
    model = models.CharField(_("发展模式"), max_length=16, choices=DevelopmentModel.choices)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("集体经济发展模式")
        verbose_name_plural = _("集体经济发展模式")
        constraints = [models.UniqueConstraint(fields=["economy", "model"], name="economy_model_once")]
        indexes = scoped_indexes(
            "economy_model", models.Index(fields=["county", "year", "model"], name="economy_model_year")
        )

    def __str__(self) -> str:
        return f"{self.org} {self.year}年 {self.get_model_display()}"
