"""Meetings for tests: in every branch a 主题党日 two days ago, recorded as held, with everyone's attendance (one
member on sick leave) — shared by the meeting tests and the API scope walk."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dangjian.orglife.choices import AttendanceStatus, MeetingKind
from dangjian.orglife.models import Attendance, Meeting
from dangjian.orglife.models.settings import default_agenda
from dangjian.orglife.services import meetings as services


def held_meeting(tree, key: str, *, kind: str = MeetingKind.THEME_DAY, days_ago: int = 2) -> Meeting:
    org = {"a1": tree.village_a1, "a2": tree.village_a2, "b1": tree.community_b1}[key]
    starts = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) - dt.timedelta(days=days_ago)
    meeting = services.meeting_plan(
        actor=None,
        org=org,
        kind=kind,
        topic="学习贯彻党的二十届四中全会精神",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        place="党群服务中心会议室",
        host=tree.people[key][0],
        agenda=default_agenda()[:3] if kind == MeetingKind.THEME_DAY else ["传达学习文件"],
    )
    people = tree.people[key]
    entries = [{"person": person, "status": AttendanceStatus.PRESENT} for person in people[:-1]]
    entries.append({"person": people[-1], "status": AttendanceStatus.SICK_LEAVE, "reason": "住院治疗"})
    services.attendance_take(actor=None, meeting=meeting, entries=entries)
    return services.meeting_record_held(actor=None, meeting=meeting, minutes="会议由支部书记主持,传达学习了有关文件。")


def meetings_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    found = {key: held_meeting(tree, key) for key in ("a1", "a2", "b1")}
    meeting = found["a1"]
    return {Meeting: [meeting], Attendance: list(Attendance.objects.filter(meeting=meeting))}
