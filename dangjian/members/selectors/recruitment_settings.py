"""Reads of the county's recruitment settings (periods, 六评三定 items, townships' quotas)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from dangjian.core.choices import OrgLevel
from dangjian.core.models import Org
from dangjian.core.scoping import get_scoped_or_404, scope_of, scoped
from dangjian.members.models import ScoreItem, TownshipQuota
from dangjian.members.services.recruitment_settings import quota_used


def county_of(user: Any) -> Org | None:
    """The county-level org of the user's scope (None for a whole-tree account above any county)."""
    county_id = scope_of(user).county_id
    return Org.objects.filter(pk=county_id, level=OrgLevel.COUNTY).first() if county_id else None


def score_items(user: Any, county: Org) -> QuerySet[ScoreItem]:
    return scoped(ScoreItem, user).filter(county=county).order_by("order", "id")


def score_item_detail(user: Any, pk: Any) -> ScoreItem:
    return get_scoped_or_404(ScoreItem, user, pk=pk)


def full_marks(items: list[ScoreItem]) -> Decimal:
    """The highest total a candidate can reach on the active items (Σ maximum × weight)."""
    return sum((item.max_score * item.weight for item in items if item.active), Decimal(0))


@dataclass(frozen=True)
class QuotaRow:
    township: Org
    quota: int | None
    used: int

    @property
    def left(self) -> int | None:
        return None if self.quota is None else self.quota - self.used


def townships(user: Any, county: Org) -> QuerySet[Org]:
    return scoped(Org, user).filter(county=county, level=OrgLevel.TOWNSHIP, is_dissolved=False).order_by("path")


def township_detail(user: Any, pk: Any) -> Org:
    return get_scoped_or_404(Org, user, pk=pk)


def quota_row(user: Any, township: Org, year: int) -> QuotaRow:
    row = scoped(TownshipQuota, user).filter(township=township, year=year).first()
    return QuotaRow(township=township, quota=row.quota if row else None, used=quota_used(township, year))


def quota_rows(user: Any, county: Org, year: int) -> list[QuotaRow]:
    """Each township of the county with its quota of `year` and the places already taken."""
    quotas = {row.township_id: row.quota for row in scoped(TownshipQuota, user).filter(county_id=county.pk, year=year)}
    return [
        QuotaRow(township=town, quota=quotas.get(town.pk), used=quota_used(town, year))
        for town in townships(user, county)
    ]
