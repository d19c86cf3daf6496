"""The demo builder of 民情夜市 and mediation on a small county: weekly sessions with missed weeks and next week's
announced, issues that obey the status rules, mediators of the three levels, disputes mostly settled, and figures
that read like seed 002's."""

import datetime as dt
import random
import time

import pytest

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.service import rules
from dangjian.service.demo import minqing
from dangjian.service.models import Dispute, Mediator, MinqingIssue, NightMarket
from dangjian.service.selectors import minqing as selectors
from tests.core.factories import make_org

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 18)


def test_minqing_demo(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    for number in range(10, 40):
        make_org(tree.town_a if number % 2 else tree.town_b, f"V{number:03d}", f"第{number}村党支部")
    started = time.monotonic()
    minqing.build(tree.county, today=TODAY, rng=random.Random(7))
    assert time.monotonic() - started < 3
    sessions = NightMarket.objects.all()
    assert sessions.count() > 500
    assert not sessions.filter(held_on__gt=TODAY, attendance__gt=0).exists()
    assert all(rules.session_time_problem(t) is None for t in sessions.values_list("starts_at", flat=True).distinct())
    issues = MinqingIssue.objects.all()
    assert issues.filter(channel="night_market", session__isnull=True).count() == 0
    assert not issues.filter(anonymous=True).exclude(raiser_name="").exists()
    assert not issues.filter(status__in=["resolved", "closed"], resolved_on__isnull=True).exists()
    assert not issues.filter(resolved_on__gt=TODAY).exists()
    old = issues.filter(raised_on__lt=TODAY - dt.timedelta(days=60))
    assert old.filter(status__in=rules.ISSUE_DONE).count() / old.count() > 0.85
    assert set(Mediator.objects.values_list("level", flat=True).distinct()) == {"town", "village", "group"}
    assert Mediator.objects.filter(level="town").count() == 2
    disputes = Dispute.objects.all()
    closed = disputes.exclude(status="mediating")
    assert closed.filter(status="settled").count() / closed.count() > 0.85
    assert not disputes.filter(level="town", escalated_on__isnull=True).exists()
    figures = selectors.minqing_figures(tree.accounts["county"], org=tree.county, start=dt.date(2025, 9, 18), end=TODAY)
    assert figures.issues_resolved > 100 and figures.disputes_settled > 20
    assert "余件" in figures.sentence
    rows = selectors.weekly_rows(tree.accounts["county"], tree.county, dt.date(2026, 2, 1), dt.date(2026, 2, 28), TODAY)
    assert any(row.tally.behind for row in rows) and any(not row.tally.behind for row in rows)
    summary = AuditEntry.objects.get(action=AuditAction.CREATE, after__demo="minqing")
    assert summary.after["sessions"] == sessions.count() and summary.after["issues"] == issues.count()
