"""The demo builder of 第一书记 on a small county: postings in villages only, sign-ins that obey the rules (one a
day, inside the posting, not ahead), reviewed reports, replaced postings with their successors."""

import datetime as dt
import random

import pytest
from django.db.models import Count

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.villages.choices import PostingRole, PostingStatus
from dangjian.villages.demo import secretaries
from dangjian.villages.models import Posting, PostingReport, PostingSignIn
from tests.core.factories import make_org

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 15)


def test_secretary_demo(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    for number in range(10, 50):
        make_org(tree.town_a, f"V0{number}", f"东城镇{number}村党支部")
    secretaries.build(tree.county, today=TODAY, rng=random.Random(5))
    postings = list(Posting.objects.select_related("org"))
    assert postings and all(p.org.domain == "rural" for p in postings)
    firsts = Posting.objects.filter(role=PostingRole.FIRST_SECRETARY, status=PostingStatus.ACTIVE)
    assert firsts.values("org").annotate(n=Count("id")).filter(n__gt=1).count() == 0
    for signin in PostingSignIn.objects.select_related("posting"):
        posting = signin.posting
        assert posting.started_on <= signin.day <= TODAY
        assert posting.ended_on is None or signin.day <= posting.ended_on
    assert PostingSignIn.objects.count() > 100
    for recalled in Posting.objects.filter(status=PostingStatus.RECALLED):
        assert recalled.end_reason and recalled.successors.get().started_on == recalled.ended_on
    assert PostingReport.objects.filter(status="approved").exists()
    summary = AuditEntry.objects.get(action=AuditAction.CREATE, after__demo="secretaries")
    assert summary.after["signins"] == PostingSignIn.objects.count()
