"""Meetings through the services: planning (the county's checklist and theme day), changes, cancelling, recording
as held (补录), photos, the secretary's attendance sheet and the QR check-in window — with the counters, the
automatic points and the audit trail that follow."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.core.choices import AuditAction, MemberCategory, PostTitle, Standing
from dangjian.core.models import AuditEntry
from dangjian.core.services import post_create
from dangjian.members.choices import StandingBasis
from dangjian.members.services.standing import standing_change
from dangjian.orglife.choices import AttendanceStatus, CheckinMethod, MeetingKind, PointSource
from dangjian.orglife.models import (
    Attendance,
    Meeting,
    MeetingPhoto,
    OrgLifeSetting,
    PointEntry,
    PointItem,
    PointScheme,
)
from dangjian.orglife.selectors import meetings as selectors
from dangjian.orglife.services import meetings as services
from tests.core.factories import make_person

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI)
END = START + dt.timedelta(hours=2)
MINUTE = dt.timedelta(minutes=1)
SECOND = dt.timedelta(seconds=1)
CHECKLIST = ["学习党章", "学习党规党纪", "交纳党费", "开展组织生活", "实行民主议事", "落实公开制度"]


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def scheme(tree):
    """A points scheme whose attendance item is worth 2 points a meeting."""
    scheme = PointScheme.objects.create(
        county=tree.county,
        county_path=tree.county.path,
        category=MemberCategory.ORDINARY,
        name="普通党员积分方案",
        effective_from=dt.date(2026, 1, 1),
    )
    PointItem.objects.create(scheme=scheme, name="参加组织生活", source=PointSource.ATTENDANCE, points=Decimal("2"))
    return scheme


def plan(tree, *, who="secretary_a1", org=None, kind=MeetingKind.THEME_DAY, starts_at=START, **values):
    values.setdefault("agenda", CHECKLIST[:3] if kind == MeetingKind.THEME_DAY else ["传达上级文件"])
    values.setdefault("host", tree.people["a1"][0])
    return services.meeting_plan(
        actor=tree.accounts[who] if who else None,
        org=org or tree.village_a1,
        kind=kind,
        topic=values.pop("topic", "学习党章,重温入党誓词"),
        starts_at=starts_at,
        ends_at=values.pop("ends_at", starts_at + dt.timedelta(hours=2)),
        place=values.pop("place", "村党群服务中心"),
        **values,
    )


def refused(call, field):
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict[field]


def points_of(person):
    return list(
        PointEntry.objects.filter(person=person, source=PointSource.ATTENDANCE).values_list("points", flat=True)
    )


# --- planning --------------------------------------------------------------------------------------------------


def test_plan_copies_the_org_and_writes_a_token_and_an_audit_entry(tree):
    meeting = plan(tree)
    assert (meeting.county_id, meeting.org_path, meeting.held_on) == (
        tree.county.pk,
        tree.village_a1.path,
        START.date(),
    )
    assert len(meeting.checkin_token) == 43 and meeting.checkin_token != plan(tree).checkin_token
    assert meeting.agenda == [{"item": item, "done": False} for item in CHECKLIST[:3]]
    entry = AuditEntry.objects.get(object_type="orglife.meeting", object_id=str(meeting.pk))
    assert entry.action == AuditAction.CREATE and entry.after["topic"] == "学习党章,重温入党誓词"
    assert "checkin_token" not in entry.after
    assert selectors.meeting_alerts(meeting) == []


def test_a_theme_day_off_the_countys_day_is_allowed_with_an_alert(tree):
    meeting = plan(tree, starts_at=START + dt.timedelta(days=1))
    assert selectors.meeting_alerts(meeting) == ["主题党日不在本县规定的固定日期(每月10日)"]
    OrgLifeSetting.objects.create(county=tree.county, theme_days=[5, 11])
    assert selectors.meeting_alerts(meeting) == []
    assert selectors.meeting_alerts(plan(tree)) == ["主题党日不在本县规定的固定日期(每月5日、11日)"]


def test_theme_day_agenda_comes_from_the_countys_checklist(tree):
    assert refused(lambda: plan(tree, agenda=["学习党章", "植树造林"]), "agenda") == [
        "主题党日议程应从本县规定议程中选择:植树造林不在规定议程中"
    ]
    assert "请从规定议程中勾选" in refused(lambda: plan(tree, agenda=[]), "agenda")[0]
    OrgLifeSetting.objects.create(county=tree.county, agenda_items=["植树造林", "学习党章"])
    assert [e["item"] for e in plan(tree, agenda=["植树造林", " 植树造林 "]).agenda] == ["植树造林"]
    lesson = plan(
        tree, kind=MeetingKind.PARTY_LESSON, agenda=["讲党课:党的光辉历程", ""], host=None, host_name="王教授"
    )
    assert lesson.agenda == [{"item": "讲党课:党的光辉历程", "done": False}] and lesson.host_name == "王教授"


def test_plan_refusals_name_the_field(tree):
    with pytest.raises(PermissionDenied, match="没有为该党组织安排会议的权限"):
        plan(tree, who="secretary_a2")
    with pytest.raises(PermissionDenied):
        plan(tree, who="member_a1")
    assert refused(lambda: plan(tree, ends_at=START), "ends_at") == ["结束时间应晚于开始时间"]
    assert refused(lambda: plan(tree, ends_at=START + dt.timedelta(hours=25)), "ends_at") == ["会议时长不能超过24小时"]
    assert refused(lambda: plan(tree, topic=" "), "topic") == ["请填写会议主题"]
    assert refused(lambda: plan(tree, place=""), "place") == ["请填写会议地点"]
    other = tree.people["a2"][0]
    assert refused(lambda: plan(tree, host=other), "host") == [
        f"{other.name}不是{tree.village_a1.name}的党员;非本支部人员请填写姓名"
    ]
    assert "请选择主持人" in refused(lambda: plan(tree, host=None), "host")[0]
    assert not Meeting.objects.exists()


def test_update_before_held_moves_attendance_and_points_to_the_new_day(tree, scheme):
    meeting = plan(tree)
    person = tree.people["a1"][1]
    services.attendance_take(
        actor=None, meeting=meeting, entries=[{"person": person, "status": "present"}], now=START + MINUTE
    )
    later = START + dt.timedelta(days=3)
    services.meeting_update(
        actor=tree.accounts["secretary_a1"], meeting=meeting, starts_at=later, ends_at=later + dt.timedelta(hours=1)
    )
    meeting.refresh_from_db()
    assert meeting.held_on == later.date()
    assert Attendance.objects.get(meeting=meeting).held_on == later.date()
    assert PointEntry.objects.get(person=person).occurred_on == later.date()
    update = AuditEntry.objects.filter(object_type="orglife.meeting", action=AuditAction.UPDATE).latest("id")
    assert set(update.after) >= {"starts_at", "ends_at", "held_on"}
    with pytest.raises(ValidationError) as caught:
        services.meeting_update(actor=None, meeting=meeting, checkin_token="x")
    assert caught.value.message_dict == {"checkin_token": ["该项目不能在此修改"]}
    services.meeting_record_held(actor=None, meeting=meeting, minutes="记录", now=later + dt.timedelta(hours=2))
    assert refused(lambda: services.meeting_update(actor=None, meeting=meeting, topic="新主题"), "kind") == [
        "会议已录入召开情况,不能再修改安排"
    ]


def test_cancel_needs_a_reason_and_takes_back_points(tree, scheme):
    meeting = plan(tree)
    person = tree.people["a1"][0]
    services.checkin(actor=None, token=meeting.checkin_token, person=person, now=START)
    assert points_of(person) == [Decimal("2.0")]
    secretary = tree.accounts["secretary_a1"]
    assert refused(lambda: services.meeting_cancel(actor=secretary, meeting=meeting, reason=" "), "reason") == [
        "请填写取消原因"
    ]
    with pytest.raises(PermissionDenied, match="没有取消该会议的权限"):
        services.meeting_cancel(actor=tree.accounts["secretary_a2"], meeting=meeting, reason="下雨")
    services.meeting_cancel(actor=secretary, meeting=meeting, reason="防汛值班")
    meeting.refresh_from_db()
    assert meeting.cancelled and meeting.cancel_reason == "防汛值班"
    assert points_of(person) == []
    assert refused(lambda: services.meeting_cancel(actor=secretary, meeting=meeting, reason="再取消"), "reason") == [
        "会议已经取消"
    ]
    assert refused(
        lambda: services.meeting_record_held(actor=secretary, meeting=meeting, minutes="x", now=END), "minutes"
    ) == ["会议已取消,不能登记召开情况"]


# --- recording as held (补录) -----------------------------------------------------------------------------------


def test_recording_before_the_start_is_refused(tree):
    meeting = plan(tree)
    assert refused(
        lambda: services.meeting_record_held(actor=None, meeting=meeting, minutes="x", now=START - SECOND), "minutes"
    ) == ["会议尚未开始(2026-03-10 09:00开始),不能登记召开情况"]
    services.meeting_record_held(actor=None, meeting=meeting, minutes="会议记录", now=START)
    assert Meeting.objects.get(pk=meeting.pk).held


def test_backfill_after_the_countys_late_entry_days(tree):
    on_time, late = plan(tree), plan(tree)
    seventh = dt.datetime(2026, 3, 17, 23, 59, tzinfo=SHANGHAI)
    eighth = dt.datetime(2026, 3, 18, 0, 0, tzinfo=SHANGHAI)
    services.meeting_record_held(actor=None, meeting=on_time, minutes="按时录入", now=seventh)
    services.meeting_record_held(actor=None, meeting=late, minutes="补录", done_items=["学习党章"], now=eighth)
    on_time.refresh_from_db()
    late.refresh_from_db()
    assert on_time.held and not on_time.backfilled and on_time.recorded_at == seventh
    assert late.backfilled and late.recorded_at == eighth
    assert late.agenda[0] == {"item": "学习党章", "done": True} and late.agenda[1]["done"] is False
    # A correction keeps the first entry time and the 补录 mark.
    services.meeting_record_held(actor=None, meeting=late, minutes="补充记录", now=eighth + dt.timedelta(days=30))
    late.refresh_from_db()
    assert late.recorded_at == eighth and late.backfilled and late.minutes == "补充记录"
    OrgLifeSetting.objects.create(county=tree.county, late_entry_days=3)
    strict = plan(tree)
    services.meeting_record_held(actor=None, meeting=strict, minutes="x", now=dt.datetime(2026, 3, 14, tzinfo=SHANGHAI))
    assert Meeting.objects.get(pk=strict.pk).backfilled


def test_record_checks_minutes_and_agenda_ticks(tree):
    meeting = plan(tree)
    with pytest.raises(ValidationError) as caught:
        services.meeting_record_held(actor=None, meeting=meeting, minutes="", done_items=["植树"], now=END)
    assert caught.value.message_dict == {"minutes": ["请填写会议记录"], "done_items": ["植树不是本次会议的议程"]}
    with pytest.raises(PermissionDenied, match="没有登记该会议召开情况的权限"):
        services.meeting_record_held(actor=tree.accounts["secretary_a2"], meeting=meeting, minutes="x", now=END)


# --- attendance ------------------------------------------------------------------------------------------------


def test_attendance_sheet_sets_counters_points_and_audit(tree, scheme):
    meeting = plan(tree)
    one, two, three = tree.people["a1"]
    secretary = tree.accounts["secretary_a1"]
    changed = services.attendance_take(
        actor=secretary,
        meeting=meeting,
        entries=[
            {"person": one, "status": AttendanceStatus.PRESENT},
            {"person": two, "status": AttendanceStatus.LATE, "reason": "不需要"},
            {"person": three, "status": AttendanceStatus.SICK_LEAVE, "reason": "住院"},
        ],
        now=END,
    )
    assert len(changed) == 3
    meeting.refresh_from_db()
    assert (meeting.expected_count, meeting.present_count, meeting.leave_count, meeting.absent_count) == (3, 2, 1, 0)
    assert selectors.rate_label(meeting) == "2/3 (66.7%)"
    rows = {row.person_id: row for row in Attendance.objects.filter(meeting=meeting)}
    assert rows[two.pk].reason == "" and rows[three.pk].reason == "住院"
    assert {row.method for row in rows.values()} == {CheckinMethod.SECRETARY}
    assert (rows[one.pk].county_id, rows[one.pk].org_path, rows[one.pk].held_on) == (
        tree.county.pk,
        tree.village_a1.path,
        START.date(),
    )
    assert points_of(one) == points_of(two) == [Decimal("2.0")] and points_of(three) == []
    entry = PointEntry.objects.get(person=one)
    assert entry.ref == f"attendance:{rows[one.pk].pk}" and entry.occurred_on == START.date()
    assert AuditEntry.objects.filter(object_type="orglife.attendance", action=AuditAction.CREATE).count() == 3
    # Correcting one row: late → absent takes the points back; the unchanged rows write nothing.
    audit_before = AuditEntry.objects.count()
    changed = services.attendance_take(
        actor=secretary,
        meeting=meeting,
        entries=[
            {"person": one, "status": AttendanceStatus.PRESENT},
            {"person": two, "status": AttendanceStatus.ABSENT, "reason": "外出务工未请假"},
        ],
        now=END,
    )
    assert [row.person_id for row in changed] == [two.pk]
    assert points_of(two) == []
    meeting.refresh_from_db()
    assert (meeting.present_count, meeting.leave_count, meeting.absent_count) == (1, 1, 1)
    assert AuditEntry.objects.count() == audit_before + 2  # the row's update and the points entry's removal


def test_attendance_refusals(tree):
    meeting = plan(tree)
    one, two, _ = tree.people["a1"]
    outsider = tree.people["a2"][0]
    with pytest.raises(ValidationError) as caught:
        services.attendance_take(
            actor=None,
            meeting=meeting,
            entries=[
                {"person": one, "status": AttendanceStatus.PERSONAL_LEAVE},
                {"person": two, "status": AttendanceStatus.ABSENT, "reason": " "},
                {"person": outsider, "status": AttendanceStatus.PRESENT},
            ],
            now=END,
        )
    assert caught.value.message_dict["entries"] == [
        f"{one.name}:事假须填写原因",
        f"{two.name}:缺席须填写原因",
        f"{outsider.name}:不在本次会议的应到人员名单中",
    ]
    assert refused(lambda: services.attendance_take(actor=None, meeting=meeting, entries=[], now=END), "entries") == [
        "请至少登记一名党员的出席情况"
    ]
    with pytest.raises(PermissionDenied, match="没有为该会议登记出席情况的权限"):
        services.attendance_take(
            actor=tree.accounts["secretary_a2"], meeting=meeting, entries=[{"person": one, "status": "present"}]
        )
    assert not Attendance.objects.exists()


def test_before_the_start_only_leave_is_recorded(tree):
    meeting = plan(tree)
    one, two, _ = tree.people["a1"]
    before = START - SECOND
    assert refused(
        lambda: services.attendance_take(
            actor=None, meeting=meeting, entries=[{"person": one, "status": "present"}], now=before
        ),
        "entries",
    ) == [f"{one.name}:会议尚未开始,只能登记请假"]
    services.attendance_take(
        actor=None,
        meeting=meeting,
        entries=[{"person": two, "status": AttendanceStatus.OFFICIAL_LEAVE, "reason": "参加县里培训"}],
        now=before,
    )
    meeting.refresh_from_db()
    assert (meeting.expected_count, meeting.present_count, meeting.leave_count, meeting.absent_count) == (3, 0, 1, 2)


def test_members_off_the_roll_are_not_expected(tree):
    gone = make_person(tree.village_a1)
    standing_change(
        actor=None,
        person=gone,
        to_standing=Standing.DECEASED,
        changed_on=dt.date(2026, 1, 2),
        basis=StandingBasis.DEATH,
        reason="病故",
    )
    meeting = plan(tree)
    assert gone.pk not in {line.person.pk for line in selectors.attendance_sheet(meeting)}
    assert refused(
        lambda: services.attendance_take(
            actor=None, meeting=meeting, entries=[{"person": gone, "status": "present"}], now=END
        ),
        "entries",
    ) == [f"{gone.name}:不在本次会议的应到人员名单中"]


# --- check-in --------------------------------------------------------------------------------------------------


def checkin(tree, meeting, *, now, key="a1", index=0, who=None):
    person = tree.people[key][index]
    return services.checkin(
        actor=tree.accounts[who] if who else None, token=meeting.checkin_token, person=person, now=now
    )


def test_checkin_window_boundaries(tree):
    meeting = plan(tree)
    assert refused(lambda: checkin(tree, meeting, now=START - 30 * MINUTE - SECOND), "token") == [
        "签到尚未开始,请于2026-03-10 08:30后签到"
    ]
    row = checkin(tree, meeting, now=START - 30 * MINUTE)
    assert row.status == AttendanceStatus.PRESENT and row.method == CheckinMethod.QR
    assert row.checked_in_at == START - 30 * MINUTE
    assert refused(lambda: checkin(tree, meeting, now=END + 30 * MINUTE + SECOND, index=1), "token") == [
        "签到已于2026-03-10 11:30结束"
    ]
    assert checkin(tree, meeting, now=END + 30 * MINUTE, index=1).status == AttendanceStatus.LATE


def test_late_after_the_countys_minutes(tree):
    meeting = plan(tree)
    assert checkin(tree, meeting, now=START + 15 * MINUTE).status == AttendanceStatus.PRESENT
    assert checkin(tree, meeting, now=START + 15 * MINUTE + SECOND, index=1).status == AttendanceStatus.LATE
    OrgLifeSetting.objects.create(county=tree.county, late_after_minutes=5, checkin_before_minutes=10)
    strict = plan(tree)
    assert checkin(tree, strict, now=START + 6 * MINUTE).status == AttendanceStatus.LATE
    assert "08:50" in refused(lambda: checkin(tree, strict, now=START - 11 * MINUTE, index=1), "token")[0]


def test_checkin_is_idempotent_and_awards_points_once(tree, scheme):
    meeting = plan(tree)
    member = tree.accounts["member_a1"]
    first = services.checkin(actor=member, token=meeting.checkin_token, now=START)
    again = services.checkin(actor=member, token=meeting.checkin_token, now=START + 20 * MINUTE)
    assert first.pk == again.pk and again.status == AttendanceStatus.PRESENT
    assert Attendance.objects.count() == 1 and points_of(tree.people["a1"][0]) == [Decimal("2.0")]
    meeting.refresh_from_db()
    assert (meeting.expected_count, meeting.present_count, meeting.absent_count) == (3, 1, 2)
    creates = AuditEntry.objects.filter(object_type="orglife.attendance", action=AuditAction.CREATE)
    assert creates.count() == 1 and creates.get().actor_id == member.pk


def test_a_member_on_leave_who_turns_up_is_recorded_present(tree, scheme):
    meeting = plan(tree)
    person = tree.people["a1"][0]
    services.attendance_take(
        actor=None,
        meeting=meeting,
        entries=[{"person": person, "status": AttendanceStatus.PERSONAL_LEAVE, "reason": "走亲戚"}],
        now=START - 60 * MINUTE,
    )
    row = checkin(tree, meeting, now=START + MINUTE)
    assert (row.status, row.reason, row.method) == (AttendanceStatus.PRESENT, "", CheckinMethod.QR)
    assert points_of(person) == [Decimal("2.0")]


def test_checkin_refusals_say_why(tree):
    meeting = plan(tree)
    other = tree.people["a2"][0]
    assert refused(lambda: checkin(tree, meeting, now=START, key="a2"), "token") == [
        f"您不是{tree.village_a1.name}的党员,不能参加该会议签到"
    ]
    assert refused(lambda: services.checkin(actor=None, token="nonsense", person=other, now=START), "token") == [
        "签到码无效,请重新扫描会议二维码"
    ]
    assert refused(lambda: services.checkin(actor=tree.accounts["county"], token=meeting.checkin_token), "token") == [
        "您的账号未关联党员信息,不能签到"
    ]
    with pytest.raises(PermissionDenied, match="不能为他人扫码签到"):
        services.checkin(actor=tree.accounts["member_a1"], token=meeting.checkin_token, person=tree.people["a1"][1])
    services.meeting_cancel(actor=None, meeting=meeting, reason="上级会议冲突")
    assert refused(lambda: checkin(tree, meeting, now=START), "token") == ["该会议已取消(上级会议冲突),无需签到"]


def test_members_of_a_party_group_belong_to_the_branch_meeting(tree):
    from dangjian.core.choices import OrgKind
    from tests.core.factories import make_org

    group = make_org(tree.village_a1, "G001", "李庄村第一党小组", kind=OrgKind.PARTY_GROUP)
    member = make_person(group)
    meeting = plan(tree)
    assert services.checkin(actor=None, token=meeting.checkin_token, person=member, now=START).person_id == member.pk
    meeting.refresh_from_db()
    assert meeting.expected_count == 4


# --- quorums ---------------------------------------------------------------------------------------------------


def test_committee_meeting_expects_the_committee_and_warns_without_quorum(tree):
    one, two, _ = tree.people["a1"]
    extra = make_person(tree.village_a1)
    start = dt.date(2024, 1, 1)
    for person, title in (
        (one, PostTitle.SECRETARY),
        (two, PostTitle.ORGANISATION_MEMBER),
        (extra, PostTitle.PUBLICITY_MEMBER),
    ):
        post_create(actor=None, person=person, org=tree.village_a1, title=title, term_start=start)
    meeting = plan(tree, kind=MeetingKind.COMMITTEE_MEETING)
    assert {line.person.pk for line in selectors.attendance_sheet(meeting)} == {one.pk, two.pk, extra.pk}
    assert refused(lambda: checkin(tree, meeting, now=START, index=2), "token") == [
        f"您不是{tree.village_a1.name}的支部委员,无需参加支委会签到"
    ]
    checkin(tree, meeting, now=START)
    meeting.refresh_from_db()
    assert meeting.expected_count == 3
    assert selectors.meeting_alerts(meeting) == ["支委会到会委员1人,未超过支部委员3人的半数"]
    checkin(tree, meeting, now=START, index=1)
    meeting.refresh_from_db()
    assert selectors.meeting_alerts(meeting) == []


def test_general_meeting_quorum_counts_formal_members(tree):
    from dangjian.core.choices import MemberStatus

    make_person(tree.village_a1, status=MemberStatus.PROBATIONARY, confirmed_on=None, joined_on=dt.date(2025, 7, 1))
    meeting = plan(tree, kind=MeetingKind.GENERAL_MEETING)
    one, two, _ = tree.people["a1"]
    services.attendance_take(actor=None, meeting=meeting, entries=[{"person": one, "status": "present"}], now=END)
    meeting.refresh_from_db()
    assert selectors.meeting_alerts(meeting) == ["到会有表决权的正式党员1人,未超过应到3人的半数,不能作出决议"]
    services.attendance_take(actor=None, meeting=meeting, entries=[{"person": two, "status": "late"}], now=END)
    meeting.refresh_from_db()
    assert selectors.meeting_alerts(meeting) == []


# --- photos ----------------------------------------------------------------------------------------------------

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
WEBP = b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 64


def test_photos_are_images_of_at_most_5_mb(tree, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    meeting = plan(tree)
    secretary = tree.accounts["secretary_a1"]

    def add(name, content, **values):
        return services.meeting_photo_add(
            actor=secretary, meeting=meeting, image=SimpleUploadedFile(name, content), **values
        )

    photo = add("现场.JPG", JPEG, caption="重温入党誓词")
    assert photo.image.name.endswith(".jpg") and (tmp_path / photo.image.name).exists()
    add("b.png", PNG)
    add("c.webp", WEBP)
    assert refused(lambda: add("a.gif", b"GIF89a"), "image") == ["只能上传 jpg、png 或 webp 格式的图片"]
    assert refused(lambda: add("fake.jpg", PNG), "image") == ["文件内容不是有效的jpg图片"]
    assert refused(lambda: add("big.png", PNG + b"\x00" * (5 * 1024 * 1024)), "image")[0].startswith("照片不能超过5MB")
    with pytest.raises(PermissionDenied, match="没有为该会议上传照片的权限"):
        services.meeting_photo_add(
            actor=tree.accounts["secretary_a2"], meeting=meeting, image=SimpleUploadedFile("x.jpg", JPEG)
        )
    assert MeetingPhoto.objects.count() == 3
    assert AuditEntry.objects.filter(object_type="orglife.meetingphoto", action=AuditAction.CREATE).count() == 3
    path = tmp_path / photo.image.name
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_photo_delete(actor=secretary, photo=photo)
    assert MeetingPhoto.objects.count() == 2 and not path.exists()
    assert AuditEntry.objects.filter(object_type="orglife.meetingphoto", action=AuditAction.DELETE).exists()
