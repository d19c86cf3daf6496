"""积分管理 pages: the ranking and its export, a member's own points and claim (phone-sized), the review queue,
branch entries, schemes and revisions, month closing, 红旗支部 and the settings."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.choices import AuditAction, MemberCategory
from dangjian.core.models import AuditEntry
from dangjian.orglife.choices import PointEntryStatus, PointSource
from dangjian.orglife.models import PointEntry, PointMonth, PointScheme, PointSetting
from dangjian.orglife.services import points as services
from tests.core.pages import login, page
from tests.orglife.points_world import item_of, seed_schemes

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 11, 20)
JANUARY = dt.date(2025, 1, 1)
OCTOBER = dt.date(2025, 10, 1)
D = Decimal


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


@pytest.fixture
def seeded(tree, today):
    return seed_schemes(tree, JANUARY)


def attend(person, day, ref):
    return services.award_auto(
        actor=None, person=person, source=PointSource.ATTENDANCE, ref=f"attendance:{ref}", occurred_on=day
    )


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def test_a_member_account_goes_to_its_own_points(tree, client, seeded):
    member = tree.people["a1"][0]
    attend(member, dt.date(2025, 11, 3), 1)
    attend(member, dt.date(2025, 3, 3), 2)
    login(client, tree, "member_a1")
    response = client.get(reverse("orglife:points_home"))
    assert response.status_code == 302 and response["Location"] == reverse("orglife:my_points")
    html = page(client.get(reverse("orglife:my_points")))
    assert "本月积分" in html and "2025年积分" in html
    assert "参加组织生活" in html and "已计入" in html
    assert "支部内第 1/3 名" in html and "申报积分" in html
    html = page(client.get(reverse("orglife:point_entries")))
    assert "参加组织生活" in html and reverse("orglife:point_months") not in html
    assert client.get(reverse("orglife:point_months")).status_code == 403
    assert client.get(reverse("orglife:point_red_flags")).status_code == 403


def test_a_member_claims_on_the_phone_page_and_withdraws(tree, client, seeded):
    member = tree.people["a1"][0]
    login(client, tree, "member_a1")
    html = page(client.get(reverse("orglife:point_claim")))
    assert "为民办实事(+5分/次,上限10分/月)" in html
    item = item_of(member, PointSource.CLAIM)
    data = {"item": item.pk, "occurred_on": "2025-11-21", "quantity": "1", "note": ""}
    assert "请填写申报事由" in page(client.post(reverse("orglife:point_claim"), data))
    html = page(client.post(reverse("orglife:point_claim"), data | {"note": "修路"}))
    assert "发生日期不能晚于今天" in html and 'value="2025-11-21"' in html
    data |= {"occurred_on": "2025-11-18", "note": "帮助李大爷收玉米"}
    response = client.post(reverse("orglife:point_claim"), data)
    assert response.status_code == 302
    entry = PointEntry.objects.get(person=member)
    assert entry.status == PointEntryStatus.PENDING
    html = page(client.get(reverse("orglife:my_points")))
    assert "待审核" in html and "帮助李大爷收玉米" in html
    url = reverse("orglife:point_claim_withdraw", args=[entry.pk])
    assert "确认撤回" in page(client.get(url))
    assert PointEntry.objects.filter(pk=entry.pk).exists()  # GET only asks
    assert client.post(url).status_code == 302
    assert not PointEntry.objects.filter(pk=entry.pk).exists()


def test_a_claim_for_last_month_uses_the_version_then_in_force(tree, client, seeded):
    ordinary = PointScheme.objects.get(category=MemberCategory.ORDINARY)
    revised = services.scheme_revise(actor=None, scheme=ordinary, effective_from=dt.date(2025, 11, 1))
    login(client, tree, "member_a1")
    item = revised.items.get(source=PointSource.CLAIM)
    data = {"item": item.pk, "occurred_on": "2025-10-30", "quantity": "1", "note": "修路"}
    assert client.post(reverse("orglife:point_claim"), data).status_code == 302
    assert PointEntry.objects.get().item.scheme == ordinary


def test_the_secretary_reviews_claims_with_a_confirmation(tree, client, seeded):
    member = tree.people["a1"][0]
    item = item_of(member, PointSource.CLAIM)
    entry = services.point_claim(
        actor=None, person=member, item=item, occurred_on=dt.date(2025, 11, 5), note="义务清扫村道"
    )
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("orglife:point_review")))
    assert "义务清扫村道" in html and "待审核申报 <span" in html
    url = reverse("orglife:point_review_entry", args=[entry.pk])
    assert "确认审核" in page(client.get(url + "?decision=reject"))
    html = page(client.post(url, {"decision": "reject", "note": ""}))
    assert "不通过时请填写审核意见" in html
    assert client.post(url, {"decision": "approve", "note": "属实"}).status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.points, entry.review_note) == (PointEntryStatus.APPROVED, D("5"), "属实")
    assert "暂无待审核的积分申报" in page(client.get(reverse("orglife:point_review")))
    login(client, tree, "secretary_a2")
    assert client.get(url).status_code == 404
    login(client, tree, "member_a1")
    assert client.get(reverse("orglife:point_review")).status_code == 403


def test_branch_entry_picks_a_member_then_records(tree, client, seeded):
    person = tree.people["a1"][1]
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("orglife:point_entry_branch"), {"q": person.name}))
    assert f"?person={person.pk}" in html
    other = tree.people["a2"][0]
    html = page(client.get(reverse("orglife:point_entry_branch"), {"person": other.pk}))
    assert "选择党员" in html
    url = reverse("orglife:point_entry_branch") + f"?person={person.pk}"
    html = page(client.get(url))
    assert "违反纪律扣分(-10分/次)" in html and "为民办实事" not in html
    item = item_of(person, PointSource.BRANCH, name="违反纪律扣分")
    data = {"item": item.pk, "occurred_on": "2025-11-10", "quantity": "1", "note": "无故缺席主题党日"}
    assert client.post(url, data).status_code == 302
    entry = PointEntry.objects.get(person=person)
    assert entry.points == D("-10")
    html = page(client.get(reverse("orglife:point_entries")))
    assert "无故缺席主题党日" in html and "-10.0" in html
    delete = reverse("orglife:point_entry_delete", args=[entry.pk])
    assert "确认删除" in page(client.get(delete))
    assert client.post(delete).status_code == 302
    assert not PointEntry.objects.exists()


def test_ranking_page_filters_and_exports(tree, client, seeded):
    a1 = tree.people["a1"]
    for n in range(3):
        attend(a1[0], dt.date(2025, 11, 3 + n), n)
    attend(a1[1], dt.date(2025, 11, 3), 10)
    attend(tree.people["b1"][0], dt.date(2025, 11, 3), 20)
    login(client, tree, "town_a")
    html = page(client.get(reverse("orglife:points_home"), {"month": "2025-11"}))
    assert a1[0].name in html and tree.people["b1"][0].name not in html
    assert "2025年11月" in html
    html = page(client.get(reverse("orglife:points_home"), {"search": a1[1].name}))
    assert a1[1].name in html and f">{a1[0].name}<" not in html
    html = page(client.get(reverse("orglife:points_home"), {"org": "V002"}))
    assert a1[0].name not in html
    html = page(client.get(reverse("orglife:points_home"), {"search": "没有这个人"}))
    assert "暂无符合条件的党员积分" in html
    book = workbook(client.get(reverse("orglife:points_export"), {"month": "2025-11"}))
    ranking = list(book["积分排名"].iter_rows(values_only=True))
    assert ranking[1][:3] == ("排名(支部内)", "排名(乡镇内)", "姓名")
    assert ranking[2][2] == a1[0].name and ranking[2][5] == 6
    details = list(book["积分明细"].iter_rows(values_only=True))
    assert len(details) == 2 + 4
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, after__kind="points").exists()
    book = workbook(client.get(reverse("orglife:point_entries_export"), {"org": "V001"}))
    assert len(list(book["积分明细"].iter_rows(values_only=True))) == 2 + 4


def test_schemes_page_create_revise_and_items(tree, client, today):
    login(client, tree, "county")
    html = page(client.get(reverse("orglife:point_schemes")))
    assert "尚未制定积分方案" in html
    assert "确认生成" in page(client.get(reverse("orglife:point_schemes_seed")))
    response = client.post(reverse("orglife:point_schemes_seed"), {"effective_from": "2025-01"})
    assert response.status_code == 302 and PointScheme.objects.count() == 6
    html = page(client.get(reverse("orglife:point_schemes")))
    assert "党员中心户" in html and "现行" in html and "联系服务群众" in html
    ordinary = PointScheme.objects.get(category=MemberCategory.ORDINARY)
    url = reverse("orglife:point_scheme_revise", args=[ordinary.pk])
    html = page(client.get(url))
    assert 'value="2025-11"' in html and 'value="参加组织生活"' in html
    count = ordinary.items.count()
    data = {
        "effective_from": "2025-12",
        "name": "",
        "items-TOTAL_FORMS": str(count + 2),
        "items-INITIAL_FORMS": str(count),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(ordinary.items.all()):
        for field in services.ITEM_FIELDS:
            value = getattr(item, field)
            data[f"items-{index}-{field}"] = "" if value is None else str(value)
    data["items-0-points"] = "3"
    data[f"items-{count - 1}-DELETE"] = "on"
    data[f"items-{count}-name"] = "结对帮扶"
    data[f"items-{count}-source"] = "claim"
    data[f"items-{count}-points"] = "-2"
    for extra in (count, count + 1):  # what the browser sends for the blank rows' defaults
        data[f"items-{extra}-cap_cycle"] = "month"
        data[f"items-{extra}-order"] = "0"
    html = page(client.post(url, data))
    assert "只有支部登记的扣分项目可以为负分" in html
    data[f"items-{count}-points"] = "2"
    assert client.post(url, data).status_code == 302
    revised = PointScheme.objects.get(category=MemberCategory.ORDINARY, effective_from=dt.date(2025, 12, 1))
    names = list(revised.items.values_list("name", flat=True))
    assert "结对帮扶" in names and "违反纪律扣分" not in names
    assert revised.items.get(name="参加组织生活").points == D("3")
    html = page(client.get(reverse("orglife:point_schemes")))
    assert "未生效" in html
    # The version not yet in force takes item changes; the one in force does not offer them.
    item = revised.items.get(name="结对帮扶")
    edit = reverse("orglife:point_item_edit", args=[item.pk])
    form = {
        "name": "结对帮扶困难户",
        "source": "claim",
        "points": "2",
        "cap": "6",
        "cap_cycle": "quarter",
        "order": "9",
    }
    assert client.post(edit, form).status_code == 302
    item.refresh_from_db()
    assert (item.name, item.cap) == ("结对帮扶困难户", D("6.0"))
    in_force = ordinary.items.first()
    html = page(client.post(reverse("orglife:point_item_edit", args=[in_force.pk]), form | {"name": "x"}))
    assert services.IN_FORCE in html
    delete = reverse("orglife:point_item_delete", args=[item.pk])
    assert "确认删除" in page(client.get(delete))
    assert client.post(delete).status_code == 302 and not revised.items.filter(pk=item.pk).exists()


def test_only_the_county_admin_changes_schemes(tree, client, seeded):
    ordinary = PointScheme.objects.get(category=MemberCategory.ORDINARY)
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("orglife:point_schemes")))
    assert "普通党员积分管理办法" in html and "修订(新版本)" not in html
    assert client.get(reverse("orglife:point_scheme_revise", args=[ordinary.pk])).status_code == 403
    assert client.get(reverse("orglife:point_schemes_seed")).status_code == 403
    assert client.get(reverse("orglife:point_month_close")).status_code == 403
    html = page(client.get(reverse("orglife:point_settings")))
    assert "60、70、80、90、100" in html and 'name="star_1"' not in html
    assert client.post(reverse("orglife:point_settings"), {}).status_code == 403
    login(client, tree, "member_a1")
    assert "普通党员积分管理办法" in page(client.get(reverse("orglife:point_schemes")))


def test_month_closing_page_asks_then_closes(tree, client, seeded, settings):
    settings.DANGJIAN_TODAY = dt.date(2025, 2, 10)
    login(client, tree, "county")
    html = page(client.get(reverse("orglife:point_months")))
    assert "下一个待结账月份:<strong>2025年1月</strong>" in html and "暂无已结账的月份" in html
    html = page(client.get(reverse("orglife:point_month_close")))
    assert "确认结账 <strong>2025年1月</strong>" in html
    assert not PointMonth.objects.exists()
    response = client.post(reverse("orglife:point_month_close"), {"month": "2025-01-01"})
    assert response.status_code == 302
    assert PointMonth.objects.get().month == JANUARY
    html = page(client.get(reverse("orglife:point_months")))
    assert "2025年2月" in html and "该月尚未结束" in html
    response = client.post(reverse("orglife:point_month_close"), {"month": "2025-02-01"}, follow=True)
    assert "只能对已经结束的月份结账" in page(response)


def test_settings_page_saves_with_messages(tree, client, today):
    login(client, tree, "county")
    url = reverse("orglife:point_settings")
    data = {
        "star_1": "50",
        "star_2": "40",
        "star_3": "70",
        "star_4": "80",
        "star_5": "90",
        "red_flag_min_average": "75",
        "red_flag_min_compliance": "90",
        "red_flag_min_attendance": "80",
        "red_flag_min_star_share": "40",
    }
    assert "星级积分标准应逐级递增" in page(client.post(url, data))
    data["star_2"] = "60"
    assert client.post(url, data).status_code == 302
    setting = PointSetting.objects.get(county=tree.county)
    assert setting.star_thresholds == [50, 60, 70, 80, 90] and setting.red_flag_min_compliance == 90


def test_red_flag_page_shows_figures_against_the_criteria(tree, client, seeded):
    services.point_setting_update(
        actor=None,
        county=tree.county,
        star_thresholds=[1, 2, 3, 4, 5],
        red_flag_min_compliance=0,
        red_flag_min_attendance=0,
        red_flag_min_average=D("2"),
        red_flag_min_star_share=50,
    )
    for person in tree.people["a1"]:
        attend(person, dt.date(2025, 11, 3), person.pk)
        attend(person, dt.date(2025, 11, 4), -person.pk)
    login(client, tree, "town_a")
    html = page(client.get(reverse("orglife:point_red_flags")))
    assert tree.village_a1.name in html and tree.village_a2.name in html
    assert tree.community_b1.name not in html
    assert "12.0/3 (4.0)" in html  # a1: 12 points over 3 members
    assert "3/3 (100.0%)" in html  # all three have 4 stars
    assert "党员年度平均积分0.0分,低于2.0分" in html  # a2 earned nothing
    html = page(client.get(reverse("orglife:point_red_flags"), {"search": "王庄"}))
    assert tree.village_a1.name not in html
    book = workbook(client.get(reverse("orglife:point_red_flags_export")))
    rows = list(book["红旗支部"].iter_rows(values_only=True))
    assert rows[1][0] == "党支部" and len(rows) == 2 + 2
