"""Compliance data for tests: meeting rows written directly (all required fields, a unique check-in token) so the
engine is tested on exactly the counters it reads; in every branch a held 主题党日 this month with one member
present, so every branch has something to show and members absent for six months."""

from __future__ import annotations

import datetime as dt
import secrets

from django.utils import timezone

from dangjian.core import clock
from dangjian.orglife.choices import AttendanceStatus, CheckinMethod, MeetingKind
from dangjian.orglife.models import Attendance, Meeting
from tests.orglife.settings_world import seed_requirements


def make_meeting(
    org,
    kind: str,
    day: dt.date,
    *,
    held: bool = True,
    backfilled: bool = False,
    cancelled: bool = False,
    expected: int = 0,
    present: int = 0,
    topic: str = "学习贯彻党的二十届四中全会精神",
) -> Meeting:
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    return Meeting.objects.create(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        kind=kind,
        topic=topic,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        held_on=day,
        place="党员活动室",
        held=held,
        recorded_at=starts + dt.timedelta(days=10 if backfilled else 0, hours=3) if held else None,
        backfilled=backfilled,
        cancelled=cancelled,
        cancel_reason="防汛值班" if cancelled else "",
        checkin_token=secrets.token_urlsafe(32),
        expected_count=expected,
        present_count=present,
        absent_count=expected - present,
    )


def attend(meeting: Meeting, person, status: str = AttendanceStatus.PRESENT) -> Attendance:
    return Attendance.objects.create(
        county_id=meeting.county_id,
        org_path=meeting.org_path,
        meeting=meeting,
        person=person,
        held_on=meeting.held_on,
        status=status,
        reason="" if status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE) else "外出务工",
        method=CheckinMethod.SECRETARY,
    )


def compliance_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    seed_requirements(tree.county)
    day = clock.today().replace(day=1)
    found = {}
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1)):
        people = tree.people[key]
        meeting = make_meeting(org, MeetingKind.THEME_DAY, day, expected=len(people), present=1)
        found[key] = (meeting, attend(meeting, people[0]))
    meeting, attendance = found["a1"]
    return {Meeting: [meeting], Attendance: [attendance]}
