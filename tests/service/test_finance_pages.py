"""村财镇管 pages: the list with figures and filters, export, the expenditure form and page, signing with the
signer's own account, paying and returning by the township, the county's limit, and the 三资 registers."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from dangjian.core import clock
from dangjian.core.choices import Role
from dangjian.service.models import Expenditure
from dangjian.service.services import finance as services
from tests.core.factories import make_account
from tests.core.pages import login, page
from tests.service.finance_world import expenditure, finance_world, resolved_decision, signers

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    return finance_world(tree)


def test_the_list_shows_figures_and_expenditures_of_the_township(client, tree, world):
    text = page(login(client, tree, "town_a").get(reverse("service:finance_home")))
    assert "村内道路清扫误工补贴" in text and "村委会办公用品采购" in text
    assert "和平社区" not in text
    assert "4 笔" in text  # two per village of the township
    assert "0/0 (—)" in text  # nothing above the limit yet


def test_filters_and_empty_state(client, tree, world):
    login(client, tree, "town_a")
    text = page(client.get(reverse("service:finance_home"), {"status": "paid"}))
    assert "村内道路清扫误工补贴" in text and "村委会办公用品采购" not in text
    text = page(client.get(reverse("service:finance_home"), {"search": "不存在的用途"}))
    assert "暂无符合条件的财务支出" in text
    text = page(client.get(reverse("service:finance_home"), {"township": str(tree.town_a.pk), "category": "allowance"}))
    assert "村内道路清扫误工补贴" in text


def test_export_opens_with_openpyxl_and_carries_the_payee(client, tree, world):
    response = login(client, tree, "town_a").get(reverse("service:finance_export"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    values = [c for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert "赵桂芳" in values and "钱德胜" in values and "孙玉兰" not in values


def test_the_village_enters_an_expenditure_through_the_form(client, tree):
    login(client, tree, "secretary_a1")
    url = reverse("service:finance_create")
    assert "登记支出" in page(client.get(url))
    data = {
        "org_code": "V001",
        "spent_on": clock.today().isoformat(),
        "purpose": "购买打印纸",
        "category": "office",
        "amount": "6000",
        "payee": "县文具店",
    }
    text = page(client.post(url, data))
    assert "须选择本村(社区)已经村民代表会议决议的四议两公开事项" in text
    decision = resolved_decision(tree.village_a1, title="村部维修")
    response = client.post(url, data | {"decision": str(decision.pk)})
    assert response.status_code == 302
    e = Expenditure.objects.get()
    assert e.decision == decision and e.above_limit


def test_the_director_signs_from_the_page_with_a_member_account(client, tree):
    _secretary, director = signers(tree.village_a1, "a1")
    e = expenditure(tree.village_a1)
    client.force_login(director)
    assert "村委会办公用品采购" in page(client.get(reverse("service:finance_home")))
    text = page(client.get(reverse("service:finance_detail", args=[e.pk])))
    assert "主任签字同意" in text and "尚需:党组织书记、村委会主任签字" in text
    assert "确认以村委会主任身份" in page(client.get(reverse("service:finance_sign", args=[e.pk])))
    assert client.post(reverse("service:finance_sign", args=[e.pk])).status_code == 302
    text = page(client.get(reverse("service:finance_detail", args=[e.pk])))
    assert "尚需:党组织书记签字" in text
    # signing twice: the page refuses with the reason
    response = client.get(reverse("service:finance_sign", args=[e.pk]), follow=True)
    assert "您已签过字,同一人不能重复签字" in page(response)


def test_township_pays_after_both_signatures_and_the_village_cannot(client, tree):
    secretary, director = signers(tree.village_a1, "a1")
    e = expenditure(tree.village_a1)
    login(client, tree, "secretary_a1")
    assert client.get(reverse("service:finance_pay", args=[e.pk])).status_code == 403
    login(client, tree, "town_a")
    response = client.post(
        reverse("service:finance_pay", args=[e.pk]), {"paid_on": clock.today().isoformat(), "voucher_no": "记-1"}
    )
    assert "缺少党组织书记、村委会主任签字" in page(response)
    services.expenditure_sign(actor=secretary, expenditure=e)
    services.expenditure_sign(actor=director, expenditure=e)
    response = client.post(
        reverse("service:finance_pay", args=[e.pk]), {"paid_on": clock.today().isoformat(), "voucher_no": "记-1"}
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.status == "paid"


def test_returning_confirms_first(client, tree, world):
    e = world[Expenditure][1]
    login(client, tree, "town_a")
    assert "确认退回" in page(client.get(reverse("service:finance_return", args=[e.pk])))
    e.refresh_from_db()
    assert e.status == "signing"
    client.post(reverse("service:finance_return", args=[e.pk]), {"reason": "缺少发票"})
    e.refresh_from_db()
    assert e.status == "returned"


def test_another_township_gets_404(client, tree, world):
    client.force_login(make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN))
    e = world[Expenditure][0]
    assert client.get(reverse("service:finance_detail", args=[e.pk])).status_code == 404
    assert client.get(reverse("service:finance_pay", args=[e.pk])).status_code == 404


def test_the_county_sets_the_limit_and_a_township_only_reads_it(client, tree):
    login(client, tree, "town_a")
    text = page(client.get(reverse("service:finance_policy")))
    assert "5000.00 元" in text
    assert client.post(reverse("service:finance_policy"), {"decision_limit": "8000"}).status_code == 403
    login(client, tree, "county")
    assert client.post(reverse("service:finance_policy"), {"decision_limit": "8000"}).status_code == 302
    assert services.limit_for(tree.village_a1) == Decimal("8000.00")


def test_the_registers_have_tabs_totals_flags_and_exports(client, tree, world):
    login(client, tree, "town_a")
    text = page(client.get(reverse("service:asset_list")))
    assert "村党群服务中心办公楼" in text and "原值合计96万元" in text
    text = page(client.get(reverse("service:asset_list"), {"tab": "contracts"}))
    assert "90天内到期" in text and "欠缴租金" in text and "周长海" in text
    text = page(client.get(reverse("service:asset_list"), {"tab": "resources", "search": "没有"}))
    assert "暂无符合条件的资源台账" in text
    page(client.get(reverse("service:asset_list"), {"tab": "funds"}))
    for tab in ("funds", "assets", "resources", "contracts"):
        response = client.get(reverse("service:asset_export"), {"tab": tab})
        assert response.status_code == 200
        openpyxl.load_workbook(io.BytesIO(response.content))


def test_register_forms(client, tree):
    login(client, tree, "secretary_a1")
    response = client.post(
        reverse("service:finance_asset_create"),
        {
            "org_code": "V001",
            "name": "村广场路灯",
            "kind": "infrastructure",
            "acquired_on": "2020-05-01",
            "original_value": "36000",
            "status": "in_use",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("service:finance_resource_create"),
        {"org_code": "V001", "name": "南坡林地", "kind": "forest", "area_mu": "0", "status": "self_run"},
    )
    assert "面积(亩)应大于0" in page(response)
    resource = services.resource_create(actor=None, org=tree.village_a1, name="南坡林地", kind="forest", area_mu="12")
    start = clock.today() - dt.timedelta(days=10)
    response = client.post(
        reverse("service:finance_contract_create"),
        {
            "subject": f"resource:{resource.pk}",
            "code": "HT-1",
            "lessee": "刘大海",
            "starts_on": start.isoformat(),
            "ends_on": (start + dt.timedelta(days=3650)).isoformat(),
            "annual_rent": "1200",
        },
    )
    assert response.status_code == 302
