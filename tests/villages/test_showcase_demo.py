"""The demo builder of 示范点/示范带 on a small county: coordinates inside the box and China, points spread over the
townships, belts ordered west to east with one belt per point, tours that obey the rules."""

import datetime as dt
import random

import pytest

from dangjian.core.models import AuditEntry
from dangjian.villages import rules
from dangjian.villages.choices import ShowcaseStatus
from dangjian.villages.demo import showcase
from dangjian.villages.models import ShowcaseBelt, ShowcasePoint, ShowcaseVisit, VillageLocation
from tests.core.factories import make_org

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def county(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    for index in range(12):
        town = tree.town_a if index % 2 else tree.town_b
        prefix = "东城镇" if index % 2 else "西关街道"
        make_org(town, f"V1{index:02d}", f"{prefix}第{index + 1}村党支部")
    return tree.county


def test_showcase_demo(tree, county):
    showcase.build(county, today=TODAY, rng=random.Random(5))
    locations = list(VillageLocation.objects.all())
    assert len(locations) == 14  # every village (a1, a2 and the twelve), not the community
    for row in locations:
        assert rules.coordinate_problems(row.longitude, row.latitude) == {}
        assert abs(float(row.longitude) - 114.0) < 0.45 and abs(float(row.latitude) - 33.8) < 0.4
    points = list(ShowcasePoint.objects.select_related("org"))
    assert len(points) == 12 and all(p.placed for p in points)
    assert {p.org.path[: len(tree.town_a.path)] for p in points} == {tree.town_a.path, tree.town_b.path}
    assert len({p.org_id for p in points}) == 12
    assert any(p.level in ("city", "province") for p in points)
    assert all(p.name.endswith("示范点") and "党支部" not in p.name for p in points)
    belts = list(ShowcaseBelt.objects.order_by("id"))
    assert [b.name for b in belts] == ["107国道沿线示范带", "沿河生态示范带"]
    for belt, size in zip(belts, (5, 4), strict=True):
        along = list(belt.points.order_by("belt_order"))
        assert [p.belt_order for p in along] == list(range(1, size + 1))
        assert [p.longitude for p in along] == sorted(p.longitude for p in along)
    visits = list(ShowcaseVisit.objects.select_related("point"))
    assert visits and all(v.point.status == ShowcaseStatus.NAMED for v in visits)
    assert all(v.visited_on <= TODAY and v.visited_on.year >= v.point.year - 1 and v.visitors >= 1 for v in visits)
    entry = AuditEntry.objects.get(after__demo="showcase")
    assert entry.after == {"demo": "showcase", "locations": 14, "points": 12, "belts": 2, "visits": len(visits)}


def test_the_demo_is_deterministic(tree, county):
    showcase.build(county, today=TODAY, rng=random.Random(5))
    first = list(ShowcasePoint.objects.order_by("id").values_list("name", "longitude", "latitude", "level"))
    for model in (ShowcaseVisit, ShowcasePoint, ShowcaseBelt, VillageLocation):
        model.objects.all().delete()
    showcase.build(county, today=TODAY, rng=random.Random(5))
    again = list(ShowcasePoint.objects.order_by("id").values_list("name", "longitude", "latitude", "level"))
    assert first == again
