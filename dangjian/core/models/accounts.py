from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.choices import Role
from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.scoping import ScopeRule


class User(ChoiceLabelsMixin, AbstractUser):
    """An account bound to one org: it sees that org's subtree (a member account: only its own person)."""

    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, default=Role.MEMBER)
    org = models.ForeignKey(
        "core.Org",
        verbose_name=_("所属党组织"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
    )
    person = models.OneToOneField(
        "core.Person",
        verbose_name=_("对应党员"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="account",
    )
    display_name = models.CharField(_("显示名称"), max_length=50, blank=True)

    scope = ScopeRule(path="org__path", county="org__county_id", person="person_id")
    audit_fields_exclude = ("password", "last_login", "date_joined")

    class Meta:
        verbose_name = _("账号")
        verbose_name_plural = _("账号")

    def __str__(self) -> str:
        return self.display_name or self.username
