"""四议两公开 data for tests: in every branch (a1, a2, b1) a matter carried through the three meetings, resolved by
the villagers' representatives and published (决议公开), so it shows on the place's public page. Shared by the
decision tests and the API scope walk."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Model

from dangjian.core import clock
from dangjian.service.models import Decision, DecisionStep
from dangjian.service.services import decisions as services

PLACES = {"a1": "李庄村", "a2": "王庄村", "b1": "和平社区"}
MEETINGS = {
    1: {"expected": 7, "present": 6, "votes_for": 6},
    2: {"expected": 11, "present": 10, "votes_for": 9, "votes_against": 1},
    3: {"expected": 41, "present": 35, "votes_for": 33, "abstentions": 2},
    4: {"expected": 45, "present": 38, "votes_for": 35, "votes_against": 2, "abstentions": 1},
}
# No field of these models holds a resident's name, phone or ID number.
PRIVATE_FIELDS: dict[type[Model], list[str]] = {}


def make_decision(org, **overrides) -> Decision:
    values = {
        "actor": None,
        "org": org,
        "title": "村集体闲置厂房出租",
        "category": "asset_disposal",
        "description": "将村集体闲置厂房对外出租,租期五年。",
        "amount": Decimal("120000"),
    }
    return services.decision_create(**values | overrides)


def hold(decision: Decision, step: int, held_on: dt.date, **overrides) -> DecisionStep:
    """Record a step as the system: meetings with the usual counts, disclosures with a content."""
    if step <= 4:
        counts = MEETINGS[step] if "expected" not in overrides else {"votes_against": 0, "abstentions": 0}
        values = {"place": "村党群服务中心", "notes": "会议记录已存档"} | counts
    else:
        values = {"channel": "board", "content": f"{decision.title}:经村民代表会议表决通过,现予公开。"}
    return services.step_record(actor=None, decision=decision, step=step, held_on=held_on, **values | overrides)


def carry(decision: Decision, through: int, start: dt.date) -> Decision:
    """Pass steps 1..through, one every two days from `start`."""
    for step in range(1, through + 1):
        hold(decision, step, start + dt.timedelta(days=2 * (step - 1)))
    decision.refresh_from_db()
    return decision


def decisions_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    start = clock.today() - dt.timedelta(days=20)
    found: dict[str, Decision] = {}
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1)):
        found[key] = carry(make_decision(org, title=f"{PLACES[key]}闲置厂房出租"), 5, start)
    a1 = found["a1"]
    return {Decision: [a1], DecisionStep: list(DecisionStep.objects.filter(decision=a1))}
