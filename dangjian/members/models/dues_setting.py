from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.scoping import ScopeRule


class DuesSetting(models.Model):
    """A county's dues settings (rules.md DUES-04: the county sets the farmers' monthly amount, 0.2–1.0 元)."""

    county = models.OneToOneField(
        "core.Org", verbose_name=_("县(区)"), on_delete=models.CASCADE, primary_key=True, related_name="dues_setting"
    )
    farmer_monthly = models.DecimalField(
        _("农民党员每月党费(元)"), max_digits=4, decimal_places=2, default=Decimal("0.20")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="county__path", county="county_id", own_org=True)
    audit_fields_exclude = ("updated_at",)

    class Meta:
        verbose_name = _("党费设置")
        verbose_name_plural = _("党费设置")

    def __str__(self) -> str:
        return f"{self.county} 党费设置"
