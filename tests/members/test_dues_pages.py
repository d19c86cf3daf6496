"""Dues pages: the ledger (filters, totals, pages, 未核定, opening a month, export), a member's year, the forms
with their errors next to the fields, reductions and their approval, arrears with the DUES-10 flag, the check."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.choices import Occupation
from dangjian.members.models import DuesProfile, DuesRecord, DuesReduction, DuesSetting
from tests.core.factories import make_person
from tests.core.pages import login, page
from tests.members.dues_world import open_months, set_profile

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 15)
FEB, MAR = dt.date(2026, 2, 1), dt.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


@pytest.fixture
def march(tree):
    """Branch a1: two members with a standard and March opened; the third has none (未核定)."""
    a1 = tree.people["a1"]
    set_profile(a1[0])  # 40.00
    set_profile(a1[1], kind="student", base=None)  # 0.20
    set_profile(tree.people["a2"][0])
    open_months(tree.town_a, MAR, MAR)
    return tree


def url(name, *args):
    return reverse(f"members:{name}", args=args)


@pytest.mark.parametrize(
    "name", ["dues_ledger", "dues_arrears", "dues_profiles", "dues_reductions", "dues_check", "dues_settings"]
)
def test_anonymous_is_sent_to_login(tree, client, name):
    response = client.get(url(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("core:login"))


def test_ledger_of_a_branch_month(march, client):
    a1 = march.people["a1"]
    html = page(login(client, march, "secretary_a1").get(url("dues_ledger")))
    assert "党费收缴台账 · 东城镇李庄村党支部 · 2026年3月" in html
    assert a1[0].name in html and a1[1].name in html
    assert "共 2 条" in html and "40.20" in html  # expected total of the month
    assert "未核定" in html and a1[2].name in html  # listed, not silently 0
    assert march.people["a2"][0].name not in html
    assert "登记缴费" in html and "导出台账(.xlsx)" in html


def test_ledger_filters_and_empty_state(march, client):
    a1 = march.people["a1"]
    client = login(client, march, "secretary_a1")
    record = DuesRecord.objects.get(person=a1[0], month=MAR)
    client.post(url("dues_pay", record.pk), {"paid": "40", "extra": "0", "paid_on": "2026-03-10", "method": "cash"})
    unpaid = page(client.get(url("dues_ledger"), {"unpaid": "true"}))
    assert "共 1 条" in unpaid and a1[1].name in unpaid
    by_name = page(client.get(url("dues_ledger"), {"search": a1[0].name}))
    assert "共 1 条" in by_name and "已缴清" in by_name
    empty = page(client.get(url("dues_ledger"), {"month": "2025-01"}))
    assert "暂无符合条件的党费收缴记录" in empty
    other = page(login(client, march, "secretary_a2").get(url("dues_ledger"), {"org": "V001"}))
    assert a1[0].name not in other and "暂无符合条件的党费收缴记录" in other


def test_ledger_pages(tree, client):
    for _ in range(60):
        set_profile(make_person(tree.village_a2), kind="farmer", base=None)
    open_months(tree.village_a2, MAR, MAR)
    client = login(client, tree, "secretary_a2")
    first = page(client.get(url("dues_ledger")))
    assert "共 60 条,第 1/2 页" in first
    second = page(client.get(url("dues_ledger"), {"page": 2}))
    assert "第 2/2 页" in second


def test_open_a_month_from_the_page(tree, client):
    set_profile(tree.people["a1"][0])
    client = login(client, tree, "secretary_a1")
    html = page(client.get(url("dues_ledger")))
    assert "1名党员已核定缴纳标准,尚未列入2026年3月台账" in html and "建立2026年3月台账" in html
    response = client.post(url("dues_open"), {"org_code": "V001", "month": "2026-03"}, follow=True)
    html = page(response)
    assert "已建立2026年3月党费台账:新增1条" in html and "未核定党费缴纳标准,未列入本月台账" in html
    assert DuesRecord.objects.filter(month=MAR).count() == 1
    refused = page(client.post(url("dues_open"), {"org_code": "V001", "month": "2026-04"}, follow=True))
    assert "不能建立以后月份的党费台账" in refused
    outside = page(client.post(url("dues_open"), {"org_code": "V002", "month": "2026-03"}, follow=True))
    assert "组织代码“V002”不存在或不在您的管理范围内" in outside


def test_ledger_export_totals(march, client):
    response = login(client, march, "town_a").get(url("dues_ledger"), {"export": "xlsx"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header, body, totals = rows[1], rows[2:-1], rows[-1]
    assert len(body) == 3 and totals[0] == "合计"
    assert Decimal(str(totals[header.index("应缴(元)")])) == Decimal("80.20")
    assert login(client, march, "member_a1").get(url("dues_ledger"), {"export": "xlsx"}).status_code == 403


def test_member_sees_own_months_only(march, client):
    me = march.people["a1"][0]
    html = page(login(client, march, "member_a1").get(url("dues_ledger")))
    assert "共 1 条" in html and me.name in html and march.people["a1"][1].name not in html
    assert "登记缴费" not in html
    year = page(client.get(url("dues_member", me.pk)))
    assert "40.00元" in year and "登记缴费" not in year
    assert client.get(url("dues_member", march.people["a1"][1].pk)).status_code == 404
    assert client.get(url("dues_profile_edit", me.pk)).status_code == 403


def test_profile_form_suggests_from_occupation_and_keeps_input_on_error(tree, client):
    person = make_person(tree.village_a1, occupation=Occupation.RETIRED)
    client = login(client, tree, "secretary_a1")
    html = page(client.get(url("dues_profile_edit", person.pk)))
    assert "根据工作岗位建议:离退休党员" in html and '<option value="retired" selected>' in html
    html = page(
        client.post(url("dues_profile_edit", person.pk), {"kind": "retired", "base": "", "from_month": "2026-03"})
    )
    assert "在职和离退休党员须填写缴费基数" in html and 'value="2026-03"' in html
    html = page(
        client.post(url("dues_profile_edit", person.pk), {"kind": "retired", "base": "3000", "from_month": "2026-05"})
    )
    assert "起始月份不能晚于本月" in html and 'value="3000"' in html
    response = client.post(
        url("dues_profile_edit", person.pk), {"kind": "retired", "base": "5200", "from_month": "2026-03"}
    )
    assert response.status_code == 302
    assert DuesProfile.objects.get(person=person).monthly == Decimal("52.00")
    assert '每月应缴</dt><dd class="col-7 fw-bold">52.00元' in page(client.get(url("dues_member", person.pk)))
    assert login(client, tree, "secretary_a2").get(url("dues_profile_edit", person.pk)).status_code == 404


def test_payment_form_refuses_late_back_payment_and_flags_large_extra(tree, client, settings):
    person = tree.people["a1"][0]
    set_profile(person)
    open_months(tree.village_a1, dt.date(2025, 8, 1), dt.date(2025, 8, 1))
    open_months(tree.village_a1, MAR, MAR)
    client = login(client, tree, "secretary_a1")
    august = DuesRecord.objects.get(person=person, month=dt.date(2025, 8, 1))
    html = page(client.post(url("dues_pay", august.pk), {"paid": "40", "paid_on": "2026-03-01", "method": "cash"}))
    assert "补交党费不得超过6个月" in html and 'value="2026-03-01"' in html
    march = DuesRecord.objects.get(person=person, month=MAR)
    data = {"paid": "40", "extra": "1000", "paid_on": "2026-03-10", "method": "bank", "receipt_no": "R-9"}
    html = page(client.post(url("dues_pay", march.pk), data, follow=True))
    assert "全额上缴" in html and "已登记" in html
    assert DuesRecord.objects.get(pk=march.pk).receipt_no == "R-9"


def test_pay_several_months_and_excuse(tree, client):
    person = tree.people["a1"][0]
    set_profile(person)
    open_months(tree.village_a1, FEB, FEB)
    client = login(client, tree, "secretary_a1")
    data = {"from_month": "2026-03", "to_month": "2026-05", "paid_on": "2026-03-15", "method": "cash"}
    html = page(client.post(url("dues_pay_months", person.pk), data, follow=True))
    assert "已登记" in html and "3个月的党费,共120.00元" in html
    html = page(client.post(url("dues_pay_months", person.pk), data))
    assert "2026年3月的党费已缴清" in html
    february = DuesRecord.objects.get(person=person, month=FEB)
    html = page(client.post(url("dues_excuse", february.pk), {"reason": ""}))
    assert "请填写未缴党费的正当理由" in html
    client.post(url("dues_excuse", february.pk), {"reason": "外出务工联系不上"})
    assert DuesRecord.objects.get(pk=february.pk).excused


def test_reduction_request_and_decision_pages(tree, client):
    person = tree.people["a1"][0]
    set_profile(person)
    open_months(tree.village_a1, MAR, MAR)
    secretary = login(client, tree, "secretary_a1")
    data = {
        "kind": "reduce",
        "monthly": "50",
        "from_month": "2026-03",
        "to_month": "2026-12",
        "reason": "因病",
        "branch_decided_on": "2026-03-10",
    }
    html = page(secretary.post(url("dues_reduction_new", person.pk), data))
    assert "减交后的每月党费须少于该党员按规定每月应缴的40.00元" in html and 'value="因病"' in html
    response = secretary.post(url("dues_reduction_new", person.pk), data | {"monthly": "10"}, follow=True)
    assert "待上级党委审批" in page(response)
    reduction = DuesReduction.objects.get()
    listed = page(secretary.get(url("dues_reductions")))
    assert "待审批" in listed and url("dues_reduction_decide", reduction.pk) not in listed
    assert secretary.get(url("dues_reduction_decide", reduction.pk)).status_code == 403
    town = login(client, tree, "town_a")
    assert url("dues_reduction_decide", reduction.pk) in page(town.get(url("dues_reductions"), {"status": "pending"}))
    html = page(town.post(url("dues_reduction_decide", reduction.pk), {"decision": "approve"}))
    assert "请勾选确认" in html
    assert DuesReduction.objects.get().status == "pending"
    town.post(url("dues_reduction_decide", reduction.pk), {"decision": "approve", "confirm": "on"})
    assert DuesReduction.objects.get().status == "approved"
    assert DuesRecord.objects.get(person=person).expected == Decimal("10.00")
    assert "暂无符合条件的党费减免" in page(town.get(url("dues_reductions"), {"status": "rejected"}))


def test_lapse_flag_on_the_branch_and_township_pages(tree, client):
    person = tree.people["a1"][0]
    set_profile(person)
    open_months(tree.village_a1, dt.date(2025, 9, 1), FEB)
    flag = "连续6个月不交纳党费,按自行脱党处理"
    for who in ("secretary_a1", "town_a"):
        ledger = page(login(client, tree, who).get(url("dues_ledger")))
        assert flag in ledger and person.name in ledger and "提醒不改变党籍状态" in ledger
        arrears = page(client.get(url("dues_arrears")))
        assert flag in arrears and "table-danger" in arrears
    assert flag not in page(login(client, tree, "secretary_a2").get(url("dues_ledger")))
    arrears = page(login(client, tree, "county").get(url("dues_arrears"), {"org": "T002"}))
    assert "暂无符合条件的欠缴党费的党员" in arrears
    member_page = page(client.get(url("dues_member", person.pk)))
    assert flag in member_page and "欠缴 <strong>6</strong> 个月" in member_page


def test_special_check_page_and_download(tree, client):
    for person in tree.people["a1"]:
        set_profile(person)
    open_months(tree.village_a1, FEB, MAR)
    client = login(client, tree, "town_a")
    html = page(client.get(url("dues_check")))
    assert 'value="T001"' in html and "下载检查表(.xlsx)" in html
    params = {"org_code": "T001", "from_month": "2026-02", "to_month": "2026-03"}
    html = page(client.get(url("dues_check"), params))
    assert "按党组织汇总" in html and "240.00" in html
    response = client.get(url("dues_check"), params | {"download": "xlsx"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["党员明细", "按党组织汇总"]
    html = page(client.get(url("dues_check"), params | {"from_month": "2023-01"}))
    assert "一次专项检查的期间不超过24个月" in html
    html = page(client.get(url("dues_check"), params | {"org_code": "V003"}))
    assert "组织代码“V003”不存在或不在您的管理范围内" in html
    assert login(client, tree, "member_a1").get(url("dues_check")).status_code == 403


def test_county_sets_the_farmers_amount(tree, client):
    html = page(login(client, tree, "secretary_a1").get(url("dues_settings")))
    assert "0.20" in html and "县里尚未设置" in html and "<form" not in html.split("dj-nav")[-1].split("退出")[-1]
    assert client.post(url("dues_settings"), {"farmer_monthly": "0.5"}).status_code == 403
    county = login(client, tree, "county")
    html = page(county.post(url("dues_settings"), {"farmer_monthly": "1.5"}))
    assert "农民党员每月党费应在0.20至1.00元之间" in html
    county.post(url("dues_settings"), {"farmer_monthly": "0.5"})
    assert DuesSetting.objects.get(county=tree.county).farmer_monthly == Decimal("0.50")
