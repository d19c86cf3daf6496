from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


def county_field() -> models.ForeignKey:
    """The county (shard key) as a plain column, copied from the org on write."""
    return models.ForeignKey(
        "core.Org",
        verbose_name=_("所属县(区)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )


def path_field(label: Any = "组织路径") -> models.CharField:
    return models.CharField(label, max_length=255, editable=False)


def person_field(label: Any = "党员", related_name: str = "+") -> models.ForeignKey:
    return models.ForeignKey("core.Person", verbose_name=label, on_delete=models.PROTECT, related_name=related_name)


def org_field(label: Any, related_name: str = "+", *, null: bool = False) -> models.ForeignKey:
    return models.ForeignKey(
        "core.Org", verbose_name=label, on_delete=models.PROTECT, related_name=related_name, null=null, blank=null
    )


def month_field(label: Any) -> models.DateField:
    """A month, stored as its first day (periods are explicit values, not free text)."""
    return models.DateField(label)


def money_field(label: Any, **kwargs) -> models.DecimalField:
    kwargs.setdefault("max_digits", 12)
    kwargs.setdefault("decimal_places", 2)
    return models.DecimalField(label, **kwargs)


def scoped_indexes(prefix: str, *extra: models.Index) -> list[models.Index]:
    """The composite indexes of a high-volume scoped table (architecture: county, then path, then id)."""
    return [
        models.Index(fields=["county", "id"], name=f"{prefix}_county_id"),
        models.Index(fields=["county", "org_path", "id"], name=f"{prefix}_county_path_id"),
        *extra,
    ]
