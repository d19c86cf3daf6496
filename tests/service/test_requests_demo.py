"""The demo builder of 群众办事 on a county of 40 villages and a community: a year of requests at every place, mostly
finished in time and satisfied, some escalated, a handful open, all within the rules' constraints."""

import datetime as dt
import random
import time

import pytest

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.service.demo import requests as demo
from dangjian.service.models import RequestProgress, ServiceRequest
from dangjian.service.selectors import requests as selectors
from tests.core.factories import make_org

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 20)


@pytest.fixture
def county(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    for i in range(38):
        make_org(tree.town_a if i % 2 else tree.town_b, f"V{100 + i}", f"第{i}村党支部")
    return tree.county


def test_requests_demo(tree, county):
    started = time.monotonic()
    demo.build(county, today=TODAY, rng=random.Random(5))
    assert time.monotonic() - started < 3
    rows = ServiceRequest.objects.all()
    assert rows.values("org").distinct().count() == 41
    assert 40 * 12 * 5 <= rows.count() <= 40 * 12 * 12 + 12 * 20
    assert not rows.filter(filed_on__gt=TODAY).exists() and not rows.filter(finished_on__gt=TODAY).exists()
    assert rows.filter(filed_on__lt=TODAY - dt.timedelta(days=365)).count() == 0
    assert rows.filter(status="pending").exists() and rows.filter(status="handling").exists()
    assert rows.filter(escalated_at__isnull=False).exists() and rows.filter(status="returned").exists()
    assert len(set(rows.values_list("receipt_code", flat=True))) == rows.count()
    figures = selectors.figures(tree.accounts["county"], TODAY - dt.timedelta(days=365), TODAY)
    total = figures.total
    assert 0.88 <= total.in_time / total.finished <= 0.96
    assert 0.9 <= total.good / total.rated <= 0.99
    modes = {t.key: t.filed for t in figures.modes}
    assert modes["proxy"] > modes["assist"] and modes["onsite"] > modes["full"]
    assert RequestProgress.objects.count() > rows.count() // 3
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, after__demo="requests").count() == 1


def test_demo_is_deterministic(tree, county):
    demo.build(county, today=TODAY, rng=random.Random(5))
    first = list(ServiceRequest.objects.order_by("id").values_list("receipt_code", "status", "mode")[:50])
    ServiceRequest.objects.all().delete()
    demo.build(county, today=TODAY, rng=random.Random(5))
    assert list(ServiceRequest.objects.order_by("id").values_list("receipt_code", "status", "mode")[:50]) == first
