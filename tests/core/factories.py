"""Builders for test data. They go through the services, so every row is validated and audited."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from dangjian.core import services
from dangjian.core.choices import Education, Gender, MemberStatus, OrgDomain, OrgKind, OrgLevel, Role
from dangjian.core.models import Org, Person, User
from dangjian.core.rules import make_id_number

_sequence = itertools.count(1)
PASSWORD = "Test-pass-2026"


def id_number(*, birth: dt.date = dt.date(1980, 5, 17), male: bool = True, region: str = "411102") -> str:
    return make_id_number(region=region, birth_date=birth, sequence=next(_sequence) * 2 % 1000, is_male=male)


def make_person(org: Org, *, actor=None, **overrides) -> Person:
    birth = overrides.pop("birth_date", dt.date(1980, 5, 17))
    male = overrides.get("gender", Gender.MALE) == Gender.MALE
    values = {
        "name": f"党员{next(_sequence)}",
        "gender": Gender.MALE if male else Gender.FEMALE,
        "id_number": id_number(birth=birth, male=male),
        "education": Education.HIGH_SCHOOL,
        "status": MemberStatus.FULL,
        "joined_on": dt.date(2005, 7, 1),
        "confirmed_on": dt.date(2006, 7, 1),
        "phone": "13800138000",
    }
    values.update(overrides)
    return services.person_create(actor=actor, org=org, **values)


def make_org(parent: Org | None, code: str, name: str, **fields) -> Org:
    defaults = {"kind": OrgKind.BRANCH, "domain": OrgDomain.RURAL}
    defaults.update(fields)
    return services.org_create(actor=None, parent=parent, code=code, name=name, **defaults)


def make_account(username: str, org: Org, role: str, person: Person | None = None) -> User:
    return services.account_create(actor=None, username=username, org=org, role=role, password=PASSWORD, person=person)


@dataclass
class SmallCounty:
    county: Org
    town_a: Org
    town_b: Org
    village_a1: Org
    village_a2: Org
    community_b1: Org
    people: dict[str, list[Person]] = field(default_factory=dict)
    accounts: dict[str, User] = field(default_factory=dict)


def build_small_county() -> SmallCounty:
    county = make_org(
        None, "C001", "示范县委", kind=OrgKind.PARTY_COMMITTEE, domain=OrgDomain.GOVERNMENT, level=OrgLevel.COUNTY
    )
    town_a = make_org(
        county, "T001", "东城镇党委", kind=OrgKind.PARTY_COMMITTEE, domain=OrgDomain.TOWNSHIP, level=OrgLevel.TOWNSHIP
    )
    town_b = make_org(
        county,
        "T002",
        "西关街道党工委",
        kind=OrgKind.WORKING_COMMITTEE,
        domain=OrgDomain.SUBDISTRICT,
        level=OrgLevel.TOWNSHIP,
    )
    village_a1 = make_org(town_a, "V001", "东城镇李庄村党支部")
    village_a2 = make_org(town_a, "V002", "东城镇王庄村党支部")
    community_b1 = make_org(town_b, "V003", "西关街道和平社区党支部", domain=OrgDomain.COMMUNITY)
    county_obj = SmallCounty(county, town_a, town_b, village_a1, village_a2, community_b1)
    for key, org, count in (("a1", village_a1, 3), ("a2", village_a2, 2), ("b1", community_b1, 2)):
        county_obj.people[key] = [make_person(org) for _ in range(count)]
    county_obj.accounts = {
        "county": make_account("county_admin", county, Role.COUNTY_ADMIN),
        "town_a": make_account("town_a_admin", town_a, Role.TOWNSHIP_ADMIN),
        "secretary_a1": make_account("secretary_a1", village_a1, Role.BRANCH_SECRETARY),
        "secretary_a2": make_account("secretary_a2", village_a2, Role.BRANCH_SECRETARY),
        "member_a1": make_account("member_a1", village_a1, Role.MEMBER, person=county_obj.people["a1"][0]),
    }
    return county_obj
