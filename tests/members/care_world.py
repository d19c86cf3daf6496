"""党内关爱 data for tests: in every branch one member in hardship (not yet visited) and a visit to another
(shared by the care tests and the API scope walk)."""

from __future__ import annotations

from decimal import Decimal

from dangjian.core import clock
from dangjian.members.choices import HardshipKind, VisitKind
from dangjian.members.models import CareVisit, Hardship
from dangjian.members.services import care as services


def care_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    today = clock.today()
    found: dict[str, tuple] = {}
    for key in ("a1", "a2", "b1"):
        visited, in_hardship = tree.people[key][0], tree.people[key][1]
        hardship = services.hardship_create(
            actor=None, person=in_hardship, kind=HardshipKind.ILLNESS, since=today, description="慢性病"
        )
        visit = services.care_visit_create(
            actor=None,
            person=visited,
            kind=VisitKind.FESTIVAL,
            visited_on=today,
            visitors="支部书记",
            amount=Decimal("200.00"),
        )
        found[key] = (hardship, visit)
    hardship, visit = found["a1"]
    return {Hardship: [hardship], CareVisit: [visit]}
