"""The demo builder of 村级换届 on a small county: a round, confirmed changes with both committees that pass the rules."""

import datetime as dt
import random

import pytest

from dangjian.core.models import AuditEntry
from dangjian.villages import rules
from dangjian.villages.demo import elections
from dangjian.villages.models import CommitteeMember, ElectionChange, ElectionRound
from dangjian.villages.selectors import elections as selectors
from tests.core.factories import make_org

pytestmark = pytest.mark.django_db


def test_elections_demo(tree, settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 1)
    for number in range(20):
        make_org(tree.town_a, f"V1{number:02d}", f"东城镇第{number}村党支部")
    elections.build(tree.county, today=dt.date(2026, 3, 1), rng=random.Random(3))
    election_round = ElectionRound.objects.get()
    changes = list(ElectionChange.objects.all())
    assert 18 <= len(changes) <= 22 and all(c.org.domain == "rural" for c in changes)
    for change in changes:
        rows = [
            {"name": m.name, "body": m.body, "post": m.post, "concurrent": m.concurrent}
            for m in CommitteeMember.objects.filter(change=change, side="new")
        ]
        assert rules.committee_problems(rows, {"party", "villager"}) == []
        assert change.term_end == rules.election_term_end(change.election_date)
    report = selectors.structure_report(tree.accounts["county"], election_round)
    assert report.villages == sum(1 for c in changes if c.status == "done")
    assert report.people_after > 0 and len(report.lines) == 4
    assert AuditEntry.objects.filter(after__demo="elections").count() == 1
