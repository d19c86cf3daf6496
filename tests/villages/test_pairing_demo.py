"""The demo builder of 结对共建 on a small county: units, pairs and records that obey the rules and give the figures."""

import datetime as dt
import random

import pytest
from django.db.models import Count, Q

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.villages import rules
from dangjian.villages.choices import DepartmentType
from dangjian.villages.demo import pairing
from dangjian.villages.models import PairActivity, PairChecklistItem, PairingUnit, PairOutput, PairUnit, VillagePair
from dangjian.villages.selectors import pairing as selectors
from tests.core.factories import make_org

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def county(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    for n in range(30):
        make_org(tree.town_a, f"V1{n:02d}", f"东城镇第{n + 1}村党支部")
    return tree.county


def test_pairing_demo(tree, county):
    pairing.build(county, today=TODAY, rng=random.Random(7))
    assert PairingUnit.objects.count() >= 200
    assert set(PairingUnit.objects.values_list("department_type", flat=True)) == set(DepartmentType.values)
    pairs = VillagePair.objects.annotate(n=Count("members"))
    active = pairs.filter(active=True)
    assert 20 <= active.count() <= 32  # most of the 32 villages; never the community
    assert not pairs.filter(village=tree.community_b1).exists()
    one_each = VillagePair.objects.filter(active=True).values("village").annotate(c=Count("id"))
    assert not one_each.filter(c__gt=1).exists()
    assert active.filter(n__gte=2).exists() and active.filter(n=1).exists()
    assert not pairs.filter(n=0).exists()
    assert all(p.ended_on and p.end_reason for p in pairs.filter(active=False))
    for model, day in ((PairActivity, "held_on"), (PairOutput, "occurred_on"), (PairChecklistItem, "done_on")):
        rows = model.objects.select_related("pair")
        assert rows.exists()
        for row in rows:
            value = getattr(row, day)
            assert dt.date(row.pair.started_year, 1, 1) <= value <= TODAY
            assert row.pair.ended_on is None or value <= row.pair.ended_on
            assert row.org_path == row.pair.org_path
    assert not PairChecklistItem.objects.exclude(done_on__year=models_year()).exists()
    for output in PairOutput.objects.all():
        assert rules.output_quantity_problem(output.kind, output.quantity) is None
        assert output.unit_id is None or PairUnit.objects.filter(pair=output.pair, unit=output.unit).exists()
    found = selectors.figures(tree.accounts["county"], year=2025)
    assert found.sentence.startswith("帮扶资金") and "万元" in found.sentence
    assert found.paired_villages <= found.villages == 32
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, after__demo="pairing").count() == 1


def models_year():
    """The checklist's year as a column (done_on lies in it)."""
    from django.db.models import F

    return F("year")


def test_pairing_demo_is_deterministic(tree, county):
    pairing.build(county, today=TODAY, rng=random.Random(7))
    first = (
        VillagePair.objects.count(),
        PairOutput.objects.count(),
        sorted(PairOutput.objects.values_list("quantity", flat=True)),
    )
    for model in (PairOutput, PairChecklistItem, PairActivity, PairUnit, VillagePair, PairingUnit):
        model.objects.all().delete()
    pairing.build(county, today=TODAY, rng=random.Random(7))
    again = (
        VillagePair.objects.count(),
        PairOutput.objects.count(),
        sorted(PairOutput.objects.values_list("quantity", flat=True)),
    )
    assert first == again
    assert not VillagePair.objects.filter(Q(active=True) & Q(ended_on__isnull=False)).exists()
