"""村财镇管 data for tests: in every branch (a1, a2, b1) a secretary and a director with their own accounts, an
expenditure signed by both and paid, one waiting for signatures, and the 三资 registers (a fund account with a
balance, an asset, a resource leased by a resident, rent received). Shared by the finance tests, the API scope walk
and the public crawl."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dangjian.core import clock
from dangjian.core.choices import PostTitle, Role
from dangjian.core.services import post_create
from dangjian.service.models import (
    Asset,
    Decision,
    Expenditure,
    FundAccount,
    LeaseContract,
    Resource,
)
from dangjian.service.services import finance as services
from tests.core.factories import make_account, make_person

PLACES = {"a1": "李庄村", "a2": "王庄村", "b1": "和平社区"}
PAYEES = {"a1": "赵桂芳", "a2": "钱德胜", "b1": "孙玉兰"}
LESSEES = {"a1": "周长海", "a2": "吴春生", "b1": "郑美华"}

# Fields that hold residents' names (payees, lessees may be villagers): never on a public page.
PRIVATE_FIELDS = {Expenditure: ["payee"], LeaseContract: ["lessee"]}


def branches(tree):
    return (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1))


def signers(org, key: str, *, start: dt.date | None = None):
    """A secretary and a director of the place (two persons), each with a member account of their own."""
    start = start or dt.date(2021, 1, 1)
    secretary = make_person(org, name=f"{PLACES[key]}书记")
    director = make_person(org, name=f"{PLACES[key]}主任")
    post_create(actor=None, person=secretary, org=org, title=PostTitle.SECRETARY, term_start=start)
    post_create(actor=None, person=director, org=org, title=PostTitle.VILLAGE_DIRECTOR, term_start=start)
    return (
        make_account(f"fin_sec_{key}", org, Role.MEMBER, person=secretary),
        make_account(f"fin_dir_{key}", org, Role.MEMBER, person=director),
    )


def expenditure(org, **overrides) -> Expenditure:
    values = {
        "actor": None,
        "org": org,
        "spent_on": clock.today() - dt.timedelta(days=3),
        "purpose": "村委会办公用品采购",
        "category": "office",
        "amount": Decimal("860.00"),
        "payee": "县城文具店",
    }
    return services.expenditure_create(**values | overrides)


def resolved_decision(org, *, title: str = "修建村内生产道路", amount: Decimal | None = Decimal("80000.00"), **extra):
    """A matter whose 村民代表会议 passed (written directly: its steps are the decisions area's)."""
    values = {
        "county_id": org.county_id,
        "org": org,
        "org_path": org.path,
        "title": title,
        "category": "construction",
        "amount": amount,
        "status": "resolved",
        "current_step": 5,
        "started_on": clock.today() - dt.timedelta(days=40),
        "resolved_on": clock.today() - dt.timedelta(days=20),
    }
    return Decision.objects.create(**values | extra)


def finance_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    today = clock.today()
    found: dict[type, list] = {}
    for key, org in branches(tree):
        secretary, director = signers(org, key)
        paid = expenditure(org, payee=PAYEES[key], purpose="村内道路清扫误工补贴", category="allowance")
        services.expenditure_sign(actor=secretary, expenditure=paid)
        services.expenditure_sign(actor=director, expenditure=paid)
        services.expenditure_pay(actor=None, expenditure=paid, paid_on=paid.spent_on, voucher_no=f"记-{key}-001")
        waiting = expenditure(org)
        account = services.fund_account_create(actor=None, org=org, name="基本存款账户", kind="bank", bank="县农商银行")
        services.fund_balance_record(actor=None, account=account, month=today.replace(day=1), balance="125000.00")
        asset = services.asset_create(
            actor=None,
            org=org,
            name="村党群服务中心办公楼",
            kind="building",
            acquired_on=dt.date(2015, 6, 1),
            original_value=Decimal("480000.00"),
            location=f"{PLACES[key]}中心街",
        )
        resource = services.resource_create(
            actor=None, org=org, name="村东机动地", kind="farmland", area_mu=Decimal("35.50"), location="村东"
        )
        contract = services.contract_create(
            actor=None,
            org=org,
            resource=resource,
            code=f"HT-{key}-01",
            lessee=LESSEES[key],
            starts_on=today - dt.timedelta(days=400),
            ends_on=today + dt.timedelta(days=60),
            annual_rent=Decimal("21300.00"),
        )
        services.payment_record(
            actor=None, contract=contract, received_on=today - dt.timedelta(days=400), amount="21300"
        )
        if key == "a1":
            resource.refresh_from_db()
            found = {
                Expenditure: [paid, waiting],
                FundAccount: [account],
                Asset: [asset],
                Resource: [resource],
                LeaseContract: [contract],
            }
    return found
