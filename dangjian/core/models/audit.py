from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.choices import AuditAction
from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.scoping import ScopeRule


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("工作轨迹只能追加,不能修改")

    def delete(self) -> NoReturn:
        raise PermissionError("工作轨迹只能追加,不能删除")


class AuditEntry(ChoiceLabelsMixin, models.Model):
    """One change (工作轨迹): who, when, what, before/after. Append-only and hash-chained.

    `hash` = digest(canonical entry including `prev_hash`); `verify_audit` recomputes the chain.
    """

    at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    actor_name = models.CharField(_("操作人名称"), max_length=150)
    source = models.CharField(_("来源"), max_length=16)
    request_id = models.CharField(_("请求编号"), max_length=36, blank=True)
    action = models.CharField(_("操作"), max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(_("对象类型"), max_length=64)
    object_id = models.CharField(_("对象编号"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=200)
    county = models.ForeignKey(
        "core.Org", on_delete=models.DO_NOTHING, null=True, blank=True, related_name="+", db_constraint=False
    )
    org_path = models.CharField(_("组织路径"), max_length=255, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()
    scope = ScopeRule(path="org_path", county="county_id")

    class Meta:
        verbose_name = _("工作轨迹")
        verbose_name_plural = _("工作轨迹")
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["county", "id"], name="audit_county_id"),
            models.Index(fields=["org_path", "id"], name="audit_path_id"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("工作轨迹只能追加,不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("工作轨迹只能追加,不能删除")


class AuditHead(models.Model):
    """The end of the chain: locked by every writer so entries chain in order; detects a cut tail."""

    last_hash = models.CharField(max_length=64)
    count = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("工作轨迹链头")

    def __str__(self) -> str:
        return f"{self.count}: {self.last_hash}"
