"""The demo builder of the talent pools on a small county: records that obey the rules and the summary entry."""

import datetime as dt
import random

import pytest
from django.db.models import Count

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.villages import rules
from dangjian.villages.demo import talent
from dangjian.villages.models import MentoringMentee, MentoringPair, Secondment, ServiceTeam, Talent
from tests.core.factories import make_org

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


def test_talent_demo(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    for index in range(10):
        make_org(tree.town_a, f"V1{index:02d}", f"东城镇{index}庄村党支部")
    talent.build(tree.county, today=TODAY, rng=random.Random(5))
    assert Talent.objects.filter(pool="reserve").count() > 12
    assert Talent.objects.filter(pool="expert", org__level="township").count() == 60
    assert not Talent.objects.filter(pool="reserve", org=tree.community_b1).exists()
    for row in Talent.objects.all():
        assert row.entry_date <= TODAY and row.birth_date < row.entry_date
        assert row.status == "active" or (row.status_date and row.status_reason)
    assert ServiceTeam.objects.exists()
    for item in Secondment.objects.all():
        assert item.end == rules.term_end(item.start, item.term_months)
        assert item.status != "ended_early" or item.end_reason
    assert MentoringPair.objects.exists()
    active = MentoringMentee.objects.filter(ended_on__isnull=True).values("talent").annotate(n=Count("id"))
    assert all(row["n"] == 1 for row in active)
    for mentee in MentoringMentee.objects.select_related("pair", "talent"):
        assert mentee.talent.org_path.startswith(mentee.pair.org_path)
        assert mentee.talent.pool in ("reserve", "graduate")
    summary = AuditEntry.objects.get(action=AuditAction.CREATE, after__demo="talent")
    assert summary.after["talents"] == Talent.objects.count()
