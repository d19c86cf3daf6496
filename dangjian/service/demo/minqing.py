"""Demo 民情夜市 and mediation: weekly evening sessions over the last ~26 weeks in most villages (some weeks missed,
next week's announced), 1–4 issues raised at each plus some by other channels (about 90% of the older ones resolved,
most rated), mediators at three levels (one per township, one per village, group ones in some), and disputes —
a few per village a year, ~95% settled, some escalated a level — so that a county's year reads like seed 002 西城's
("解决群众生产生活难题240余件,调解化解矛盾纠纷530余件"). Set-based; deterministic from the rng."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from dangjian.core import audit
from dangjian.core.choices import AuditAction, OrgDomain, OrgLevel
from dangjian.core.demo.names import mobile, person_name
from dangjian.core.demo.writer import insert_rows
from dangjian.core.models import Org
from dangjian.service.models import Dispute, MediationSession, Mediator, MinqingIssue, NightMarket
from dangjian.service.selectors.common import places_of

WEEKS = 26
PLACES = ("村党群服务中心广场", "村委会大院", "村文化广场", "村综合服务中心", "村小学操场旁")
HOST_POSTS = ("书记", "主任", "副书记", "委员")
TOPICS = (
    "道路硬化、路灯安装",
    "自来水入户、饮水安全",
    "人居环境整治、垃圾清运",
    "土地流转、种植结构调整",
    "医保缴费、大病救助",
    "务工信息、技能培训",
    "低保评议、困难帮扶",
    "秋收秋种、农机服务",
)
ISSUES = {
    "road": ("村东组道路坑洼,雨天出行困难", "生产路被雨水冲毁,农机下不了地", "组里路灯坏了,晚上出行不便"),
    "medical": ("村卫生室药品不全", "老人慢性病签约医生上门服务少", "大病报销手续不清楚"),
    "water": ("自来水水压低,高处住户用不上水", "饮水井水质发浑"),
    "power": ("组里电压不稳,电器烧坏", "灌溉机井没有通电"),
    "land": ("承包地边界不清,需要重新丈量", "土地流转费迟迟未发放"),
    "sanitation": ("垃圾池清运不及时", "坑塘污水有异味", "村口柴草乱堆"),
    "neighbour": ("邻居排水沟排到自家门口", "邻居盖房占用出行道路"),
    "employment": ("想参加电商技能培训", "希望提供就近务工信息"),
    "education": ("孩子上学路远,希望开通校车", "留守儿童课后无人照看"),
    "other": ("希望增加文化活动场地", "村务公开栏更新不及时"),
}
CATEGORY_WEIGHTS = (
    ("road", 22),
    ("medical", 12),
    ("water", 10),
    ("power", 6),
    ("land", 12),
    ("sanitation", 14),
    ("neighbour", 8),
    ("employment", 7),
    ("education", 4),
    ("other", 5),
)
RESULTS = {
    "road": "已组织铺设砂石路面并纳入明年硬化计划",
    "medical": "已协调镇卫生院每周派医生坐诊",
    "water": "已更换加压泵,水压恢复正常",
    "power": "已联系供电所更换变压器",
    "land": "已组织两委和村民代表现场丈量确认",
    "sanitation": "已安排保洁员每日清运",
    "neighbour": "已上门调解,双方达成一致",
    "employment": "已推荐参加县人社局培训",
    "education": "已协调学校开设课后服务",
    "other": "已按群众意见办理",
}
CHANNELS = (("visit", 40), ("call", 25), ("in_person", 20), ("letter", 5), ("online", 10))
KINDS = (
    ("neighbour", 30),
    ("homestead", 20),
    ("land_contract", 18),
    ("marriage", 14),
    ("debt", 10),
    ("labour", 4),
    ("other", 4),
)
DISPUTE_SUMMARIES = {
    "neighbour": "因排水、通行等琐事发生争执",
    "homestead": "宅基地界址争议",
    "land_contract": "承包地边界及流转费用争议",
    "marriage": "家庭赡养及财产分割矛盾",
    "debt": "民间借款到期未还",
    "labour": "务工工资拖欠",
    "other": "其他民间纠纷",
}
AGREEMENTS = {
    "neighbour": "双方同意共同修通排水沟,互谅互让",
    "homestead": "双方认可按原界址砌墙,签订调解协议",
    "land_contract": "按丈量结果确认边界,流转费按合同支付",
    "marriage": "子女按月支付赡养费,老人由长子照料",
    "debt": "借款分三期归还,双方签字确认",
    "labour": "用工方一个月内结清工资",
    "other": "双方达成和解",
}


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


MINUTES = "群众反映问题当场记录,能解决的当场答复,不能当场解决的明确责任人和时限"
NAME_POOL = 600


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    now = timezone.now()
    pool = [person_name(rng, male=rng.random() < 0.55, birth_year=rng.randint(1950, 1995)) for _ in range(NAME_POOL)]

    def name() -> str:
        return rng.choice(pool)

    places = list(places_of(county.pk).only("id", "path", "name", "domain"))
    townships = list(Org.objects.filter(county=county, level=OrgLevel.TOWNSHIP).only("id", "path", "name"))
    county_id = county.pk
    first_monday = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=WEEKS)

    # Sessions: most villages keep a weekday; a few weeks are missed; next week's is announced.
    session_columns = [f.column for f in NightMarket._meta.concrete_fields if not f.primary_key]
    session_rows: list[dict[str, object]] = []
    for place in places:
        if rng.random() < 0.08:
            continue  # a village that does not hold them
        weekday = rng.choice((1, 2, 3, 4))
        skip = rng.choice((0.03, 0.06, 0.12, 0.25))
        hosts = f"{name()}{HOST_POSTS[0]}、{name()}{HOST_POSTS[1]}"
        spot = rng.choice(PLACES)
        starts_at = f"{rng.choice((19, 19, 20))}:{rng.choice(('00', '30'))}:00"
        for week in range(WEEKS + 1):
            day = first_monday + dt.timedelta(weeks=week, days=weekday)
            if day > today + dt.timedelta(days=7) or rng.random() < skip:
                continue
            held = day <= today
            session_rows.append(
                {
                    "county_id": county_id,
                    "org_id": place.pk,
                    "org_path": place.path,
                    "held_on": day,
                    "starts_at": starts_at,
                    "place": spot,
                    "hosts": hosts,
                    "town_cadre": f"镇包村干部{name()}" if rng.random() < 0.6 else "",
                    "attendance": rng.randint(20, 90) if held else 0,
                    "topics": rng.choice(TOPICS),
                    "minutes": MINUTES if held else "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
    insert_rows(NightMarket, session_columns, ([row[c] for c in session_columns] for row in session_rows))
    sessions = list(
        NightMarket.objects.filter(county_id=county_id, held_on__lte=today)
        .order_by("id")
        .values_list("id", "org_id", "held_on")
    )
    paths = {p.pk: p.path for p in places}

    # Issues: 1–4 at each session held, some more by other channels.
    columns = [f.column for f in MinqingIssue._meta.concrete_fields if not f.primary_key]
    issue_rows: list[dict[str, object]] = []

    def issue(org_id: int, session_id: int | None, channel: str, raised_on: dt.date) -> None:
        category = _pick(rng, CATEGORY_WEIGHTS)
        anonymous = rng.random() < 0.05
        age = (today - raised_on).days
        row: dict[str, object] = {
            "county_id": county_id,
            "org_id": org_id,
            "org_path": paths[org_id],
            "session_id": session_id,
            "channel": channel,
            "raised_on": raised_on,
            "anonymous": anonymous,
            "raiser_name": "" if anonymous else name(),
            "raiser_phone": "" if anonymous or rng.random() < 0.3 else mobile(rng),
            "category": category,
            "content": rng.choice(ISSUES[category]),
            "status": "pending",
            "assignee_name": "",
            "assignee_person_id": None,
            "assigned_on": None,
            "due_on": None,
            "resolved_on": None,
            "result": "",
            "unresolvable_reason": "",
            "explained_on": None,
            "feedback": "",
            "feedback_on": None,
            "feedback_note": "",
            "created_at": now,
            "updated_at": now,
        }
        if age >= 1 or rng.random() < 0.5:
            assigned = min(raised_on + dt.timedelta(days=rng.randint(0, 2)), today)
            row |= {
                "status": "handling",
                "assignee_name": f"{name()}",
                "assigned_on": assigned,
                "due_on": assigned + dt.timedelta(days=rng.choice((7, 15, 30))),
            }
            roll = rng.random()
            chance = 0.93 if age > 30 else 0.5 if age > 7 else 0.15
            if roll < chance:
                resolved = min(assigned + dt.timedelta(days=rng.randint(1, 25)), today)
                row |= {"status": "resolved", "resolved_on": resolved, "result": RESULTS[category]}
                if not anonymous and rng.random() < 0.8 and resolved < today:
                    row |= {
                        "status": "closed",
                        "feedback": _pick(rng, (("satisfied", 82), ("fairly", 14), ("unsatisfied", 4))),
                        "feedback_on": min(resolved + dt.timedelta(days=rng.randint(1, 7)), today),
                    }
            elif roll < chance + 0.03:
                row |= {
                    "status": "unresolvable",
                    "unresolvable_reason": "涉及县级规划审批,暂不具备实施条件,已向群众解释",
                    "explained_on": min(assigned + dt.timedelta(days=rng.randint(1, 10)), today),
                }
        issue_rows.append(row)

    for session_id, org_id, held_on in sessions:
        for _ in range(rng.choices((1, 2, 3, 4), weights=(35, 35, 20, 10))[0]):
            issue(org_id, session_id, "night_market", held_on)
    span = (today - first_monday).days
    for place in places:
        for _ in range(rng.randint(0, 6)):
            issue(place.pk, None, _pick(rng, CHANNELS), first_monday + dt.timedelta(days=rng.randint(0, span)))
    insert_rows(MinqingIssue, columns, ([row[c] for c in columns] for row in issue_rows))

    # Mediators: one per township, one per village, group ones in some.
    mediators: list[Mediator] = []
    for town in townships:
        mediators.append(
            Mediator(
                county_id=county_id,
                org_id=town.pk,
                org_path=town.path,
                level="town",
                name=name(),
                post="镇人民调解委员会主任",
                phone=mobile(rng),
                appointed_on=today.replace(month=1, day=1) - dt.timedelta(days=365 * rng.randint(1, 3)),
            )
        )
    for place in places:
        mediators.append(
            Mediator(
                county_id=county_id,
                org_id=place.pk,
                org_path=place.path,
                level="village",
                name=name(),
                post="村人民调解委员会主任",
                phone=mobile(rng),
            )
        )
        if place.domain == OrgDomain.RURAL and rng.random() < 0.4:
            for number in range(1, rng.randint(2, 4)):
                mediators.append(
                    Mediator(
                        county_id=county_id,
                        org_id=place.pk,
                        org_path=place.path,
                        level="group",
                        name=name(),
                        post="村民小组长",
                        group_name=f"第{'一二三四五'[number - 1]}村民小组",
                        phone=mobile(rng),
                    )
                )
    mediators = Mediator.objects.bulk_create(mediators, batch_size=5000)
    village_mediator = {m.org_id: m for m in mediators if m.level == "village"}
    town_mediator = {m.org_id: m for m in mediators if m.level == "town"}
    town_of = {t.path: t for t in townships}

    # Disputes over the last year: ~1.5 per village, ~95% settled, some escalated to the town.
    disputes: list[Dispute] = []
    escalations: list[tuple[int, int | None]] = []
    for place in places:
        for _ in range(rng.choices((0, 1, 2, 3), weights=(20, 35, 30, 15))[0]):
            kind = _pick(rng, KINDS)
            received = today - dt.timedelta(days=rng.randint(0, 364))
            escalated = rng.random() < 0.12
            town = town_of.get(place.path[: -Org.steplen])
            age = (today - received).days
            status, closed, level = "mediating", None, "village"
            if age > 10 or rng.random() < 0.5:
                closed = min(received + dt.timedelta(days=rng.randint(1, 20) + (10 if escalated else 0)), today)
                status = "settled" if rng.random() < 0.95 else "referred"
            if escalated and town is not None:
                level = "town"
            disputes.append(
                Dispute(
                    county_id=county_id,
                    org_id=place.pk,
                    org_path=place.path,
                    kind=kind,
                    parties=f"{name()}与{name()}",
                    summary=DISPUTE_SUMMARIES[kind],
                    received_on=received,
                    received_level="village",
                    level=level,
                    escalated_on=min(received + dt.timedelta(days=rng.randint(3, 10)), closed or today)
                    if level == "town"
                    else None,
                    status=status,
                    closed_on=closed,
                    agreement=AGREEMENTS[kind] if status == "settled" else "",
                    refer_target=rng.choice(("court", "petition")) if status == "referred" else "",
                    refer_reason="当事人坚持通过诉讼解决" if status == "referred" else "",
                )
            )
            escalations.append((place.pk, town.pk if town is not None and level == "town" else None))
    disputes = Dispute.objects.bulk_create(disputes, batch_size=5000)
    links = []
    records: list[MediationSession] = []
    through = Dispute.mediators.through
    for dispute, (place_id, town_id) in zip(disputes, escalations, strict=True):
        local = village_mediator.get(place_id)
        if local is not None:
            links.append(through(dispute_id=dispute.pk, mediator_id=local.pk))
        records.append(
            MediationSession(
                county_id=county_id,
                org_path=dispute.org_path,
                dispute_id=dispute.pk,
                held_on=dispute.received_on,
                level="village",
                mediator_names=local.name if local is not None else "",
                note="听取双方陈述,释法说理",
            )
        )
        if town_id is not None and dispute.escalated_on is not None:
            above = town_mediator.get(town_id)
            if above is not None:
                links.append(through(dispute_id=dispute.pk, mediator_id=above.pk))
            records.append(
                MediationSession(
                    county_id=county_id,
                    org_path=dispute.org_path,
                    dispute_id=dispute.pk,
                    held_on=dispute.escalated_on,
                    level="village",
                    mediator_names="",
                    note="调解不成,上交镇级:双方分歧较大",
                )
            )
    through.objects.bulk_create(links, batch_size=5000)
    MediationSession.objects.bulk_create(records, batch_size=5000)

    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={
            "demo": "minqing",
            "sessions": len(session_rows),
            "issues": len(issue_rows),
            "mediators": len(mediators),
            "disputes": len(disputes),
        },
    )
