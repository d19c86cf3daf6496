"""Demo 村官直审: last year's round over every village and community of the county (done: about 70% without
problems, the rest with one to four findings, most rectified and verified, a few overdue, one or two referred to the
discipline body; every conclusion published and its notice period long over), and this year's round over two or three
townships under way (fieldwork, some conclusions, and their notices on the public pages now). Set-based."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from dangjian.core import audit
from dangjian.core.choices import AuditAction, OrgLevel
from dangjian.core.models import Org
from dangjian.service import rules
from dangjian.service.choices import (
    AuditBody,
    AuditCategory,
    AuditConclusion,
    AuditFindingStatus,
    AuditRoundStatus,
    AuditSeverity,
)
from dangjian.service.models import VillageAudit, VillageAuditFinding, VillageAuditNotice, VillageAuditRound
from dangjian.service.selectors.common import places_of

CLEAN_SHARE = 0.7
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶"
GIVEN = "建国军华明强伟磊洋勇杰涛超英平刚志红鹏飞俊峰海波宏亮文斌国庆振东德胜新民卫东丽萍"
POSTS = ("村党支部书记", "村委会主任", "村会计", "村报账员", "村监委会主任")
FINDINGS = {
    AuditCategory.FINANCE: (
        ("白条入账,部分开支无审批签字", (800, 6000)),
        ("招待费支出超标准,未按规定公开", (1500, 12000)),
        ("现金管理不规范,坐支集体收入", (2000, 30000)),
        ("会计凭证不全,票据与账目不符", (500, 8000)),
    ),
    AuditCategory.FOUR_TWO: (
        ("集体资金使用未经村民代表会议决议", (20000, 150000)),
        ("重大事项决议未按期公开", None),
        ("村务监督委员会未参与监督", None),
    ),
    AuditCategory.THREE_ASSETS: (
        ("集体土地发包未公开招标,合同期限过长", (10000, 200000)),
        ("集体资产台账不全,资产去向不明", (5000, 80000)),
        ("承包费欠缴未追收", (3000, 60000)),
    ),
    AuditCategory.OTHER: (
        ("工程项目未按规定验收即付款", (10000, 90000)),
        ("村干部报酬发放不规范", (1000, 9000)),
    ),
}
CATEGORY_WEIGHTS = (
    (AuditCategory.FINANCE, 5),
    (AuditCategory.FOUR_TWO, 3),
    (AuditCategory.THREE_ASSETS, 3),
    (AuditCategory.OTHER, 1),
)
RESULTS = (
    "已补齐审批手续和票据,账目已更正",
    "已召开村民代表会议补充决议并公开",
    "已追回资金并上交村集体账户",
    "已重新签订合同,承包费收缴到位",
    "已建立资产台账,逐项登记核实",
)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _category(rng: random.Random) -> str:
    values, weights = zip(*CATEGORY_WEIGHTS, strict=True)
    return rng.choices(values, weights=weights)[0]


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _round(county: Org, year: int, name: str, body: str, body_name: str, planned: tuple[dt.date, dt.date], status: str):
    return VillageAuditRound.objects.create(
        county_id=county.pk,
        org=county,
        org_path=county.path,
        year=year,
        name=name,
        body=body,
        body_name=body_name,
        period_start=dt.date(year - 1, 1, 1),
        period_end=dt.date(year - 1, 12, 31),
        planned_start=planned[0],
        planned_end=planned[1],
        notice_days=rules.AUDIT_NOTICE_DAYS,
        status=status,
        note="对村级财务管理、“四议两公开一监督”、“三资管理”执行情况进行规范审计,审计结论向群众公示。",
    )


def _findings(
    rng: random.Random, audit_obj: VillageAudit, today: dt.date, *, settle: bool, overdue_share: float
) -> list[VillageAuditFinding]:
    """One to four findings; `settle` (last year's) leaves most verified and a few overdue or awaiting verification."""
    rows = []
    assert audit_obj.concluded_on is not None
    for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
        category = _category(rng)
        description, span = rng.choice(FINDINGS[category])
        amount = Decimal(rng.randint(*span)) if span and rng.random() < 0.8 else None
        deadline = audit_obj.concluded_on + dt.timedelta(days=rng.choice((30, 45, 60, 90)))
        row = VillageAuditFinding(
            county_id=audit_obj.county_id,
            org_path=audit_obj.org_path,
            audit=audit_obj,
            category=category,
            description=description,
            amount=amount,
            responsible=f"{_name(rng)}({rng.choice(POSTS)})",
            severity=rng.choices(AuditSeverity.values, weights=(6, 3, 1))[0],
            deadline=deadline,
        )
        roll = rng.random()
        if settle and roll >= overdue_share:
            done = min(today, _day(rng, audit_obj.concluded_on, deadline))
            row.result, row.rectified_on, row.evidence = rng.choice(RESULTS), done, "整改材料已报乡镇经管站"
            if roll < overdue_share + 0.05:
                row.status = AuditFindingStatus.REPORTED
            else:
                row.status = AuditFindingStatus.RECTIFIED
                row.verified_on = min(today, done + dt.timedelta(days=rng.randint(3, 20)))
        elif not settle and deadline < today:
            row.result, row.rectified_on = rng.choice(RESULTS), min(today, deadline)
            row.status = AuditFindingStatus.REPORTED
        rows.append(row)
    return rows


def _notice(audit_obj: VillageAudit, published_on: dt.date) -> VillageAuditNotice:
    text = (
        rules.AUDIT_CLEAN_TEXT
        if audit_obj.conclusion == AuditConclusion.CLEAN
        else "经审计,发现财务管理等方面问题,已责成村两委限期整改,整改情况接受群众监督。"
    )
    return VillageAuditNotice(
        county_id=audit_obj.county_id,
        org_id=audit_obj.org_id,
        org_path=audit_obj.org_path,
        audit=audit_obj,
        published_on=published_on,
        days=rules.AUDIT_NOTICE_DAYS,
        last_day=rules.audit_notice_last_day(published_on, rules.AUDIT_NOTICE_DAYS),
        text=text,
    )


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    places = list(places_of(county.pk).only("pk", "path", "county_id"))
    if not places:
        return
    short = county.name.removesuffix("委")
    # Last year's round over every place, done.
    last = today.year - 1
    old = _round(
        county,
        last,
        f"{last}年度村官直审",
        AuditBody.COUNTY_AUDIT,
        f"{short}审计局",
        (dt.date(last, 3, 1), dt.date(last, 6, 30)),
        AuditRoundStatus.DONE,
    )
    audits = []
    for org in places:
        start = _day(rng, dt.date(last, 3, 1), dt.date(last, 6, 10))
        clean = rng.random() < CLEAN_SHARE
        audits.append(
            VillageAudit(
                county_id=county.pk,
                round=old,
                org=org,
                org_path=org.path,
                auditors="、".join(_name(rng) for _ in range(rng.choice((2, 3)))),
                fieldwork_start=start,
                fieldwork_end=start + dt.timedelta(days=rng.randint(2, 6)),
                conclusion=AuditConclusion.CLEAN if clean else AuditConclusion.RECTIFY,
                conclusion_text=rules.AUDIT_CLEAN_TEXT if clean else "存在不规范问题,责令限期整改。",
                concluded_on=start + dt.timedelta(days=rng.randint(8, 20)),
            )
        )
    problems = [a for a in audits if a.conclusion != AuditConclusion.CLEAN]
    for referred in rng.sample(problems, min(len(problems), rng.choice((1, 2)))):
        referred.conclusion = AuditConclusion.REFERRED
        referred.conclusion_text = "存在侵害群众利益问题,依纪依规移交处理。"
        referred.referred_on = referred.concluded_on + dt.timedelta(days=rng.randint(1, 7))
        referred.referral_note = "移交县纪委监委"
    VillageAudit.objects.bulk_create(audits, batch_size=5000)
    findings = []
    notices = []
    for audit_obj in audits:
        if audit_obj.conclusion != AuditConclusion.CLEAN:
            findings += _findings(rng, audit_obj, today, settle=True, overdue_share=0.08)
        assert audit_obj.concluded_on is not None
        notices.append(_notice(audit_obj, audit_obj.concluded_on + dt.timedelta(days=rng.randint(1, 5))))
    # This year's round over two or three townships, under way.
    towns = list(Org.objects.filter(county_id=county.pk, level=OrgLevel.TOWNSHIP).order_by("path").values("path"))
    picked = [t["path"] for t in rng.sample(towns, min(rng.choice((2, 3)), max(1, len(towns) // 2)))]
    start_on = today - dt.timedelta(days=40)
    new = _round(
        county,
        today.year,
        f"{today.year}年度村官直审(第一批)",
        AuditBody.THIRD_PARTY,
        "豫中会计师事务所",
        (start_on, today + dt.timedelta(days=50)),
        AuditRoundStatus.ONGOING,
    )
    current = []
    for org in places:
        if not any(org.path.startswith(path) for path in picked):
            continue
        row = VillageAudit(county_id=county.pk, round=new, org=org, org_path=org.path)
        roll = rng.random()
        if roll < 0.75:
            row.auditors = "、".join(_name(rng) for _ in range(2))
            row.fieldwork_start = _day(rng, start_on, today - dt.timedelta(days=12))
            row.fieldwork_end = row.fieldwork_start + dt.timedelta(days=rng.randint(2, 5))
            if roll < 0.5:
                clean = rng.random() < CLEAN_SHARE
                row.conclusion = AuditConclusion.CLEAN if clean else AuditConclusion.RECTIFY
                row.conclusion_text = rules.AUDIT_CLEAN_TEXT if clean else "存在不规范问题,责令限期整改。"
                row.concluded_on = min(today, row.fieldwork_end + dt.timedelta(days=rng.randint(2, 6)))
        current.append(row)
    VillageAudit.objects.bulk_create(current, batch_size=5000)
    for audit_obj in current:
        if not audit_obj.conclusion:
            continue
        if audit_obj.conclusion != AuditConclusion.CLEAN:
            findings += _findings(rng, audit_obj, today, settle=False, overdue_share=0)
        assert audit_obj.concluded_on is not None
        published = min(today, audit_obj.concluded_on + dt.timedelta(days=rng.randint(0, 3)))
        notices.append(_notice(audit_obj, published))
    VillageAuditFinding.objects.bulk_create(findings, batch_size=5000)
    VillageAuditNotice.objects.bulk_create(notices, batch_size=5000)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={
            "demo": "audits",
            "rounds": 2,
            "audited_villages": len(audits) + len(current),
            "findings": len(findings),
            "notices": len(notices),
        },
    )
