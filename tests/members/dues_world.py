"""Dues data for tests: profiles, an opened month, reductions (shared by the dues tests and the API scope walk)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dangjian.core import clock
from dangjian.members.models import DuesProfile, DuesRecord, DuesReduction
from dangjian.members.rules import Month, month_first_day
from dangjian.members.services.dues import dues_month_open, dues_profile_save, dues_reduction_request


def set_profile(person, *, kind="employed", base="4000", from_month=dt.date(2025, 1, 1), actor=None):
    return dues_profile_save(
        actor=actor,
        person=person,
        kind=kind,
        base=Decimal(base) if base is not None else None,
        from_month=from_month,
    )


def open_months(org, first: dt.date, last: dt.date, *, actor=None) -> None:
    month = Month.of(first)
    while month <= Month.of(last):
        dues_month_open(actor=actor, org=org, month=month_first_day(month))
        month = month.plus(1)


def dues_world(tree) -> dict[type, list]:
    """Every branch with a profile, last month's ledger (unpaid, so in arrears) and a pending reduction.

    Returns branch a1's objects by model, for the API scope walk.
    """
    last_month = month_first_day(Month.of(clock.today()).plus(-1))
    reductions = {}
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1)):
        first, second = tree.people[key][0], tree.people[key][1]
        set_profile(first, from_month=last_month)
        set_profile(second, kind="farmer", base=None, from_month=last_month)
        dues_month_open(actor=None, org=org, month=last_month)
        reductions[key] = dues_reduction_request(
            actor=None,
            person=second,
            kind="waive",
            monthly=None,
            from_month=month_first_day(Month.of(last_month).plus(12)),
            to_month=month_first_day(Month.of(last_month).plus(13)),
            reason="因病生活困难",
            branch_decided_on=clock.today(),
        )
    a1 = tree.people["a1"]
    return {
        DuesProfile: list(DuesProfile.objects.filter(person__in=a1)),
        DuesRecord: list(DuesRecord.objects.filter(person__in=a1)),
        DuesReduction: [reductions["a1"]],
    }
