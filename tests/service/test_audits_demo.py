"""The demo builder of 村官直审 on a county of 40 villages and a community: last year's round over every place (done,
about 70% clean, findings mostly rectified, some overdue, one or two referred, notices long over) and this year's
under way over a few townships, some of whose notices are on the public pages now."""

import datetime as dt
import random

import pytest

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.service.choices import AuditConclusion, AuditFindingStatus, AuditRoundStatus
from dangjian.service.demo import audits
from dangjian.service.models import VillageAudit, VillageAuditFinding, VillageAuditNotice, VillageAuditRound
from dangjian.service.selectors import audits as selectors
from tests.core.factories import make_org

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 4, 20)


@pytest.fixture
def county(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    for i in range(38):
        make_org(tree.town_a if i % 2 else tree.town_b, f"V{100 + i}", f"第{i}村党支部")
    return tree.county


def test_audits_demo(tree, county):
    audits.build(county, today=TODAY, rng=random.Random(5))
    old, new = VillageAuditRound.objects.order_by("year")
    assert (old.year, old.status, new.year, new.status) == (2025, AuditRoundStatus.DONE, 2026, AuditRoundStatus.ONGOING)
    done = VillageAudit.objects.filter(round=old)
    assert done.count() == 41 and not done.filter(conclusion="").exists()
    clean = done.filter(conclusion=AuditConclusion.CLEAN).count()
    assert 0.5 * 41 < clean < 0.9 * 41
    assert 1 <= done.filter(conclusion=AuditConclusion.REFERRED).count() <= 2
    assert not VillageAuditFinding.objects.filter(audit__conclusion=AuditConclusion.CLEAN).exists()
    for audit_obj in done.exclude(conclusion=AuditConclusion.CLEAN):
        assert audit_obj.findings.exists()
    figures = selectors.figures(tree.accounts["county"], TODAY, round_id=old.pk)
    assert figures.total.planned == figures.total.audited == 41
    assert figures.total.rectified > figures.total.findings / 2
    assert figures.sentence.startswith("对全县41个村(社区)")
    assert VillageAuditFinding.objects.filter(status=AuditFindingStatus.RECTIFIED, verified_on__gt=TODAY).count() == 0
    current = VillageAudit.objects.filter(round=new)
    assert 0 < current.count() < 41 and current.filter(conclusion="").exists()
    showing = VillageAuditNotice.objects.filter(published_on__lte=TODAY, last_day__gte=TODAY)
    assert showing.exists() and not showing.filter(audit__round=old).exists()
    assert not VillageAudit.objects.filter(concluded_on__gt=TODAY).exists()
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, after__demo="audits").count() == 1
