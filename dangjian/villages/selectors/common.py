"""Which orgs are villages, for every area of village governance."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr

from dangjian.core.choices import OrgDomain, OrgKind, OrgLevel
from dangjian.core.models import Org
from dangjian.core.scoping import scoped


def village_q(prefix: str = "") -> Q:
    """A village is the Party organisation of a 行政村: a rural grassroots org in use, not a 党小组, directly under a
    township (a 村党总支's own branches, "第一党支部"…, sit under the village and are not villages themselves)."""
    path = OuterRef(f"{prefix}path")
    under_township = Org.objects.filter(path=Substr(path, 1, Length(path) - Org.steplen), level=OrgLevel.TOWNSHIP)
    return (
        Q(**{f"{prefix}domain": OrgDomain.RURAL, f"{prefix}is_dissolved": False})
        & ~Q(**{f"{prefix}kind": OrgKind.PARTY_GROUP})
        & Q(**{f"{prefix}level": OrgLevel.GRASSROOTS})
        & Q(Exists(under_township))
    )


def villages_of(county_id: int) -> QuerySet[Org]:
    """The county's villages in tree order."""
    return Org.objects.filter(village_q(), county_id=county_id).order_by("path")


def scoped_villages(user: Any) -> QuerySet[Org]:
    """The villages a user may see (their subtree), in tree order."""
    return scoped(Org, user).filter(village_q()).order_by("path")
