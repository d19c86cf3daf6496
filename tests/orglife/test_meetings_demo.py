"""The demo meetings on the small county: every branch has its monthly 主题党日 on the county's day, the quarterly
meetings, attendance sheets that agree with the counters, a summary audit entry — and the same data again for the
same seed."""

import datetime as dt
import random
from collections import Counter

import pytest
from django.utils import timezone

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.orglife.choices import ATTENDED, EXCUSED, MeetingKind
from dangjian.orglife.demo import meetings as demo
from dangjian.orglife.models import Attendance, Meeting, OrgLifeSetting

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 15)


def snapshot():
    return list(
        Meeting.objects.order_by("org_path", "starts_at", "kind").values_list(
            "org_path", "kind", "starts_at", "topic", "held", "backfilled", "checkin_token", "present_count"
        )
    )


def test_demo_meetings_for_every_branch(tree):
    OrgLifeSetting.objects.create(county=tree.county, theme_days=[5])
    demo.build(tree.county, today=TODAY, rng=random.Random(7))
    theme_days = Meeting.objects.filter(kind=MeetingKind.THEME_DAY)
    assert {timezone.localtime(m.starts_at).day for m in theme_days} == {5}
    for org in (tree.village_a1, tree.village_a2, tree.community_b1):
        kinds = Counter(Meeting.objects.filter(org=org).values_list("kind", flat=True))
        assert kinds[MeetingKind.THEME_DAY] <= 7 and kinds[MeetingKind.GENERAL_MEETING] <= 3
        assert MeetingKind.COMMITTEE_MEETING not in kinds  # no committee posts recorded in this county
    planned = Meeting.objects.filter(held_on__gt=TODAY)
    assert planned.exists() and not planned.filter(held=True).exists()
    for meeting in Meeting.objects.filter(held=True, kind__in=demo.WITH_ROWS):
        statuses = Counter(Attendance.objects.filter(meeting=meeting).values_list("status", flat=True))
        roll = 3 if meeting.org_id == tree.village_a1.pk else 2
        assert sum(statuses.values()) == meeting.expected_count == roll
        assert meeting.present_count == sum(statuses[s] for s in ATTENDED)
        assert meeting.leave_count == sum(statuses[s] for s in EXCUSED)
    for meeting in Meeting.objects.filter(backfilled=True):
        assert (timezone.localtime(meeting.recorded_at).date() - meeting.held_on).days > 7
    assert all(len(token) == 43 for token in Meeting.objects.values_list("checkin_token", flat=True))
    summary = AuditEntry.objects.filter(action=AuditAction.CREATE, after__demo="meetings").get()
    assert summary.after["meetings"] == Meeting.objects.count()
    assert summary.after["attendance"] == Attendance.objects.count()


def test_the_same_seed_builds_the_same_meetings(tree):
    demo.build(tree.county, today=TODAY, rng=random.Random(3))
    first = snapshot()
    Meeting.objects.all().delete()
    demo.build(tree.county, today=TODAY, rng=random.Random(3))
    assert snapshot() == first
