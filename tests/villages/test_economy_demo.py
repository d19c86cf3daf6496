"""The demo builder of 集体经济 on a small county: development models for most village-years, fitting the income."""

import datetime as dt
import random
from decimal import Decimal

import pytest

from dangjian.core.models import AuditEntry
from dangjian.villages.demo import economy
from dangjian.villages.models import VillageEconomy, VillageEconomyModel
from dangjian.villages.services import economy as services
from tests.core.factories import make_org

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


def test_economy_demo(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    villages = [tree.village_a1, tree.village_a2] + [
        make_org(tree.town_a, f"V03{i}", f"{i}号村党支部") for i in range(8)
    ]
    for index, org in enumerate(villages):
        for year in (2023, 2024, 2025):
            services.village_year_save(actor=None, org=org, year=year, income=Decimal(20000 * (index + 1) ** 2))
    VillageEconomyModel.objects.all().delete()
    VillageEconomy.objects.all().delete()
    economy.build(tree.county, today=TODAY, rng=random.Random(3))
    plans = VillageEconomy.objects.count()
    assert 18 <= plans <= 30  # about 85% of 30 village-years
    assert all(p.models.exists() and p.note for p in VillageEconomy.objects.all())
    poor = VillageEconomyModel.objects.filter(org=tree.village_a1).values_list("model", flat=True)
    assert set(poor) <= {"land", "services", "revitalise", "governance", "resources"}
    assert AuditEntry.objects.filter(object_type="core.org", after__demo="economy").count() == 1
