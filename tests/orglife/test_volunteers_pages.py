"""志愿服务 pages: a member signs up on the phone and sees their hours; the organiser confirms hours after the
activity; teams are formed, joined, left and dissolved; lists filter, page and export; the hours figures."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.orglife.choices import ActivityStatus
from dangjian.orglife.models import Signup, TeamMember, VolunteerActivity, VolunteerTeam
from dangjian.orglife.services import volunteers as services
from tests.core.pages import login, page
from tests.orglife.volunteers_world import volunteers_world

pytestmark = pytest.mark.django_db


def make_activity(org, *, starts_in=dt.timedelta(days=2), hours=2, **overrides):
    starts_at = timezone.now() + starts_in
    values = {
        "actor": None,
        "org": org,
        "title": "关爱独居老人上门走访",
        "place": "村党群服务中心",
        "starts_at": starts_at,
        "ends_at": starts_at + dt.timedelta(hours=hours),
        "capacity": 20,
    }
    return services.activity_create(**values | overrides)


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_member_signs_up_on_the_phone_and_withdraws(tree, client):
    activity = make_activity(tree.village_a1)
    make_activity(tree.village_a2, title="王庄村的活动")
    login(client, tree, "member_a1")
    html = page(client.get(reverse("orglife:volunteer_home")))
    assert "关爱独居老人上门走访" in html and "报名 0/20" in html and "王庄村的活动" not in html
    assert "我的2026年服务时长" in html or "服务时长(小时)" in html
    detail = reverse("orglife:volunteer_activity", args=[activity.pk])
    assert "我要报名" in page(client.get(detail))
    response = client.post(reverse("orglife:volunteer_signup", args=[activity.pk]))
    assert response.status_code == 302 and response["Location"] == detail
    html = page(client.get(detail))
    assert "您已于" in html and "取消报名" in html and "我要报名" not in html and "1/20" in html
    signup = Signup.objects.get()
    withdraw = reverse("orglife:volunteer_withdraw", args=[signup.pk])
    assert "确认取消" in page(client.get(withdraw))
    assert Signup.objects.exists()  # asking first changes nothing
    assert client.post(withdraw).status_code == 302
    assert not Signup.objects.exists()


def test_a_full_activity_offers_no_sign_up(tree, client):
    activity = make_activity(tree.village_a1, capacity=1)
    services.signup_create(actor=None, activity=activity, person=tree.people["a1"][1])
    login(client, tree, "member_a1")
    html = page(client.get(reverse("orglife:volunteer_activity", args=[activity.pk])))
    assert "报名人数已满" in html and "我要报名" not in html
    response = client.post(reverse("orglife:volunteer_signup", args=[activity.pk]), follow=True)
    assert "报名人数已满(1/1)" in response.content.decode()
    assert Signup.objects.count() == 1


def test_the_organiser_confirms_hours_after_the_end(tree, client):
    activity = make_activity(tree.village_a1, starts_in=-dt.timedelta(hours=3), hours=2)
    first, second = (services.signup_create(actor=None, activity=activity, person=p) for p in tree.people["a1"][:2])
    login(client, tree, "secretary_a1")
    detail = reverse("orglife:volunteer_activity", args=[activity.pk])
    html = page(client.get(detail))
    assert "确认服务时长" in html and f'name="hours-{first.pk}"' in html and "最多计 2.0 小时" in html
    hours_url = reverse("orglife:volunteer_hours_confirm", args=[activity.pk])
    response = client.post(hours_url, {f"hours-{first.pk}": "2", f"hours-{second.pk}": "3"}, follow=True)
    assert f"{second.person.name}:服务时长不能超过活动时长2.0小时" in response.content.decode()
    assert not Signup.objects.filter(confirmed=True).exists()
    response = client.post(hours_url, {f"hours-{first.pk}": "2", f"hours-{second.pk}": "0"}, follow=True)
    assert "已确认1人的服务时长" in response.content.decode()
    assert Signup.objects.get(pk=first.pk).hours == Decimal("2.0")
    login(client, tree, "member_a1")
    html = page(client.get(reverse("orglife:volunteer_home")))
    assert "2.0" in html


def test_other_branches_see_nothing_and_cannot_confirm(tree, client):
    activity = make_activity(tree.village_a1, starts_in=-dt.timedelta(hours=3))
    signup = services.signup_create(actor=None, activity=activity, person=tree.people["a1"][0])
    login(client, tree, "secretary_a2")
    assert client.get(reverse("orglife:volunteer_activity", args=[activity.pk])).status_code == 404
    hours_url = reverse("orglife:volunteer_hours_confirm", args=[activity.pk])
    assert client.post(hours_url, {f"hours-{signup.pk}": "2"}).status_code == 404
    login(client, tree, "member_a1")
    assert client.post(hours_url, {f"hours-{signup.pk}": "2"}).status_code == 403
    assert not Signup.objects.filter(confirmed=True).exists()


def test_activity_form_cancel_and_the_reason(tree, client):
    login(client, tree, "secretary_a1")
    starts = timezone.now() + dt.timedelta(days=3)
    data = {
        "org_code": "V001",
        "title": "垃圾分类入户宣传",
        "place": "各村民小组",
        "starts_at": local(starts),
        "ends_at": local(starts - dt.timedelta(hours=1)),
        "capacity": "15",
        "description": "",
    }
    html = page(client.post(reverse("orglife:volunteer_activity_create"), data))
    assert "结束时间应晚于开始时间" in html and 'value="垃圾分类入户宣传"' in html
    data["ends_at"] = local(starts + dt.timedelta(hours=2))
    response = client.post(reverse("orglife:volunteer_activity_create"), data)
    activity = VolunteerActivity.objects.get()
    assert response.status_code == 302 and activity.capacity == 15
    cancel = reverse("orglife:volunteer_activity_cancel", args=[activity.pk])
    assert "确认取消" in page(client.get(cancel))
    html = page(client.post(cancel, {"reason": ""}))
    assert "请填写取消原因" in html
    client.post(cancel, {"reason": "暴雨预警,改期举行"})
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.CANCELLED
    html = page(client.get(reverse("orglife:volunteer_activity", args=[activity.pk])))
    assert "已取消" in html and "暴雨预警,改期举行" in html


def test_the_organiser_registers_a_member_who_came(tree, client):
    activity = make_activity(tree.village_a1, starts_in=-dt.timedelta(hours=1))
    person = tree.people["a1"][2]
    login(client, tree, "secretary_a1")
    url = reverse("orglife:volunteer_register", args=[activity.pk])
    html = page(client.get(url, {"q": person.name}))
    assert f"?person={person.pk}" in html
    other = tree.people["a2"][0]
    assert f"?person={other.pk}" not in page(client.get(url, {"q": other.name}))
    assert "确认登记" in page(client.get(url, {"person": person.pk}))
    client.post(f"{url}?person={person.pk}")
    assert Signup.objects.get().person == person


def test_teams_are_formed_joined_left_and_dissolved(tree, client):
    login(client, tree, "secretary_a1")
    response = client.post(
        reverse("orglife:volunteer_team_create"),
        {"org_code": "V001", "name": "红马甲志愿服务队", "service_area": "环境整治", "founded_on": "2024-05-04"},
    )
    team = VolunteerTeam.objects.get()
    assert response.status_code == 302 and team.founded_on == dt.date(2024, 5, 4)
    html = page(
        client.post(
            reverse("orglife:volunteer_team_create"), {"org_code": "V002", "name": "别队", "founded_on": "2024-05-04"}
        )
    )
    assert "组织代码“V002”不存在或不在您的管理范围内" in html
    login(client, tree, "member_a1")
    detail = reverse("orglife:volunteer_team", args=[team.pk])
    assert "加入该队伍" in page(client.get(detail))
    client.post(reverse("orglife:volunteer_team_join", args=[team.pk]))
    member = TeamMember.objects.get()
    html = page(client.get(detail))
    assert "您已于" in html and "退出队伍" in html
    leave = reverse("orglife:volunteer_member_leave", args=[member.pk])
    assert "确认退出" in page(client.get(leave))
    client.post(leave)
    member.refresh_from_db()
    assert member.left_on is not None
    login(client, tree, "secretary_a1")
    dissolve = reverse("orglife:volunteer_team_dissolve", args=[team.pk])
    assert "确认解散" in page(client.get(dissolve))
    client.post(dissolve)
    team.refresh_from_db()
    assert team.dissolved
    assert "已解散" in page(client.get(reverse("orglife:volunteer_teams")))


def test_team_edit_chooses_the_leader_among_its_volunteers(tree, client):
    team = services.team_create(actor=None, org=tree.village_a1, name="红马甲志愿服务队")
    person = tree.people["a1"][1]
    services.team_join(actor=None, team=team, person=person)
    login(client, tree, "secretary_a1")
    url = reverse("orglife:volunteer_team_edit", args=[team.pk])
    assert person.name in page(client.get(url))
    data = {"name": "红马甲志愿服务队", "service_area": "", "founded_on": team.founded_on.isoformat()}
    client.post(url, data | {"leader": str(person.pk)})
    team.refresh_from_db()
    assert team.leader == person


def test_lists_filter_page_and_export(tree, client):
    volunteers_world(tree)
    for number in range(3):
        make_activity(tree.village_a1, title=f"巡逻{number}", starts_in=dt.timedelta(days=number + 1))
    login(client, tree, "town_a")
    url = reverse("orglife:volunteer_activities")
    html = page(client.get(url))
    assert "李庄村环境卫生大扫除" in html and "王庄村环境卫生大扫除" in html and "和平社区" not in html
    assert "1/10" in html
    html = page(client.get(url, {"phase": "upcoming", "org": "V001"}))
    assert "巡逻0" in html and "李庄村环境卫生大扫除" not in html and "王庄村" not in html
    assert "暂无符合条件的志愿服务活动" in page(client.get(url, {"search": "不存在的活动"}))
    with CaptureQueriesContext(connection) as few:
        page(client.get(url))
    for number in range(5):
        make_activity(tree.village_a2, title=f"更多{number}")
    with CaptureQueriesContext(connection) as more:
        page(client.get(url))
    assert len(more) == len(few)
    export = client.get(reverse("orglife:volunteer_activity_export"), {"org": "V001"})
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content))["志愿服务活动"]
    titles = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert "李庄村环境卫生大扫除" in titles and not any("王庄村" in t for t in titles)
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, after__kind="volunteer_activities").exists()
    teams = client.get(reverse("orglife:volunteer_team_export"))
    sheet = load_workbook(io.BytesIO(teams.content))["志愿服务队"]
    assert {row[0] for row in sheet.iter_rows(min_row=3, values_only=True)} == {
        "李庄村红马甲志愿服务队",
        "王庄村红马甲志愿服务队",
    }
    signups = client.get(reverse("orglife:volunteer_signups_export", args=[VolunteerActivity.objects.first().pk]))
    assert load_workbook(io.BytesIO(signups.content))["报名名单"].max_row == 3


def test_hours_figures_per_member_team_and_org(tree, client):
    volunteers_world(tree)
    login(client, tree, "county")
    year = timezone.localdate().year
    html = page(client.get(reverse("orglife:volunteer_hours"), {"year": year}))
    assert "东城镇党委" in html and "西关街道党工委" in html and "李庄村红马甲志愿服务队" in html
    assert tree.people["a1"][0].name in html and "6.0" in html  # three volunteers, 2 hours each
    html = page(client.get(reverse("orglife:volunteer_hours"), {"year": year, "org": "T001"}))
    assert "东城镇李庄村党支部" in html and "西关街道" not in html.split("各组织汇总")[1].split("服务队")[0]
    export = client.get(reverse("orglife:volunteer_hours_export"), {"year": year})
    book = load_workbook(io.BytesIO(export.content))
    assert book.sheetnames == ["党员服务时长", "服务队", "各组织汇总"]
    members = list(book["党员服务时长"].iter_rows(min_row=3, values_only=True))
    assert len(members) == 4 and members[-1][0] == "合计" and Decimal(str(members[-1][3])) == Decimal("6.0")
    empty = page(client.get(reverse("orglife:volunteer_hours"), {"year": year - 1}))
    assert f"暂无{year - 1}年已确认的服务时长" in empty


def test_members_cannot_export(tree, client):
    login(client, tree, "member_a1")
    assert client.get(reverse("orglife:volunteer_activity_export")).status_code == 403
    assert client.get(reverse("orglife:volunteer_hours_export")).status_code == 403
    assert client.get(reverse("orglife:volunteer_activity_create")).status_code == 403


def test_correcting_an_activity_with_confirmed_hours_keeps_its_times(tree, client):
    activity = make_activity(tree.village_a1, starts_in=-dt.timedelta(hours=3), hours=2)
    signup = services.signup_create(actor=None, activity=activity, person=tree.people["a1"][0])
    services.signup_confirm(actor=None, signup=signup, hours=Decimal("2"))
    login(client, tree, "secretary_a1")
    url = reverse("orglife:volunteer_activity_edit", args=[activity.pk])
    html = page(client.get(url))
    assert local(activity.starts_at) in html
    data = {
        "title": activity.title,
        "place": "村委会大院",
        "starts_at": local(activity.starts_at),
        "ends_at": local(activity.ends_at),
        "capacity": "20",
        "team": "",
        "description": "",
    }
    assert client.post(url, data).status_code == 302
    activity.refresh_from_db()
    assert activity.place == "村委会大院"
    html = page(client.post(url, data | {"ends_at": local(activity.ends_at + dt.timedelta(hours=1))}))
    assert "已确认服务时长的活动不能修改时间" in html
