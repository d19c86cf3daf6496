"""Demo 双报到: in-service members of the county's offices, institutions and enterprises registered with the
communities of the county, with the service they did there this year and last, mostly confirmed."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from dangjian.core import audit
from dangjian.core.choices import COUNTED_STANDINGS, AuditAction, Occupation, OrgDomain, OrgKind
from dangjian.core.models import Org, Person
from dangjian.members.models import CommunityRegistration, CommunityService

IN_SERVICE = (Occupation.CIVIL_SERVANT, Occupation.PROFESSIONAL, Occupation.MANAGER)
SKILLS = ("法律咨询", "政策宣讲", "医疗义诊", "文艺宣传", "家电维修", "助老助残", "", "")
SERVICES = (
    "社区环境卫生整治",
    "文明交通劝导",
    "疫情防控值守",
    "慰问困难群众",
    "政策宣讲进小区",
    "垃圾分类宣传",
    "防汛值守",
    "义务法律咨询",
    "关爱留守儿童",
)


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    """Register about half of the in-service members with a community (set-based; deterministic)."""
    communities = list(
        Org.objects.filter(county=county, domain=OrgDomain.COMMUNITY, is_dissolved=False)
        .exclude(kind=OrgKind.PARTY_GROUP)
        .order_by("path")
    )
    if not communities:
        return
    people = (
        Person.objects.filter(county=county, standing__in=COUNTED_STANDINGS, occupation__in=IN_SERVICE)
        .exclude(org__domain=OrgDomain.COMMUNITY)
        .order_by("id")
        .values_list("id", "org_path", "joined_on")
    )
    registrations = []
    for person_id, org_path, joined_on in people:
        if rng.random() > 0.5:
            continue
        community = rng.choice(communities)
        registered_on = max(joined_on, today - dt.timedelta(days=rng.randint(60, 1500)))
        registrations.append(
            CommunityRegistration(
                county_id=county.pk,
                person_id=person_id,
                home_path=org_path,
                community=community,
                community_county_id=county.pk,
                community_path=community.path,
                registered_on=registered_on,
                skills=rng.choice(SKILLS),
            )
        )
    CommunityRegistration.objects.bulk_create(registrations, batch_size=5000)
    services = []
    for registration in registrations:
        first = max(registration.registered_on, dt.date(today.year - 1, 1, 1))
        span = (today - first).days
        for _ in range(rng.randint(0, 6) if span > 0 else 0):
            served_on = first + dt.timedelta(days=rng.randint(0, span))
            services.append(
                CommunityService(
                    registration=registration,
                    served_on=served_on,
                    hours=Decimal(rng.choice((1, 1.5, 2, 2, 3, 4))).quantize(Decimal("0.1")),
                    content=rng.choice(SERVICES),
                    confirmed_by_community=served_on < today - dt.timedelta(days=14) or rng.random() < 0.3,
                )
            )
    CommunityService.objects.bulk_create(services, batch_size=5000)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={"demo": "dual", "registrations": len(registrations), "services": len(services)},
    )
