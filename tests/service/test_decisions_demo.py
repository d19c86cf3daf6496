"""The demo builder of 四议两公开 on a small county: two to six matters per place whose steps obey the rules (in order,
dates forward, verdicts by each meeting's rule, status and dates agreeing with the steps), some disclosures within
their period for the public pages, and figures for the county."""

import datetime as dt
import random
import time

import pytest

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.service import rules
from dangjian.service.demo import decisions
from dangjian.service.models import Decision, DecisionStep
from dangjian.service.selectors import decisions as selectors
from tests.core.factories import make_org

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


def test_decision_demo(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    for number in range(10, 40):
        make_org(tree.town_a, f"V{number:03d}", f"东城镇第{number}村党支部")
    started = time.monotonic()
    decisions.build(tree.county, today=TODAY, rng=random.Random(7))
    assert time.monotonic() - started < 3
    matters = list(Decision.objects.all())
    assert 33 * 2 <= len(matters) <= 33 * 6
    statuses = {d.status for d in matters}
    assert {"completed", "failed"} <= statuses and statuses & {"step1", "step2", "step3", "step4", "disclosed"}
    steps: dict[int, list[DecisionStep]] = {}
    for row in DecisionStep.objects.order_by("decision_id", "step", "attempt", "held_on"):
        steps.setdefault(row.decision_id, []).append(row)
    for decision in matters:
        rows = steps.get(decision.pk, [])
        dates = [r.held_on for r in rows]
        assert dates == sorted(dates) and all(day <= TODAY for day in dates)
        passed: set[int] = set()
        for row in rows:
            assert rules.step_order_problem(row.step, passed) is None
            if row.step <= 4:
                verdict = rules.meeting_verdict(row.step, row.expected, row.present, row.votes_for)
                assert (row.valid, row.passed) == (verdict.valid, verdict.passed)
                assert row.votes_for + row.votes_against + row.abstentions <= row.present <= row.expected
            if row.passed:
                passed.add(row.step)
        assert decision.resolved_on == next((r.held_on for r in rows if r.step == 4 and r.passed), None)
        if decision.status == "failed":
            assert decision.failed_on and not rows[-1].passed
    shown = selectors.shown_disclosures(TODAY)
    assert shown.exists()
    place = shown.first().org
    assert selectors.public_block(place, TODAY) is not None
    figures = selectors.figures(
        tree.accounts["county"], org=tree.county, start=TODAY - dt.timedelta(days=365), end=TODAY
    )
    assert figures.resolved > 0 and figures.on_time > 0 and figures.failed > 0
    summary = AuditEntry.objects.get(action=AuditAction.CREATE, after__demo="decisions")
    assert summary.after["decisions"] == len(matters)
