"""Member profiles of the demo data: ages, education, gender, occupation and categories by domain.

Everything draws from the caller's `random.Random`, so a seed gives the same people.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from dangjian.core import rules
from dangjian.core.choices import Education, Gender, MemberCategory, MemberStatus, Occupation
from dangjian.core.demo import names

E = Education
_EDU_ORDER = (
    E.PRIMARY_OR_BELOW,
    E.JUNIOR_HIGH,
    E.HIGH_SCHOOL,
    E.SECONDARY_VOCATIONAL,
    E.JUNIOR_COLLEGE,
    E.BACHELOR,
    E.POSTGRADUATE,
)
# Education weights (in _EDU_ORDER) by the year of birth, per education class.
_EDUCATION = {
    "rural": (
        (1950, (55, 30, 12, 3, 0, 0, 0)),
        (1965, (25, 45, 22, 5, 3, 0, 0)),
        (1980, (8, 45, 27, 8, 9, 3, 0)),
        (1990, (0, 30, 25, 12, 20, 12, 1)),
        (2100, (0, 10, 15, 12, 33, 28, 2)),
    ),
    "professional": (
        (1965, (0, 0, 10, 20, 40, 28, 2)),
        (1980, (0, 0, 0, 8, 32, 52, 8)),
        (2100, (0, 0, 0, 0, 15, 68, 17)),
    ),
    "enterprise": (
        (1970, (0, 25, 35, 15, 15, 10, 0)),
        (1985, (0, 15, 25, 15, 25, 18, 2)),
        (2100, (0, 5, 12, 13, 35, 32, 3)),
    ),
}

_O = Occupation


@dataclass(frozen=True)
class Profile:
    """How the members of one kind of branch look."""

    ages: tuple[tuple[int, int, int], ...]  # (from age, to age, weight)
    female: float
    education: str
    occupations: tuple[tuple[str, int], ...]
    join_ages: tuple[int, int, int]  # triangular (low, high, mode) age at joining
    probationary: float


PROFILES: dict[str, Profile] = {
    # Villages: many older members (the national figures' ageing rural membership).
    "rural": Profile(
        ages=((20, 30, 6), (31, 40, 10), (41, 50, 15), (51, 60, 22), (61, 70, 24), (71, 80, 16), (81, 96, 7)),
        female=0.21,
        education="rural",
        occupations=((_O.FARMER, 78), (_O.WORKER, 8), (_O.OTHER, 12), (_O.MANAGER, 2)),
        join_ages=(19, 50, 26),
        probationary=0.022,
    ),
    "community": Profile(
        ages=((22, 35, 10), (36, 50, 20), (51, 60, 18), (61, 75, 35), (76, 95, 17)),
        female=0.42,
        education="enterprise",
        occupations=((_O.RETIRED, 45), (_O.OTHER, 25), (_O.WORKER, 12), (_O.MANAGER, 8), (_O.PROFESSIONAL, 10)),
        join_ages=(19, 45, 27),
        probationary=0.025,
    ),
    "government": Profile(
        ages=((23, 30, 14), (31, 40, 28), (41, 50, 32), (51, 59, 26)),
        female=0.36,
        education="professional",
        occupations=((_O.CIVIL_SERVANT, 85), (_O.MANAGER, 10), (_O.PROFESSIONAL, 5)),
        join_ages=(19, 35, 23),
        probationary=0.03,
    ),
    "retired": Profile(
        ages=((60, 70, 40), (71, 80, 38), (81, 97, 22)),
        female=0.3,
        education="professional",
        occupations=((_O.RETIRED, 100),),
        join_ages=(19, 40, 25),
        probationary=0.0,
    ),
    "institution": Profile(
        ages=((23, 30, 16), (31, 40, 30), (41, 50, 30), (51, 59, 24)),
        female=0.52,
        education="professional",
        occupations=((_O.PROFESSIONAL, 80), (_O.MANAGER, 15), (_O.WORKER, 5)),
        join_ages=(19, 35, 23),
        probationary=0.03,
    ),
    "state_enterprise": Profile(
        ages=((22, 30, 14), (31, 40, 28), (41, 50, 32), (51, 59, 26)),
        female=0.3,
        education="enterprise",
        occupations=((_O.MANAGER, 30), (_O.PROFESSIONAL, 25), (_O.WORKER, 45)),
        join_ages=(19, 38, 25),
        probationary=0.03,
    ),
    "private_enterprise": Profile(
        ages=((21, 30, 24), (31, 40, 34), (41, 50, 26), (51, 58, 16)),
        female=0.32,
        education="enterprise",
        occupations=((_O.WORKER, 45), (_O.MANAGER, 30), (_O.PROFESSIONAL, 20), (_O.OTHER, 5)),
        join_ages=(19, 38, 24),
        probationary=0.04,
    ),
    "social": Profile(
        ages=((24, 35, 25), (36, 50, 40), (51, 65, 35)),
        female=0.46,
        education="enterprise",
        occupations=((_O.OTHER, 50), (_O.PROFESSIONAL, 30), (_O.MANAGER, 20)),
        join_ages=(19, 40, 25),
        probationary=0.04,
    ),
}

# Minorities other than 回族 that live scattered in Henan (weights).
_OTHER_MINORITIES = (
    ("满族", 30),
    ("蒙古族", 20),
    ("壮族", 12),
    ("土家族", 10),
    ("苗族", 10),
    ("朝鲜族", 5),
    ("彝族", 5),
)
_ONE_DAY = dt.timedelta(days=1)
_FOUNDING = dt.date(1949, 10, 1)
_FOUNDING_ELIGIBLE = dt.date(1931, 6, 1)  # 18 well before the founding


@dataclass(slots=True)
class Member:
    """One generated member (plain values; the writer turns them into rows)."""

    org: int
    name: str
    gender: str
    ethnicity: str
    birth_date: dt.date
    education: str
    id_number: str
    status: str
    joined_on: dt.date
    confirmed_on: dt.date | None
    category: str
    occupation: str
    phone: str
    address: str
    in_hardship: bool = False
    poverty_registered: bool = False
    party_worker: bool = False

    def age_on(self, day: dt.date) -> int:
        return rules.age_on(self.birth_date, day)


class IdNumbers:
    """Unique, valid ID numbers for one region: one order code per birth date and gender parity."""

    def __init__(self, region: str) -> None:
        self.region = region
        self._used: dict[dt.date, set[int]] = {}

    def make(self, rng: random.Random, birth: dt.date, *, male: bool) -> str:
        used = self._used.setdefault(birth, set())
        order = rng.randrange(1000)
        for _ in range(1000):
            candidate = order if (order % 2 == 1) == male else (order + 1) % 1000
            if candidate not in used:
                used.add(candidate)
                return rules.make_id_number(region=self.region, birth_date=birth, sequence=candidate, is_male=male)
            order = (order + 2) % 1000
        raise RuntimeError(f"no free ID order code for {birth} in {self.region}")


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]


def _education(rng: random.Random, kind: str, birth_year: int) -> str:
    for before, weights in _EDUCATION[kind]:
        if birth_year < before:
            return rng.choices(_EDU_ORDER, weights)[0].value
    raise AssertionError("unreachable: the last bracket is open")


def _birth_for_age(rng: random.Random, age: int, anchor: dt.date) -> dt.date:
    """A birth date whose age on `anchor` is exactly `age`."""
    latest = rules.add_years(anchor, -age)
    earliest = rules.add_years(anchor, -(age + 1)) + _ONE_DAY
    return earliest + dt.timedelta(days=rng.randrange((latest - earliest).days + 1))


def make_member(
    rng: random.Random,
    *,
    org: int,
    profile_key: str,
    anchor: dt.date,
    ids: IdNumbers,
    address: str,
    hui_share: float = 0.008,
    poverty_village: bool = False,
) -> Member:
    profile = PROFILES[profile_key]
    probationary = rng.random() < profile.probationary
    if probationary:
        age = rng.randint(20, 38)
    else:
        low, high, _ = rng.choices(profile.ages, [a[2] for a in profile.ages])[0]
        age = rng.randint(low, high)
    birth = _birth_for_age(rng, age, anchor)
    male = rng.random() >= profile.female

    ethnicity = "汉族"
    roll = rng.random()
    if roll < hui_share:
        ethnicity = "回族"
    elif roll < hui_share + 0.004:
        ethnicity = _weighted(rng, _OTHER_MINORITIES)
    name = names.person_name(rng, male=male, birth_year=birth.year, hui=ethnicity == "回族")

    adult_on = rules.add_years(birth, rules.ADULT_AGE)
    if probationary:
        joined = anchor - dt.timedelta(days=rng.randint(1, 364))
        confirmed = None
    else:
        latest_full = rules.add_years(anchor, -1)
        join_age = rng.triangular(*profile.join_ages)
        joined = birth + dt.timedelta(days=round(join_age * 365.25))
        if joined > latest_full:
            span = (latest_full - adult_on).days
            joined = adult_on + dt.timedelta(days=rng.randrange(span + 1)) if span >= 0 else latest_full
        joined = max(joined, adult_on)
        if birth < _FOUNDING_ELIGIBLE and rng.random() < 0.25:
            # The oldest members joined before the founding of the People's Republic (a STATS period).
            joined = adult_on + dt.timedelta(days=rng.randrange((_FOUNDING - adult_on).days))
        if joined > latest_full:
            # Too young to have finished a year's probation: a probationary member joined this year.
            probationary = True
            joined = max(adult_on, anchor - dt.timedelta(days=rng.randint(1, 364)))
            confirmed = None
        else:
            confirmed = rules.probation_end(joined)
            if rng.random() < 0.04:  # RECRUIT-13: some probations were extended by 6 to 12 months
                extended = confirmed + dt.timedelta(days=rng.randint(183, 365))
                confirmed = extended if extended <= anchor else confirmed
    status = MemberStatus.PROBATIONARY if probationary else MemberStatus.FULL

    occupation = _weighted(rng, profile.occupations)
    if profile_key == "rural" and age <= 24 and rng.random() < 0.3:
        occupation = Occupation.STUDENT
    elif profile_key not in ("rural", "retired") and age >= 60:
        occupation = Occupation.RETIRED

    category = MemberCategory.ORDINARY
    party_years = (anchor - joined).days / 365.25
    roll = rng.random()
    if age >= 70 and party_years >= 40 and roll < 0.6:
        category = MemberCategory.VETERAN
    elif profile_key == "rural":
        if age <= 50 and roll < 0.12:
            category = MemberCategory.MOBILE
            if occupation == Occupation.FARMER:
                occupation = rng.choice((Occupation.WORKER, Occupation.OTHER))
        elif roll < 0.18:
            category = MemberCategory.CENTRE_HOUSEHOLD
        elif roll < 0.22:
            category = MemberCategory.GRID_LEADER
    elif profile_key == "community" and roll < 0.08:
        category = MemberCategory.GRID_LEADER

    phone = "" if age >= 75 and rng.random() < 0.3 else names.mobile(rng)
    old_rural = profile_key in ("rural", "community") and age >= 70
    return Member(
        org=org,
        name=name,
        gender=Gender.MALE if male else Gender.FEMALE,
        ethnicity=ethnicity,
        birth_date=birth,
        education=_education(rng, PROFILES[profile_key].education, birth.year),
        id_number=ids.make(rng, birth, male=male),
        status=status,
        joined_on=joined,
        confirmed_on=confirmed,
        category=category,
        occupation=occupation,
        phone=phone,
        address=address,
        in_hardship=rng.random() < (0.08 if old_rural else 0.01),
        poverty_registered=profile_key == "rural" and rng.random() < (0.1 if poverty_village else 0.02),
    )
