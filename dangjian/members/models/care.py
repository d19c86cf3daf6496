from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, money_field, path_field, person_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.members.choices import HardshipKind, VisitKind


class Hardship(ChoiceLabelsMixin, models.Model):
    """A 困难党员's difficulty, from when (and until when)."""

    county = county_field()
    org_path = path_field()
    person = person_field(related_name="hardships")
    kind = models.CharField(_("困难类型"), max_length=16, choices=HardshipKind.choices)
    since = models.DateField(_("起始日期"))
    until = models.DateField(_("解除日期"), null=True, blank=True)
    description = models.CharField(_("困难情况"), max_length=200, blank=True)

    scope = ScopeRule(path="org_path", county="county_id", person="person_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("困难党员")
        verbose_name_plural = _("困难党员")
        indexes = scoped_indexes("hardship")

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()}"


class CareVisit(ChoiceLabelsMixin, models.Model):
    """A visit: help given in hardship, illness, a festival; who went, and the money or goods."""

    county = county_field()
    org_path = path_field()
    person = person_field(related_name="care_visits")
    kind = models.CharField(_("走访类型"), max_length=12, choices=VisitKind.choices)
    visited_on = models.DateField(_("走访日期"))
    visitors = models.CharField(_("走访人"), max_length=100)
    amount = money_field(_("慰问金(元)"), default=Decimal("0.00"))
    goods = models.CharField(_("慰问物品"), max_length=200, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope = ScopeRule(path="org_path", county="county_id", person="person_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("关爱走访")
        verbose_name_plural = _("关爱走访")
        indexes = scoped_indexes("care_visit", models.Index(fields=["person", "visited_on"], name="care_person_day"))

    def __str__(self) -> str:
        return f"{self.person} {self.visited_on}"
