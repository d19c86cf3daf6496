"""Posts (职务) of a demo county: committees, village "两委", 第一书记, 包村干部, with their terms."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dangjian.core import rules
from dangjian.core.choices import (
    BRANCH_KINDS,
    MemberCategory,
    MemberStatus,
    Occupation,
    OrgDomain,
    OrgKind,
    OrgLevel,
    PostTitle,
    UnitKind,
)

if TYPE_CHECKING:
    from dangjian.core.demo.people import Member
    from dangjian.core.demo.plan import OrgPlan

K, D = OrgKind, OrgDomain


@dataclass(slots=True)
class PostPlan:
    org: int
    person: int
    title: str
    term_start: dt.date
    term_end: dt.date | None = None
    note: str = ""


class PostsMixin:
    """Post-building steps of the county builder; works on its orgs, members and anchor date."""

    rng: random.Random
    anchor: dt.date
    orgs: list[OrgPlan]
    members: list[Member]
    posts: list[PostPlan]
    by_org: dict[int, list[int]]
    works: int

    def _subtree_members(self, index: int) -> list[int]:
        result = list(self.by_org.get(index, []))
        for org in self.orgs:
            if org.parent == index:
                result.extend(self._subtree_members(org.index))
        return result

    def _pick(self, pool: list[int], taken: set[int], *, ages: tuple[int, int] = (28, 62)) -> int | None:
        """A full member of the pool in the age range, not yet holding a post here; else anyone left."""
        candidates = [
            p
            for p in pool
            if p not in taken
            and self.members[p].status == MemberStatus.FULL
            and ages[0] <= self.members[p].age_on(self.anchor) <= ages[1]
        ]
        if not candidates:
            candidates = [p for p in pool if p not in taken]
        if not candidates:
            return None
        choice = self.rng.choice(candidates)
        taken.add(choice)
        return choice

    def _post(
        self,
        org: int,
        person: int | None,
        title: str,
        *,
        term_start: dt.date | None = None,
        term_end: dt.date | None = None,
        note: str = "",
    ) -> None:
        if person is None:
            return
        start = term_start or self.orgs[org].term_start or self.anchor
        self.posts.append(PostPlan(org=org, person=person, title=title, term_start=start, term_end=term_end, note=note))

    def _committee_posts(self, org: int, pool: list[int], titles: Sequence[str], ages: tuple[int, int]) -> list[int]:
        taken: set[int] = set()
        chosen = []
        for title in titles:
            person = self._pick(pool, taken, ages=ages)
            self._post(org, person, title)
            if person is not None:
                chosen.append(person)
        return chosen

    def build_posts(self) -> None:
        rng = self.rng
        T = PostTitle
        county_pool = [
            p
            for o in self.orgs
            if o.parent == self.works and o.profile == "government"
            for p in self.by_org.get(o.index, [])
            if self.members[p].occupation == Occupation.CIVIL_SERVANT
        ]
        council = [
            T.SECRETARY,
            T.DEPUTY_SECRETARY,
            T.DEPUTY_SECRETARY,
            T.ORGANISATION_MEMBER,
            T.PUBLICITY_MEMBER,
            T.DISCIPLINE_MEMBER,
            *[T.COMMITTEE_MEMBER] * 5,
        ]
        leaders = set(self._committee_posts(0, county_pool, council, (42, 58)))
        county_pool = [p for p in county_pool if p not in leaders]
        first_secretaries = [p for p in county_pool if 26 <= self.members[p].age_on(self.anchor) <= 50]
        rng.shuffle(first_secretaries)

        for org in self.orgs[1:]:
            members = self.by_org.get(org.index, [])
            if org.level == OrgLevel.TOWNSHIP:
                office = next((o.index for o in self.orgs if o.parent == org.index and o.profile == "government"), None)
                pool = self.by_org.get(office, []) if office is not None else []
                titles = [
                    T.SECRETARY,
                    T.DEPUTY_SECRETARY,
                    T.DEPUTY_SECRETARY,
                    T.ORGANISATION_MEMBER,
                    T.PUBLICITY_MEMBER,
                    T.DISCIPLINE_MEMBER,
                    T.COMMITTEE_MEMBER,
                    T.COMMITTEE_MEMBER,
                ]
                self._committee_posts(org.index, pool, titles, (30, 58))
                self._township_liaisons(org.index, pool)
            elif org.kind in (K.PARTY_COMMITTEE, K.WORKING_COMMITTEE, K.GENERAL_BRANCH):
                pool = self._subtree_members(org.index)
                titles = [
                    T.SECRETARY,
                    T.DEPUTY_SECRETARY,
                    T.ORGANISATION_MEMBER,
                    T.PUBLICITY_MEMBER,
                    T.DISCIPLINE_MEMBER,
                ]
                chosen = self._committee_posts(org.index, pool, titles, (32, 60))
                if org.domain in (D.RURAL, D.COMMUNITY):
                    self._village_posts(org, chosen, pool, first_secretaries)
            elif org.kind in BRANCH_KINDS and members:
                parent = self.orgs[org.parent] if org.parent is not None else None
                village = org.domain in (D.RURAL, D.COMMUNITY)
                if parent is not None and parent.kind == K.GENERAL_BRANCH:
                    titles = [T.SECRETARY] + ([T.ORGANISATION_MEMBER, T.PUBLICITY_MEMBER] if len(members) >= 7 else [])
                    chosen = self._committee_posts(org.index, members, titles, (30, 65))
                    self._mark_cadres(chosen, village)
                    continue
                titles = [T.SECRETARY]
                if len(members) >= 15:
                    titles.append(T.DEPUTY_SECRETARY)
                if len(members) >= 7:  # ORG-02: seven or more full members elect a committee
                    titles += [T.ORGANISATION_MEMBER, T.PUBLICITY_MEMBER, T.DISCIPLINE_MEMBER]
                chosen = self._committee_posts(org.index, members, titles, (30, 62 if village else 59))
                if village:
                    self._village_posts(org, chosen, members, first_secretaries)
                else:
                    self._mark_cadres(chosen, False)
                    if org.domain == D.PRIVATE_ENTERPRISE and county_pool and rng.random() < 0.5:
                        self._post(org.index, rng.choice(county_pool), T.INSTRUCTOR, term_start=self._recent_start(900))

    def _recent_start(self, days: int) -> dt.date:
        return self.anchor - dt.timedelta(days=self.rng.randint(20, days))

    def _mark_cadres(self, people: list[int], village: bool) -> None:
        for number, person in enumerate(people):
            member = self.members[person]
            if number == 0:
                member.party_worker = True
            if village and member.category in (MemberCategory.ORDINARY, MemberCategory.MOBILE):
                member.category = MemberCategory.CADRE

    def _village_posts(self, org: OrgPlan, chosen: list[int], pool: list[int], first_secretaries: list[int]) -> None:
        """村(社区)"两委": 书记 (usually also 村委会主任, "一肩挑"), 后备干部, 第一书记 and 驻村工作队."""
        rng, T = self.rng, PostTitle
        self._mark_cadres(chosen, True)
        taken = set(chosen)
        if chosen and rng.random() < 0.8:
            self._post(org.index, chosen[0], T.VILLAGE_DIRECTOR, note="书记、主任一肩挑")
        else:
            director = self._pick(pool, taken, ages=(30, 60))
            self._post(org.index, director, T.VILLAGE_DIRECTOR)
            self._mark_cadres([director] if director is not None else [], True)
        for _ in range(rng.randint(1, 2)):
            self._post(org.index, self._pick(pool, taken, ages=(22, 40)), T.RESERVE_CADRE)
        if chosen and rng.random() < 0.1:
            # The previous term's secretary: a post that ended when this term began.
            previous = self._pick(pool, taken, ages=(55, 80))
            if previous is not None and org.term_start:
                start = rules.add_years(org.term_start, -5)
                self._post(org.index, previous, T.SECRETARY, term_start=start, term_end=org.term_start)
        poverty = bool(org.unit and org.unit.is_poverty_village)
        if first_secretaries and (poverty or rng.random() < 0.08):
            person = first_secretaries.pop()
            self._post(
                org.index,
                person,
                T.FIRST_SECRETARY,
                term_start=self._recent_start(700),
                note=f"选派单位: {self.orgs[self.members[person].org].name.removesuffix('党支部')}",
            )
            for _ in range(2 if poverty and len(first_secretaries) > 2 else 0):
                self._post(org.index, first_secretaries.pop(), T.WORK_TEAM_MEMBER, term_start=self._recent_start(700))

    def _township_liaisons(self, town: int, pool: list[int]) -> None:
        """包村干部: township cadres each covering two to four villages."""
        liaisons = [p for p in pool if self.members[p].status == MemberStatus.FULL] or pool
        if not liaisons:
            return
        villages = [
            o.index
            for o in self.orgs
            if o.parent == town and o.unit is not None and o.unit.kind in (UnitKind.VILLAGE, UnitKind.COMMUNITY)
        ]
        for number, village in enumerate(villages):
            person = liaisons[(number // 3) % len(liaisons)]
            self._post(village, person, PostTitle.LIAISON_CADRE, term_start=self._recent_start(1000))
