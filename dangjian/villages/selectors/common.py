"""Which orgs are villages, for every area of village governance; the day and links of the village overview's
panels."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.urls import reverse

from dangjian.core import clock
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


def panel_day(year: int) -> dt.date:
    """The day a village overview panel reads "now" figures on for a year: today in the current year, the year's
    last day for a past one."""
    return min(clock.today(), dt.date(year, 12, 31))


def panel_link(name: str, **params: Any) -> str:
    """A page of an area with its query (the village's code, the year…), for a village overview panel's link."""
    url = reverse(name)
    return f"{url}?{urlencode(params)}" if params else url
