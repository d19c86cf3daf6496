"""Demo 党内关爱: a hardship record for every member the roll marks 困难党员, and this year's and last year's
visits to them, to members of 80 and over and to 老党员 — most, not all, so the overview has someone left."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from dangjian.core import audit
from dangjian.core.choices import COUNTED_STANDINGS, AuditAction, MemberCategory
from dangjian.core.models import Org, Person
from dangjian.members import rules
from dangjian.members.choices import HardshipKind, VisitKind
from dangjian.members.models import CareVisit, Hardship

KINDS = (
    (HardshipKind.ILLNESS, "患慢性病,长期服药", 35),
    (HardshipKind.ELDERLY_ALONE, "年老独居,子女在外", 25),
    (HardshipKind.LOW_INCOME, "享受农村低保", 20),
    (HardshipKind.DISABILITY, "肢体残疾,行动不便", 12),
    (HardshipKind.DISASTER, "房屋因灾受损", 8),
)
VISITORS = ("支部书记", "支部书记、组织委员", "镇党委副书记、包村干部", "第一书记", "支部委员")
GOODS = ("米、面、油", "牛奶、水果", "棉被一床", "慰问品一份", "")


def _visit_day(year: int, today: dt.date, rng: random.Random, *, festival: bool) -> dt.date | None:
    """A day in `year` up to today: around the Spring Festival for festival visits, any day otherwise."""
    if festival:
        day = dt.date(year, 1, 15) + dt.timedelta(days=rng.randint(0, 30))
    else:
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    return day if day <= today else None


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    """Add hardship records and visits to an existing demo county (set-based; deterministic)."""
    elderly_by = rules.elderly_born_by(today)
    people = (
        Person.objects.filter(county=county, standing__in=COUNTED_STANDINGS)
        .order_by("id")
        .values_list("id", "org_path", "in_hardship", "birth_date", "category")
    )
    hardships, visits = [], []
    for person_id, org_path, in_hardship, birth_date, category in people:
        cared = in_hardship or birth_date <= elderly_by or category == MemberCategory.VETERAN
        if not cared:
            continue
        if in_hardship:
            kind, description, _ = rng.choices(KINDS, weights=[k[2] for k in KINDS])[0]
            since = today - dt.timedelta(days=rng.randint(120, 1800))
            hardships.append(
                Hardship(
                    county_id=county.pk,
                    org_path=org_path,
                    person_id=person_id,
                    kind=kind,
                    since=since,
                    description=description,
                )
            )
        for year, chance in ((today.year - 1, 0.9), (today.year, 0.75)):
            if rng.random() > chance:
                continue
            festival = rng.random() < 0.7
            day = _visit_day(year, today, rng, festival=festival)
            if day is None:
                continue
            kind = VisitKind.FESTIVAL if festival else (VisitKind.HARDSHIP if in_hardship else VisitKind.ILLNESS)
            visits.append(
                CareVisit(
                    county_id=county.pk,
                    org_path=org_path,
                    person_id=person_id,
                    kind=kind,
                    visited_on=day,
                    visitors=rng.choice(VISITORS),
                    amount=Decimal(rng.choice((0, 200, 300, 500, 500, 800, 1000))).quantize(rules.FEN),
                    goods=rng.choice(GOODS),
                )
            )
    Hardship.objects.bulk_create(hardships, batch_size=5000)
    CareVisit.objects.bulk_create(visits, batch_size=5000)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={"demo": "care", "hardships": len(hardships), "visits": len(visits)},
    )
