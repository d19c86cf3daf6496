"""The demo builder of 志愿服务 on a small county: teams, activities and confirmed hours that obey the rules."""

import datetime as dt
import random

import pytest
from django.db.models import Count
from django.utils import timezone

from dangjian.core.choices import AuditAction, OrgKind
from dangjian.core.models import AuditEntry
from dangjian.orglife import rules
from dangjian.orglife.choices import ActivityStatus
from dangjian.orglife.demo import volunteers
from dangjian.orglife.models import PointEntry, Signup, TeamMember, VolunteerActivity, VolunteerTeam
from tests.core.factories import make_org, make_person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def county(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    for org in (tree.village_a1, tree.community_b1):
        for _ in range(6):
            make_person(org)
    make_org(tree.village_a1, "G001", "李庄村第一党小组", kind=OrgKind.PARTY_GROUP)
    return tree.county


def test_volunteer_demo(tree, county):
    volunteers.build(county, today=TODAY, rng=random.Random(7))
    teams = list(VolunteerTeam.objects.select_related("org"))
    # the community branch and the first village branch of its township; a2 has too few members for a team
    assert {t.org.code for t in teams} == {"V001", "V003"}
    assert all(t.leader_id and TeamMember.objects.filter(team=t, person=t.leader).exists() for t in teams)
    assert VolunteerActivity.objects.count() == len(teams) * 12
    now = timezone.make_aware(dt.datetime.combine(TODAY, dt.time(12)))
    for activity in VolunteerActivity.objects.annotate(taken=Count("signups")):
        assert activity.starts_at < activity.ends_at
        assert not rules.activity_full(activity.capacity, activity.taken - 1)
        if activity.ends_at > now:
            assert activity.status != ActivityStatus.CLOSED
    assert VolunteerActivity.objects.filter(starts_at__gt=now).exists()
    confirmed = Signup.objects.filter(confirmed=True).select_related("activity")
    assert confirmed.count() > 20
    for signup in confirmed:
        cap = rules.service_hours_cap(signup.activity.starts_at, signup.activity.ends_at)
        assert rules.service_hours_problem(signup.hours, cap) is None
        assert signup.activity.ends_at <= now and signup.signed_at < signup.activity.starts_at
        assert signup.activity.status == ActivityStatus.CLOSED
    assert not Signup.objects.filter(confirmed=False, hours__gt=0).exists()
    assert not Signup.objects.filter(activity__status=ActivityStatus.CANCELLED, confirmed=True).exists()
    assert not PointEntry.objects.exists()  # the points demo writes them
    summary = AuditEntry.objects.get(action=AuditAction.CREATE, after__demo="volunteers")
    assert summary.after["signups"] == Signup.objects.count()
