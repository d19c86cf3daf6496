"""示范点/示范带 data for tests: in every branch two points with coordinates and a tour, a belt through them, and
a coordinate of the branch itself (shared by the showcase tests and the API scope walk)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dangjian.villages.choices import ShowcaseLevel, ShowcaseStatus, ShowcaseTheme
from dangjian.villages.models import ShowcaseBelt, ShowcasePoint, ShowcaseVisit, VillageLocation
from dangjian.villages.services import showcase as services

PLACES = {
    "a1": ("李庄村", Decimal("114.010000"), Decimal("33.810000")),
    "a2": ("王庄村", Decimal("114.050000"), Decimal("33.830000")),
    "b1": ("和平社区", Decimal("114.200000"), Decimal("33.700000")),
}


def showcase_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    found: dict[str, tuple] = {}
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1)):
        place, lon, lat = PLACES[key]
        service = services.point_create(
            actor=None,
            org=org,
            name=f"{place}党群服务中心示范点",
            theme=ShowcaseTheme.SERVICE,
            level=ShowcaseLevel.CITY if key == "a1" else ShowcaseLevel.COUNTY,
            year=2024,
            status=ShowcaseStatus.NAMED,
            longitude=lon,
            latitude=lat,
        )
        industry = services.point_create(
            actor=None,
            org=org,
            name=f"{place}产业园示范点",
            theme=ShowcaseTheme.INDUSTRY,
            year=2025,
            longitude=lon + Decimal("0.02"),
            latitude=lat - Decimal("0.01"),
        )
        visit = services.visit_create(
            actor=None, point=service, visited_on=dt.date(2025, 5, 10), visitors=30, host="县委组织部"
        )
        location = services.location_set(
            actor=None, org=org, longitude=lon + Decimal("0.001"), latitude=lat + Decimal("0.001")
        )
        belt = services.belt_create(actor=None, org=org, name=f"{place}沿河示范带", points=[service, industry])
        found[key] = (service, industry, visit, location, belt)
    service, industry, visit, location, belt = found["a1"]
    service.refresh_from_db()
    industry.refresh_from_db()
    return {
        ShowcasePoint: [service, industry],
        ShowcaseVisit: [visit],
        VillageLocation: [location],
        ShowcaseBelt: [belt],
    }
