"""Which orgs are the places residents are served (villages and communities), for every area of service and
transparency; the public pages find them by their org code."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.shortcuts import get_object_or_404

from dangjian.core.choices import OrgDomain, OrgKind, OrgLevel
from dangjian.core.models import Org
from dangjian.core.scoping import scoped


def place_q(prefix: str = "") -> Q:
    """A place is the Party organisation of a 行政村 or a 社区: a rural or community grassroots org in use, not a
    党小组, directly under a township or street (their own branches sit under them and are not places)."""
    path = OuterRef(f"{prefix}path")
    under_township = Org.objects.filter(path=Substr(path, 1, Length(path) - Org.steplen), level=OrgLevel.TOWNSHIP)
    return (
        Q(**{f"{prefix}domain__in": (OrgDomain.RURAL, OrgDomain.COMMUNITY), f"{prefix}is_dissolved": False})
        & ~Q(**{f"{prefix}kind": OrgKind.PARTY_GROUP})
        & Q(**{f"{prefix}level": OrgLevel.GRASSROOTS})
        & Q(Exists(under_township))
    )


def places_of(county_id: int) -> QuerySet[Org]:
    """The county's villages and communities in tree order."""
    return Org.objects.filter(place_q(), county_id=county_id).order_by("path")


def scoped_places(user: Any) -> QuerySet[Org]:
    """The villages and communities a user may see (their subtree), in tree order."""
    return scoped(Org, user).filter(place_q()).order_by("path")


def public_place(code: str) -> Org:
    """A village or community for the public pages, by its org code (404 for anything else: a township, a branch of
    an enterprise, a dissolved org)."""
    return get_object_or_404(Org.objects.filter(place_q()).select_related("county", "unit"), code=code)
