"""Demo 五亮: this year's five entries for about 60% of the members of 机关、事业单位 and enterprise branches (seed 002:
五亮 in 机关企事业单位) and about 20% elsewhere — most approved and shown on the public card, some still waiting,
a few drafts and returned entries, so every page has something to show."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from dangjian.core import audit
from dangjian.core.choices import COUNTED_STANDINGS, AuditAction, OrgDomain
from dangjian.core.demo.writer import insert_rows
from dangjian.core.models import Org, Person
from dangjian.orglife.choices import CommitmentKind, ReviewStatus
from dangjian.orglife.models import Commitment

UNIT_DOMAINS = {OrgDomain.GOVERNMENT, OrgDomain.INSTITUTION, OrgDomain.STATE_ENTERPRISE, OrgDomain.PRIVATE_ENTERPRISE}
ENTERPRISE_DOMAINS = {OrgDomain.STATE_ENTERPRISE, OrgDomain.PRIVATE_ENTERPRISE}

IDENTITY = {
    "office": "中共党员,{year}年入党。办公桌摆放“共产党员”桌牌,佩戴党员徽章上岗,亮明身份、接受群众监督。",
    "enterprise": "中共党员,{year}年入党。工位设立“党员示范岗”标识,佩戴党员徽章,亮明身份、接受职工监督。",
    "rural": "中共党员,{year}年入党。家门口悬挂“共产党员户”标识牌,亮明身份,主动接受村民监督。",
    "community": "中共党员,{year}年入党。在居住小区亮明党员身份,参加楼栋党员志愿服务队。",
}
DUTY = {
    "office": (
        "负责本单位政策宣传和窗口业务办理,做到一次告知、限时办结。",
        "负责单位财务管理和内部审计,严格执行财经纪律。",
        "负责信访接待和矛盾调处,联系包抓一个行政村。",
        "负责机关党建日常工作,组织“三会一课”和主题党日活动。",
        "负责文件起草和信息报送,做到准确、及时、规范。",
    ),
    "enterprise": (
        "负责生产车间安全巡查,带领班组落实安全生产责任。",
        "负责产品质量检验,把好出厂质量关。",
        "负责市场营销和客户服务,及时回应客户诉求。",
        "负责设备维护保养,保障生产线稳定运行。",
    ),
    "rural": (
        "联系本村民小组{households}户群众,宣传惠民政策,收集社情民意。",
        "担任党员网格长,负责网格内环境卫生和矛盾排查。",
        "协助村“两委”做好人居环境整治和防汛防火工作。",
        "负责村级特色产业的技术指导和信息服务。",
    ),
    "community": (
        "联系{households}户居民,做好政策宣传、矛盾调解和邻里互助。",
        "担任楼栋长,负责楼栋卫生和安全隐患排查。",
        "参与社区网格化管理,及时上报和处理居民诉求。",
    ),
}
PROMISE = {
    "office": (
        "年内为群众办实事不少于5件,服务群众零推诿、零差错。",
        "接待群众热情周到,办件一次性告知,全年无有效投诉。",
        "带头学习,每月撰写学习心得一篇,全年学习不少于32学时。",
    ),
    "enterprise": (
        "全年安全生产零事故,带徒2名,提出合理化建议不少于3条。",
        "严守质量标准,产品一次合格率保持在98%以上。",
        "带头节能降耗,年内完成一项技术革新。",
    ),
    "rural": (
        "结对帮扶1户困难群众,每月参加一次主题党日志愿服务。",
        "带头发展特色种植,带动周边农户3户以上。",
        "带头移风易俗,红白事简办,不参与赌博、不搞封建迷信。",
    ),
    "community": (
        "每月参加一次社区志愿服务,结对关爱一户独居老人。",
        "带头做好垃圾分类,劝导邻居文明养犬、文明停车。",
        "参与小区矛盾调解,做到小事不出楼栋、大事不出社区。",
    ),
}
ACHIEVEMENT = {
    "office": (
        "上一年度考核为“优秀”,办理群众事项{count}件,办结率100%。",
        "上一年度牵头完成重点工作任务{tasks}项,得到群众好评。",
    ),
    "enterprise": (
        "上一年度超额完成生产任务,提出合理化建议{tasks}条被采纳。",
        "带领班组获评“先进班组”,全年安全生产无事故。",
    ),
    "rural": (
        "上一年度帮助群众解决实际困难{tasks}件,参加志愿服务{hours}小时。",
        "带动{tasks}户群众发展种植养殖,户均增收{income}元。",
    ),
    "community": (
        "上一年度参加社区志愿服务{hours}小时,调解邻里纠纷{tasks}起。",
        "上一年度帮助独居老人代办事项{households}件。",
    ),
}
IMAGE = (
    "严守党的纪律和规矩,廉洁自律,不收受礼品礼金。",
    "衣着整洁、言行文明,遵守社会公德,树立党员良好形象。",
    "按时足额交纳党费,积极参加组织生活,发挥先锋模范作用。",
    "工作作风务实,待人热情,做到“有求必应、有应必办”。",
)
RETURN_NOTES = (
    "内容过于笼统,请写明具体承诺事项和完成时限。",
    "请补充上一年度的具体工作成绩。",
    "请结合本人岗位职责修改。",
)


COLUMNS = (
    "county_id",
    "org_path",
    "person_id",
    "year",
    "kind",
    "content",
    "status",
    "public",
    "submitted_at",
    "reviewed_by_id",
    "reviewed_at",
    "review_note",
)


def _group(domain: str) -> str:
    if domain in ENTERPRISE_DOMAINS:
        return "enterprise"
    if domain in UNIT_DOMAINS:
        return "office"
    return "community" if domain == OrgDomain.COMMUNITY else "rural"


def _texts(group: str, joined_on: dt.date, rng: random.Random) -> dict[str, str]:
    values = {
        "year": joined_on.year,
        "households": rng.randint(5, 15),
        "count": rng.randint(60, 400),
        "tasks": rng.randint(2, 8),
        "hours": rng.randint(12, 80),
        "income": rng.choice((1500, 2000, 3000, 5000)),
    }
    return {
        CommitmentKind.IDENTITY: IDENTITY[group].format(**values),
        CommitmentKind.DUTY: rng.choice(DUTY[group]).format(**values),
        CommitmentKind.PROMISE: rng.choice(PROMISE[group]).format(**values),
        CommitmentKind.ACHIEVEMENT: rng.choice(ACHIEVEMENT[group]).format(**values),
        CommitmentKind.IMAGE: rng.choice(IMAGE),
    }


def _moment(first: dt.date, last: dt.date, rng: random.Random) -> dt.datetime:
    day = first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))
    at = dt.datetime.combine(day, dt.time(rng.randint(8, 20), rng.randint(0, 59)))
    return timezone.make_aware(at)


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    """Add this year's 五亮 entries to an existing demo county (set-based; deterministic)."""
    year = today.year
    start = max(dt.date(year, 1, 1), today - dt.timedelta(days=120))
    people = (
        Person.objects.filter(county=county, standing__in=COUNTED_STANDINGS)
        .order_by("id")
        .values_list("id", "org_path", "org__domain", "joined_on")
    )
    entries: list[tuple[Any, ...]] = []
    writers = approved_people = public_people = 0
    for person_id, org_path, domain, joined_on in people:
        if rng.random() >= (0.6 if domain in UNIT_DOMAINS else 0.2):
            continue
        writers += 1
        texts = _texts(_group(domain), joined_on, rng)
        roll = rng.random()
        if roll < 0.78:
            statuses = {kind: ReviewStatus.APPROVED for kind in texts}
        elif roll < 0.88:
            statuses = {kind: ReviewStatus.SUBMITTED for kind in texts}
        elif roll < 0.95:
            statuses = {kind: ReviewStatus.APPROVED for kind in texts}
            statuses[rng.choice(list(texts))] = ReviewStatus.RETURNED
        else:
            kept = rng.sample(list(texts), rng.randint(2, 4))
            texts = {kind: text for kind, text in texts.items() if kind in kept}
            statuses = {kind: ReviewStatus.DRAFT for kind in texts}
        all_approved = all(status == ReviewStatus.APPROVED for status in statuses.values()) and len(statuses) == 5
        approved_people += all_approved
        public = all_approved and rng.random() < 0.85
        public_people += public
        submitted_at = _moment(start, today, rng)
        reviewed_at = submitted_at + dt.timedelta(days=rng.randint(0, 6), hours=rng.randint(1, 8))
        reviewed_at = min(reviewed_at, timezone.make_aware(dt.datetime.combine(today, dt.time(21, 0))))
        for kind, text in texts.items():
            status = statuses[kind]
            reviewed = status in (ReviewStatus.APPROVED, ReviewStatus.RETURNED)
            entries.append(
                (
                    county.pk,
                    org_path,
                    person_id,
                    year,
                    str(kind),
                    text,
                    str(status),
                    public,
                    None if status == ReviewStatus.DRAFT else submitted_at,
                    None,
                    reviewed_at if reviewed else None,
                    rng.choice(RETURN_NOTES) if status == ReviewStatus.RETURNED else "",
                )
            )
    insert_rows(Commitment, COLUMNS, entries)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={
            "demo": "commitments",
            "year": year,
            "members": writers,
            "entries": len(entries),
            "approved_members": approved_people,
            "public_members": public_people,
        },
    )
