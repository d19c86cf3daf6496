"""Talent pages: the home page's figures and pool tabs with filters, the export, entering a record and changing its
status (asking first), teams, secondments ended early with a reason, a "1+N" pair, the settings; another branch
gets a 404 like a missing record."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.villages.choices import TalentPool
from dangjian.villages.models import MentoringPair, Secondment, ServiceTeam, Talent, TalentSetting
from tests.core.pages import login, page
from tests.villages.talent_world import make_talent, talent_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def world(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    return talent_world(tree)


def test_home_shows_figures_tabs_and_the_list(tree, client, world):
    login(client, tree, "town_a")
    html = page(client.get(reverse("villages:talent_home")))
    assert "每村后备干部(最少 / 平均)" in html and "1 / 1.0" in html
    assert "2/2 (100.0%)" in html  # reserve cadres under 35, of the township's two
    assert "后备干部少于2名的村:2/2 (100.0%)" in html
    assert "李明" in html and "王芳" in html and "赵磊" not in html
    reserve = page(client.get(reverse("villages:talent_home"), {"pool": "reserve"}))
    assert "李明" in reserve and "李华" not in reserve
    searched = page(client.get(reverse("villages:talent_home"), {"search": "王", "education": "college"}))
    assert "王强" in searched and "李明" not in searched
    young = page(client.get(reverse("villages:talent_home"), {"age": "senior"}))
    assert "暂无符合条件的人才记录" in young
    township = page(client.get(reverse("villages:talent_home"), {"township": tree.town_a.pk, "org": "V002"}))
    assert "王强" in township and "李明" not in township


def test_export_opens_and_is_audited(tree, client, world):
    login(client, tree, "secretary_a1")
    response = client.get(reverse("villages:talent_export"), {"pool": "reserve"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "李明" in values and "李华" not in values and "王强" not in values
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).count() == 1
    login(client, tree, "member_a1")
    assert client.get(reverse("villages:talent_export")).status_code == 403


def test_enter_a_record_and_change_its_status_asking_first(tree, client, world):
    login(client, tree, "secretary_a1")
    form = page(client.get(reverse("villages:talent_create"), {"pool": "returnee"}))
    assert "登记人才" in form
    data = {
        "org_code": "V001",
        "pool": "returnee",
        "name": "李强",
        "gender": "male",
        "birth_date": "1988-05-01",
        "education": "high_school",
        "political_status": "masses",
        "started_business": "on",
        "business": "生猪养殖场",
        "entry_date": "2026-02-01",
    }
    bad = page(client.post(reverse("villages:talent_create"), data | {"phone": "123"}))
    assert "联系电话格式不正确" in bad and not Talent.objects.filter(name="李强").exists()
    response = client.post(reverse("villages:talent_create"), data)
    talent = Talent.objects.get(name="李强")
    assert response.status_code == 302 and response["Location"] == reverse("villages:talent_detail", args=[talent.pk])
    assert "生猪养殖场" in page(client.get(response["Location"]))
    status_url = reverse("villages:talent_status", args=[talent.pk])
    assert "确认变更" in page(client.get(status_url))
    talent.refresh_from_db()
    assert talent.status == "active"  # asking first changes nothing
    refused = page(client.post(status_url, {"status": "exited", "on": "2026-03-01"}))
    assert "请填写使用或退出的原因" in refused
    client.post(status_url, {"status": "exited", "reason": "再次外出务工", "on": "2026-03-01"})
    talent.refresh_from_db()
    assert talent.status == "exited"
    edit = client.post(reverse("villages:talent_edit", args=[talent.pk]), data | {"speciality": "养殖技术"})
    assert edit.status_code == 302


def test_another_branch_sees_nothing(tree, client, world):
    a1 = world[Talent][0]
    login(client, tree, "secretary_a2")
    assert client.get(reverse("villages:talent_detail", args=[a1.pk])).status_code == 404
    assert client.get(reverse("villages:talent_detail", args=[10**9])).status_code == 404
    assert client.get(reverse("villages:talent_team", args=[world[ServiceTeam][0].pk])).status_code == 404
    assert client.get(reverse("villages:talent_secondment", args=[world[Secondment][0].pk])).status_code == 404
    assert client.get(reverse("villages:talent_pair", args=[world[MentoringPair][0].pk])).status_code == 404
    assert client.post(reverse("villages:talent_status", args=[a1.pk]), {"status": "used"}).status_code == 404


def test_teams_pages(tree, client, world):
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("villages:talent_teams")))
    assert "李庄村农技服务队" in html and "王庄村" not in html
    response = client.post(
        reverse("villages:talent_team_create"),
        {"org_code": "V001", "name": "党员创业先锋服务队", "kind": "pioneer", "founded_on": "2026-02-01"},
    )
    team = ServiceTeam.objects.get(name="党员创业先锋服务队")
    assert response.status_code == 302
    graduate = world[Talent][1]
    client.post(reverse("villages:talent_team_member_add", args=[team.pk]), {"talent": graduate.pk})
    assert "李华" in page(client.get(reverse("villages:talent_team", args=[team.pk])))
    dissolve = reverse("villages:talent_team_dissolve", args=[team.pk])
    assert "确认解散" in page(client.get(dissolve))
    client.post(dissolve)
    team.refresh_from_db()
    assert team.dissolved_on == TODAY
    export = client.get(reverse("villages:talent_team_export"))
    assert load_workbook(io.BytesIO(export.content)).active.max_row >= 3


def test_secondment_pages(tree, client, world):
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("villages:talent_secondments")))
    assert "李明挂职" in html and "已到期待办结" in html
    response = client.post(
        reverse("villages:talent_secondment_create"),
        {
            "org_code": "V001",
            "name": "周杰",
            "from_unit": "县经贸局",
            "post": "村委会主任助理",
            "start": "2026-01-31",
            "term_months": "1",
        },
    )
    item = Secondment.objects.get(name="周杰")
    assert response.status_code == 302 and item.end == dt.date(2026, 2, 28)
    end_url = reverse("villages:talent_secondment_end", args=[world[Secondment][0].pk])
    assert "确认结束" in page(client.get(end_url))
    assert "期满结束" in page(client.post(end_url, {"on": "2026-03-01"}, follow=True))
    assert Secondment.objects.get(pk=world[Secondment][0].pk).status == "completed"
    ending = page(client.get(reverse("villages:talent_secondments"), {"phase": "ending"}))
    assert "周杰" in ending and "李明挂职" not in ending
    export = client.get(reverse("villages:talent_secondment_export"))
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert any("周杰" in row for row in rows)


def test_mentoring_pages(tree, client, world):
    login(client, tree, "secretary_a1")
    assert "李庄村老书记" in page(client.get(reverse("villages:talent_mentoring")))
    fresh = make_talent(tree.village_a1, TalentPool.GRADUATE, name="李新")
    taken = world[Talent][0]
    data = {
        "org_code": "V001",
        "mentor_name": "张老支书",
        "mentor_post": "老村党支部书记",
        "start": "2026-02-01",
        "end": "2027-02-01",
        "goals": "带学带干",
    }
    refused = page(client.post(reverse("villages:talent_pair_create"), data | {"mentees": [taken.pk, fresh.pk]}))
    assert "一人只能有一名在帮导师" in refused
    response = client.post(reverse("villages:talent_pair_create"), data | {"mentees": [fresh.pk]})
    pair = MentoringPair.objects.get(mentor_name="张老支书")
    assert response.status_code == 302
    client.post(reverse("villages:talent_pair_note_add", args=[pair.pk]), {"noted_on": "2026-02-15", "content": "谈心"})
    html = page(client.get(reverse("villages:talent_pair", args=[pair.pk])))
    assert "谈心" in html and "李新" in html
    client.post(reverse("villages:talent_pair_end", args=[pair.pk]))
    pair.refresh_from_db()
    assert pair.status == "ended"


def test_settings_for_the_county_only(tree, client, world):
    login(client, tree, "town_a")
    html = page(client.get(reverse("villages:talent_settings")))
    assert "由县委组织部设置" in html and "2名" in html
    assert client.post(reverse("villages:talent_settings"), {"min_reserve_per_village": 3}).status_code == 403
    login(client, tree, "county")
    data = {"min_reserve_per_village": 1, "reserve_max_age": 35, "reserve_min_education": "junior_college"}
    assert client.post(reverse("villages:talent_settings"), data).status_code == 302
    assert TalentSetting.objects.get().min_reserve_per_village == 1
    html = page(client.get(reverse("villages:talent_home")))
    assert "后备干部少于1名的村:0/2 (0.0%)" in html
