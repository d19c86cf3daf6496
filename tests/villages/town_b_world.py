"""A village of the second township (西关街道柳湾村) with a record of every village-only area, so that the API scope
walk's township viewer of 西关街道 has rows of its own in those lists too (its other branch is a community)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dangjian.core import clock
from dangjian.core.models import Org
from dangjian.villages.choices import DepartmentType, FiveOneItem, OutputKind, PairActivityKind, PostingRole
from dangjian.villages.models import ElectionRound, VillageCategory
from dangjian.villages.services import classification, economy, elections, pairing, secretaries
from tests.core.factories import make_org
from tests.villages.elections_world import member


def town_b_village(tree) -> Org:
    """Made before the area worlds, so that the county's evaluation of the year includes it."""
    return make_org(tree.town_b, "V004", "西关街道柳湾村党支部")


def town_b_village_world(tree, village: Org) -> None:
    """Made after the area worlds (it uses the county's categories, round and the year's evaluation)."""
    today = clock.today()
    economy.village_year_save(actor=None, org=village, year=2026, income=Decimal("80000"), models=["tourism"])
    classification.environment_save(actor=None, org=village, year=2025, score=75)
    hollow = VillageCategory.objects.get(county_id=tree.county.pk, basis="income_below")
    classification.policy_save(
        actor=None,
        org=village,
        category=hollow,
        year=2025,
        measures="盘活闲置校舍发展民宿",
        responsible="村党支部书记",
        target_date=dt.date(2025, 12, 31),
    )
    election_round = ElectionRound.objects.get(org=tree.county, year=2021)
    change = elections.change_create(
        actor=None, election_round=election_round, org=village, election_date=dt.date(2021, 3, 12), body="party"
    )
    elections.committee_set(actor=None, change=change, side="old", rows=[member("柳湾老书记", "secretary")])
    elections.committee_set(actor=None, change=change, side="new", rows=[member("柳湾新书记", "secretary")])
    elections.change_complete(actor=None, change=change)
    unit = pairing.unit_create(actor=None, org=tree.county, name="县司法局", department_type=DepartmentType.LEGAL)
    pair = pairing.pair_create(actor=None, village=village, units=[unit], started_year=today.year)
    pairing.activity_record(
        actor=None,
        pair=pair,
        kind=PairActivityKind.COLLECTIVE_DAY,
        held_on=today,
        content="柳湾村集体活动日",
        participants=8,
    )
    pairing.checklist_mark(
        actor=None, pair=pair, year=today.year, item=FiveOneItem.AGREEMENT, done_on=today, evidence="互助协议"
    )
    pairing.output_record(actor=None, pair=pair, kind=OutputKind.FUNDS, quantity=Decimal("20000"), occurred_on=today)
    posting = secretaries.posting_create(
        actor=None,
        org=village,
        role=PostingRole.FIRST_SECRETARY,
        name="周明",
        sending_unit="县司法局",
        started_on=today - dt.timedelta(days=60),
    )
    secretaries.signin_create(actor=None, posting=posting, day=today)
    secretaries.leave_create(
        actor=None,
        posting=posting,
        starts_on=today + dt.timedelta(days=5),
        ends_on=today + dt.timedelta(days=6),
        reason="参加培训",
    )
    secretaries.report_submit(actor=None, posting=posting, period=today, content="走访农户20户")
