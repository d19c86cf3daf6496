"""The demo builder of 值班坐班: rosters of this month and last at every township centre and some village centres,
some days uncovered, sign-ins for ~90% of past entries, none for future ones, sign-out never before sign-in."""

import datetime as dt
import random

import pytest

from dangjian.service.demo import centres, duty
from dangjian.service.models import DutyEntry, DutySign
from dangjian.service.selectors import duty as selectors
from tests.core.factories import make_org

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 18)


def test_duty_demo(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    for number in range(10, 40):
        make_org(tree.town_a, f"V{number:03d}", f"东城镇第{number}村党支部")
    centres.build(tree.county, today=TODAY, rng=random.Random(3))
    duty.build(tree.county, today=TODAY, rng=random.Random(4))
    entries = DutyEntry.objects.all()
    assert entries.filter(centre__level="township").values("centre").distinct().count() == 2
    villages = entries.filter(centre__level="village").values("centre").distinct().count()
    assert 3 <= villages <= 25
    assert entries.filter(date__lt=dt.date(2026, 2, 1)).count() == 0
    assert entries.filter(date__gt=dt.date(2026, 3, 31)).count() == 0
    past = entries.filter(date__lt=TODAY).count()
    signed = DutySign.objects.count()
    assert 0.8 * past <= signed <= past
    assert not DutySign.objects.filter(entry__date__gte=TODAY).exists()
    for sign in DutySign.objects.exclude(signed_out_at=None)[:200]:
        assert sign.signed_out_at >= sign.signed_in_at
    _, rows = selectors.uncovered_list(tree.accounts["county"], {}, dt.date(2026, 2, 1), dt.date(2026, 2, 28), TODAY)
    assert rows  # some days are left uncovered
