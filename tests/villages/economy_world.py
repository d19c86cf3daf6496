"""集体经济 data for tests: every village of the small county reports a year (the community is no village)."""

from __future__ import annotations

from decimal import Decimal

from dangjian.villages.models import VillageEconomy
from dangjian.villages.services import economy as services

YEAR = 2025


def economy_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model (the community b1 is no village, so it has none)."""
    a1 = services.village_year_save(
        actor=None,
        org=tree.village_a1,
        year=YEAR,
        income=Decimal("32000"),
        models=["industry", "land"],
        note="流转土地",
    )
    services.village_year_save(actor=None, org=tree.village_a2, year=YEAR, income=Decimal("250000"), models=["tourism"])
    return {VillageEconomy: [a1]}
