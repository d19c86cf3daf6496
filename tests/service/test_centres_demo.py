"""The demo builder of 党群服务中心 on a small county: tiers right, ~90% of places with a centre, works in seed 003's
proportions, communities split like seed 002, the standard and last year's checks consistent with the rules."""

import datetime as dt
import random

import pytest

from dangjian.core.models import AuditEntry
from dangjian.service import rules
from dangjian.service.demo import centres
from dangjian.service.models import CentreCheck, CentreStandardItem, CentreWorks, ServiceCentre
from dangjian.service.selectors import centres as selectors
from tests.core.factories import make_org

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


def test_centre_demo(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    for number in range(10, 70):
        make_org(tree.town_a, f"V{number:03d}", f"东城镇第{number}村党支部")
    for number in range(70, 90):
        make_org(tree.town_b, f"V{number:03d}", f"西关街道第{number}社区党支部", domain="community")
    centres.build(tree.county, today=TODAY, rng=random.Random(3))
    levels = dict(ServiceCentre.objects.values_list("org__code", "level"))
    assert levels["C001"] == "county" and levels["T001"] == "township" and levels["T002"] == "township"
    places = sum(1 for code, level in levels.items() if level in ("village", "community"))
    assert 0.8 * 83 <= places <= 83
    assert all(rules.is_fixed_line(phone) for phone in ServiceCentre.objects.values_list("duty_phone", flat=True))
    kinds = list(CentreWorks.objects.values_list("kind", flat=True))
    assert kinds.count("repair") > kinds.count("expand") > kinds.count("new")
    for works in CentreWorks.objects.all():
        assert works.completed_on is None or works.started_on <= works.completed_on
    assert CentreStandardItem.objects.count() == 8
    checks = list(CentreCheck.objects.all())
    assert checks and all(c.year == 2025 and c.items_total == 8 and c.items.count() == 8 for c in checks)
    assert all(c.passed == rules.check_passed([(i.item.required, i.met) for i in c.items.all()]) for c in checks[:20])
    community = selectors.clearance(tree.county, "community")
    assert community.in_use and community.upgrading and community.improving
    assert community.sentence.startswith(f"全县{community.total}个城市社区")
    assert AuditEntry.objects.filter(object_id=str(tree.county.pk), after__demo="centres").exists()
