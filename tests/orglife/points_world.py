"""积分管理 data for tests: the county's default schemes, and in every branch an approved branch entry and a
pending claim (shared by the points tests and the API scope walk). Schemes belong to the county and are published
to every branch, so branch a1 has none of its own."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dangjian.core import clock
from dangjian.orglife import rules
from dangjian.orglife.choices import PointSource
from dangjian.orglife.models import PointEntry, PointItem, PointScheme
from dangjian.orglife.services import points as services


def seed_schemes(tree, month: dt.date | None = None) -> list[PointScheme]:
    """The six default schemes of the test county, in force from `month` (this month by default)."""
    month = month or rules.month_start(clock.today())
    return services.schemes_seed_defaults(actor=None, county=tree.county, month=month)


def item_of(person, source: str, day: dt.date | None = None, name: str | None = None) -> PointItem:
    """The item of `source` (and `name`) in the scheme in force for the member on `day`."""
    scheme = services.scheme_in_force(person.county_id, person.category, day or clock.today())
    items = scheme.items.filter(source=source)
    return (items.filter(name=name) if name else items).order_by("order", "id").first()


def points_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    today = clock.today()
    if not PointScheme.objects.filter(county=tree.county).exists():
        seed_schemes(tree)
    found: dict[str, list[PointEntry]] = {}
    for key in ("a1", "a2", "b1"):
        rewarded, claimant = tree.people[key][0], tree.people[key][1]
        entry = services.point_entry_branch(
            actor=None,
            person=rewarded,
            item=item_of(rewarded, PointSource.BRANCH, today, "受到表彰奖励"),
            occurred_on=today,
            note="获评优秀共产党员",
        )
        claim = services.point_claim(
            actor=None,
            person=claimant,
            item=item_of(claimant, PointSource.CLAIM, today),
            occurred_on=today,
            quantity=Decimal("1"),
            note="帮助独居老人修缮房屋",
        )
        found[key] = [entry, claim]
    # Schemes belong to the county (published to every branch): a1 has none of its own to hide.
    return {PointEntry: found["a1"], PointScheme: []}
