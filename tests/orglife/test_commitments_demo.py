"""The demo builder of 五亮 on a small county: more entries in 机关 branches than in villages, valid statuses, the
card's consent only on fully approved members, one summary audit entry, the same result for the same seed."""

import datetime as dt
import random
from collections import Counter

import pytest

from dangjian.core.choices import OrgDomain
from dangjian.core.models import AuditEntry
from dangjian.orglife.choices import ReviewStatus
from dangjian.orglife.demo import commitments
from dangjian.orglife.models import Commitment
from tests.core.factories import make_org, make_person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def county(tree):
    office = make_org(tree.county, "J001", "县财政局机关党支部", domain=OrgDomain.GOVERNMENT)
    for _ in range(30):
        make_person(office)
    for _ in range(30):
        make_person(tree.village_a1)
    return tree.county


def test_demo_commitments(county, tree):
    commitments.build(county, today=TODAY, rng=random.Random(1))
    entries = list(Commitment.objects.select_related("person__org"))
    writers = Counter(c.person.org.code for c in entries if c.kind == "identity")
    assert writers["J001"] > writers["V001"] > 0
    assert {c.year for c in entries} == {2026}
    assert all(c.content and c.org_path == c.person.org_path for c in entries)
    by_person: dict[int, list[Commitment]] = {}
    for c in entries:
        by_person.setdefault(c.person_id, []).append(c)
    for own in by_person.values():
        if any(c.public for c in own):
            assert len(own) == 5 and all(c.public and c.status == ReviewStatus.APPROVED for c in own)
    statuses = Counter(c.status for c in entries)
    assert statuses[ReviewStatus.APPROVED] > statuses[ReviewStatus.SUBMITTED]
    assert all(c.review_note for c in entries if c.status == ReviewStatus.RETURNED)
    assert all(c.submitted_at is None for c in entries if c.status == ReviewStatus.DRAFT)
    summary = AuditEntry.objects.get(after__demo="commitments")
    assert summary.after["entries"] == len(entries)
    first = sorted((c.person_id, c.kind, c.status, c.content) for c in entries)
    Commitment.objects.all().delete()
    commitments.build(county, today=TODAY, rng=random.Random(1))
    assert sorted(Commitment.objects.values_list("person_id", "kind", "status", "content")) == first
