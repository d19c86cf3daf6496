"""Demo 志愿服务: a 红马甲 team in every community branch and in some village branches (always the first village
branch of each township, where the demo accounts live), about two activities a month per team over the last six
months plus a few still open for sign-up, and sign-ups whose hours are mostly confirmed. Set-based; no points here
(the points demo reads the confirmed sign-ups)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.utils import timezone

from dangjian.core import audit
from dangjian.core.choices import BRANCH_KINDS, COUNTED_STANDINGS, AuditAction, OrgDomain, OrgLevel
from dangjian.core.models import Org, Person
from dangjian.members.rules import add_months
from dangjian.orglife import rules
from dangjian.orglife.choices import ActivityStatus
from dangjian.orglife.models import Signup, TeamMember, VolunteerActivity, VolunteerTeam

VILLAGE_SHARE = 0.2
MONTHS = 6
COMMUNITY_TEAMS = ("红马甲志愿服务队", "“家在社区”党员志愿服务队", "红马甲志愿服务队")
VILLAGE_TEAMS = ("红马甲志愿服务队", "党员志愿服务队", "乡风文明志愿服务队")
SERVICE_AREAS = (
    "环境整治、文明劝导、关爱老人",
    "政策宣讲、矛盾调解、帮办代办",
    "助老助残、邻里互助、平安巡逻",
    "垃圾分类宣传、卫生大扫除、便民服务",
)
COMMUNITY_ACTIVITIES = (
    ("小区环境卫生大扫除", "小区广场"),
    ("关爱独居老人上门走访", "社区党群服务中心"),
    ("垃圾分类入户宣传", "社区各小区"),
    ("平安巡逻", "社区主干道"),
    ("文明交通劝导", "十字路口执勤点"),
    ("政策宣讲进楼栋", "社区党群服务中心"),
    ("便民理发、义诊服务", "社区文化广场"),
    ("清理楼道小广告", "社区各楼栋"),
)
VILLAGE_ACTIVITIES = (
    ("村庄人居环境整治", "村内主街"),
    ("帮助留守老人秋收", "村民责任田"),
    ("防溺水安全巡查", "村东坑塘"),
    ("移风易俗宣传", "村文化广场"),
    ("为五保户打扫卫生", "五保户家中"),
    ("防汛隐患排查", "村内沟渠"),
    ("秸秆禁烧巡查", "村周边田间"),
    ("惠农政策宣讲", "村党群服务中心"),
)
STARTS = ((8, 0), (8, 30), (9, 0), (14, 30), (15, 0), (19, 0))
DURATIONS = (90, 120, 150, 180, 240)
CAPACITIES = (0, 0, 10, 15, 20, 30)


@contextmanager
def _keep_signup_times() -> Iterator[None]:
    """Let the generated sign-ups keep their own times (before each activity) instead of the build time."""
    field = Signup._meta.get_field("signed_at")
    previous = field.auto_now_add  # type: ignore[attr-defined]
    field.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        field.auto_now_add = previous  # type: ignore[attr-defined]


def _team_orgs(county: Org, rng: random.Random) -> list[Org]:
    branches = list(
        Org.objects.filter(county=county, kind__in=BRANCH_KINDS, is_dissolved=False)
        .filter(domain__in=(OrgDomain.COMMUNITY, OrgDomain.RURAL))
        .order_by("path")
    )
    townships = Org.objects.filter(county=county, level=OrgLevel.TOWNSHIP).order_by("path").values_list("path")
    first_rural = set()
    for (path,) in townships:
        first = next((o for o in branches if o.domain == OrgDomain.RURAL and o.path.startswith(path)), None)
        if first is not None:
            first_rural.add(first.pk)
    return [
        org
        for org in branches
        if org.domain == OrgDomain.COMMUNITY or org.pk in first_rural or rng.random() < VILLAGE_SHARE
    ]


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    """Add volunteer teams, activities and sign-ups to an existing demo county (set-based; deterministic)."""
    orgs = _team_orgs(county, rng)
    people: dict[int, list[tuple[int, str]]] = {}
    rows = (
        Person.objects.filter(county=county, org__in=orgs, standing__in=COUNTED_STANDINGS)
        .order_by("id")
        .values_list("id", "org_id", "org_path")
    )
    for person_id, org_id, org_path in rows:
        people.setdefault(org_id, []).append((person_id, org_path))
    orgs = [org for org in orgs if len(people.get(org.pk, ())) >= 5]

    teams, rosters = [], []
    for org in orgs:
        names = COMMUNITY_TEAMS if org.domain == OrgDomain.COMMUNITY else VILLAGE_TEAMS
        # the branch's first member (where the demo member account lives) always volunteers
        first, *others = people[org.pk]
        roster = [first, *rng.sample(others, min(len(others), rng.randint(5, 14)))]
        teams.append(
            VolunteerTeam(
                county_id=county.pk,
                org=org,
                org_path=org.path,
                name=rng.choice(names),
                service_area=rng.choice(SERVICE_AREAS),
                leader_id=rng.choice(roster)[0],
                founded_on=today - dt.timedelta(days=rng.randint(400, 1600)),
            )
        )
        rosters.append(roster)
    VolunteerTeam.objects.bulk_create(teams, batch_size=5000)

    members = [
        TeamMember(
            county_id=county.pk,
            org_path=org_path,
            team=team,
            person_id=person_id,
            joined_on=team.founded_on + dt.timedelta(days=rng.randint(0, 300)),
        )
        for team, roster in zip(teams, rosters, strict=True)
        for person_id, org_path in roster
    ]
    TeamMember.objects.bulk_create(members, batch_size=5000)

    now = timezone.make_aware(dt.datetime.combine(today, dt.time(12, 0)))
    first_month = add_months(today.replace(day=1), -(MONTHS - 1))
    activities, crews = [], []
    for team, roster in zip(teams, rosters, strict=True):
        choices = COMMUNITY_ACTIVITIES if team.org.domain == OrgDomain.COMMUNITY else VILLAGE_ACTIVITIES
        for month in range(MONTHS):
            month_first = add_months(first_month, month)
            month_days = (add_months(month_first, 1) - month_first).days
            for title, place in rng.sample(choices, 2):
                day = month_first + dt.timedelta(days=rng.randrange(month_days))
                starts_at = _at(day, *rng.choice(STARTS))
                ends_at = starts_at + dt.timedelta(minutes=rng.choice(DURATIONS))
                capacity = rng.choice(CAPACITIES)
                cancelled = starts_at > now - dt.timedelta(days=60) and rng.random() < 0.03
                activities.append(
                    VolunteerActivity(
                        county_id=county.pk,
                        org_id=team.org_id,
                        org_path=team.org_path,
                        team=team,
                        title=title,
                        description=f"{team.name}组织志愿者开展{title},请报名的同志准时到达{place}集合。",
                        place=place,
                        starts_at=starts_at,
                        ends_at=ends_at,
                        capacity=capacity,
                        status=ActivityStatus.CANCELLED if cancelled else ActivityStatus.OPEN,
                    )
                )
                crews.append(roster)
    VolunteerActivity.objects.bulk_create(activities, batch_size=5000)

    signups = []
    confirmed_count = 0
    for activity, roster in zip(activities, crews, strict=True):
        ended = activity.ends_at <= now
        wanted = rng.randint(0, 5) if activity.starts_at > now else rng.randint(3, 9)
        if activity.capacity:
            wanted = min(wanted, activity.capacity)
        cap = rules.service_hours_cap(activity.starts_at, activity.ends_at)
        confirm = ended and activity.status != ActivityStatus.CANCELLED and rng.random() < 0.92
        for person_id, org_path in rng.sample(roster, min(wanted, len(roster))):
            hours = Decimal("0.0")
            if confirm and rng.random() < 0.95:
                hours = max(Decimal("0.5"), cap - rng.choice((Decimal("0"), Decimal("0"), Decimal("0.5"))))
                confirmed_count += 1
            signups.append(
                Signup(
                    county_id=county.pk,
                    org_path=org_path,
                    activity_path=activity.org_path,
                    activity=activity,
                    person_id=person_id,
                    signed_at=activity.starts_at - dt.timedelta(hours=rng.randint(6, 240)),
                    hours=hours,
                    confirmed=hours > 0,
                )
            )
        if confirm:
            activity.status = ActivityStatus.CLOSED
    with _keep_signup_times():
        Signup.objects.bulk_create(signups, batch_size=5000)
    closed = [a.pk for a in activities if a.status == ActivityStatus.CLOSED]
    for start in range(0, len(closed), 5000):
        VolunteerActivity.objects.filter(pk__in=closed[start : start + 5000]).update(status=ActivityStatus.CLOSED)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={
            "demo": "volunteers",
            "teams": len(teams),
            "members": len(members),
            "activities": len(activities),
            "signups": len(signups),
            "confirmed": confirmed_count,
        },
    )
