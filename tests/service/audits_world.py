"""村官直审 data for tests: a county round under way over every place (a1, a2, b1), each audited with a finding
(a1's names a responsible cadre and is reported), a conclusion and a notice published today (shared by the audits
tests and the API scope walk)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dangjian.core import clock
from dangjian.service.choices import AuditBody, AuditCategory, AuditConclusion
from dangjian.service.models import VillageAudit, VillageAuditFinding, VillageAuditNotice, VillageAuditRound
from dangjian.service.services import audits as services

PLACES = {"a1": "李庄村", "a2": "王庄村", "b1": "和平社区"}
RESPONSIBLE = "赵德贵(村委会主任)"
REFERRAL = "移交县纪委监委第三审查调查室"

PRIVATE_FIELDS = {VillageAuditFinding: ["responsible"], VillageAudit: ["referral_note"]}


def open_round(tree, *, year: int | None = None, name: str = "") -> VillageAuditRound:
    """A county round under way (planned dates around today)."""
    today = clock.today()
    year = year or today.year
    round_ = services.round_create(
        actor=None,
        county=tree.county,
        year=year,
        name=name or f"{year}年度村官直审",
        body=AuditBody.COUNTY_AUDIT,
        body_name="测试县审计局",
        period_start=dt.date(year - 1, 1, 1),
        period_end=dt.date(year - 1, 12, 31),
        planned_start=today - dt.timedelta(days=30),
        planned_end=today + dt.timedelta(days=60),
    )
    return round_


def audits_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model (rounds are the county's, published to every branch)."""
    today = clock.today()
    round_ = open_round(tree)
    services.audits_add_all(actor=None, round=round_)
    services.round_advance(actor=None, round=round_)
    found = {}
    for key, org in {"a1": tree.village_a1, "a2": tree.village_a2, "b1": tree.community_b1}.items():
        audit_obj = VillageAudit.objects.get(round=round_, org=org)
        audit_obj = services.audit_update(
            actor=None, audit_obj=audit_obj, auditors="钱审计、孙会计", fieldwork_start=today - dt.timedelta(days=10)
        )
        finding = services.finding_add(
            actor=None,
            audit_obj=audit_obj,
            category=AuditCategory.FINANCE,
            description=f"{PLACES[key]}部分开支票据不全",
            amount=Decimal("12800"),
            responsible=RESPONSIBLE if key == "a1" else "",
            deadline=today + dt.timedelta(days=20),
        )
        services.audit_conclude(
            actor=None,
            audit_obj=audit_obj,
            conclusion=AuditConclusion.REFERRED if key == "a1" else AuditConclusion.RECTIFY,
            conclusion_text="开支审批手续不全,责令限期整改",
            concluded_on=today - dt.timedelta(days=2),
            referred_on=today - dt.timedelta(days=1) if key == "a1" else None,
            referral_note=REFERRAL if key == "a1" else "",
        )
        if key == "a1":
            finding = services.finding_rectify(actor=None, finding=finding, result="已补齐票据并公开")
        notice = services.notice_publish(actor=None, audit_obj=audit_obj)
        found[key] = (audit_obj, finding, notice)
    audit_obj, finding, notice = found["a1"]
    return {
        VillageAuditRound: [],
        VillageAudit: [audit_obj],
        VillageAuditFinding: [finding],
        VillageAuditNotice: [notice],
    }
