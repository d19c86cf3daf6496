"""Which orgs are villages, for every area of village governance."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dangjian.core.choices import OrgDomain, OrgKind, OrgLevel
from dangjian.core.models import Org
from dangjian.core.scoping import scoped


def village_q(prefix: str = "") -> Q:
    """A village is a rural org in use that is not a Party group (村党组织: the branch, 总支 or 党委 of 行政村)."""
    return (
        Q(**{f"{prefix}domain": OrgDomain.RURAL, f"{prefix}is_dissolved": False})
        & ~Q(**{f"{prefix}kind": OrgKind.PARTY_GROUP})
        & Q(**{f"{prefix}level": OrgLevel.GRASSROOTS})
    )


def villages_of(county_id: int) -> QuerySet[Org]:
    """The county's villages in tree order."""
    return Org.objects.filter(village_q(), county_id=county_id).order_by("path")


def scoped_villages(user: Any) -> QuerySet[Org]:
    """The villages a user may see (their subtree), in tree order."""
    return scoped(Org, user).filter(village_q()).order_by("path")
