"""Talent-pool data for tests: in every branch a reserve cadre and a graduate, a service team with a member, a
secondment and a "1+N" pair with a note (shared by the talent tests and the API scope walk)."""

from __future__ import annotations

import datetime as dt

from dangjian.core.choices import Education, Gender
from dangjian.villages.choices import PoliticalStatus, ServiceTeamKind, TalentPool
from dangjian.villages.models import MentoringPair, Secondment, ServiceTeam, Talent
from dangjian.villages.services import talent as services

PLACES = {"a1": "李庄村", "a2": "王庄村", "b1": "和平社区"}
NAMES = {"a1": ("李明", "李华"), "a2": ("王强", "王芳"), "b1": ("赵磊", "赵敏")}


def make_talent(org, pool=TalentPool.RESERVE, **overrides) -> Talent:
    values = {
        "actor": None,
        "org": org,
        "pool": pool,
        "name": "张伟",
        "gender": Gender.MALE,
        "birth_date": dt.date(1995, 6, 1),
        "education": Education.JUNIOR_COLLEGE,
        "political_status": PoliticalStatus.MEMBER,
        "entry_date": dt.date(2024, 3, 1),
    }
    return services.talent_create(**values | overrides)


def talent_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    found: dict[str, tuple] = {}
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1)):
        place = PLACES[key]
        reserve_name, graduate_name = NAMES[key]
        reserve = make_talent(org, name=reserve_name, speciality=f"{place}种植")
        graduate = make_talent(org, TalentPool.GRADUATE, name=graduate_name, education=Education.BACHELOR)
        team = services.team_create(
            actor=None,
            org=org,
            name=f"{place}农技服务队",
            kind=ServiceTeamKind.AGRI_TECH,
            founded_on=dt.date(2024, 1, 1),
        )
        services.team_member_add(actor=None, team=team, talent=reserve, is_leader=True)
        secondment = services.secondment_create(
            actor=None,
            org=org,
            name=f"{reserve_name}挂职",
            from_unit="县农业农村局",
            post=f"{place}党支部副书记",
            start=dt.date(2024, 1, 31),
            term_months=12,
        )
        pair = services.mentoring_create(
            actor=None,
            org=org,
            mentor_name=f"{place}老书记",
            mentor_post="党支部书记",
            start=dt.date(2024, 3, 1),
            end=dt.date(2025, 3, 1),
            goals="一年内熟悉村务,能独立组织主题党日",
            mentees=[reserve, graduate],
        )
        services.mentoring_note_add(actor=None, pair=pair, noted_on=dt.date(2024, 4, 1), content="带学村规民约")
        found[key] = (reserve, graduate, team, secondment, pair)
    reserve, graduate, team, secondment, pair = found["a1"]
    return {Talent: [reserve, graduate], ServiceTeam: [team], Secondment: [secondment], MentoringPair: [pair]}
