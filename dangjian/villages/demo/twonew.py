"""Demo 两新 coverage: per township, its enterprise branches of the demo tree registered with their own branch (members
from the roll), a few small enterprises in the township's joint branch, small firms and social organisations covered
by an instructor, a few breaches (三名以上党员未单独建支部) left for the office to fix, and this and last year's
有效覆盖 assessments. Set-based."""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Count

from dangjian.core import audit
from dangjian.core.choices import COUNTED_STANDINGS, AuditAction, OrgDomain, OrgKind, OrgLevel
from dangjian.core.demo import names
from dangjian.core.models import Org, Person
from dangjian.villages.choices import BranchStatus, EffectiveItem
from dangjian.villages.models import TwoNewAssessment, TwoNewInstructor, TwoNewOrganisation

SOCIAL_WORDS = ("商会", "养老服务中心", "社会工作服务站", "红白理事会", "农民专业合作社联合会", "文化艺术协会")
TRADES = ("建材厂", "面粉厂", "服装加工厂", "农机合作社", "物流有限公司", "电商服务有限公司", "养殖有限公司")
UNITS = ("县委组织部", "县非公经济组织党委", "县工商联", "县市场监督管理局", "乡镇党委", "县社会组织党委")
ITEMS = EffectiveItem.values
STEMS = "恒 鑫 盛 宏 瑞 嘉 永 鸿 丰 泰 源 兴 康 信 隆 达 诚 绿".split()


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    townships = list(Org.objects.filter(county=county, level=OrgLevel.TOWNSHIP, is_dissolved=False).order_by("path"))
    enterprise_branches = list(
        Org.objects.filter(county=county, domain=OrgDomain.PRIVATE_ENTERPRISE, is_dissolved=False, level="grassroots")
        .exclude(kind__in=(OrgKind.JOINT_BRANCH, OrgKind.PARTY_GROUP))
        .order_by("path")
    )
    joints = list(Org.objects.filter(county=county, kind=OrgKind.JOINT_BRANCH, is_dissolved=False).order_by("path"))
    rolls = dict(
        Person.objects.filter(county=county, org__in=enterprise_branches, standing__in=COUNTED_STANDINGS)
        .values("org_id")
        .annotate(n=Count("id"))
        .values_list("org_id", "n")
    )
    used: set[str] = set()
    rows: list[TwoNewOrganisation] = []

    def add(org: Org, name: str, kind: str, subtype: str, formal: int, status: str, branch: Org | None) -> None:
        if name in used:
            return
        used.add(name)
        rows.append(
            TwoNewOrganisation(
                county_id=county.pk,
                org=org,
                org_path=org.path,
                name=name,
                kind=kind,
                subtype=subtype,
                employees=rng.randint(max(formal * 4, 8), 300),
                formal_members=formal,
                probationary_members=rng.choice((0, 0, 0, 1)),
                branch_status=status,
                branch=branch,
                address=f"{org.name[:4]}{rng.choice(names.STREETS)}{rng.randint(1, 300)}号",
            )
        )

    for town in townships:
        stem = town.name.removesuffix("党委").removesuffix("党工委")
        for branch in (b for b in enterprise_branches if b.path.startswith(town.path)):
            formal = max(rolls.get(branch.pk, 3), 3)
            add(town, branch.name.removesuffix("党支部"), "enterprise", "ent_limited", formal, BranchStatus.OWN, branch)
        town_joints = [j for j in joints if j.path.startswith(town.path)]
        for joint in town_joints:
            kind = "social" if joint.domain == OrgDomain.SOCIAL_ORGANISATION else "enterprise"
            for _ in range(rng.randint(2, 5)):
                word = rng.choice(SOCIAL_WORDS if kind == "social" else TRADES)
                name = f"{stem}{rng.choice(STEMS)}{rng.choice(STEMS)}{word}"
                subtype = "soc_association" if kind == "social" else rng.choice(("ent_limited", "ent_sole"))
                add(town, name, kind, subtype, rng.randint(1, 2), BranchStatus.JOINT, joint)
        for _ in range(rng.randint(2, 4)):
            word = rng.choice(TRADES)
            name = f"{stem}{rng.choice(STEMS)}{rng.choice(STEMS)}{word}"
            formal = rng.choice((0, 0, 0, 1, 2, 3))  # 3 without a branch: a breach for the office to fix
            add(
                town,
                name,
                "enterprise",
                rng.choice(("ent_individual", "ent_sole", "ent_partnership")),
                formal,
                "none",
                None,
            )
        for _ in range(rng.randint(1, 2)):
            name = f"{stem}{rng.choice(SOCIAL_WORDS)}"
            add(town, name, "social", rng.choice(("soc_association", "soc_service", "soc_trade")), 0, "none", None)
    created = TwoNewOrganisation.objects.bulk_create(rows, batch_size=5000)

    instructors = []
    for organisation in created:
        bare = organisation.branch_status == BranchStatus.NONE
        if (bare and rng.random() < 0.8) or (not bare and rng.random() < 0.3):
            starts = dt.date(today.year - rng.randint(0, 3), rng.randint(1, 12), 1)
            starts = min(starts, today)
            instructors.append(
                TwoNewInstructor(
                    county_id=county.pk,
                    org_path=organisation.org_path,
                    organisation=organisation,
                    name=names.person_name(rng, male=rng.random() < 0.7, birth_year=rng.randint(1968, 1992)),
                    from_unit=rng.choice(UNITS),
                    phone=names.mobile(rng),
                    starts_on=starts,
                )
            )
    TwoNewInstructor.objects.bulk_create(instructors, batch_size=5000)

    assessments = []
    for organisation in created:
        for year in (today.year - 1, today.year):
            strength = 0.85 if organisation.branch_status == BranchStatus.OWN else 0.6
            met = [item for item in ITEMS if rng.random() < strength]
            assessments.append(
                TwoNewAssessment(
                    county_id=county.pk,
                    org_path=organisation.org_path,
                    organisation=organisation,
                    year=year,
                    items=met,
                    required=len(ITEMS),
                    effective=len(met) >= len(ITEMS),
                    assessed_on=min(dt.date(year, 12, 15), today),
                )
            )
    TwoNewAssessment.objects.bulk_create(assessments, batch_size=5000)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={
            "demo": "twonew",
            "organisations": len(created),
            "instructors": len(instructors),
            "assessments": len(assessments),
        },
    )
