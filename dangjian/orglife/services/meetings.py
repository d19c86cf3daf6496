"""三会一课 and 主题党日 (F2.1): plan, change, cancel, record as held (补录 after the county's `late_entry_days`),
photos, attendance taken by the secretary and check-in by the meeting's QR link. Every attendance change refreshes
the meeting's counters (which compliance reads) and the member's automatic points, in the same transaction.

The moment: services that depend on it (record as held, attendance, check-in) take `now=` (an aware
datetime); left out it is `timezone.now()`. Tests pass it to walk the check-in window's boundaries.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.choices import AuditAction
from dangjian.core.io.tables import Sheet, audited_xlsx
from dangjian.core.models import Org, Person
from dangjian.core.scoping import subtree
from dangjian.orglife import rules
from dangjian.orglife.choices import (
    ATTENDED,
    EXCUSED,
    AttendanceStatus,
    CheckinMethod,
    MeetingKind,
    MeetingStatus,
    PointSource,
)
from dangjian.orglife.models import Attendance, Meeting, MeetingPhoto, OrgLifeSetting
from dangjian.orglife.permissions import can_act_for, can_manage_branch, require
from dangjian.orglife.selectors.meetings import meeting_roll, org_roll, rate_label, status_of
from dangjian.orglife.services import points
from dangjian.orglife.services.settings import settings_for

MEETING_FIELDS = ("kind", "topic", "starts_at", "ends_at", "place", "host", "host_name", "agenda")
MAX_AGENDA_ITEMS = 20
AGENDA_ITEM_LENGTH = 100
MINUTES_LENGTH = 20000
LONGEST_MEETING = dt.timedelta(hours=24)
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)
# The image types a photo may have, by extension, with the bytes such a file starts with.
PHOTO_TYPES = {
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".webp": (b"RIFF",),
}
PHOTO_MAX_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 30
# Statuses that need a reason (请假 and 缺席).
NEEDS_REASON = EXCUSED | {AttendanceStatus.ABSENT}


def _now(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else timezone.now()


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _when(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def new_token() -> str:
    """A check-in link's secret (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


# --- validation ------------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _agenda(kind: str, items: Iterable[Any], setting: OrgLifeSetting, errors: dict[str, str]) -> list[dict[str, Any]]:
    """The agenda as stored ([{"item", "done"}]): for a 主题党日, items of the county's checklist (at least one);
    for other meetings, free text. Blank lines and repeats are dropped."""
    seen: list[str] = []
    for raw in items or ():
        item = _text(raw.get("item") if isinstance(raw, Mapping) else raw)
        if item and item not in seen:
            seen.append(item)
    if kind == MeetingKind.THEME_DAY:
        checklist = [str(item) for item in setting.agenda_items]
        outside = [item for item in seen if item not in checklist]
        if outside:
            errors["agenda"] = f"主题党日议程应从本县规定议程中选择:{'、'.join(outside)}不在规定议程中"
        elif not seen:
            errors["agenda"] = f"请从规定议程中勾选主题党日的议程({'、'.join(checklist)})"
    if len(seen) > MAX_AGENDA_ITEMS:
        errors["agenda"] = f"议程最多{MAX_AGENDA_ITEMS}项"
    elif any(len(item) > AGENDA_ITEM_LENGTH for item in seen):
        errors["agenda"] = f"每项议程不能超过{AGENDA_ITEM_LENGTH}个字"
    return [{"item": item, "done": False} for item in seen]


def _meeting_errors(values: dict[str, Any], org: Org, setting: OrgLifeSetting) -> dict[str, str]:
    errors: dict[str, str] = {}
    if values.get("kind") not in MeetingKind.values:
        errors["kind"] = "请选择会议类型"
    topic = _text(values.get("topic"))
    if not topic:
        errors["topic"] = "请填写会议主题"
    elif len(topic) > 100:
        errors["topic"] = "会议主题不能超过100个字"
    place = _text(values.get("place"))
    if not place:
        errors["place"] = "请填写会议地点"
    elif len(place) > 100:
        errors["place"] = "会议地点不能超过100个字"
    starts_at, ends_at = values.get("starts_at"), values.get("ends_at")
    if not isinstance(starts_at, dt.datetime) or timezone.is_naive(starts_at):
        errors["starts_at"] = "请填写开始时间"
    elif not EARLIEST <= _local_day(starts_at) <= LATEST:
        errors["starts_at"] = f"会议日期应在{EARLIEST.year}年至{LATEST.year}年之间"
    if not isinstance(ends_at, dt.datetime) or timezone.is_naive(ends_at):
        errors["ends_at"] = "请填写结束时间"
    elif "starts_at" not in errors:
        if ends_at <= starts_at:
            errors["ends_at"] = "结束时间应晚于开始时间"
        elif ends_at - starts_at > LONGEST_MEETING:
            errors["ends_at"] = "会议时长不能超过24小时"
    host, host_name = values.get("host"), _text(values.get("host_name"))
    if host is not None:
        if not isinstance(host, Person):
            errors["host"] = "主持人无效"
        elif not Person.objects.on_roll().filter(pk=host.pk, **subtree("org_path", org.path)).exists():
            errors["host"] = f"{host.name}不是{org.name}的党员;非本支部人员请填写姓名"
    elif not host_name:
        errors["host"] = "请选择主持人,或填写非本支部主持人(授课人)的姓名"
    if len(host_name) > 50:
        errors["host_name"] = "主持人姓名不能超过50个字"
    return errors


def _manageable(actor: Any, meeting: Meeting, message: str) -> None:
    require(actor is None or can_manage_branch(actor, meeting.org), message)


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("org").get(pk=meeting.pk)


# --- meetings --------------------------------------------------------------------------------------------------


@transaction.atomic
def meeting_plan(
    *,
    actor: Any,
    org: Org,
    kind: str,
    topic: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    host: Person | None = None,
    host_name: str = "",
    agenda: Sequence[Any] = (),
) -> Meeting:
    """Plan a meeting of a branch (or of any org the actor manages). A 主题党日 off the county's theme day is
    allowed; the pages show the alert (`selectors.meeting_alerts`)."""
    org = Org.objects.get(pk=org.pk)
    require(actor is None or can_manage_branch(actor, org), "没有为该党组织安排会议的权限")
    setting = settings_for(org.county_id)
    values = {
        "kind": kind,
        "topic": topic,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place,
        "host": host,
        "host_name": host_name,
    }
    errors = _meeting_errors(values, org, setting)
    items = _agenda(kind, agenda, setting, errors)
    if errors:
        raise ValidationError(errors)
    meeting = Meeting(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        kind=kind,
        topic=_text(topic),
        starts_at=starts_at,
        ends_at=ends_at,
        held_on=_local_day(starts_at),
        place=_text(place),
        host=host,
        host_name=_text(host_name),
        agenda=items,
        checkin_token=new_token(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    meeting.full_clean(exclude=["county", "checkin_token", "created_by"])
    meeting.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=meeting, after=audit.snapshot(meeting))
    return meeting


@transaction.atomic
def meeting_update(*, actor: Any, meeting: Meeting, **changes: Any) -> Meeting:
    """Change a meeting before it is recorded as held (its time, place, topic, host, agenda). A new day moves the
    attendance already taken, and its points, to that day."""
    meeting = _locked(meeting)
    _manageable(actor, meeting, "没有修改该会议的权限")
    unknown = set(changes) - set(MEETING_FIELDS)
    if unknown:
        raise ValidationError({field: "该项目不能在此修改" for field in sorted(unknown)})
    if meeting.cancelled:
        raise ValidationError({"kind": "会议已取消,不能修改"})
    if meeting.held:
        raise ValidationError({"kind": "会议已录入召开情况,不能再修改安排"})
    setting = settings_for(meeting.county_id)
    values = {field: getattr(meeting, field) for field in MEETING_FIELDS} | changes
    if "host" in changes and changes["host"] is not None and "host_name" not in changes:
        values["host_name"] = ""
    errors = _meeting_errors(values, meeting.org, setting)
    agenda = values["agenda"]
    items = _agenda(values["kind"], agenda, setting, errors)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(meeting)
    old_day = meeting.held_on
    meeting.kind = values["kind"]
    meeting.topic = _text(values["topic"])
    meeting.starts_at, meeting.ends_at = values["starts_at"], values["ends_at"]
    meeting.held_on = _local_day(meeting.starts_at)
    meeting.place = _text(values["place"])
    meeting.host = values["host"]
    meeting.host_name = _text(values["host_name"])
    meeting.agenda = items
    meeting.full_clean(exclude=["county", "checkin_token", "created_by"])
    meeting.save(
        update_fields=["kind", "topic", "starts_at", "ends_at", "held_on", "place", "host", "host_name", "agenda"]
    )
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=meeting, before=before, after=audit.snapshot(meeting))
    if meeting.held_on != old_day:
        meeting.attendance.update(held_on=meeting.held_on)
        for row in meeting.attendance.select_related("person"):
            _sync_points(actor, row)
    if "kind" in changes:
        _refresh_counts(meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: Any, meeting: Meeting, reason: str) -> Meeting:
    """Call a meeting off (with the reason). Points of anyone who already checked in are taken back."""
    meeting = _locked(meeting)
    _manageable(actor, meeting, "没有取消该会议的权限")
    if meeting.cancelled:
        raise ValidationError({"reason": "会议已经取消"})
    if meeting.held:
        raise ValidationError({"reason": "会议已录入召开情况,不能取消"})
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": "请填写取消原因"})
    if len(reason) > 200:
        raise ValidationError({"reason": "取消原因不能超过200个字"})
    before = audit.snapshot(meeting)
    meeting.cancelled, meeting.cancel_reason = True, reason
    meeting.save(update_fields=["cancelled", "cancel_reason"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=meeting, before=before, after=audit.snapshot(meeting))
    for row in meeting.attendance.select_related("person"):
        points.revoke_auto(actor=actor, person=row.person, source=PointSource.ATTENDANCE, ref=_ref(row))
    return meeting


@transaction.atomic
def meeting_record_held(
    *,
    actor: Any,
    meeting: Meeting,
    minutes: str,
    done_items: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> Meeting:
    """Record that the meeting took place: its minutes and which agenda items were done. Recorded more than the
    county's `late_entry_days` after the meeting day, it is marked 补录 (with the time of entry). Correcting the
    record later keeps the first entry time."""
    now = _now(now)
    meeting = _locked(meeting)
    _manageable(actor, meeting, "没有登记该会议召开情况的权限")
    if meeting.cancelled:
        raise ValidationError({"minutes": "会议已取消,不能登记召开情况"})
    if now < meeting.starts_at:
        raise ValidationError({"minutes": f"会议尚未开始({_when(meeting.starts_at)}开始),不能登记召开情况"})
    minutes = _text(minutes)
    errors: dict[str, str] = {}
    if not minutes:
        errors["minutes"] = "请填写会议记录"
    elif len(minutes) > MINUTES_LENGTH:
        errors["minutes"] = f"会议记录不能超过{MINUTES_LENGTH}个字"
    done = {_text(item) for item in done_items or () if _text(item)}
    listed = {entry["item"] for entry in meeting.agenda}
    if done - listed:
        errors["done_items"] = f"{'、'.join(sorted(done - listed))}不是本次会议的议程"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(meeting)
    meeting.minutes = minutes
    meeting.agenda = [{"item": entry["item"], "done": entry["item"] in done} for entry in meeting.agenda]
    if not meeting.held:
        meeting.held = True
        meeting.recorded_at = now
        late_entry_days = settings_for(meeting.county_id).late_entry_days
        meeting.backfilled = rules.is_backfill(meeting.held_on, _local_day(now), late_entry_days)
    meeting.save(update_fields=["minutes", "agenda", "held", "recorded_at", "backfilled"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=meeting, before=before, after=audit.snapshot(meeting))
    return meeting


# --- photos ----------------------------------------------------------------------------------------------------


def _photo_problem(image: Any) -> str | None:
    if not isinstance(image, UploadedFile):
        return "请选择要上传的照片"
    suffix = PurePath(image.name or "").suffix.lower()
    if suffix not in PHOTO_TYPES:
        return "只能上传 jpg、png 或 webp 格式的图片"
    if image.size > PHOTO_MAX_BYTES:
        return f"照片不能超过{PHOTO_MAX_BYTES // 1024 // 1024}MB(此照片{image.size / 1024 / 1024:.1f}MB)"
    image.seek(0)
    head = image.read(12)
    image.seek(0)
    signatures = PHOTO_TYPES[suffix]
    if not any(head.startswith(signature) for signature in signatures) or (suffix == ".webp" and head[8:12] != b"WEBP"):
        return f"文件内容不是有效的{suffix.lstrip('.')}图片"
    return None


def _photo_snapshot(photo: MeetingPhoto) -> dict[str, Any]:
    """A photo as the audit trail keeps it: the stored file's name, not the file."""
    return {"meeting": photo.meeting_id, "image": photo.image.name or "", "caption": photo.caption}


@transaction.atomic
def meeting_photo_add(*, actor: Any, meeting: Meeting, image: Any, caption: str = "") -> MeetingPhoto:
    """A photo of the meeting (jpg, png or webp, at most 5 MB)."""
    meeting = _locked(meeting)
    _manageable(actor, meeting, "没有为该会议上传照片的权限")
    if meeting.cancelled:
        raise ValidationError({"image": "会议已取消,不能上传照片"})
    problem = _photo_problem(image)
    if problem:
        raise ValidationError({"image": problem})
    caption = _text(caption)
    if len(caption) > 100:
        raise ValidationError({"caption": "照片说明不能超过100个字"})
    if meeting.photos.count() >= MAX_PHOTOS:
        raise ValidationError({"image": f"每次会议最多上传{MAX_PHOTOS}张照片"})
    photo = MeetingPhoto(meeting=meeting, caption=caption)
    photo.image.save(f"meeting-{meeting.pk}{PurePath(image.name).suffix.lower()}", image, save=False)
    photo.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=photo, after=_photo_snapshot(photo))
    return photo


@transaction.atomic
def meeting_photo_delete(*, actor: Any, photo: MeetingPhoto) -> None:
    """Remove a photo; the audit trail keeps its name and caption, the file is deleted after commit."""
    photo = MeetingPhoto.objects.select_related("meeting__org").get(pk=photo.pk)
    _manageable(actor, photo.meeting, "没有删除该会议照片的权限")
    audit.record(actor=actor, action=AuditAction.DELETE, obj=photo, before=_photo_snapshot(photo))
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- attendance ------------------------------------------------------------------------------------------------


def _ref(row: Attendance) -> str:
    return f"attendance:{row.pk}"


def _sync_points(actor: Any, row: Attendance) -> None:
    """The member's automatic points for taking part (正常 or 迟到); any other status takes them back."""
    if row.status in ATTENDED:
        points.award_auto(
            actor=actor,
            person=row.person,
            source=PointSource.ATTENDANCE,
            ref=_ref(row),
            occurred_on=row.held_on,
            note=f"{row.meeting.get_kind_display()}:{row.meeting.topic}"[:200],
        )
    else:
        points.revoke_auto(actor=actor, person=row.person, source=PointSource.ATTENDANCE, ref=_ref(row))


def _refresh_counts(meeting: Meeting) -> None:
    """The meeting's counters: expected = everyone expected now plus anyone recorded; present = 正常 + 迟到;
    leave = the three kinds of 请假; absent = the rest (缺席, and the expected who were not recorded)."""
    expected_ids = set(meeting_roll(meeting).values_list("pk", flat=True))
    statuses = dict(Attendance.objects.filter(meeting=meeting).values_list("person_id", "status"))
    expected = len(expected_ids | set(statuses))
    present = sum(1 for status in statuses.values() if status in ATTENDED)
    leave = sum(1 for status in statuses.values() if status in EXCUSED)
    counts = {
        "expected_count": expected,
        "present_count": present,
        "leave_count": leave,
        "absent_count": expected - present - leave,
    }
    Meeting.objects.filter(pk=meeting.pk).update(**counts)
    for name, value in counts.items():
        setattr(meeting, name, value)


def _write_row(
    *,
    actor: Any,
    meeting: Meeting,
    person: Person,
    existing: Attendance | None,
    status: str,
    reason: str,
    method: str,
    checked_in_at: dt.datetime | None,
) -> Attendance | None:
    """Create or change one attendance row (audited, points kept in step); None when nothing changed."""
    if existing is not None:
        if (existing.status, existing.reason) == (status, reason):
            return None
        before = audit.snapshot(existing)
        existing.status, existing.reason, existing.method = status, reason, method
        if checked_in_at is not None:
            existing.checked_in_at = checked_in_at
        existing.save(update_fields=["status", "reason", "method", "checked_in_at"])
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=existing, before=before, after=audit.snapshot(existing)
        )
        row = existing
    else:
        row = Attendance.objects.create(
            county_id=meeting.county_id,
            org_path=meeting.org_path,
            meeting=meeting,
            person=person,
            held_on=meeting.held_on,
            status=status,
            reason=reason,
            method=method,
            checked_in_at=checked_in_at,
        )
        audit.record(actor=actor, action=AuditAction.CREATE, obj=row, after=audit.snapshot(row))
    row.meeting = meeting
    row.person = person
    _sync_points(actor, row)
    return row


@transaction.atomic
def attendance_take(
    *,
    actor: Any,
    meeting: Meeting,
    entries: Iterable[Mapping[str, Any]],
    now: dt.datetime | None = None,
) -> list[Attendance]:
    """The secretary's attendance sheet: for members expected at the meeting, a status each (正常, 迟到, 事假, 病假,
    公假, 缺席) and for 请假 and 缺席 the reason. Before the meeting starts only 请假 can be recorded. Returns the rows
    that changed; the meeting's counters and the members' points follow."""
    now = _now(now)
    meeting = _locked(meeting)
    _manageable(actor, meeting, "没有为该会议登记出席情况的权限")
    if meeting.cancelled:
        raise ValidationError({"entries": "会议已取消,不能登记出席情况"})
    entries = list(entries)
    if not entries:
        raise ValidationError({"entries": "请至少登记一名党员的出席情况"})
    roll = set(meeting_roll(meeting).values_list("pk", flat=True))
    existing = {row.person_id: row for row in meeting.attendance.select_related("person")}
    started = now >= meeting.starts_at
    problems: list[str] = []
    parsed: list[tuple[Person, str, str]] = []
    seen: set[int] = set()
    for entry in entries:
        person, status, reason = entry.get("person"), entry.get("status"), _text(entry.get("reason"))
        if not isinstance(person, Person):
            problems.append("党员无效")
            continue
        name = person.name
        if person.pk in seen:
            problems.append(f"{name}:重复登记")
            continue
        seen.add(person.pk)
        if person.pk not in roll and person.pk not in existing:
            problems.append(f"{name}:不在本次会议的应到人员名单中")
            continue
        if status not in AttendanceStatus.values:
            problems.append(f"{name}:请选择出席情况")
            continue
        if status in NEEDS_REASON and not reason:
            problems.append(f"{name}:{AttendanceStatus(status).label}须填写原因")
            continue
        if len(reason) > 200:
            problems.append(f"{name}:原因不能超过200个字")
            continue
        if not started and status not in EXCUSED:
            problems.append(f"{name}:会议尚未开始,只能登记请假")
            continue
        parsed.append((person, status, reason if status not in ATTENDED else ""))
    if problems:
        raise ValidationError({"entries": problems})
    changed = []
    for person, status, reason in parsed:
        row = _write_row(
            actor=actor,
            meeting=meeting,
            person=person,
            existing=existing.get(person.pk),
            status=status,
            reason=reason,
            method=CheckinMethod.SECRETARY,
            checked_in_at=None,
        )
        if row is not None:
            changed.append(row)
    _refresh_counts(meeting)
    return changed


@transaction.atomic
def checkin(
    *,
    actor: Any,
    token: str,
    person: Person | None = None,
    now: dt.datetime | None = None,
) -> Attendance:
    """A member checks in by the meeting's QR link: only while check-in is open (from the county's
    `checkin_before_minutes` before the start to `checkin_after_minutes` after the end), only members expected at
    the meeting, 迟到 after `late_after_minutes`. Checking in twice changes nothing; a member recorded on leave or
    absent who turns up after all is recorded present."""
    now = _now(now)
    person = person if person is not None else getattr(actor, "person", None)
    if person is None:
        raise ValidationError({"token": "您的账号未关联党员信息,不能签到"})
    require(actor is None or can_act_for(actor, person), "不能为他人扫码签到")
    found = Meeting.objects.filter(checkin_token=(token or "").strip()).first() if token else None
    if found is None:
        raise ValidationError({"token": "签到码无效,请重新扫描会议二维码"})
    meeting = _locked(found)
    person = Person.objects.select_related("org").get(pk=person.pk)
    if meeting.cancelled:
        raise ValidationError({"token": f"该会议已取消({meeting.cancel_reason}),无需签到"})
    existing = meeting.attendance.filter(person=person).first()
    if existing is None or existing.status not in ATTENDED:
        on_roll = meeting_roll(meeting).filter(pk=person.pk).exists()
        if not on_roll and existing is None:
            if meeting.kind == MeetingKind.COMMITTEE_MEETING and org_roll(meeting).filter(pk=person.pk).exists():
                raise ValidationError({"token": f"您不是{meeting.org.name}的支部委员,无需参加支委会签到"})
            raise ValidationError({"token": f"您不是{meeting.org.name}的党员,不能参加该会议签到"})
    if existing is not None and existing.status in ATTENDED:
        return existing
    setting = settings_for(meeting.county_id)
    opens, closes = rules.checkin_window(
        meeting.starts_at, meeting.ends_at, setting.checkin_before_minutes, setting.checkin_after_minutes
    )
    if now < opens:
        raise ValidationError({"token": f"签到尚未开始,请于{_when(opens)}后签到"})
    if now > closes:
        raise ValidationError({"token": f"签到已于{_when(closes)}结束"})
    late = rules.is_late(now, meeting.starts_at, setting.late_after_minutes)
    row = _write_row(
        actor=actor,
        meeting=meeting,
        person=person,
        existing=existing,
        status=AttendanceStatus.LATE if late else AttendanceStatus.PRESENT,
        reason="",
        method=CheckinMethod.QR,
        checked_in_at=now,
    )
    _refresh_counts(meeting)
    assert row is not None
    return row


# --- exports ---------------------------------------------------------------------------------------------------

LIST_HEADERS = [
    "会议日期",
    "时间",
    "党组织",
    "会议类型",
    "主题",
    "地点",
    "主持人",
    "状态",
    "已召开",
    "补录",
    "录入时间",
    "应到",
    "实到",
    "请假",
    "缺席",
    "出席率",
]
SHEET_HEADERS = ["序号", "姓名", "所在党组织", "出席情况", "原因", "登记方式", "签到时间", "本人签名"]


def _time_range(meeting: Meeting) -> str:
    return f"{timezone.localtime(meeting.starts_at):%H:%M}-{timezone.localtime(meeting.ends_at):%H:%M}"


def _host(meeting: Meeting) -> str:
    return meeting.host.name if meeting.host_id else meeting.host_name


def meetings_export(*, actor: Any, org: Org | None, meetings: QuerySet[Meeting], file_name: str) -> bytes:
    """The (filtered) meeting list as .xlsx, with each meeting's attendance as numerator and denominator."""
    now = timezone.now()
    rows = [
        [
            meeting.held_on,
            _time_range(meeting),
            meeting.org.name,
            str(meeting.get_kind_display()),
            meeting.topic,
            meeting.place,
            _host(meeting),
            str(MeetingStatus(status_of(meeting, now)).label),
            "是" if meeting.held else "否",
            "补录" if meeting.backfilled else "",
            f"{timezone.localtime(meeting.recorded_at):%Y-%m-%d %H:%M}" if meeting.recorded_at else "",
            meeting.expected_count,
            meeting.present_count,
            meeting.leave_count,
            meeting.absent_count,
            rate_label(meeting),
        ]
        for meeting in meetings.select_related("org", "host").iterator(chunk_size=2000)
    ]
    caption = f"会议活动 {org.name if org else ''} 导出于{timezone.localdate():%Y-%m-%d}"
    content = audited_xlsx(
        Sheet("会议活动", LIST_HEADERS, rows, caption=caption),
        actor=actor,
        org=org,
        kind="meetings",
        file_name=file_name,
    )
    return content


def attendance_sheet_export(*, actor: Any, meeting: Meeting, sheet: Sequence[Any], file_name: str) -> bytes:
    """A meeting's attendance sheet for printing: the meeting in the caption, one line per member with a column
    to sign in, and the totals."""
    _manageable(actor, meeting, "没有导出该会议签到表的权限")
    rows = []
    for number, line in enumerate(sheet, start=1):
        row = line.attendance
        rows.append(
            [
                number,
                line.person.name,
                line.person.org.name,
                str(row.get_status_display()) if row else "未登记",
                row.reason if row else "",
                str(row.get_method_display()) if row else "",
                f"{timezone.localtime(row.checked_in_at):%H:%M}" if row and row.checked_in_at else "",
                "",
            ]
        )
    caption = (
        f"{meeting.org.name} {meeting.get_kind_display()}签到表:{meeting.topic} "
        f"{meeting.held_on:%Y-%m-%d} {_time_range(meeting)} {meeting.place} 主持人:{_host(meeting)}"
    )
    totals = [
        "合计",
        f"应到{meeting.expected_count}人",
        f"实到{meeting.present_count}人",
        f"请假{meeting.leave_count}人",
        f"缺席{meeting.absent_count}人",
        f"出席率{rate_label(meeting)}",
    ]
    content = audited_xlsx(
        Sheet("签到表", SHEET_HEADERS, rows, caption=caption, totals=totals, widths={8: 14}),
        actor=actor,
        org=meeting.org,
        kind="meeting_attendance",
        file_name=file_name,
    )
    return content


MINE_HEADERS = ["会议日期", "时间", "党组织", "会议类型", "主题", "地点", "出席情况", "原因", "登记方式", "签到时间"]


def my_meetings_export(*, actor: Any, person: Person, meetings: QuerySet[Meeting], file_name: str) -> bytes:
    """A member's own meetings and attendance as .xlsx (`meetings` from `selectors.my_meetings`)."""
    require(actor is None or can_act_for(actor, person), "只能导出本人的会议记录")
    rows = []
    attended = 0
    for meeting in meetings:
        mine = (getattr(meeting, "mine_rows", None) or [None])[0]
        attended += 1 if mine is not None and mine.status in ATTENDED else 0
        rows.append(
            [
                meeting.held_on,
                _time_range(meeting),
                meeting.org.name,
                str(meeting.get_kind_display()),
                meeting.topic,
                meeting.place,
                str(mine.get_status_display()) if mine else ("已取消" if meeting.cancelled else "未登记"),
                mine.reason if mine else "",
                str(mine.get_method_display()) if mine else "",
                f"{timezone.localtime(mine.checked_in_at):%H:%M}" if mine and mine.checked_in_at else "",
            ]
        )
    caption = f"{person.name}的会议 导出于{timezone.localdate():%Y-%m-%d}"
    totals = ["合计", f"{len(rows)}次会议", f"参加{attended}次"]
    content = audited_xlsx(
        Sheet("我的会议", MINE_HEADERS, rows, caption=caption, totals=totals),
        actor=actor,
        org=person.org,
        kind="my_meetings",
        file_name=file_name,
    )
    return content
