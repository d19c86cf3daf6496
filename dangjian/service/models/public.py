"""What the public pages keep: one row per attempt at a public form (filing a request, looking one up), so a client
that submits too often is turned away. The client is a keyed hash of its address, never the address itself."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["PublicHit"]


class PublicHit(models.Model):
    kind = models.CharField(_("表单"), max_length=32)
    client = models.CharField(_("来源(摘要)"), max_length=64)
    at = models.DateTimeField(_("时间"), db_index=True)

    class Meta:
        verbose_name = _("公开表单提交记录")
        verbose_name_plural = verbose_name
        indexes = [models.Index(fields=["client", "kind", "at"], name="public_hit_client_kind_at")]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"
