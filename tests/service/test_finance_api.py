"""村财镇管 API: scope (another branch sees nothing, 404 like missing), the workflow through the endpoints (enter,
sign with the signer's own account, pay by the township), the limit, and the registers."""

import pytest

from dangjian.core import clock
from dangjian.core.choices import Role
from dangjian.service.models import Asset, Expenditure, FundAccount, LeaseContract, Resource
from tests.core.factories import make_account
from tests.members.api import api_as
from tests.service.finance_world import expenditure, finance_world, signers

pytestmark = pytest.mark.django_db

BASE = "/api/v1/service/finance/"
ENDPOINTS = {
    "expenditures/": Expenditure,
    "funds/": FundAccount,
    "assets/": Asset,
    "resources/": Resource,
    "contracts/": LeaseContract,
}


@pytest.mark.parametrize(("path", "model"), ENDPOINTS.items())
def test_another_branch_sees_nothing_of_a1(tree, path, model):
    a1 = finance_world(tree)[model]
    other = api_as(tree.accounts["secretary_a2"])
    listed = {row["id"] for row in other.get(BASE + path).json()["results"]}
    assert listed and not listed & {obj.pk for obj in a1}
    assert other.get(f"{BASE}{path}{a1[0].pk}/").status_code == 404
    own = api_as(tree.accounts["secretary_a1"])
    assert {obj.pk for obj in a1} <= {row["id"] for row in own.get(BASE + path).json()["results"]}


def test_lists_filter_by_status(tree):
    finance_world(tree)
    rows = api_as(tree.accounts["town_a"]).get(BASE + "expenditures/", {"status": "paid"}).json()["results"]
    assert len(rows) == 2 and {r["status"] for r in rows} == {"paid"}


def test_the_workflow_through_the_api(tree):
    secretary, director = signers(tree.village_a1, "a1")
    village = api_as(tree.accounts["secretary_a1"])
    body = {
        "org": "V001",
        "spent_on": clock.today().isoformat(),
        "purpose": "村部电费",
        "category": "utilities",
        "amount": "420.50",
        "payee": "县供电公司",
    }
    response = village.post(BASE + "expenditures/", body, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    town = api_as(tree.accounts["town_a"])
    refused = town.post(f"{BASE}expenditures/{pk}/pay/", {"voucher_no": "记-3"}, format="json")
    assert refused.status_code == 400 and "缺少党组织书记、村委会主任签字" in str(refused.json())
    assert village.post(f"{BASE}expenditures/{pk}/pay/", {"voucher_no": "记-3"}, format="json").status_code == 403
    assert api_as(secretary).post(f"{BASE}expenditures/{pk}/sign/").status_code == 200
    twice = api_as(secretary).post(f"{BASE}expenditures/{pk}/sign/")
    assert twice.status_code == 400 and "同一人不能重复签字" in str(twice.json())
    signed = api_as(director).post(f"{BASE}expenditures/{pk}/sign/").json()
    assert signed["status"] == "payable" and {s["role"] for s in signed["signatures"]} == {"secretary", "director"}
    paid = town.post(f"{BASE}expenditures/{pk}/pay/", {"voucher_no": "记-3"}, format="json")
    assert paid.status_code == 200 and paid.json()["status"] == "paid"


def test_above_the_limit_without_a_decision_is_a_400(tree):
    body = {
        "org": "V001",
        "spent_on": clock.today().isoformat(),
        "purpose": "修路",
        "category": "works",
        "amount": "5000.01",
        "payee": "某工程队",
    }
    response = api_as(tree.accounts["secretary_a1"]).post(BASE + "expenditures/", body, format="json")
    assert response.status_code == 400 and "decision" in response.json().get("errors", response.json())


def test_the_policy_is_read_by_all_and_set_by_the_county(tree):
    assert api_as(tree.accounts["secretary_a1"]).get(BASE + "policy/").json()["decision_limit"] == "5000.00"
    assert (
        api_as(tree.accounts["town_a"]).put(BASE + "policy/", {"decision_limit": "9000"}, format="json").status_code
        == 403
    )
    response = api_as(tree.accounts["county"]).put(BASE + "policy/", {"decision_limit": "9000"}, format="json")
    assert response.status_code == 200 and response.json()["decision_limit"] == "9000.00"


def test_another_township_cannot_return(tree):
    e = expenditure(tree.village_a1)
    other = api_as(make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN))
    assert other.post(f"{BASE}expenditures/{e.pk}/return/", {"reason": "x"}, format="json").status_code == 404
    town = api_as(tree.accounts["town_a"])
    assert (
        town.post(f"{BASE}expenditures/{e.pk}/return/", {"reason": "缺票据"}, format="json").json()["status"]
        == "returned"
    )


def test_registers_through_the_api(tree):
    client = api_as(tree.accounts["secretary_a1"])
    asset = client.post(
        BASE + "assets/",
        {"org": "V001", "name": "村部车辆", "kind": "vehicle", "acquired_on": "2019-04-01", "original_value": "98000"},
        format="json",
    )
    assert asset.status_code == 201, asset.json()
    patched = client.patch(f"{BASE}assets/{asset.json()['id']}/", {"status": "idle"}, format="json")
    assert patched.json()["status"] == "idle"
    contract = client.post(
        BASE + "contracts/",
        {
            "org": "V001",
            "asset": asset.json()["id"],
            "code": "HT-7",
            "lessee": "冯立军",
            "starts_on": "2025-01-01",
            "ends_on": "2027-12-31",
            "annual_rent": "6000",
        },
        format="json",
    )
    assert contract.status_code == 201, contract.json()
    paid = client.post(
        f"{BASE}contracts/{contract.json()['id']}/payment/",
        {"received_on": "2025-01-05", "amount": "6000"},
        format="json",
    )
    assert paid.json()["received"] == "6000.00"
    account = client.post(BASE + "funds/", {"org": "V001", "name": "现金", "kind": "cash"}, format="json").json()
    balance = client.post(
        f"{BASE}funds/{account['id']}/balance/", {"month": clock.today().isoformat(), "balance": "300"}, format="json"
    )
    assert balance.status_code == 200 and balance.json()["balance"] == "300.00"


def test_filter_by_township_and_above_limit(tree):
    finance_world(tree)
    county = api_as(tree.accounts["county"])
    rows = county.get(BASE + "expenditures/", {"township": str(tree.town_a.pk)}).json()["results"]
    assert len(rows) == 4 and {r["org"]["code"] for r in rows} == {"V001", "V002"}
    assert county.get(BASE + "expenditures/", {"above_limit": "true"}).json()["results"] == []
