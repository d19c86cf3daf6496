"""结对共建 data for tests: the county's units, and in each village branch (a1, a2; the community b1 is no village
and is never paired) a pair with an activity, a ticked 五个一 item and a funds output (shared by the pairing tests
and the API scope walk). Units are the county's list, published to every branch, so they are not a branch's own."""

from __future__ import annotations

from decimal import Decimal

from dangjian.core import clock
from dangjian.villages.choices import DepartmentType, FiveOneItem, OutputKind, PairActivityKind
from dangjian.villages.models import PairActivity, PairChecklistItem, PairOutput, PairUnit, VillagePair
from dangjian.villages.services import pairing as services

PLACES = {"a1": "李庄村", "a2": "王庄村"}


def pairing_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    today = clock.today()
    organisation = services.unit_create(
        actor=None, org=tree.county, name="县委组织部", department_type=DepartmentType.PARTY_MASS
    )
    bureau = services.unit_create(
        actor=None, org=tree.county, name="县农业农村局", department_type=DepartmentType.AGRICULTURE
    )
    found: dict[str, dict[type, list]] = {}
    for key, village, units in (
        ("a1", tree.village_a1, [organisation, bureau]),
        ("a2", tree.village_a2, [bureau]),
    ):
        place = PLACES[key]
        pair = services.pair_create(actor=None, village=village, units=units, started_year=today.year)
        activity = services.activity_record(
            actor=None,
            pair=pair,
            kind=PairActivityKind.COLLECTIVE_DAY,
            held_on=today,
            content=f"{place}结对共建集体活动日",
            participants=12,
        )
        item = services.checklist_mark(
            actor=None,
            pair=pair,
            year=today.year,
            item=FiveOneItem.AGREEMENT,
            done_on=today,
            evidence=f"{place}结对共建互助协议",
        )
        output = services.output_record(
            actor=None, pair=pair, kind=OutputKind.FUNDS, quantity=Decimal("50000"), occurred_on=today
        )
        found[key] = {
            VillagePair: [pair],
            PairUnit: list(PairUnit.objects.filter(pair=pair)),
            PairActivity: [activity],
            PairChecklistItem: [item],
            PairOutput: [output],
        }
    return found["a1"]
