"""Reads of 三会一课 and 主题党日: the meeting list and its filters, one meeting with its attendance sheet and
alerts, a member's own meetings, and who is expected at a meeting (its roll)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import django_filters
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from dangjian.core import clock
from dangjian.core.choices import PostTitle
from dangjian.core.filters import IntegerFilter, subtree_filter
from dangjian.core.models import Person, Post
from dangjian.core.scoping import ancestor_paths, get_scoped_or_404, published_to, scoped, subtree
from dangjian.members.selectors.standing import formal_on
from dangjian.orglife import rules
from dangjian.orglife.choices import ATTENDED, AttendanceStatus, MeetingKind, MeetingStatus
from dangjian.orglife.models import Attendance, Meeting, MeetingPhoto, OrgLifeSetting
from dangjian.orglife.services.settings import settings_for

# The posts that make up a branch committee (支委会).
COMMITTEE_TITLES = (
    PostTitle.SECRETARY,
    PostTitle.DEPUTY_SECRETARY,
    PostTitle.COMMITTEE_MEMBER,
    PostTitle.ORGANISATION_MEMBER,
    PostTitle.PUBLICITY_MEMBER,
    PostTitle.DISCIPLINE_MEMBER,
)
BACKFILL_CHOICES = [("true", "仅补录"), ("false", "仅按时录入")]
HELD_CHOICES = [("true", "已录入召开情况"), ("false", "未录入召开情况")]


# --- who is expected -------------------------------------------------------------------------------------------


def committee_people(meeting: Meeting) -> QuerySet[Person]:
    """The branch committee on the meeting day: on-roll holders of a committee post of the meeting's org."""
    day = meeting.held_on
    posts = Post.objects.filter(org_id=meeting.org_id, title__in=COMMITTEE_TITLES, term_start__lte=day).filter(
        Q(term_end__isnull=True) | Q(term_end__gte=day)
    )
    return Person.objects.on_roll().filter(pk__in=posts.values("person_id"))


def org_roll(meeting: Meeting) -> QuerySet[Person]:
    """The on-roll members of the meeting's org and everything under it (its 党小组)."""
    return Person.objects.on_roll().filter(county_id=meeting.county_id, **subtree("org_path", meeting.org_path))


def meeting_roll(meeting: Meeting) -> QuerySet[Person]:
    """Who is expected at the meeting (应到): for a 支委会 the committee (the whole roll when the branch has no
    committee posts recorded), otherwise every on-roll member of the org's subtree."""
    if meeting.kind == MeetingKind.COMMITTEE_MEETING:
        committee = committee_people(meeting)
        if committee.exists():
            return committee
    return org_roll(meeting)


def on_meeting_roll(meeting: Meeting, person: Person) -> bool:
    return meeting_roll(meeting).filter(pk=person.pk).exists()


# --- filters ---------------------------------------------------------------------------------------------------


def _org(queryset: QuerySet, value: str) -> QuerySet:
    return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


class MeetingFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label="会议类型")
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices, method="filter_status", label="状态")
    since = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label="起始日期")
    until = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label="截止日期")
    held = django_filters.ChoiceFilter(choices=HELD_CHOICES, method="filter_held", label="召开情况")
    backfilled = django_filters.ChoiceFilter(choices=BACKFILL_CHOICES, method="filter_backfilled", label="补录")
    search = django_filters.CharFilter(field_name="topic", lookup_expr="contains", label="主题")

    class Meta:
        model = Meeting
        fields = ["org", "kind", "status", "since", "until", "held", "backfilled", "search"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org(queryset, value)

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        now = timezone.now()
        if value == MeetingStatus.CANCELLED:
            return queryset.filter(cancelled=True)
        live = queryset.filter(cancelled=False)
        if value == MeetingStatus.PLANNED:
            return live.filter(starts_at__gt=now)
        if value == MeetingStatus.IN_PROGRESS:
            return live.filter(starts_at__lte=now, ends_at__gt=now)
        if value == MeetingStatus.FINISHED:
            return live.filter(ends_at__lte=now)
        return queryset

    def filter_held(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(held=value == "true") if value in ("true", "false") else queryset

    def filter_backfilled(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "true":
            return queryset.filter(backfilled=True)
        return queryset.filter(held=True, backfilled=False) if value == "false" else queryset


class AttendanceFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    meeting = IntegerFilter(field_name="meeting_id", label="会议编号")
    person = IntegerFilter(field_name="person_id", label="党员编号")
    kind = django_filters.ChoiceFilter(field_name="meeting__kind", choices=MeetingKind.choices, label="会议类型")
    status = django_filters.ChoiceFilter(choices=AttendanceStatus.choices, label="出席情况")
    since = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label="起始日期")
    until = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label="截止日期")
    search = django_filters.CharFilter(field_name="person__name", lookup_expr="contains", label="姓名")

    class Meta:
        model = Attendance
        fields = ["org", "meeting", "person", "kind", "status", "since", "until", "search"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org(queryset, value)


class MyMeetingFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label="会议类型")
    year = django_filters.NumberFilter(field_name="held_on__year", label="年度")
    search = django_filters.CharFilter(field_name="topic", lookup_expr="contains", label="主题")

    class Meta:
        model = Meeting
        fields = ["kind", "year", "search"]


# --- lists and details -----------------------------------------------------------------------------------------


def meeting_list(user: Any, params: Mapping[str, Any]) -> tuple[MeetingFilter, QuerySet[Meeting]]:
    meetings = scoped(Meeting, user).select_related("org", "host")
    filterset = MeetingFilter(params or None, queryset=meetings)
    return filterset, filterset.qs.order_by("-held_on", "-starts_at", "-id")


def meeting_detail(user: Any, pk: Any) -> Meeting:
    return get_scoped_or_404(Meeting.objects.select_related("org", "host", "created_by"), user, pk=pk)


def photo_detail(user: Any, pk: Any) -> MeetingPhoto:
    return get_scoped_or_404(MeetingPhoto.objects.select_related("meeting__org"), user, pk=pk)


@dataclass
class SheetRow:
    """One line of a meeting's attendance sheet: an expected member (or one recorded though no longer expected)
    and their attendance, if recorded."""

    person: Person
    attendance: Attendance | None
    expected: bool = True


def attendance_sheet(meeting: Meeting) -> list[SheetRow]:
    """Everyone expected at the meeting, then anyone recorded who is no longer expected, with their rows."""
    rows = {row.person_id: row for row in meeting.attendance.select_related("person__org")}
    roll = list(meeting_roll(meeting).select_related("org").order_by("org_path", "name", "id"))
    sheet = [SheetRow(person, rows.pop(person.pk, None)) for person in roll]
    sheet += [
        SheetRow(row.person, row, expected=False)
        for row in sorted(rows.values(), key=lambda r: (r.person.org_path, r.person.name))
    ]
    return sheet


def meeting_alerts(meeting: Meeting, setting: OrgLifeSetting | None = None) -> list[str]:
    """Soft alerts about a meeting: a 主题党日 off the county's theme day, a 支委会 or 支部党员大会 without its
    quorum (ORG-05), a meeting long over that nobody has recorded."""
    setting = setting or settings_for(meeting.county_id)
    alerts = []
    if meeting.cancelled:
        return alerts
    if meeting.kind == MeetingKind.THEME_DAY and not rules.on_theme_day(meeting.held_on, setting.theme_days):
        days = "、".join(f"{day}日" for day in setting.theme_days)
        alerts.append(f"主题党日不在本县规定的固定日期(每月{days})")
    has_rows = meeting.present_count + meeting.leave_count + meeting.absent_count > 0 and meeting.expected_count
    if meeting.kind == MeetingKind.COMMITTEE_MEETING and has_rows:
        size = committee_people(meeting).count() or meeting.expected_count
        if not rules.committee_quorum(meeting.present_count, size):
            alerts.append(f"支委会到会委员{meeting.present_count}人,未超过支部委员{size}人的半数")
    if meeting.kind == MeetingKind.GENERAL_MEETING and has_rows:
        entitled_people = formal_on(org_roll(meeting), meeting.held_on)
        entitled = entitled_people.count()
        present = (
            meeting.attendance.filter(status__in=ATTENDED, person__in=entitled_people.values("pk")).count()
            if entitled
            else 0
        )
        if not rules.general_meeting_quorum(present, entitled):
            alerts.append(f"到会有表决权的正式党员{present}人,未超过应到{entitled}人的半数,不能作出决议")
    if not meeting.held and (clock.today() - meeting.held_on).days > setting.late_entry_days:
        alerts.append(f"会议已结束超过{setting.late_entry_days}天仍未录入召开情况,录入后将记为补录")
    return alerts


def status_of(meeting: Meeting, now: dt.datetime | None = None) -> str:
    return rules.meeting_status(meeting.starts_at, meeting.ends_at, meeting.cancelled, now or timezone.now())


def meeting_by_token(token: str) -> Meeting | None:
    """The meeting a check-in link names. The token is the link's secret, so this read is not scoped; the check-in
    service decides whether the member belongs to the meeting."""
    token = (token or "").strip()
    if not token or len(token) > 64:
        return None
    return Meeting.objects.select_related("org").filter(checkin_token=token).first()


# --- a member's own meetings -----------------------------------------------------------------------------------


def my_meetings(user: Any, params: Mapping[str, Any] | None = None) -> tuple[MyMeetingFilter, QuerySet[Meeting]]:
    """The meetings of the member's org and the orgs above it (what the member is expected at), and any meeting
    with the member's attendance, newest first, each with `mine_rows` (the member's own row, if any)."""
    person = getattr(user, "person", None)
    if person is None:
        filterset = MyMeetingFilter(params or None, queryset=Meeting.objects.none())
        return filterset, filterset.qs
    own = scoped(Attendance, user).filter(person=person)
    expected_at = published_to(Meeting, user).filter(
        org_path__in=ancestor_paths(person.org_path), county_id=person.county_id
    )
    attended = Meeting.objects.filter(pk__in=own.values("meeting_id"))
    meetings = (
        Meeting.objects.filter(Q(pk__in=expected_at.values("pk")) | Q(pk__in=attended.values("pk")))
        .select_related("org")
        .prefetch_related(Prefetch("attendance", queryset=own, to_attr="mine_rows"))
    )
    filterset = MyMeetingFilter(params or None, queryset=meetings)
    return filterset, filterset.qs.order_by("-starts_at", "-id")


def rate_label(meeting: Meeting) -> str:
    """The meeting's attendance as the lists show it: "18/20 (90.0%)"; "—" before anyone is recorded."""
    if not meeting.expected_count:
        return "—"
    return rules.rate_text(meeting.present_count, meeting.expected_count)
