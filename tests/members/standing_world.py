"""党籍 data for the API scope walk: a standing change in every branch; branch a1's by model."""

from __future__ import annotations

import datetime as dt

from dangjian.core.choices import Standing
from dangjian.members.choices import StandingBasis
from dangjian.members.models import StandingChange
from dangjian.members.services.standing import standing_change


def standing_world(tree) -> dict[type, list]:
    changes = {}
    for key in ("a1", "a2", "b1"):
        person = tree.people[key][-1]
        changes[key] = standing_change(
            actor=None,
            person=person,
            to_standing=Standing.ABROAD,
            changed_on=dt.date(2024, 6, 1),
            basis=StandingBasis.ABROAD,
            reason="出国务工",
        )
    return {StandingChange: [changes["a1"]]}
