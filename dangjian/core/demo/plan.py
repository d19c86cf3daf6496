"""The plan of one demo county: orgs, units, members and posts as plain values (no database).

A plan depends only on the seed's `random.Random`, the county's place and shape, and the anchor date
("today" of the generated data), so the same inputs always give the same county.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from dangjian.core import rules
from dangjian.core.choices import (
    BRANCH_KINDS,
    OrgDomain,
    OrgKind,
    OrgLevel,
    UnitKind,
)
from dangjian.core.demo import names
from dangjian.core.demo.people import IdNumbers, Member, make_member
from dangjian.core.demo.places import CountyPlace
from dangjian.core.demo.posts import PostPlan, PostsMixin

K, D = OrgKind, OrgDomain
_NUMERALS = "一二三四五六七八九十"
ELECTION_BASE_YEAR = 2021  # the 2021 round of 村(社区)"两委" and 乡镇 elections; terms of five years


@dataclass(frozen=True)
class CountyShape:
    """How big a county is. The full shape is the seeds' county: 14 townships, 367 villages and communities."""

    villages: int = 367  # 行政村 and 社区 together
    townships: int = 14
    members: int = 30000
    departments: float = 1.0  # share of the full set of county departments, schools, hospitals and enterprises

    @classmethod
    def small(cls, villages: int) -> CountyShape:
        """A scaled-down county (tests, quick looks): the same structure with fewer of everything."""
        ratio = villages / cls.villages
        return cls(
            villages=villages,
            townships=max(2, min(cls.townships, math.ceil(villages / 26))),
            members=max(villages * 40, round(cls.members * ratio)),
            departments=max(0.05, ratio),
        )


@dataclass(slots=True)
class UnitPlan:
    kind: str
    name: str
    households: int | None = None
    registered_population: int | None = None
    resident_population: int | None = None
    is_poverty_village: bool = False
    figures: list[tuple[int, Decimal, Decimal]] = field(default_factory=list)


@dataclass(slots=True)
class OrgPlan:
    index: int
    parent: int | None
    code: str
    name: str
    short_name: str
    kind: str
    domain: str
    level: str
    founded_on: dt.date | None
    term_start: dt.date | None
    term_end: dt.date | None
    unit: UnitPlan | None = None
    profile: str = ""  # member profile of a branch that holds members
    size: float = 0.0  # raw size before scaling to the county's member count
    address: str = ""  # address prefix of its members
    hui_share: float = 0.008
    rel_path: str = ""  # path below the county root; the writer prefixes the root's path
    rel_depth: int = 0
    numchild: int = 0


@dataclass
class CountyPlan:
    place: CountyPlace
    anchor: dt.date
    orgs: list[OrgPlan]
    members: list[Member]
    posts: list[PostPlan]

    @property
    def county(self) -> OrgPlan:
        return self.orgs[0]


_PROFILE_DOMAINS = {
    "government": D.GOVERNMENT,
    "retired": D.GOVERNMENT,
    "institution": D.INSTITUTION,
    "state_enterprise": D.STATE_ENTERPRISE,
    "private_enterprise": D.PRIVATE_ENTERPRISE,
    "social": D.SOCIAL_ORGANISATION,
}


def org_code(region: str, number: int) -> str:
    """组织代码: the region code and a five-digit sequence (the county committee itself is 00000)."""
    return f"{region}{number:05d}"


class _Builder(PostsMixin):
    def __init__(self, rng: random.Random, place: CountyPlace, shape: CountyShape, anchor: dt.date) -> None:
        self.rng = rng
        self.place = place
        self.shape = shape
        self.anchor = anchor
        self.orgs: list[OrgPlan] = []
        self.members: list[Member] = []
        self.posts: list[PostPlan] = []
        self.by_org: dict[int, list[int]] = {}
        self.works = 0  # the county's 直属机关工委: its branches supply county cadres
        self.ids = IdNumbers(place.region)
        self.c = place.name
        base = ELECTION_BASE_YEAR + 5 * ((anchor.year - ELECTION_BASE_YEAR) // 5)
        self.election_year = base if dt.date(base, 4, 1) <= anchor else base - 5

    # --- helpers -----------------------------------------------------------------------------------

    def _date_between(self, start: dt.date, end: dt.date) -> dt.date:
        end = min(end, self.anchor)
        if end <= start:
            return end
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))

    def _founded(self, first_year: int, last_year: int) -> dt.date:
        return self._date_between(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31))

    def _election_term(self) -> tuple[dt.date, dt.date]:
        start = dt.date(self.election_year, self.rng.randint(1, 3), self.rng.randint(1, 28))
        return start, rules.add_years(start, 5)

    def _three_year_term(self) -> tuple[dt.date, dt.date]:
        start = self.anchor - dt.timedelta(days=self.rng.randint(30, 3 * 365 - 30))
        return start, rules.add_years(start, 3)

    def add(
        self,
        parent: int | None,
        name: str,
        kind: str,
        domain: str,
        *,
        level: str = OrgLevel.GRASSROOTS,
        short_name: str = "",
        founded: tuple[int, int] = (1980, 2010),
        election_term: bool = False,
        unit: UnitPlan | None = None,
        profile: str = "",
        size: float = 0.0,
        address: str = "",
        hui_share: float | None = None,
    ) -> int:
        index = len(self.orgs)
        term = self._election_term() if election_term else self._three_year_term()
        parent_org = self.orgs[parent] if parent is not None else None
        self.orgs.append(
            OrgPlan(
                index=index,
                parent=parent,
                code=org_code(self.place.region, index),
                name=name,
                short_name=short_name,
                kind=kind,
                domain=domain,
                level=level,
                founded_on=self._founded(*founded),
                term_start=term[0],
                term_end=term[1],
                unit=unit,
                profile=profile,
                size=size,
                address=address or (parent_org.address if parent_org else ""),
                hui_share=hui_share if hui_share is not None else (parent_org.hui_share if parent_org else 0.008),
            )
        )
        return index

    def _count(self, full: int, minimum: int = 1) -> int:
        return max(minimum, round(full * self.shape.departments))

    # --- structure ---------------------------------------------------------------------------------

    def build_structure(self, townships: list[tuple[str, bool]] | None) -> None:
        rng, c = self.rng, self.c
        county = self.add(
            None,
            f"中共{c}委员会",
            K.PARTY_COMMITTEE,
            D.GOVERNMENT,
            level=OrgLevel.COUNTY,
            short_name=f"{c}委",
            founded=(1949, 1949),
            election_term=True,
            address=c,
        )
        if townships is None:
            townships = names.township_names(rng, self.shape.townships, urban=self.place.urban)
        townships = townships[: self.shape.townships]
        self._townships(county, townships)
        self._county_departments(county)

    def _townships(self, county: int, townships: list[tuple[str, bool]]) -> None:
        rng = self.rng
        total = self.shape.villages
        community_share = 0.35 if self.place.urban else 0.07
        weights = [rng.uniform(0.6, 1.4) * (0.6 if street else 1.0) for _, street in townships]
        counts = _apportion(total, weights)
        used_villages: set[str] = set()
        used_communities: set[str] = set()
        used_enterprises: set[str] = set()
        for (town_name, street), count in zip(townships, counts, strict=True):
            kind, domain = (K.WORKING_COMMITTEE, D.SUBDISTRICT) if street else (K.PARTY_COMMITTEE, D.TOWNSHIP)
            suffix = "党工委" if street else "党委"
            hui = 0.22 if "回族" in town_name else 0.008
            town = self.add(
                county,
                f"中共{self.c}{town_name}{'工作' if street else ''}委员会",
                kind,
                domain,
                level=OrgLevel.TOWNSHIP,
                short_name=f"{town_name}{suffix}",
                founded=(1950, 1985) if not street else (1995, 2012),
                election_term=True,
                address=f"{self.c}{town_name}",
                hui_share=hui,
            )
            communities = round(count * (0.7 if street else community_share / 2 if self.place.urban else 0.04))
            if street:
                communities = max(communities, min(count, 2))
            for i in range(count):
                is_community = i < communities
                place = (
                    names.community_name(rng, used_communities)
                    if is_community
                    else names.village_name(rng, used_villages)
                )
                self._village(town, town_name, place, community=is_community)
            self._township_units(town, town_name, street, used_enterprises)

    def _village(self, town: int, town_name: str, place: str, *, community: bool) -> None:
        rng = self.rng
        if community:
            households = rng.randint(1200, 6000)
            registered = round(households * rng.uniform(2.8, 3.4))
            resident = round(registered * rng.uniform(0.85, 1.1))
            unit = UnitPlan(UnitKind.COMMUNITY, place, households, registered, resident)
            size = rng.triangular(12, 80, 24)
        else:
            households = round(math.exp(rng.uniform(math.log(220), math.log(1600))))
            registered = round(households * rng.uniform(3.2, 4.2))
            resident = round(registered * rng.uniform(0.55, 0.9))
            unit = UnitPlan(UnitKind.VILLAGE, place, households, registered, resident, rng.random() < 0.08)
            size = rng.triangular(10, 75, 22)
        unit.figures = _collective_figures(rng, self.anchor.year)
        self.add(
            town,
            f"{town_name}{place}党支部",
            K.BRANCH,
            D.COMMUNITY if community else D.RURAL,
            short_name=place + "党支部",
            founded=(1998, 2018) if community else (1950, 1988),
            election_term=True,
            unit=unit,
            profile="community" if community else "rural",
            size=size,
            address=f"{self.c}{town_name}{place}",
        )

    def _enterprise_unit(self, name: str) -> UnitPlan:
        return UnitPlan(UnitKind.ENTERPRISE, name)

    def branch(
        self,
        parent: int,
        name: str,
        profile: str,
        size: tuple[float, float, float],
        founded: tuple[int, int],
        *,
        kind: str = K.BRANCH,
        unit: UnitPlan | None = None,
    ) -> int:
        """A branch that holds members; `size` is a triangular (low, high, mode) of its raw member count."""
        domain = _PROFILE_DOMAINS[profile]
        return self.add(parent, name, kind, domain, profile=profile, size=self.rng.triangular(*size), founded=founded,
                        unit=unit)  # fmt: skip

    def _enterprise(self, parent: int, used: set[str], size: tuple[float, float, float], since: int) -> int:
        enterprise = names.enterprise_name(self.rng, self.c, used)
        founded = (since, self.anchor.year - 1)
        unit = self._enterprise_unit(enterprise)
        return self.branch(parent, f"{enterprise}党支部", "private_enterprise", size, founded, unit=unit)

    def _township_units(self, town: int, town_name: str, street: bool, used_enterprises: set[str]) -> None:
        rng, last = self.rng, self.anchor.year - 1
        self.branch(town, f"{town_name}机关党支部", "government", (25, 70, 40), (1955, 1990))
        health = "社区卫生服务中心" if street else "卫生院"
        self.branch(town, f"{town_name}{health}党支部", "institution", (8, 25, 14), (1965, 2005))
        self.branch(town, f"{town_name}中心学校党支部", "institution", (10, 40, 20), (1960, 2005))
        for _ in range(rng.randint(1, 2) if street else rng.randint(0, 3)):
            self._enterprise(town, used_enterprises, (3, 25, 8), 2003)
        if rng.random() < 0.6:
            name = f"{town_name}非公企业联合党支部"
            self.branch(town, name, "private_enterprise", (4, 14, 7), (2010, last), kind=K.JOINT_BRANCH)
        if street:
            name = f"{town_name}社会组织联合党支部"
            self.branch(town, name, "social", (3, 10, 5), (2012, last), kind=K.JOINT_BRANCH)

    def _county_departments(self, county: int) -> None:
        c, last = self.c, self.anchor.year - 1

        def committee(name: str, kind: str, domain: str, short: str, founded: tuple[int, int], **extra: Any) -> int:
            return self.add(county, name, kind, domain, short_name=short, founded=founded, **extra)

        def listed(templates: list[str], minimum: int = 1) -> list[str]:
            return [t.format(c=c) for t in templates][: self._count(len(templates), minimum)]

        works = committee(
            f"中共{c}直属机关工作委员会", K.WORKING_COMMITTEE, D.GOVERNMENT, f"{c}直机关工委", (1953, 1985)
        )
        self.works = works
        for office in listed(names.GOVERNMENT_OFFICES, 3):
            self.branch(works, f"{office}党支部", "government", (8, 60, 20), (1950, 2019))
        retired_size = tuple(v * max(self.shape.departments, 0.1) for v in (60, 160, 100))
        self.branch(works, f"{c}直机关离退休干部党支部", "retired", retired_size, (1985, 2000))  # type: ignore[arg-type]

        education = committee(f"中共{c}教育体育局委员会", K.PARTY_COMMITTEE, D.INSTITUTION, f"{c}教体局党委",
                              (1956, 1990))  # fmt: skip
        for school in listed(names.SCHOOLS):
            self.branch(education, f"{school}党支部", "institution", (10, 60, 24), (1955, 2012))

        health = committee(f"中共{c}卫生健康系统委员会", K.PARTY_COMMITTEE, D.INSTITUTION, f"{c}卫健系统党委",
                           (1958, 1995))  # fmt: skip
        hospitals = listed(names.HOSPITALS)
        general = self.add(health, f"{hospitals[0]}党总支", K.GENERAL_BRANCH, D.INSTITUTION, founded=(1952, 1980))
        for ward in ("内科", "外科", "医技", "行政后勤"):
            self.branch(general, f"{hospitals[0]}{ward}党支部", "institution", (15, 45, 25), (1980, 2015))
        for hospital in hospitals[1:]:
            self.branch(health, f"{hospital}党支部", "institution", (10, 50, 20), (1960, 2012))

        state = listed(names.STATE_ENTERPRISES)
        group = committee(f"中共{state[0]}委员会", K.PARTY_COMMITTEE, D.STATE_ENTERPRISE, f"{c}城投集团党委",
                          (2008, 2016), unit=self._enterprise_unit(state[0]))  # fmt: skip
        for number, company in enumerate(state):
            unit = self._enterprise_unit(company) if number else None
            self.branch(group, f"{company}党支部", "state_enterprise", (8, 40, 18), (2008, 2020), unit=unit)

        used: set[str] = set()
        private = committee(f"中共{c}非公有制经济组织委员会", K.PARTY_COMMITTEE, D.PRIVATE_ENTERPRISE, f"{c}非公党委",
                            (2005, 2012))  # fmt: skip
        for _ in range(self._count(15)):
            self._enterprise(private, used, (5, 45, 14), 2005)
        for number in range(self._count(3)):
            name = f"{c}个体工商户第{_NUMERALS[number]}联合党支部"
            self.branch(private, name, "private_enterprise", (4, 15, 8), (2010, last), kind=K.JOINT_BRANCH)

        park = committee(f"中共{c}产业集聚区工作委员会", K.WORKING_COMMITTEE, D.PARK, f"{c}产业集聚区党工委",
                         (2009, 2014))  # fmt: skip
        for _ in range(self._count(8)):
            self._enterprise(park, used, (8, 50, 20), 2009)

        social = committee(f"中共{c}社会组织委员会", K.PARTY_COMMITTEE, D.SOCIAL_ORGANISATION, f"{c}社会组织党委",
                           (2012, 2018))  # fmt: skip
        for organisation in listed(names.SOCIAL_ORGANISATIONS):
            self.branch(social, f"{organisation}党支部", "social", (3, 10, 5), (2012, last))

    # --- sizes, general branches, party groups -----------------------------------------------------

    def finish_structure(self) -> dict[int, int]:
        """Scale branch sizes to the county's member count; split big village branches into 党总支."""
        holders = [o for o in self.orgs if o.size > 0]
        scale = self.shape.members / sum(o.size for o in holders)
        sizes: dict[int, int] = {}
        for org in holders:
            size = max(3, round(org.size * scale))  # ORG-01: a branch of its own needs 3 members
            big = size >= 80 or (size >= 50 and self.rng.random() < 0.2)
            if org.domain in (D.RURAL, D.COMMUNITY) and big:
                # ORG-03: 50 to 100 members → 党总支; many big village branches have not split yet (ORG-01's
                # soft limit of 50 then raises an alert), so only some of them are 党总支 here.
                org.kind = K.GENERAL_BRANCH
                org.name = org.name.removesuffix("党支部") + "党总支"
                org.short_name = org.short_name.removesuffix("党支部") + "党总支"
                parts = min(5, max(2, math.ceil(size / 40)))
                for part, share in enumerate(_apportion(size, [1.0] * parts)):
                    child = self.add(
                        org.index,
                        f"{org.name.removesuffix('党总支')}第{_NUMERALS[part]}党支部",
                        K.BRANCH,
                        org.domain,
                        founded=(org.founded_on.year if org.founded_on else 1990, self.anchor.year - 1),
                        election_term=True,
                        profile=org.profile,
                    )
                    sizes[child] = share
                org.profile = ""
                continue
            sizes[org.index] = size
        for index in list(sizes):
            org = self.orgs[index]
            if org.domain in (D.RURAL, D.COMMUNITY) and sizes[index] >= 30 and self.rng.random() < 0.5:
                for number in range(min(4, max(2, sizes[index] // 15))):
                    self.add(
                        index,
                        f"{org.name}第{_NUMERALS[number]}党小组",
                        K.PARTY_GROUP,
                        org.domain,
                        founded=(org.founded_on.year if org.founded_on else 1990, self.anchor.year - 1),
                        election_term=org.domain in (D.RURAL, D.COMMUNITY),
                    )
        return sizes

    def fill_members(self, sizes: dict[int, int]) -> None:
        rng = self.rng
        for index, size in sizes.items():
            org = self.orgs[index]
            poverty = self._poverty(index)
            members = self.by_org.setdefault(index, [])
            for _ in range(size):
                if org.profile == "rural":
                    address = f"{org.address}{rng.randint(1, 12)}组"
                elif org.profile == "community":
                    address = f"{org.address}{rng.randint(1, 40)}号楼"
                else:
                    address = f"{self.c}城区{rng.choice(names.STREETS)}{rng.randint(1, 300)}号"
                member = make_member(
                    rng,
                    org=index,
                    profile_key=org.profile,
                    anchor=self.anchor,
                    ids=self.ids,
                    address=address,
                    hui_share=org.hui_share,
                    poverty_village=poverty,
                )
                members.append(len(self.members))
                self.members.append(member)

    def _poverty(self, index: int) -> bool:
        org = self.orgs[index]
        while org.unit is None and org.parent is not None and org.kind in BRANCH_KINDS:
            org = self.orgs[org.parent]
        return bool(org.unit and org.unit.is_poverty_village)

    def compute_paths(self) -> None:
        """Relative materialised paths (treebeard's steplen-4 alphabet) in creation order."""
        from dangjian.core.models import Org

        for org in self.orgs:
            if org.parent is None:
                org.rel_path, org.rel_depth = "", 0
                continue
            parent = self.orgs[org.parent]
            parent.numchild += 1
            org.rel_depth = parent.rel_depth + 1
            org.rel_path = parent.rel_path + Org._get_path("", 1, parent.numchild)


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split `total` into integer parts proportional to `weights` (largest remainders)."""
    if not weights:
        return []
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    parts = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


# Collective-economy income tiers of the last year (seed 002: of 367 villages, 8 over 1000万, 59 over 20万,
# 146 over 5万 = 39.5%): (share of villages, low, high) in 元.
_INCOME_TIERS = (
    (0.018, 10_000_000, 30_000_000),
    (0.13, 200_000, 10_000_000),
    (0.24, 50_000, 200_000),
    (0.43, 10_000, 50_000),
    (0.182, 0, 10_000),
)


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
    return math.exp(rng.uniform(math.log(max(low, 1)), math.log(high)))


def _collective_figures(rng: random.Random, anchor_year: int) -> list[tuple[int, Decimal, Decimal]]:
    """Income and assets for the three completed years before the anchor year (latest year first)."""
    _share, low, high = rng.choices(_INCOME_TIERS, [t[0] for t in _INCOME_TIERS])[0]
    income = _log_uniform(rng, low, high) if low else rng.uniform(0, high)
    roll = rng.random()
    if roll < 0.005:  # a handful of villages with over 1亿 of collective assets (seed: 5 of 367)
        assets = _log_uniform(rng, 100_000_000, 300_000_000)
    elif roll < 0.01:  # … and 11 over 1000万
        assets = _log_uniform(rng, 10_000_000, 100_000_000)
    else:
        assets = _log_uniform(rng, 50_000, 8_000_000)
    if income >= 10_000_000:
        assets = max(assets, income * rng.uniform(1.5, 6))
    figures = []
    for offset in range(1, 4):
        figures.append((anchor_year - offset, Decimal(f"{income:.2f}"), Decimal(f"{assets:.2f}")))
        income *= rng.uniform(0.72, 1.02)
        assets *= rng.uniform(0.85, 1.0)
    return figures


def plan_county(
    *,
    seed: int | str,
    place: CountyPlace,
    anchor: dt.date,
    shape: CountyShape | None = None,
    townships: list[tuple[str, bool]] | None = None,
) -> CountyPlan:
    """The whole county as plain values; deterministic for (seed, place, shape, anchor)."""
    rng = random.Random(f"{seed}:{place.region}")
    builder = _Builder(rng, place, shape or CountyShape(), anchor)
    builder.build_structure(townships)
    sizes = builder.finish_structure()
    builder.fill_members(sizes)
    builder.build_posts()
    builder.compute_paths()
    return CountyPlan(place=place, anchor=anchor, orgs=builder.orgs, members=builder.members, posts=builder.posts)
