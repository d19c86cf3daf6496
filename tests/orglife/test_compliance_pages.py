"""Compliance pages: the county (townships rolled up), a township (its branches, filtered), a branch (requirement ×
period grid and its meetings), the exports of each level, the absence list — and who sees what."""

import datetime as dt
import io

import pytest
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.orglife.choices import MeetingKind
from tests.core.pages import login, page
from tests.orglife.compliance_world import attend, make_meeting
from tests.orglife.settings_world import seed_requirements

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 4, 10)
D = dt.date
K = MeetingKind
URL = reverse("orglife:compliance")


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


@pytest.fixture
def world(tree):
    seed_requirements(tree.county, since=D(2025, 1, 1))
    a1, b1 = tree.village_a1, tree.community_b1
    theme = make_meeting(a1, K.THEME_DAY, D(2026, 1, 10), expected=3, present=3, topic="一月主题党日")
    for person in tree.people["a1"]:
        attend(theme, person)
    make_meeting(a1, K.THEME_DAY, D(2026, 2, 10), expected=3, present=2, backfilled=True, topic="二月主题党日")
    make_meeting(a1, K.COMMITTEE_MEETING, D(2026, 3, 5), topic="三月支委会")
    make_meeting(b1, K.THEME_DAY, D(2026, 3, 10), expected=2, present=1, topic="和平社区三月主题党日")
    return tree


def workbook(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def test_the_county_sees_its_townships_rolled_up(world, client):
    login(client, world, "county")
    html = page(client.get(URL))
    assert "示范县委" in html and "2026年组织生活达标情况" in html
    assert "东城镇党委" in html and "西关街道党工委" in html
    assert "?org=T001&amp;year=2026&amp;period=year" in html
    assert "3/16 (18.8%)" in html  # 东城镇: a1 met Jan and Feb theme days and March's 支委会; 8 due in each branch
    assert "4/24 (16.7%)" in html and "6/8 (75.0%)" in html  # the county: attendance 3 + 2 + 1 of 3 + 3 + 2
    assert "合计" in html and "0/3 (0.0%)" in html


def test_a_township_lists_its_branches_with_filters(world, client):
    login(client, world, "town_a")
    html = page(client.get(URL))
    assert "东城镇李庄村党支部" in html and "东城镇王庄村党支部" in html and "有未开展" in html
    html = page(client.get(URL, {"search": "李庄"}))
    assert "东城镇李庄村党支部" in html and "东城镇王庄村党支部" not in html and "清除条件" in html
    html = page(client.get(URL, {"state": "late_entry"}))
    assert "东城镇李庄村党支部" in html and "东城镇王庄村党支部" not in html
    html = page(client.get(URL, {"state": "compliant"}))
    assert "暂无符合条件的党支部" in html
    html = page(client.get(URL, {"period": "m2", "org": "T001"}))
    assert "2026年2月组织生活达标情况" in html and "1/2 (50.0%)" in html
    login(client, world, "county")
    html = page(client.get(URL, {"org": "T001"}))
    assert "东城镇李庄村党支部" in html and '<a href="?org=C001' in html  # the way back up


def test_a_branch_sees_its_grid_and_meetings(world, client):
    login(client, world, "secretary_a1")
    html = page(client.get(URL))
    assert "各项要求开展情况" in html and "全部党支部 主题党日 每月1次" in html
    assert "1月 1/1" in html and "2月 1/1" in html and "3月 0/1" in html
    assert "text-bg-warning" in html and "text-bg-danger" in html and "text-bg-secondary" in html
    assert "一月主题党日" in html and "补录" in html and "三月支委会" in html
    assert "和平社区三月主题党日" not in html
    assert "83.3%" in html and "实到 5 / 应到 6" in html
    try:
        link = reverse("orglife:meeting_detail", args=[1])[:-2]
    except NoReverseMatch:
        link = None
    if link:
        assert link in html
    html = page(client.get(URL, {"period": "q2"}))
    assert "一月主题党日" not in html and "所选期间暂无会议活动记录" in html


def test_scope_and_roles(world, client):
    login(client, world, "secretary_a2")
    assert client.get(URL, {"org": "V001"}).status_code == 404
    assert client.get(reverse("orglife:compliance_export"), {"org": "V001"}).status_code == 404
    login(client, world, "member_a1")
    assert client.get(URL).status_code == 403
    assert client.get(reverse("orglife:absence_list")).status_code == 403


def test_exports_of_each_level(world, client):
    login(client, world, "county")
    book = workbook(client.get(reverse("orglife:compliance_export")))
    assert book.sheetnames == ["汇总", "党支部"]
    summary = list(book["汇总"].values)
    assert summary[0][0] == "示范县委 2026年组织生活达标情况"
    assert [row[0] for row in summary[2:]] == ["东城镇党委", "西关街道党工委", "合计"]
    branches = list(book["党支部"].values)
    assert [row[1] for row in branches[2:]] == ["东城镇李庄村党支部", "东城镇王庄村党支部", "西关街道和平社区党支部"]
    assert branches[2][0] == "东城镇党委" and branches[2][3] == "3/8"
    book = workbook(client.get(reverse("orglife:compliance_export"), {"org": "T001", "state": "missing"}))
    assert book.sheetnames == ["党支部"] and len(list(book["党支部"].values)) == 4
    book = workbook(client.get(reverse("orglife:compliance_export"), {"org": "V001", "period": "q1"}))
    assert book.sheetnames == ["党支部", "达标明细", "会议活动"]
    cells = list(book["达标明细"].values)
    assert ("全部党支部 主题党日 每月1次", "2月", "2026-02-01至2026-02-28", 1, 1, 1, "含补录") in cells
    meetings = list(book["会议活动"].values)
    assert {row[3] for row in meetings[2:]} == {"一月主题党日", "二月主题党日", "三月支委会"}
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, after__kind="orglife_compliance").count() == 3


def test_without_requirements_the_page_says_so(tree, client):
    login(client, tree, "county")
    html = page(client.get(URL))
    assert "本县尚未设置组织生活要求" in html


def test_absence_list_page_and_export(world, client):
    login(client, world, "county")
    html = page(client.get(reverse("orglife:absence_list")))
    assert "连续6个月未参加组织生活的党员" in html and "2025-10-10" in html
    shown = world.people["a2"][0].name
    assert f"<td>{shown}</td>" in html
    assert f"<td>{world.people['a1'][0].name}</td>" not in html  # attended in January
    html = page(client.get(reverse("orglife:absence_list"), {"org": "V003"}))
    assert "共 2 条" in html and f"<td>{shown}</td>" not in html
    html = page(client.get(reverse("orglife:absence_list"), {"search": "不存在的人"}))
    assert "暂无符合条件的连续6个月未参加组织生活的党员" in html
    book = workbook(client.get(reverse("orglife:absence_export"), {"org": "T001"}))
    rows = list(book["6个月未参加组织生活"].values)
    assert len(rows) == 2 + 2 and rows[1][1] == "姓名"  # a1's members all attended in January
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, after__kind="orglife_absence").exists()
    login(client, world, "secretary_a2")
    html = page(client.get(reverse("orglife:absence_list")))
    assert f"<td>{shown}</td>" in html and "共 2 条" in html
    html = page(client.get(reverse("orglife:absence_list"), {"org": "V001"}))
    assert "暂无符合条件的" in html


def test_absence_list_pages(world, client, settings):
    from tests.core.factories import make_person

    settings.DANGJIAN_COMPLIANCE_CACHE_SECONDS = 600
    extra = [make_person(world.village_a2, name=f"外出党员{number:02d}") for number in range(50)]
    login(client, world, "county")
    url = reverse("orglife:absence_list")
    html = page(client.get(url))
    total = 4 + 50  # a2's and b1's members with the new ones (a1's attended in January)
    assert f"共 {total} 条,第 1/2 页" in html and "下一页" in html
    html = page(client.get(url, {"page": 2}))
    assert f"共 {total} 条,第 2/2 页" in html and html.count("<tr>") == total - 50 + 1
    html = page(client.get(url, {"page": "x"}))
    assert "第 1/2 页" in html
    assert f"<td>{extra[0].name}</td>" in page(client.get(url, {"search": "外出党员00"}))
