from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.columns import county_field, org_field, person_field
from dangjian.core.scoping import ScopeRule


class CommunityRegistration(models.Model):
    """双报到: an in-service member registers with the community where they live.

    The community sees them (`community_path`); their home branch keeps them (`home_path`).
    """

    county = county_field()
    person = person_field(related_name="community_registrations")
    home_path = models.CharField(_("所在党组织路径"), max_length=255, editable=False)
    community = org_field(_("报到社区党组织"), related_name="registrations")
    community_county = models.ForeignKey(
        "core.Org", verbose_name=_("社区所属县(区)"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    community_path = models.CharField(_("社区组织路径"), max_length=255, editable=False)
    registered_on = models.DateField(_("报到日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    skills = models.CharField(_("特长与服务意向"), max_length=200, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope = ScopeRule(
        path="home_path",
        county="county_id",
        person="person_id",
        also_path="community_path",
        also_county="community_county_id",
    )
    audit_fields_exclude = ("home_path", "community_path")

    class Meta:
        verbose_name = _("在职党员到社区报到")
        verbose_name_plural = _("在职党员到社区报到")
        indexes = [
            models.Index(fields=["county", "home_path", "id"], name="registration_home"),
            models.Index(fields=["community_county", "community_path", "id"], name="registration_community"),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.community}"


class CommunityService(models.Model):
    """Service a registered member did in the community."""

    registration = models.ForeignKey(
        CommunityRegistration, verbose_name=_("报到记录"), on_delete=models.PROTECT, related_name="services"
    )
    served_on = models.DateField(_("服务日期"))
    hours = models.DecimalField(_("服务时长(小时)"), max_digits=5, decimal_places=1, default=Decimal("0.0"))
    content = models.CharField(_("服务内容"), max_length=300)
    confirmed_by_community = models.BooleanField(_("社区已确认"), default=False)

    scope = ScopeRule(
        path="registration__home_path",
        county="registration__county_id",
        person="registration__person_id",
        also_path="registration__community_path",
        also_county="registration__community_county_id",
    )

    class Meta:
        verbose_name = _("社区服务记录")
        verbose_name_plural = _("社区服务记录")
        ordering = ["registration", "-served_on"]

    def __str__(self) -> str:
        return f"{self.registration.person} {self.served_on}"
