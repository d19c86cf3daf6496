"""Demo 党籍: a few members lost contact, abroad, or died (the historical roll). Set-based, one summary entry."""

from __future__ import annotations

import datetime as dt
import random

from dangjian.core import audit
from dangjian.core.choices import AuditAction, Standing
from dangjian.core.models import Org, Person
from dangjian.members.choices import StandingBasis
from dangjian.members.models import StandingChange
from dangjian.members.rules import add_months

# (share of the roll, standing, basis, reason, months ago)
PLAN = (
    (0.004, Standing.LOST_CONTACT, StandingBasis.LOST_CONTACT, "外出务工多年,原联系电话已停机,多方查找未果", 8),
    (0.002, Standing.ABROAD, StandingBasis.ABROAD, "随子女出国定居,保留联系方式", 14),
    (0.002, Standing.DECEASED, StandingBasis.DEATH, "因病去世", 5),
)


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    people = list(
        Person.objects.filter(county=county, standing=Standing.NORMAL, joined_on__lt=add_months(today, -24))
        .order_by("id")
        .only("id", "org_path", "county_id")
    )
    rng.shuffle(people)
    changes: list[StandingChange] = []
    taken = 0
    for share, standing, basis, reason, months in PLAN:
        count = max(1, int(len(people) * share))
        for person in people[taken : taken + count]:
            on = add_months(today, -months - rng.randrange(0, 4))
            changes.append(
                StandingChange(
                    county_id=person.county_id,
                    org_path=person.org_path,
                    person=person,
                    changed_on=on,
                    from_standing=Standing.NORMAL,
                    to_standing=standing,
                    basis=basis,
                    reason=reason,
                )
            )
            person.standing, person.standing_since = standing, on
        taken += count
    StandingChange.objects.bulk_create(changes)
    Person.objects.bulk_update(people[:taken], ["standing", "standing_since"])
    audit.record(actor=None, action=AuditAction.CREATE, obj=county, after={"demo": "standing", "changes": len(changes)})
