"""The demo builder of 软弱涣散整顿 on a county of 40 villages and a community: two rounds whose candidates follow the
ranking rule, cases with teams, ledgers and visits, and exits only where all five conditions are met."""

import datetime as dt
import random

import pytest

from dangjian.core.choices import AuditAction, OrgKind
from dangjian.core.models import AuditEntry
from dangjian.villages.choices import CandidateSource, CaseStatus
from dangjian.villages.demo import rectification
from dangjian.villages.models import RectAssessment, RectCandidate, RectCase, RectEntry, RectRound, RectVisit
from dangjian.villages.selectors import rectification as selectors
from tests.core.factories import make_org

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 20)


@pytest.fixture
def county(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    for i in range(38):
        make_org(tree.town_a if i % 2 else tree.town_b, f"V{100 + i}", f"第{i}村党支部")
    make_org(tree.village_a1, "G001", "李庄村第一党小组", kind=OrgKind.PARTY_GROUP)
    return tree.county


def test_rectification_demo(tree, county):
    rectification.build(county, today=TODAY, rng=random.Random(5))
    rounds = list(RectRound.objects.order_by("year"))
    assert [r.year for r in rounds] == [2025, 2026]
    assert all(r.opened_on <= TODAY for r in rounds)
    for round_ in rounds:
        assert RectAssessment.objects.filter(round=round_).count() == 41  # 40 villages and the community
        ranked = RectCandidate.objects.filter(round=round_, source=CandidateSource.RANKING).count()
        assert ranked >= 5  # ceil(10% × 41), ties add more
    assert not RectAssessment.objects.filter(org__code="G001").exists()
    older = RectCase.objects.filter(round=rounds[0])
    exited = older.filter(status=CaseStatus.EXITED)
    assert 0 < exited.count() < older.count() or older.count() <= 2
    for case in RectCase.objects.filter(status__in=(CaseStatus.EXITED, CaseStatus.APPLIED)):
        assert case.checks.filter(met=True).count() == 5
    for case in RectCase.objects.all():
        assert case.team.filter(role="leader").count() == 1
        assert not case.entries.filter(occurred_on__gt=TODAY).exists()
        assert not case.entries.filter(occurred_on__lt=case.listed_on).exists()
    assert RectEntry.objects.count() > RectCase.objects.count() * 3 and RectVisit.objects.exists()
    assert selectors.listed_org_ids(county.pk, 2025) == set(older.values_list("org_id", flat=True))
    figures = selectors.figures(tree.accounts["county"], *selectors.year_period(2025))
    assert (
        figures.total.listed == older.count() and figures.total.converted == exited.filter(exited_on__year=2025).count()
    )
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, after__demo="rectification").count() == 1
