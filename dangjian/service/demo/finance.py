"""Demo 村财镇管: for each village and community 2–6 expenditures a month over the last twelve months, mostly small
(办公费, 误工补贴, 水电费 …); those above the county limit cite one of the place's resolved 四议两公开 decisions (within
its amount), so none goes above the limit without one. Almost all are signed by the secretary and the director (or,
when one person holds both posts, 代主任签 by another committee member) and paid by the township; the last weeks'
are still waiting. Most places also get their 三资 registers: two fund accounts with monthly balances, fixed
assets, resources, and contracts with rent received. Set-based; deterministic from the rng."""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.choices import AuditAction, PostTitle
from dangjian.core.demo.names import person_name
from dangjian.core.demo.writer import insert_rows
from dangjian.core.models import Org, Post
from dangjian.service import rules
from dangjian.service.models import (
    Asset,
    Decision,
    Expenditure,
    ExpenditureSignature,
    FundAccount,
    FundBalance,
    LeaseContract,
    LeasePayment,
    Resource,
)
from dangjian.service.selectors.common import places_of
from dangjian.service.services.finance import OTHER_POSTS

SMALL = (  # category, purposes, range in 元
    ("office", ("购买办公用品", "打印复印费", "购买党报党刊", "办公电脑维修"), (80, 1800)),
    ("allowance", ("村干部误工补贴", "环境整治误工补贴", "防汛值守误工补贴", "秸秆禁烧巡查误工补贴"), (300, 4500)),
    ("utilities", ("村部电费", "村部水费", "路灯电费", "网络通信费"), (60, 1500)),
    ("maintenance", ("村部门窗维修", "路灯维修", "水泵维修", "广场设施维修"), (150, 4000)),
    ("welfare", ("慰问困难群众", "敬老院节日慰问", "购买消杀药品", "村内卫生保洁"), (200, 4800)),
    ("hospitality", ("上级检查工作餐", "招商考察接待"), (100, 800)),
    ("other", ("村务公开栏制作", "宣传标语制作", "会议场地布置"), (100, 2500)),
)
SMALL_WEIGHTS = (22, 26, 16, 12, 14, 3, 7)
BIG_PURPOSES = {
    "construction": "工程款",
    "public_welfare": "公益事业支出",
    "collective_economy": "集体经济项目支出",
    "expenditure": "大额开支",
}
BUSINESSES = (
    "县城文具店",
    "县供电公司",
    "县自来水公司",
    "县移动公司",
    "镇五金建材店",
    "镇农资超市",
    "县印务公司",
    "镇饭店",
)
ASSETS = (
    ("村党群服务中心办公楼", "building", (30, 120)),
    ("村文化广场", "infrastructure", (10, 60)),
    ("村集体仓库", "building", (5, 30)),
    ("灌溉机井", "infrastructure", (2, 8)),
    ("路灯设施", "infrastructure", (3, 15)),
    ("办公电脑及打印设备", "equipment", (1, 3)),
    ("村保洁车", "vehicle", (2, 6)),
    ("村集体标准化厂房", "building", (40, 150)),
    ("光伏发电设备", "equipment", (15, 60)),
)
RESOURCES = (
    ("机动地", "farmland", (10, 120)),
    ("坑塘水面", "water", (3, 30)),
    ("集体林地", "forest", (20, 200)),
    ("四荒地", "wasteland", (5, 80)),
    ("集体建设用地", "construction", (2, 15)),
)
DIRECTIONS = ("村东", "村西", "村南", "村北", "村中")


def _insert(model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert plain rows (every column but the id; missing ones blank) and return their new ids in order."""
    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    before = model.objects.order_by("-id").values_list("id", flat=True).first() or 0
    insert_rows(model, columns, ([row.get(c, "") for c in columns] for row in rows))
    ids = list(model.objects.filter(id__gt=before).order_by("id").values_list("id", flat=True))
    assert len(ids) == len(rows)
    return ids


@functools.lru_cache(maxsize=4096)
def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _amount(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def _holders(county: Org, today: dt.date) -> dict[int, dict[str, list[int]]]:
    current = Q(term_start__lte=today) & (Q(term_end__isnull=True) | Q(term_end__gte=today))
    titles = (PostTitle.SECRETARY, PostTitle.VILLAGE_DIRECTOR, *OTHER_POSTS)
    found: dict[int, dict[str, list[int]]] = defaultdict(lambda: {"s": [], "d": [], "o": []})
    rows = Post.objects.filter(current, county_id=county.pk, title__in=titles).values_list(
        "org_id", "title", "person_id"
    )
    for org_id, title, person in rows.order_by("org_id", "id"):
        key = "s" if title == PostTitle.SECRETARY else "d" if title == PostTitle.VILLAGE_DIRECTOR else "o"
        found[org_id][key].append(person)
    return found


def _signers(holders: dict[str, list[int]]) -> tuple[int, int, str] | None:
    """The secretary and the second signer (the director, or 代主任签 by another member under 一肩挑)."""
    if not holders["s"]:
        return None
    secretary = holders["s"][0]
    director = next((p for p in holders["d"] if p != secretary), None)
    if director is not None:
        return secretary, director, rules.SIGN_DIRECTOR
    acting = next((p for p in holders["o"] if p != secretary), None)
    return (secretary, acting, rules.SIGN_ACTING) if acting is not None else None


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    from dangjian.service.services.finance import policy_for

    limit = policy_for(county.pk).decision_limit
    places = list(places_of(county.pk).values_list("pk", "path", "name"))
    holders = _holders(county, today)
    decisions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in (
        Decision.objects.filter(county_id=county.pk, resolved_on__isnull=False, resolved_on__lte=today)
        .order_by("org_id", "resolved_on", "id")
        .values("pk", "org_id", "amount", "resolved_on", "category")
    ):
        row["left"] = row["amount"] if row["amount"] is not None else Decimal("200000")
        decisions[row["org_id"]].append(row)
    start = (today.replace(day=1) - dt.timedelta(days=330)).replace(day=1)
    expenditures: list[dict[str, Any]] = []
    plans: list[tuple[str, int, int, str, dt.date]] = []  # status, secretary, second, role, spent_on
    for org_id, path, _ in places:
        signers = _signers(holders.get(org_id, {"s": [], "d": [], "o": []}))
        if signers is None:
            continue
        month = start
        while month <= today:
            for _ in range(rng.randint(2, 6)):
                last = min(today, (month + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1))
                spent_on = month + dt.timedelta(days=rng.randint(0, (last - month).days))
                cited = [d for d in decisions.get(org_id, []) if d["resolved_on"] <= spent_on and d["left"] > limit]
                decision = None
                if cited and rng.random() < 0.25:
                    decision = rng.choice(cited)
                    high = min(decision["left"], Decimal("80000"))
                    amount = _amount(rng, int(limit) + 1, max(int(limit) + 2, int(high)))
                    amount = min(amount, decision["left"])
                    decision["left"] -= amount
                    category = "works" if decision["category"] == "construction" else "welfare"
                    purpose = BIG_PURPOSES.get(decision["category"], "决议事项支出")
                    payee = rng.choice(("县建筑工程公司", "镇建筑工程队", "县市政工程公司", "镇农机服务队"))
                else:
                    index = rng.choices(range(len(SMALL)), SMALL_WEIGHTS)[0]
                    category, purposes, (low, high_small) = SMALL[index]
                    amount = min(_amount(rng, low, high_small), limit)
                    purpose = rng.choice(purposes)
                    if category in ("allowance", "welfare"):
                        payee = person_name(rng, male=rng.random() < 0.6, birth_year=rng.randint(1955, 1995))
                    else:
                        payee = rng.choice(BUSINESSES)
                age = (today - spent_on).days
                if age > 20:
                    status = "paid" if rng.random() < 0.985 else "returned"
                else:
                    status = rng.choices(("signing", "payable", "paid"), (3, 2, 5))[0]
                paid_on = min(today, spent_on + dt.timedelta(days=rng.randint(2, 10))) if status == "paid" else None
                expenditures.append(
                    {
                        "county_id": county.pk,
                        "org_id": org_id,
                        "org_path": path,
                        "spent_on": spent_on,
                        "purpose": purpose,
                        "category": category,
                        "amount": amount,
                        "payee": payee,
                        "decision_id": decision["pk"] if decision else None,
                        "above_limit": rules.needs_decision(amount, limit),
                        "status": status,
                        "return_reason": "发票不规范,请补充后重新提交" if status == "returned" else "",
                        "paid_on": paid_on,
                        "voucher_no": f"记-{spent_on:%Y%m}-{rng.randint(1, 999):03d}" if paid_on else "",
                        "paid_by_id": None,
                        "entered_by_id": None,
                        "created_at": _at(spent_on, 9),
                        "updated_at": _at(paid_on or spent_on, 16),
                    }
                )
                plans.append((status, signers[0], signers[1], signers[2], spent_on))
            month = _next_month(month)
    created = _insert(Expenditure, expenditures)
    signature_rows = []
    for pk, row, (status, secretary, second, role, spent_on) in zip(created, expenditures, plans, strict=True):
        if status == "returned":
            continue
        signed = [] if status == "signing" and rng.random() < 0.5 else [(rules.SIGN_SECRETARY, secretary)]
        if status in ("payable", "paid"):
            signed.append((role, second))
        for offset, (sign_role, person) in enumerate(signed):
            at = _at(min(today, spent_on + dt.timedelta(days=offset)), 9 + offset * 2)
            signature_rows.append([county.pk, row["org_path"], pk, sign_role, "approve", "", None, person, at, None])
    insert_rows(
        ExpenditureSignature,
        [
            "county_id",
            "org_path",
            "expenditure_id",
            "role",
            "verdict",
            "reason",
            "signer_id",
            "person_id",
            "signed_at",
            "cleared_at",
        ],
        signature_rows,
    )
    registers = _registers(county, places, today=today, rng=rng)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={"demo": "finance", "expenditures": len(created), "signatures": len(signature_rows), **registers},
    )


def _next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def _years_later(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year + years, day=min(day.day, 28) if day.month == 2 else day.day)


def _registers(
    county: Org, places: list[tuple[int, str, str]], *, today: dt.date, rng: random.Random
) -> dict[str, int]:
    """Fund accounts with monthly balances, assets, resources, contracts and rent received for most places."""
    now = timezone.now()
    accounts: list[dict[str, Any]] = []
    assets: list[dict[str, Any]] = []
    resources: list[dict[str, Any]] = []
    for org_id, path, _ in places:
        if rng.random() < 0.15:
            continue
        base = {"county_id": county.pk, "org_id": org_id, "org_path": path, "created_at": now}
        bank = rng.choice(("县农商银行", "县农业银行", "县邮储银行"))
        accounts.append(base | {"name": "基本存款账户", "kind": "bank", "bank": bank})
        accounts.append(base | {"name": "库存现金", "kind": "cash", "bank": ""})
        for name, kind, (low, high) in rng.sample(ASSETS, rng.randint(2, 5)):
            assets.append(
                base
                | {
                    "name": name,
                    "kind": kind,
                    "acquired_on": today - dt.timedelta(days=rng.randint(200, 6000)),
                    "original_value": Decimal(rng.randint(low, high) * 10000),
                    "location": rng.choice(DIRECTIONS),
                    "status": rng.choices(("in_use", "leased", "idle", "disposed"), (70, 15, 12, 3))[0],
                    "note": "",
                    "updated_at": now,
                }
            )
        for name, kind, (low, high) in rng.sample(RESOURCES, rng.randint(1, 3)):
            resources.append(
                base
                | {
                    "name": f"{rng.choice(DIRECTIONS)}{name}",
                    "kind": kind,
                    "area_mu": Decimal(rng.randint(low * 10, high * 10)) / 10,
                    "location": rng.choice(DIRECTIONS),
                    "status": rng.choices(("self_run", "contracted", "leased", "idle"), (25, 45, 15, 15))[0],
                    "note": "",
                    "updated_at": now,
                }
            )
    account_ids = _insert(FundAccount, accounts)
    asset_ids = _insert(Asset, assets)
    resource_ids = _insert(Resource, resources)
    balance_rows = []
    first = (today.replace(day=1) - dt.timedelta(days=330)).replace(day=1)
    for pk, account in zip(account_ids, accounts, strict=True):
        cash = account["kind"] == "cash"
        balance = Decimal(rng.randint(200, 3000) if cash else rng.randint(20000, 600000))
        month = first
        while month <= today:
            step = rng.randint(-500, 500) if cash else rng.randint(-15000, 18000)
            balance = max(Decimal("0"), balance + step)
            balance_rows.append([county.pk, account["org_path"], pk, month, balance])
            month = _next_month(month)
    insert_rows(FundBalance, ["county_id", "org_path", "account_id", "month", "balance"], balance_rows)
    subjects = [("asset", pk, row) for pk, row in zip(asset_ids, assets, strict=True) if row["status"] == "leased"]
    subjects += [
        ("resource", pk, row)
        for pk, row in zip(resource_ids, resources, strict=True)
        if row["status"] in ("contracted", "leased")
    ]
    contracts: list[dict[str, Any]] = []
    for number, (kind, pk, subject) in enumerate(subjects, start=1):
        starts = today - dt.timedelta(days=rng.randint(30, 2500))
        ends = _years_later(starts, rng.choice((3, 5, 5, 10, 15))) - dt.timedelta(days=1)
        if rng.random() < 0.06:  # a few come up for renewal soon
            ends = today + dt.timedelta(days=rng.randint(5, 85))
        per = Decimal(rng.randint(6, 90) * 100)
        rent = per * subject["area_mu"] / 10 if kind == "resource" else per
        contracts.append(
            {
                "county_id": county.pk,
                "org_id": subject["org_id"],
                "org_path": subject["org_path"],
                "code": f"HT{starts:%Y}-{number:05d}",
                "asset_id": pk if kind == "asset" else None,
                "resource_id": pk if kind == "resource" else None,
                "lessee": person_name(rng, male=rng.random() < 0.7, birth_year=rng.randint(1960, 1992)),
                "starts_on": starts,
                "ends_on": max(ends, starts + dt.timedelta(days=30)),
                "annual_rent": rent.quantize(Decimal("1")),
                "note": "",
                "created_at": now,
                "updated_at": now,
            }
        )
    contract_ids = _insert(LeaseContract, contracts)
    payment_rows = []
    for pk, contract in zip(contract_ids, contracts, strict=True):
        years = rules.contract_years_started(contract["starts_on"], contract["ends_on"], today)
        paid_years = years if rng.random() < 0.9 else max(0, years - 1)
        for year in range(paid_years):
            day = min(_years_later(contract["starts_on"], year) + dt.timedelta(days=rng.randint(0, 20)), today)
            payment_rows.append([county.pk, contract["org_path"], pk, day, contract["annual_rent"], ""])
    insert_rows(LeasePayment, ["county_id", "org_path", "contract_id", "received_on", "amount", "note"], payment_rows)
    return {
        "fund_accounts": len(accounts),
        "assets": len(assets),
        "resources": len(resources),
        "contracts": len(contracts),
        "payments": len(payment_rows),
    }
