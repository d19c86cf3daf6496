"""Meetings through the API: plan, change, cancel, record as held, take attendance, check in by token, list the
attendance — and the refusals (400 with the rule, 403, 404 outside the scope)."""

import datetime as dt

import pytest
from django.utils import timezone

from dangjian.orglife.models import Attendance, Meeting
from tests.core.factories import make_account
from tests.members.api import api_as
from tests.orglife.meetings_world import meetings_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(tree):
    return api_as(tree.accounts["secretary_a1"])


def soon(minutes=0):
    return (timezone.localtime() + dt.timedelta(minutes=minutes)).replace(microsecond=0)


def meeting_body(tree, **overrides):
    starts = soon(-10)
    body = {
        "org": "V001",
        "kind": "theme_day",
        "topic": "主题党日:重温入党誓词",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + dt.timedelta(hours=2)).isoformat(),
        "place": "村党群服务中心",
        "host": tree.people["a1"][0].pk,
        "agenda": ["学习党章", "交纳党费"],
    }
    return body | overrides


def test_plan_then_read_back(tree, secretary):
    created = secretary.post("/api/v1/orglife/meetings/", meeting_body(tree), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["org"]["code"] == "V001" and body["kind_display"] == "主题党日"
    assert body["status"] == "in_progress" and body["status_display"] == "进行中"
    assert body["agenda"] == [{"item": "学习党章", "done": False}, {"item": "交纳党费", "done": False}]
    assert len(body["checkin_token"]) == 43 and body["attendance_rate"] == "—"
    listed = secretary.get("/api/v1/orglife/meetings/").json()
    assert listed["count"] == 1 and "checkin_token" not in listed["results"][0]
    town = api_as(tree.accounts["town_a"]).get(f"/api/v1/orglife/meetings/{body['id']}/").json()
    assert town["checkin_token"] == body["checkin_token"]


def test_plan_refusals(tree, secretary):
    wrong = secretary.post("/api/v1/orglife/meetings/", meeting_body(tree, agenda=["植树"]), format="json")
    assert wrong.status_code == 400
    assert wrong.json() == {"agenda": ["主题党日议程应从本县规定议程中选择:植树不在规定议程中"]}
    elsewhere = secretary.post("/api/v1/orglife/meetings/", meeting_body(tree, org="V002"), format="json")
    assert elsewhere.status_code == 400 and "组织代码“V002”不存在" in elsewhere.json()["org"][0]
    member = api_as(tree.accounts["member_a1"])
    refused = member.post("/api/v1/orglife/meetings/", meeting_body(tree), format="json")
    assert refused.status_code == 403 and refused.json() == {"detail": "没有为该党组织安排会议的权限"}
    unknown = secretary.post("/api/v1/orglife/meetings/", meeting_body(tree, held=True), format="json")
    assert unknown.status_code == 400 and unknown.json()["held"] == ["“held”不是可提交的项目"]
    assert not Meeting.objects.exists()


def test_update_cancel_and_record(tree, secretary):
    meeting = secretary.post("/api/v1/orglife/meetings/", meeting_body(tree), format="json").json()
    url = f"/api/v1/orglife/meetings/{meeting['id']}/"
    changed = secretary.patch(url, {"place": "村文化广场"}, format="json")
    assert changed.status_code == 200 and changed.json()["place"] == "村文化广场"
    recorded = secretary.post(url + "record-held/", {"minutes": "会议记录", "done_items": ["学习党章"]}, format="json")
    assert recorded.status_code == 200
    assert recorded.json()["held"] is True and recorded.json()["backfilled"] is False
    assert recorded.json()["agenda"][0]["done"] is True
    cancel = secretary.post(url + "cancel/", {"reason": "下雨"}, format="json")
    assert cancel.status_code == 400 and cancel.json() == {"reason": ["会议已录入召开情况,不能取消"]}
    again = secretary.patch(url, {"topic": "新主题"}, format="json")
    assert again.status_code == 400 and again.json() == {"kind": ["会议已录入召开情况,不能再修改安排"]}
    other = secretary.post("/api/v1/orglife/meetings/", meeting_body(tree), format="json").json()
    cancelled = secretary.post(f"/api/v1/orglife/meetings/{other['id']}/cancel/", {"reason": "下雨"}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert secretary.get("/api/v1/orglife/meetings/", {"status": "cancelled"}).json()["count"] == 1


def test_take_attendance_and_list_it(tree, secretary):
    meeting = secretary.post("/api/v1/orglife/meetings/", meeting_body(tree), format="json").json()
    one, two, three = tree.people["a1"]
    entries = [
        {"person": one.pk, "status": "present"},
        {"person": two.pk, "status": "personal_leave", "reason": "外出"},
        {"person": three.pk, "status": "absent"},
    ]
    url = f"/api/v1/orglife/meetings/{meeting['id']}/attendance/"
    refused = secretary.post(url, {"entries": entries}, format="json")
    assert refused.status_code == 400 and refused.json() == {"entries": [f"{three.name}:缺席须填写原因"]}
    entries[2]["reason"] = "联系不上"
    taken = secretary.post(url, {"entries": entries}, format="json")
    assert taken.status_code == 200
    body = taken.json()
    assert (body["expected_count"], body["present_count"], body["leave_count"], body["absent_count"]) == (3, 1, 1, 1)
    assert body["attendance_rate"] == "1/3 (33.3%)"
    rows = secretary.get("/api/v1/orglife/meeting-attendance/", {"meeting": meeting["id"]}).json()
    assert rows["count"] == 3
    assert {row["person"]["name"]: row["status_display"] for row in rows["results"]}[two.name] == "事假"
    absent = secretary.get("/api/v1/orglife/meeting-attendance/", {"status": "absent"}).json()
    assert [row["reason"] for row in absent["results"]] == ["联系不上"]
    outsider = secretary.post(
        url, {"entries": [{"person": tree.people["a2"][0].pk, "status": "present"}]}, format="json"
    )
    assert outsider.status_code == 400 and "不存在" in str(outsider.json())


def test_checkin_by_token(tree, secretary):
    meeting = secretary.post("/api/v1/orglife/meetings/", meeting_body(tree), format="json").json()
    member = api_as(tree.accounts["member_a1"])
    first = member.post("/api/v1/orglife/meetings/checkin/", {"token": meeting["checkin_token"]}, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["status"] == "present" and first.json()["method"] == "qr"
    again = member.post("/api/v1/orglife/meetings/checkin/", {"token": meeting["checkin_token"]}, format="json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    mine = member.get("/api/v1/orglife/meeting-attendance/").json()
    assert [row["id"] for row in mine["results"]] == [first.json()["id"]]
    bad = member.post("/api/v1/orglife/meetings/checkin/", {"token": "nope"}, format="json")
    assert bad.status_code == 400 and bad.json() == {"token": ["签到码无效,请重新扫描会议二维码"]}
    outsider = api_as(make_account("member_a2", tree.village_a2, "member", person=tree.people["a2"][0]))
    refused = outsider.post("/api/v1/orglife/meetings/checkin/", {"token": meeting["checkin_token"]}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {"token": [f"您不是{tree.village_a1.name}的党员,不能参加该会议签到"]}
    assert Attendance.objects.count() == 1


def test_another_branch_sees_nothing_of_a1(tree):
    world = meetings_world(tree)
    a1_meeting = world[Meeting][0]
    other = api_as(tree.accounts["secretary_a2"])
    listed = other.get("/api/v1/orglife/meetings/").json()
    assert listed["count"] == 1 and a1_meeting.pk not in {row["id"] for row in listed["results"]}
    assert other.get("/api/v1/orglife/meetings/", {"org": "V001"}).json()["count"] == 0
    a1_rows = {row.pk for row in world[Attendance]}
    rows = other.get("/api/v1/orglife/meeting-attendance/", {"page_size": 200}).json()["results"]
    assert rows and not a1_rows & {row["id"] for row in rows}
    missing = other.get("/api/v1/orglife/meetings/999999999/")
    for suffix, method in (("", "get"), ("", "patch"), ("cancel/", "post"), ("attendance/", "post")):
        response = getattr(other, method)(f"/api/v1/orglife/meetings/{a1_meeting.pk}/{suffix}", {}, format="json")
        assert response.status_code == 404 and response.json() == missing.json()
    row = world[Attendance][0]
    assert other.get(f"/api/v1/orglife/meeting-attendance/{row.pk}/").status_code == 404
    member = api_as(tree.accounts["member_a1"])
    assert member.get("/api/v1/orglife/meetings/").json()["count"] == 0
    assert member.get("/api/v1/orglife/meeting-attendance/").json()["count"] == 1
