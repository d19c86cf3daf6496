"""志愿服务 data for tests: in every branch a team with one volunteer, an activity that ended an hour ago and a
sign-up with confirmed hours (shared by the volunteer tests and the API scope walk)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from dangjian.orglife.models import Signup, TeamMember, VolunteerActivity, VolunteerTeam
from dangjian.orglife.services import volunteers as services

PLACES = {"a1": "李庄村", "a2": "王庄村", "b1": "和平社区"}


def volunteers_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    now = timezone.now()
    found: dict[str, tuple] = {}
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1)):
        place = PLACES[key]
        person = tree.people[key][0]
        team = services.team_create(actor=None, org=org, name=f"{place}红马甲志愿服务队", service_area="环境整治")
        member = services.team_join(actor=None, team=team, person=person)
        activity = services.activity_create(
            actor=None,
            org=org,
            team=team,
            title=f"{place}环境卫生大扫除",
            place=f"{place}文化广场",
            starts_at=now - dt.timedelta(hours=3),
            ends_at=now - dt.timedelta(hours=1),
            capacity=10,
        )
        signup = services.signup_create(actor=None, activity=activity, person=person)
        signup = services.signup_confirm(actor=None, signup=signup, hours=Decimal("2.0"))
        found[key] = (team, member, activity, signup)
    team, member, activity, signup = found["a1"]
    return {VolunteerTeam: [team], TeamMember: [member], VolunteerActivity: [activity], Signup: [signup]}
