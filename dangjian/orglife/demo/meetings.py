"""Demo 三会一课 and 主题党日: for every branch, the last six full months and this month so far — 主题党日 on the
county's theme day each month, 支委会 monthly (branches with a committee), 支部党员大会 and 党课 quarterly, 组织生活会
once a year, and each 党小组's monthly 党小组会. Most are recorded on time, some are missing, a few are 补录, some
past ones were never recorded, and those still ahead are planned. Attendance rows only for 主题党日, 支部党员大会 and
党课 (every on-roll member, about 85% present; a few members hardly ever come, so the absence flag has someone to
find). No points here: the points demo writes them set-based from these rows."""

from __future__ import annotations

import base64
import datetime as dt
import json
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.choices import BRANCH_KINDS, AuditAction, MemberCategory, OrgKind, Standing
from dangjian.core.demo.writer import insert_rows
from dangjian.core.models import Org, Person, Post
from dangjian.core.scoping import ancestor_paths
from dangjian.members.rules import add_months
from dangjian.orglife import rules
from dangjian.orglife.choices import ATTENDED, EXCUSED, AttendanceStatus, CheckinMethod, MeetingKind
from dangjian.orglife.models import Attendance, Meeting
from dangjian.orglife.selectors.meetings import COMMITTEE_TITLES
from dangjian.orglife.services.settings import settings_for

MONTHS_BACK = 6
ATTENDANCE_COLUMNS = (
    "county_id",
    "org_path",
    "meeting_id",
    "person_id",
    "held_on",
    "status",
    "reason",
    "method",
    "checked_in_at",
)
WITH_ROWS = {MeetingKind.THEME_DAY, MeetingKind.GENERAL_MEETING, MeetingKind.PARTY_LESSON}
TOPICS = {
    MeetingKind.THEME_DAY: (
        "学习党章,重温入党誓词",
        "学习贯彻党的二十届四中全会精神",
        "开展“我为群众办实事”志愿服务",
        "学习党规党纪,筑牢纪律防线",
        "人居环境整治义务劳动",
        "学习习近平总书记重要讲话精神",
        "缅怀革命先烈,传承红色基因",
    ),
    MeetingKind.COMMITTEE_MEETING: (
        "研究本月党建工作安排",
        "研究党员发展工作",
        "研究困难党员帮扶事项",
        "研究集体经济发展项目",
        "研究党费收缴和使用情况",
        "研究“四议两公开”议题",
    ),
    MeetingKind.GENERAL_MEETING: (
        "通报上季度支部工作,部署本季度任务",
        "讨论接收预备党员",
        "民主评议党员动员部署",
        "审议支部年度工作计划",
    ),
    MeetingKind.PARTY_LESSON: (
        "书记讲党课:坚定理想信念",
        "专题党课:全面从严治党永远在路上",
        "专题党课:乡村振兴中的党员担当",
        "专题党课:党的光辉历程",
    ),
    MeetingKind.LIFE_MEETING: ("年度组织生活会暨民主评议党员",),
    MeetingKind.GROUP_MEETING: (
        "学习上级文件,交流思想",
        "收集群众意见建议",
        "分工联系群众,走访困难户",
        "讨论党员承诺事项落实情况",
    ),
}
PLACES = ("党群服务中心会议室", "村委会二楼会议室", "党员活动室", "社区党群服务站", "新时代文明实践站")
LECTURERS = ("县委党校讲师", "镇党委书记", "县委宣传部宣讲员", "驻村第一书记")
LEAVE_REASONS = {
    AttendanceStatus.PERSONAL_LEAVE: ("外出务工", "家中有事", "走亲戚"),
    AttendanceStatus.SICK_LEAVE: ("生病住院", "身体不适", "年老体弱,行动不便"),
    AttendanceStatus.OFFICIAL_LEAVE: ("参加县里培训", "执行防汛任务", "外出办理公务"),
}
ABSENT_REASONS = ("联系不上", "未请假", "在外务工未返回")
MINUTES = (
    "支部书记主持会议,传达学习了上级有关文件精神,与会党员结合实际交流发言,会议对下一步工作作了安排。",
    "会议按议程逐项进行,党员对议题充分讨论,形成一致意见。会后将有关情况向群众公开。",
    "全体党员重温入党誓词,集中学习,交纳党费,并就村内公共事务开展民主议事。",
)


@dataclass
class Branch:
    county_id: int
    org_id: int
    path: str
    rural: bool
    members: list[tuple[int, float]] = field(default_factory=list)  # (person id, how often they come)
    committee: int = 0
    host_id: int | None = None
    quality: float = 0.0  # the share of meetings this branch leaves out
    group: bool = False  # a 党小组: holds its monthly 党小组会 only


def _months(today: dt.date) -> list[dt.date]:
    this = rules.month_start(today)
    return [add_months(this, -back) for back in range(MONTHS_BACK, -1, -1)]


def _propensity(rng: random.Random, standing: str, category: str) -> float:
    if standing in (Standing.LOST_CONTACT, Standing.ABROAD, Standing.SUSPENDED):
        return 0.0
    if category == MemberCategory.MOBILE:
        return rng.choice((0.0, 0.2, 0.4))
    draw = rng.random()
    return 0.0 if draw < 0.02 else 0.5 if draw < 0.09 else 0.93


def _branches(county: Org, today: dt.date, rng: random.Random) -> list[Branch]:
    orgs = Org.objects.filter(county_id=county.pk, kind__in=BRANCH_KINDS).order_by("path")
    branches = {
        path: Branch(county.pk, org_id, path, domain in ("rural", "community"))
        for org_id, path, domain in orgs.values_list("id", "path", "domain")
    }
    people = (
        Person.objects.on_roll()
        .filter(county_id=county.pk)
        .order_by("org_path", "id")
        .values_list("id", "org_path", "standing", "category")
    )
    for person_id, org_path, standing, category in people.iterator(chunk_size=5000):
        for path in reversed(ancestor_paths(org_path)):
            branch = branches.get(path)
            if branch is not None:
                branch.members.append((person_id, _propensity(rng, standing, category)))
                break
    posts = (
        Post.objects.filter(county_id=county.pk, org__kind__in=BRANCH_KINDS, title__in=COMMITTEE_TITLES)
        .filter(term_start__lte=today)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
        .values_list("org_path", "person_id", "title")
    )
    for org_path, person_id, title in posts:
        branch = branches.get(org_path)
        if branch is not None:
            branch.committee += 1
            if title == "secretary":
                branch.host_id = person_id
    found = [branch for branch in branches.values() if branch.members]
    for branch in found:
        branch.quality = rng.choices((0.0, 0.04, 0.1, 0.3), weights=(45, 35, 15, 5))[0]
    return found + _groups(county, found)


def _groups(county: Org, branches: list[Branch]) -> list[Branch]:
    """The 党小组 under the branches, each with its share of the branch's members (for the counters) and the
    branch's habits."""
    by_path = {branch.path: branch for branch in branches}
    groups = Org.objects.filter(county_id=county.pk, kind=OrgKind.PARTY_GROUP).order_by("path")
    under: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for org_id, path in groups.values_list("id", "path"):
        if path[: -Org.steplen] in by_path:
            under[path[: -Org.steplen]].append((org_id, path))
    found = []
    for parent_path, children in under.items():
        parent = by_path[parent_path]
        share = max(1, len(parent.members) // len(children))
        for number, (org_id, path) in enumerate(children):
            members = parent.members[number * share : (number + 1) * share]
            found.append(
                Branch(parent.county_id, org_id, path, parent.rural, members, 0, None, parent.quality, group=True)
            )
    return found


def _schedule(today: dt.date, theme_days: list[int], rng: random.Random, branch: Branch) -> list[tuple[str, dt.date]]:
    """The meetings a branch holds (or plans) in the window, by kind and day."""
    months = _months(today)
    if branch.group:
        return [(MeetingKind.GROUP_MEETING, month.replace(day=rng.randint(15, 25))) for month in months]
    found: list[tuple[str, dt.date]] = []
    for month in months:
        days = rules.theme_days_in(month.year, month.month, theme_days) or [month.replace(day=10)]
        found.append((MeetingKind.THEME_DAY, days[0]))
        if branch.committee >= 3:
            found.append((MeetingKind.COMMITTEE_MEETING, month.replace(day=rng.randint(2, 8))))
    quarters: dict[tuple[int, int], list[dt.date]] = defaultdict(list)
    years: dict[int, list[dt.date]] = defaultdict(list)
    for month in months:
        quarters[(month.year, (month.month - 1) // 3)].append(month)
        years[month.year].append(month)
    for quarter_months in quarters.values():
        for kind in (MeetingKind.GENERAL_MEETING, MeetingKind.PARTY_LESSON):
            month = rng.choice(quarter_months)
            found.append((kind, month.replace(day=rng.randint(12, 27))))
    for year_months in years.values():
        early = [month for month in year_months if month.month <= 2] or year_months
        found.append((MeetingKind.LIFE_MEETING, rng.choice(early).replace(day=rng.randint(15, 27))))
    return found


@dataclass
class Planned:
    """One demo meeting before it is written; `statuses` is its attendance sheet (held meetings of WITH_ROWS)."""

    branch: Branch
    kind: str
    topic: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    held_on: dt.date
    place: str
    host_id: int | None
    host_name: str
    agenda: list[dict[str, Any]]
    minutes: str
    held: bool
    recorded_at: dt.datetime | None
    backfilled: bool
    token: str
    statuses: list[tuple[int, str]] = field(default_factory=list)
    counts: tuple[int, int, int, int] = (0, 0, 0, 0)


def _token(rng: random.Random) -> str:
    """A check-in token shaped like `secrets.token_urlsafe(32)`, drawn from the demo's seed."""
    return base64.urlsafe_b64encode(rng.randbytes(32)).rstrip(b"=").decode()


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    """Add meetings and attendance to an existing demo county (set-based; deterministic for a seed and a day)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    setting = settings_for(county.pk)
    theme_days = [int(day) for day in setting.theme_days] or [10]
    checklist = [str(item) for item in setting.agenda_items]
    late_days = int(setting.late_entry_days)
    now = dt.datetime.combine(today, dt.time(18, 0), tzinfo=zone)
    planned: list[Planned] = []
    for branch in _branches(county, today, rng):
        for kind, day in _schedule(today, theme_days, rng, branch):
            past = day < today
            if past and rng.random() < branch.quality:
                continue  # not held: compliance reports it missing
            hour, minute = rng.choice(((9, 0), (14, 30), (19, 30) if branch.rural else (16, 0)))
            starts = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
            ends = starts + dt.timedelta(minutes=rng.choice((90, 120, 150)))
            held = past and rng.random() > branch.quality / 2 + 0.03
            recorded_at = None
            backfilled = False
            if held:
                if rng.random() < 0.06 + branch.quality / 3:
                    recorded_at = ends + dt.timedelta(days=late_days + rng.randint(1, 25), hours=rng.randint(0, 8))
                else:
                    recorded_at = ends + dt.timedelta(hours=rng.randint(1, 72))
                recorded_at = min(recorded_at, now)
                backfilled = rules.is_backfill(day, recorded_at.astimezone(zone).date(), late_days)
            if kind == MeetingKind.THEME_DAY:
                items = checklist[: rng.randint(max(1, len(checklist) - 2), len(checklist))] if checklist else []
            elif kind == MeetingKind.PARTY_LESSON:
                items = ["讲授党课", "交流学习体会"]
            else:
                items = ["传达学习上级精神", "研究讨论议题", "部署下一步工作"]
            lecturer = kind == MeetingKind.PARTY_LESSON and rng.random() < 0.4
            meeting = Planned(
                branch=branch,
                kind=kind,
                topic=rng.choice(TOPICS[kind]),
                starts_at=starts,
                ends_at=ends,
                held_on=day,
                place=rng.choice(PLACES),
                host_id=None if lecturer else branch.host_id,
                host_name=rng.choice(LECTURERS) if lecturer or branch.host_id is None else "",
                agenda=[{"item": item, "done": held} for item in items],
                minutes=rng.choice(MINUTES) if held else "",
                held=held,
                recorded_at=recorded_at,
                backfilled=backfilled,
                token=_token(rng),
            )
            _attend(meeting, rng)
            planned.append(meeting)
    ids = _insert_meetings(county, planned)
    pg = connection.vendor == "postgresql"
    rows = insert_rows(
        Attendance, ATTENDANCE_COLUMNS, (row for meeting in planned for row in _rows_of(meeting, ids, rng, pg))
    )
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={
            "demo": "meetings",
            "meetings": len(planned),
            "held": sum(1 for meeting in planned if meeting.held),
            "backfilled": sum(1 for meeting in planned if meeting.backfilled),
            "attendance": rows,
        },
    )


def _attend(meeting: Planned, rng: random.Random) -> None:
    """A held meeting's sheet (each member's status, for 主题党日, 支部党员大会 and 党课) and its counters; a 支委会
    and a 组织生活会 have counters only, from the committee's or the roll's size."""
    if not meeting.held:
        return
    branch = meeting.branch
    if meeting.kind in WITH_ROWS:
        leaves = (AttendanceStatus.PERSONAL_LEAVE, AttendanceStatus.SICK_LEAVE, AttendanceStatus.OFFICIAL_LEAVE)
        for person_id, propensity in branch.members:
            if rng.random() < propensity:
                status = AttendanceStatus.LATE if rng.random() < 0.07 else AttendanceStatus.PRESENT
            elif propensity > 0 and rng.random() < 0.65:
                status = rng.choice(leaves)
            else:
                status = AttendanceStatus.ABSENT
            meeting.statuses.append((person_id, status))
        expected = len(meeting.statuses)
        present = sum(1 for _, status in meeting.statuses if status in ATTENDED)
        leave = sum(1 for _, status in meeting.statuses if status in EXCUSED)
    else:
        expected = branch.committee if meeting.kind == MeetingKind.COMMITTEE_MEETING else len(branch.members)
        present = expected - sum(1 for _ in range(expected) if rng.random() < 0.12)
        leave = expected - present
    meeting.counts = (expected, present, leave, expected - present - leave)


# --- writing set-based -----------------------------------------------------------------------------------------

MEETING_COLUMNS = (
    "county_id",
    "org_id",
    "org_path",
    "kind",
    "topic",
    "starts_at",
    "ends_at",
    "held_on",
    "place",
    "host_id",
    "host_name",
    "agenda",
    "minutes",
    "held",
    "recorded_at",
    "backfilled",
    "cancelled",
    "cancel_reason",
    "checkin_token",
    "expected_count",
    "present_count",
    "leave_count",
    "absent_count",
    "created_by_id",
    "created_at",
)


def _moment(value: dt.datetime | None, pg: bool) -> Any:
    """An aware datetime as the database takes it (SQLite: naive UTC text, as Django writes it)."""
    if value is None or pg:
        return value
    return str(value.astimezone(dt.UTC).replace(tzinfo=None))


def _day(value: dt.date, pg: bool) -> Any:
    return value if pg else value.isoformat()


def _insert_meetings(county: Org, planned: list[Planned]) -> dict[str, int]:
    """Write the meetings; returns their ids by check-in token (tokens are unique)."""
    pg = connection.vendor == "postgresql"
    created = _moment(timezone.now(), pg)
    rows = (
        (
            county.pk,
            meeting.branch.org_id,
            meeting.branch.path,
            meeting.kind,
            meeting.topic,
            _moment(meeting.starts_at, pg),
            _moment(meeting.ends_at, pg),
            _day(meeting.held_on, pg),
            meeting.place,
            meeting.host_id,
            meeting.host_name,
            json.dumps(meeting.agenda, ensure_ascii=False),
            meeting.minutes,
            meeting.held,
            _moment(meeting.recorded_at, pg),
            meeting.backfilled,
            False,
            "",
            meeting.token,
            *meeting.counts,
            None,
            created,
        )
        for meeting in planned
    )
    insert_rows(Meeting, MEETING_COLUMNS, rows)
    return dict(Meeting.objects.filter(county_id=county.pk).values_list("checkin_token", "id"))


def _rows_of(meeting: Planned, ids: dict[str, int], rng: random.Random, pg: bool) -> Iterator[tuple[Any, ...]]:
    """The attendance rows of a meeting's sheet, as ATTENDANCE_COLUMNS tuples (QR check-ins from 25 minutes before
    the start; the late ones 16 to 40 minutes after)."""
    if not meeting.statuses:
        return
    meeting_id, held_on = ids[meeting.token], _day(meeting.held_on, pg)
    start = meeting.starts_at if pg else meeting.starts_at.astimezone(dt.UTC).replace(tzinfo=None)
    moments = [start + dt.timedelta(minutes=offset) for offset in range(-25, 41)]
    if not pg:
        moments = [str(moment) for moment in moments]
    on_time, late = moments[:38], moments[41:]
    county_id, org_path = meeting.branch.county_id, meeting.branch.path
    qr_method, secretary_method = CheckinMethod.QR.value, CheckinMethod.SECRETARY.value
    draw = rng.random
    for person_id, status in meeting.statuses:
        checked_in_at, method, reason = None, secretary_method, ""
        if status in ATTENDED:
            if draw() < 0.7:
                times = late if status == AttendanceStatus.LATE else on_time
                checked_in_at, method = times[int(draw() * len(times))], qr_method
        else:
            reasons = LEAVE_REASONS.get(status, ABSENT_REASONS)
            reason = reasons[int(draw() * len(reasons))]
        yield (county_id, org_path, meeting_id, person_id, held_on, status, reason, method, checked_in_at)
