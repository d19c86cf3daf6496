"""The settings page: the county admin edits, townships and branches read the same values; requirements are
listed with filters and exported; the defaults are offered while the county has none; ending and deleting ask
first."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.orglife.choices import MeetingKind
from dangjian.orglife.models import MeetingRequirement, OrgLifeSetting
from tests.core.pages import login, page
from tests.orglife.settings_world import seed_requirements

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 15)


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def setting_data(**overrides):
    data = {
        "theme_days": "5、10",
        "agenda_items": "学习党章\n交纳党费\n\n实行民主议事",
        "late_entry_days": "10",
        "checkin_before_minutes": "30",
        "checkin_after_minutes": "30",
        "late_after_minutes": "15",
    }
    return data | overrides


def test_the_county_admin_saves_the_settings(tree, client):
    login(client, tree, "county")
    html = page(client.get(reverse("orglife:settings")))
    assert 'value="10"' in html and "学习党章" in html and "按条例导入默认要求" in html
    response = client.post(reverse("orglife:settings"), setting_data())
    assert response.status_code == 302
    setting = OrgLifeSetting.objects.get()
    assert setting.theme_days == [5, 10] and setting.agenda_items == ["学习党章", "交纳党费", "实行民主议事"]
    assert setting.late_entry_days == 10


def test_bad_settings_stay_on_the_form_with_the_message(tree, client):
    login(client, tree, "county")
    html = page(client.post(reverse("orglife:settings"), setting_data(theme_days="10,31")))
    assert "主题党日日期应在每月1日至28日之间" in html and 'value="10,31"' in html
    html = page(client.post(reverse("orglife:settings"), setting_data(theme_days="10,十五")))
    assert "主题党日日期中“十五”不是日期数字" in html
    html = page(client.post(reverse("orglife:settings"), setting_data(late_entry_days="0")))
    assert "超过几天录入记为补录应为1至90天" in html
    assert not OrgLifeSetting.objects.exists()


@pytest.mark.parametrize("who", ["town_a", "secretary_a1"])
def test_townships_and_branches_read_the_settings(tree, client, who):
    seed_requirements(tree.county)
    login(client, tree, who)
    html = page(client.get(reverse("orglife:settings")))
    assert "每月10日" in html and "只有县(区)委组织部管理员可以修改" in html
    assert "保存设置" not in html and "添加要求" not in html
    assert "条例未作硬性规定,本县设置" in html and "党课" in html
    assert client.post(reverse("orglife:settings"), setting_data()).status_code == 403
    assert client.get(reverse("orglife:requirement_create")).status_code == 403
    assert not OrgLifeSetting.objects.exists()


def test_seeding_the_defaults_asks_first(tree, client):
    login(client, tree, "county")
    html = page(client.get(reverse("orglife:requirements_seed")))
    assert "确认导入" in html and "2026-01-01" in html and "支部党员大会" in html
    assert not MeetingRequirement.objects.exists()
    assert client.post(reverse("orglife:requirements_seed")).status_code == 302
    assert MeetingRequirement.objects.count() == 8
    html = page(client.get(reverse("orglife:settings")))
    assert "按条例导入默认要求" not in html and "每月至少1次" in html and "执行中" in html
    html = page(client.post(reverse("orglife:requirements_seed")))
    assert "本县已设置组织生活要求,不能再次导入默认要求" in html


def test_requirement_list_filters_and_exports(tree, client):
    seed_requirements(tree.county)
    login(client, tree, "town_a")
    html = page(client.get(reverse("orglife:settings"), {"cycle": "quarter"}))
    assert "共 2 条" in html and "清除条件" in html
    html = page(client.get(reverse("orglife:settings"), {"kind": "evaluation", "cycle": "month"}))
    assert "暂无符合条件的组织生活要求" in html
    response = client.get(reverse("orglife:requirements_export"), {"cycle": "quarter"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["组织生活要求"].values)
    assert rows[1][0] == "活动类型" and len(rows) == 4
    assert any("条例未作硬性规定" in (row[6] or "") for row in rows[2:])
    settings_rows = list(book["组织生活设置"].values)
    assert ("主题党日固定日期", "每月10日") in settings_rows
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, after__kind="orglife_requirements").exists()


def test_create_edit_end_and_delete_from_the_pages(tree, client):
    login(client, tree, "county")
    data = {
        "kind": MeetingKind.PARTY_LESSON,
        "org_category": "all_branches",
        "expected": "1",
        "cycle": "month",
        "effective_from": "2026-05-01",
        "note": "县委组织部文件",
    }
    assert client.post(reverse("orglife:requirement_create"), data).status_code == 302
    lesson = MeetingRequirement.objects.get()
    html = page(client.post(reverse("orglife:requirement_create"), data | {"expected": "2"}))
    assert "与此期间重叠" in html and MeetingRequirement.objects.count() == 1
    html = page(client.post(reverse("orglife:requirement_create"), data | {"expected": "0", "kind": "theme_day"}))
    assert "应开展次数应为1至31次" in html
    html = page(client.post(reverse("orglife:requirement_create"), data | {"cycle": "week"}))
    assert "周期不是有效选项" in html and MeetingRequirement.objects.count() == 1
    edit = reverse("orglife:requirement_edit", args=[lesson.pk])
    assert 'value="县委组织部文件"' in page(client.get(edit))
    assert client.post(edit, data | {"expected": "3"}).status_code == 302
    lesson.refresh_from_db()
    assert lesson.expected == 3
    end = reverse("orglife:requirement_end", args=[lesson.pk])
    assert "确认截止" in page(client.get(end))
    assert client.post(end, {"effective_until": "2026-12-31"}).status_code == 302
    lesson.refresh_from_db()
    assert lesson.effective_until == dt.date(2026, 12, 31)
    delete = reverse("orglife:requirement_delete", args=[lesson.pk])
    assert "确认删除" in page(client.get(delete)) and MeetingRequirement.objects.exists()
    assert client.post(delete).status_code == 302 and not MeetingRequirement.objects.exists()


def test_a_requirement_in_force_is_not_deleted(tree, client):
    lesson = seed_requirements(tree.county)[0]
    login(client, tree, "county")
    html = page(client.post(reverse("orglife:requirement_delete", args=[lesson.pk])))
    assert "该要求已经生效,不能删除" in html and MeetingRequirement.objects.filter(pk=lesson.pk).exists()


def test_an_account_without_a_county_is_told(tree, client, django_user_model):
    from dangjian.core.models import User

    root = User.objects.create_superuser("root", password="Root-pass-2026")
    client.force_login(root)
    assert client.get(reverse("orglife:settings")).status_code == 403
