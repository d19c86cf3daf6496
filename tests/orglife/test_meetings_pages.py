"""Meeting pages: the list (filters, export, empty state), planning with the county's checklist, the detail with the
check-in QR code, cancelling, recording as held, the attendance sheet and its print export, photos, the member's
check-in page and their own meetings."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.orglife.choices import AttendanceStatus, MeetingKind
from dangjian.orglife.models import Attendance, Meeting, MeetingPhoto
from dangjian.orglife.services import meetings as services
from tests.core.factories import make_account
from tests.core.pages import login, page
from tests.orglife.meetings_world import held_meeting, meetings_world

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def live_meeting(tree, *, key="a1", kind=MeetingKind.THEME_DAY, minutes_ago=10):
    """A meeting that started a few minutes ago (check-in open, not yet late)."""
    org = {"a1": tree.village_a1, "a2": tree.village_a2}[key]
    starts = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=minutes_ago)
    return services.meeting_plan(
        actor=None,
        org=org,
        kind=kind,
        topic="重温入党誓词",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        place="村委会二楼会议室",
        host_name="镇党委书记",
        agenda=["学习党章", "交纳党费"] if kind == MeetingKind.THEME_DAY else [],
    )


def test_list_shows_the_scope_with_rates_filters_and_an_empty_state(tree, client):
    meetings_world(tree)
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("orglife:meeting_list")))
    assert "学习贯彻党的二十届四中全会精神" in html and "2/3 (66.7%)" in html and "已召开" in html
    assert html.count("orglife/meetings/") >= 1 and tree.village_a2.name not in html
    html = page(client.get(reverse("orglife:meeting_list"), {"kind": MeetingKind.PARTY_LESSON}))
    assert "暂无符合条件的会议活动" in html and "清除条件" in html
    html = page(client.get(reverse("orglife:meeting_list"), {"backfilled": "false", "search": "四中全会"}))
    assert "2/3 (66.7%)" in html
    login(client, tree, "town_a")
    html = page(client.get(reverse("orglife:meeting_list"), {"org": "V002"}))
    assert tree.village_a2.name in html and tree.village_a1.name not in html


def test_empty_list_offers_planning(tree, client):
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("orglife:meeting_list")))
    assert "暂无会议活动" in html and reverse("orglife:meeting_plan") in html


def test_a_member_is_sent_to_their_own_meetings(tree, client):
    login(client, tree, "member_a1")
    response = client.get(reverse("orglife:meeting_list"))
    assert response.status_code == 302 and response["Location"] == reverse("orglife:my_meetings")


def test_list_export_opens_and_is_audited(tree, client):
    meetings_world(tree)
    login(client, tree, "town_a")
    response = client.get(reverse("orglife:meeting_export"), {"org": "V001"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "会议日期" and rows[1][-1] == "出席率"
    assert len(rows) == 3 and rows[2][2] == tree.village_a1.name and rows[2][-1] == "2/3 (66.7%)"
    export = AuditEntry.objects.filter(action=AuditAction.EXPORT).latest("id")
    assert export.after["kind"] == "meetings" and export.after["rows"] == 1
    login(client, tree, "member_a1")
    assert client.get(reverse("orglife:meeting_export")).status_code == 403


def test_plan_page_uses_the_checklist_and_warns_off_the_theme_day(tree, client):
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("orglife:meeting_plan")))
    assert "落实公开制度" in html and "主题党日固定在每月10日" in html
    data = {
        "kind": MeetingKind.THEME_DAY,
        "topic": "党员冬训",
        "day": "2026-03-11",
        "start_time": "09:00",
        "end_time": "11:30",
        "place": "村党群服务中心",
        "host": str(tree.people["a1"][0].pk),
        "agenda_items": ["学习党章", "交纳党费"],
    }
    response = client.post(reverse("orglife:meeting_plan"), data, follow=True)
    html = page(response)
    meeting = Meeting.objects.get()
    assert meeting.topic == "党员冬训" and meeting.host_id == tree.people["a1"][0].pk
    assert timezone.localtime(meeting.ends_at).strftime("%H:%M") == "11:30"
    assert "已安排主题党日:党员冬训" in html and "主题党日不在本县规定的固定日期(每月10日)" in html


def test_plan_form_keeps_input_and_names_the_rule(tree, client):
    login(client, tree, "secretary_a1")
    data = {
        "kind": MeetingKind.PARTY_LESSON,
        "topic": "专题党课",
        "day": "2026-03-11",
        "start_time": "10:00",
        "end_time": "09:00",
        "place": "会议室",
        "host_name": "县委党校王老师",
        "agenda_text": "讲授党课\n交流发言",
    }
    html = page(client.post(reverse("orglife:meeting_plan"), data))
    assert "结束时间应晚于开始时间" in html and 'value="县委党校王老师"' in html
    assert not Meeting.objects.exists()
    data["end_time"] = "11:00"
    assert client.post(reverse("orglife:meeting_plan"), data).status_code == 302
    assert [e["item"] for e in Meeting.objects.get().agenda] == ["讲授党课", "交流发言"]


def test_planning_for_another_branch_needs_scope(tree, client):
    login(client, tree, "secretary_a2")
    assert client.get(reverse("orglife:meeting_plan"), {"org": "V001"}).status_code == 404
    login(client, tree, "town_a")
    assert "东城镇李庄村党支部" in page(client.get(reverse("orglife:meeting_plan"), {"org": "V001"}))
    login(client, tree, "member_a1")
    assert client.get(reverse("orglife:meeting_plan")).status_code == 403


def test_detail_shows_the_qr_code_to_managers_only(tree, client):
    meeting = live_meeting(tree)
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("orglife:meeting_detail", args=[meeting.pk])))
    checkin_url = "http://testserver" + reverse("orglife:meeting_checkin", args=[meeting.checkin_token])
    assert "<svg" in html and checkin_url in html and "扫码签到" in html
    assert "应到 3 人" in html and "进行中" in html
    login(client, tree, "secretary_a2")
    assert client.get(reverse("orglife:meeting_detail", args=[meeting.pk])).status_code == 404
    login(client, tree, "member_a1")
    assert client.get(reverse("orglife:meeting_detail", args=[meeting.pk])).status_code == 404


def test_detail_marks_a_backfilled_meeting(tree, client):
    meeting = held_meeting(tree, "a1", days_ago=20)
    assert Meeting.objects.get(pk=meeting.pk).backfilled
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("orglife:meeting_detail", args=[meeting.pk])))
    assert "补录" in html and "录入,晚于会议日期" in html and "<svg" not in html
    assert "住院治疗" in html and "病假" in html


def test_cancel_asks_first(tree, client):
    meeting = live_meeting(tree)
    login(client, tree, "secretary_a1")
    url = reverse("orglife:meeting_cancel", args=[meeting.pk])
    html = page(client.get(url))
    assert "确认取消" in html and "重温入党誓词" in html
    assert not Meeting.objects.get(pk=meeting.pk).cancelled
    assert "请填写取消原因" in page(client.post(url, {"reason": ""}))
    response = client.post(url, {"reason": "突发汛情"}, follow=True)
    assert "会议已取消:突发汛情" in page(response)
    login(client, tree, "secretary_a2")
    assert client.get(url).status_code == 404


def test_record_held_page(tree, client):
    meeting = live_meeting(tree)
    login(client, tree, "secretary_a1")
    url = reverse("orglife:meeting_record", args=[meeting.pk])
    html = page(client.get(url))
    assert "学习党章" in html and "会议结束7天以后录入的,记为补录" in html
    response = client.post(url, {"minutes": "全体党员重温入党誓词。", "done_items": ["学习党章"]}, follow=True)
    assert "已登记召开情况" in page(response)
    meeting.refresh_from_db()
    assert meeting.held and not meeting.backfilled and meeting.agenda[1]["done"] is False


def test_attendance_sheet_page_and_print_export(tree, client):
    meeting = live_meeting(tree)
    one, two, three = tree.people["a1"]
    login(client, tree, "secretary_a1")
    url = reverse("orglife:meeting_attendance", args=[meeting.pk])
    html = page(client.get(url))
    assert one.name in html and "未登记" in html
    html = page(client.post(url, {f"status_{two.pk}": AttendanceStatus.SICK_LEAVE, f"reason_{two.pk}": ""}))
    assert f"{two.name}:病假须填写原因" in html
    data = {f"status_{two.pk}": AttendanceStatus.SICK_LEAVE, f"reason_{two.pk}": "手术住院", "rest_present": "1"}
    assert client.post(url, data).status_code == 302
    statuses = dict(Attendance.objects.filter(meeting=meeting).values_list("person_id", "status"))
    assert statuses == {one.pk: "present", two.pk: "sick_leave", three.pk: "present"}
    meeting.refresh_from_db()
    assert (meeting.expected_count, meeting.present_count, meeting.leave_count) == (3, 2, 1)
    response = client.get(reverse("orglife:meeting_attendance_export", args=[meeting.pk]))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert "签到表" in rows[0][0] and rows[1][-1] == "本人签名"
    assert {row[1]: row[3] for row in rows[2:5]} == {one.name: "正常", two.name: "病假", three.name: "正常"}
    assert rows[-1][0] == "合计" and "出席率2/3 (66.7%)" in rows[-1]
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, after__kind="meeting_attendance").exists()


def test_photo_upload_serve_and_delete(tree, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = live_meeting(tree)
    login(client, tree, "secretary_a1")
    add_url = reverse("orglife:meeting_photo_add", args=[meeting.pk])
    html = page(client.post(add_url, {"image": SimpleUploadedFile("a.bmp", b"BM"), "caption": "合影"}))
    assert "只能上传 jpg、png 或 webp 格式的图片" in html
    response = client.post(add_url, {"image": SimpleUploadedFile("合影.jpg", JPEG), "caption": "合影"})
    assert response.status_code == 302
    photo = MeetingPhoto.objects.get()
    served = client.get(reverse("orglife:meeting_photo", args=[photo.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content) == JPEG
    html = page(client.get(reverse("orglife:meeting_detail", args=[meeting.pk])))
    assert reverse("orglife:meeting_photo", args=[photo.pk]) in html
    delete_url = reverse("orglife:meeting_photo_delete", args=[photo.pk])
    assert "确认删除" in page(client.get(delete_url)) and MeetingPhoto.objects.exists()
    login(client, tree, "secretary_a2")
    assert client.get(reverse("orglife:meeting_photo", args=[photo.pk])).status_code == 404
    login(client, tree, "secretary_a1")
    assert client.post(delete_url).status_code == 302 and not MeetingPhoto.objects.exists()


def test_member_checks_in_by_the_qr_link(tree, client):
    meeting = live_meeting(tree)
    url = reverse("orglife:meeting_checkin", args=[meeting.checkin_token])
    login(client, tree, "member_a1")
    html = page(client.get(url))
    assert "重温入党誓词" in html and ">签到</button>" in html
    html = page(client.post(url))
    assert "签到成功" in html and reverse("orglife:my_points") in html and "正常" in html
    row = Attendance.objects.get()
    assert row.person_id == tree.people["a1"][0].pk and row.method == "qr"
    html = page(client.get(url))
    assert "您已于" in html and ">签到</button>" not in html
    assert "签到成功" in page(client.post(url)) and Attendance.objects.count() == 1
    html = page(client.get(reverse("orglife:my_meetings")))
    assert "重温入党誓词" in html and "扫码签到" in html


def test_checkin_page_explains_refusals(tree, client):
    meeting = live_meeting(tree)
    url = reverse("orglife:meeting_checkin", args=[meeting.checkin_token])
    member_a2 = make_account("member_a2", tree.village_a2, "member", person=tree.people["a2"][0])
    client.force_login(member_a2)
    html = page(client.post(url))
    assert f"您不是{tree.village_a1.name}的党员,不能参加该会议签到" in html
    login(client, tree, "county")
    assert "您的账号未关联党员信息" in page(client.get(url))
    assert client.get(reverse("orglife:meeting_checkin", args=["x" * 43])).status_code == 404
    later = live_meeting(tree, minutes_ago=-120)
    login(client, tree, "member_a1")
    html = page(client.post(reverse("orglife:meeting_checkin", args=[later.checkin_token])))
    assert "签到尚未开始" in html and not Attendance.objects.exists()
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_my_meetings_lists_the_members_branch_only(tree, client):
    meetings_world(tree)
    live_meeting(tree, key="a2")
    login(client, tree, "member_a1")
    html = page(client.get(reverse("orglife:my_meetings")))
    assert "学习贯彻党的二十届四中全会精神" in html and "正常" in html
    assert "重温入党誓词" not in html


def test_my_meetings_filter_and_export(tree, client):
    meetings_world(tree)
    live_meeting(tree)
    login(client, tree, "member_a1")
    html = page(client.get(reverse("orglife:my_meetings"), {"search": "入党誓词"}))
    assert "重温入党誓词" in html and "学习贯彻党的二十届四中全会精神" not in html and "未签到" in html
    html = page(client.get(reverse("orglife:my_meetings"), {"kind": MeetingKind.PARTY_LESSON}))
    assert "暂无符合条件的会议" in html
    response = client.get(reverse("orglife:my_meetings_export"))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "会议日期" and {row[4]: row[6] for row in rows[2:4]} == {
        "学习贯彻党的二十届四中全会精神": "正常",
        "重温入党誓词": "未登记",
    }
    assert rows[-1][:3] == ("合计", "2次会议", "参加1次")
    login(client, tree, "county")
    assert client.get(reverse("orglife:my_meetings_export")).status_code == 403


def test_township_admin_picks_the_branch_to_plan_for(tree, client):
    login(client, tree, "town_a")
    html = page(client.get(reverse("orglife:meeting_plan")))
    assert "为下级党组织安排" in html and tree.town_a.name in html
    html = page(client.get(reverse("orglife:meeting_list"), {"org": "V002"}))
    assert reverse("orglife:meeting_plan") + "?org=V002" in html
