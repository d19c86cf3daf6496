"""值班坐班 (F5.2): the county's duty settings, the roster of each centre (坐班/值班/领导干部带班) and the sign-in and
sign-out of each roster entry."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, path_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.service.choices import DutyKind, DutySlot

__all__ = ["DutyEntry", "DutySetting", "DutySign"]


class DutySetting(models.Model):
    """The county's duty rules, published to its subtree: whether weekends need someone on duty, and how many
    minutes after a slot starts a sign-in still counts as on time."""

    county = county_field()
    org = models.OneToOneField("core.Org", verbose_name=_("制定单位"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    weekends_required = models.BooleanField(_("周末需要值班"), default=False)
    grace_minutes = models.PositiveSmallIntegerField(_("迟到宽限(分钟)"), default=15)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("值班设置")
        verbose_name_plural = _("值班设置")
        constraints = [models.CheckConstraint(condition=Q(grace_minutes__lte=240), name="duty_setting_grace")]

    def __str__(self) -> str:
        return f"{self.org} 值班设置"


class DutyEntry(ChoiceLabelsMixin, models.Model):
    """One cadre on duty at a centre on a day and slot. The cadre is named (and optionally linked to a Person of
    the org or above: a 带班 leader is a township/county cadre)."""

    county = county_field()
    org_path = path_field()
    centre = models.ForeignKey(
        "service.ServiceCentre", verbose_name=_("服务中心"), on_delete=models.CASCADE, related_name="duty_entries"
    )
    date = models.DateField(_("日期"))
    kind = models.CharField(_("类别"), max_length=8, choices=DutyKind.choices, default=DutyKind.DUTY)
    slot = models.CharField(_("时段"), max_length=12, choices=DutySlot.choices, default=DutySlot.FULL_DAY)
    person = models.ForeignKey(
        "core.Person",
        verbose_name=_("值班干部(党员)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("职务"), max_length=100, blank=True)
    phone = models.CharField(_("值班电话"), max_length=20, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("值班安排")
        verbose_name_plural = _("值班安排")
        ordering = ["date", "slot", "id"]
        constraints = [models.UniqueConstraint(fields=["centre", "date", "slot", "name"], name="duty_entry_once")]
        indexes = scoped_indexes(
            "duty_entry",
            models.Index(fields=["centre", "date"], name="duty_entry_centre_date"),
            models.Index(fields=["county", "date"], name="duty_entry_county_date"),
        )

    def __str__(self) -> str:
        return f"{self.date} {self.get_slot_display()} {self.name}"


class DutySign(models.Model):
    """The sign-in (and later sign-out) of one roster entry; `by_proxy` when a manager recorded it (代签)."""

    county = county_field()
    org_path = path_field()
    entry = models.OneToOneField(DutyEntry, verbose_name=_("值班安排"), on_delete=models.CASCADE, related_name="sign")
    signed_in_at = models.DateTimeField(_("签到时间"))
    signed_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    late = models.BooleanField(_("迟到"), default=False)
    by_proxy = models.BooleanField(_("代签"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("值班签到")
        verbose_name_plural = _("值班签到")
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_out_at__isnull=True) | Q(signed_out_at__gte=F("signed_in_at")),
                name="duty_sign_out_after_in",
            )
        ]
        indexes = scoped_indexes("duty_sign")

    def __str__(self) -> str:
        return f"{self.entry} 签到"
