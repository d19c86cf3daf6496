"""Builders for recruitment tests: an application, and any step recorded with plausible, valid values."""

from __future__ import annotations

import datetime as dt

from dangjian.core.choices import Education
from dangjian.members import rules
from dangjian.members.choices import ProbationDecision
from dangjian.members.models import Applicant
from dangjian.members.selectors.recruitment import voting_entitled
from dangjian.members.services.recruitment import applicant_create, step_record
from tests.core.factories import id_number

D = dt.date
APPLIED_ON = D(2024, 1, 10)
# A path through the 25 steps that keeps every period (probation ends on 2026-06-01).
STEP_DATES = {
    2: D(2024, 1, 20),
    3: D(2024, 3, 1),
    4: D(2024, 3, 5),
    5: D(2024, 3, 10),
    6: D(2024, 9, 1),
    7: D(2025, 3, 1),
    8: D(2025, 3, 5),
    9: D(2025, 3, 10),
    10: D(2025, 4, 1),
    11: D(2025, 5, 1),
    12: D(2025, 5, 10),
    13: D(2025, 5, 20),
    14: D(2025, 5, 25),
    15: D(2025, 6, 1),
    16: D(2025, 6, 10),
    17: D(2025, 7, 1),
    18: D(2025, 7, 5),
    19: D(2025, 7, 10),
    20: D(2025, 7, 15),
    21: D(2025, 12, 1),
    22: D(2026, 5, 20),
    23: D(2026, 6, 1),
    24: D(2026, 6, 15),
    25: D(2026, 6, 20),
}
LATE_TODAY = D(2027, 1, 1)
BIRTH = D(2000, 1, 1)


def apply(tree, *, org=None, actor=None, birth=BIRTH, male=True, applied_on=APPLIED_ON, **values) -> Applicant:
    org = org or tree.village_a1
    actor = actor or tree.accounts["secretary_a1"]
    data = {
        "name": "张申请",
        "id_number": id_number(birth=birth, male=male),
        "education": Education.BACHELOR,
        "applied_on": applied_on,
    }
    data.update(values)
    return applicant_create(actor=actor, org=org, **data)


def step_values(tree, applicant: Applicant, number: int, on: dt.date) -> dict:
    """Values that satisfy step `number`'s rules for an applicant of branch a1 (or of any branch for votes)."""
    a1 = tree.people["a1"]
    if number in (2, 16):
        return {"people": [a1[0]]}
    if number == 5:
        return {"people": [a1[1]]}
    if number == 9:
        return {"people": [a1[1], a1[2]]}
    if number in rules.CHECK_STEPS:
        return {"passed": True}
    if number == 11:
        return {"training_days": 3}
    if number in rules.VOTE_STEPS:
        entitled = voting_entitled(applicant.org, on)
        values = {"present": entitled, "yes": entitled}
        if number == 23:
            values["decision"] = ProbationDecision.CONFIRM
        return values
    return {}


def actor_for(tree, number: int):
    return tree.accounts["town_a"] if number in rules.COMMITTEE_STEPS else tree.accounts["secretary_a1"]


def record(tree, applicant: Applicant, number: int, on: dt.date | None = None, *, actor=None, **values):
    on = on or STEP_DATES[number]
    data = step_values(tree, applicant, number, on) | values
    return step_record(actor=actor or actor_for(tree, number), applicant=applicant, number=number, done_on=on, **data)


def walk(tree, applicant: Applicant, through: int, *, start: int | None = None) -> Applicant:
    """Record the steps after the applicant's current one up to `through`, on the standard dates."""
    applicant.refresh_from_db()
    for number in range((start or applicant.step + 1), through + 1):
        record(tree, applicant, number)
    applicant.refresh_from_db()
    return applicant
