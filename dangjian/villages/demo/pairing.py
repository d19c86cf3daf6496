"""Demo 结对共建: about 200 units (市直/县直 departments of every type, 驻县单位 and enterprises) kept by the county;
most villages paired (about a quarter many-to-one), matched to their categories where the classification has them
(党群→弱村, 政法→乱村, 经济→穷村/空壳村, 涉农→专业村); a few pairs ended and replaced; for the last two years the
"四项制度" activities, the "五个一" checklist and the outputs (funds, problems solved, 实事, trees, 亩 greened, ㎡ of
road…) at the scale of seed 000 for a county. Set-based and deterministic."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from dangjian.core import audit
from dangjian.core.choices import AuditAction
from dangjian.core.models import Org
from dangjian.villages import rules
from dangjian.villages.choices import DepartmentType, FiveOneItem, OutputKind, PairActivityKind
from dangjian.villages.models import PairActivity, PairChecklistItem, PairingUnit, PairOutput, PairUnit, VillagePair
from dangjian.villages.selectors import classification
from dangjian.villages.selectors.common import villages_of

PAIRED_SHARE = 0.88
MANY_SHARE = 0.25
ENDED_SHARE = 0.05
UNIT_COUNT = 200
DEPARTMENTS: dict[str, tuple[str, ...]] = {
    DepartmentType.PARTY_MASS: (
        "委组织部",
        "委宣传部",
        "委统战部",
        "直机关工委",
        "总工会",
        "团委",
        "妇联",
        "科协",
        "委党校",
        "委办公室",
        "人大常委会办公室",
        "政协办公室",
        "文联",
        "残联",
        "侨联",
    ),
    DepartmentType.LEGAL: ("委政法委", "公安局", "人民法院", "人民检察院", "司法局", "信访局", "纪委监委", "武装部"),
    DepartmentType.ECONOMIC: (
        "发展和改革委员会",
        "财政局",
        "商务局",
        "税务局",
        "统计局",
        "国资办",
        "市场监督管理局",
        "审计局",
        "工业和信息化局",
        "经济开发区管委会",
        "招商服务中心",
        "金融工作办公室",
    ),
    DepartmentType.AGRICULTURE: (
        "农业农村局",
        "林业局",
        "水利局",
        "供销合作社",
        "畜牧兽医中心",
        "农业科学研究所",
        "乡村振兴局",
        "自然资源局",
        "农机服务中心",
        "气象局",
    ),
    DepartmentType.EDU_HEALTH: (
        "教育局",
        "卫生健康委员会",
        "人民医院",
        "中医院",
        "第一高级中学",
        "职业技术学校",
        "疾控中心",
    ),
    DepartmentType.OTHER: (
        "住房和城乡建设局",
        "交通运输局",
        "文化广电和旅游局",
        "生态环境分局",
        "应急管理局",
        "城市管理局",
        "人力资源和社会保障局",
        "民政局",
        "退役军人事务局",
        "医疗保障局",
    ),
}
STATIONED = (
    ("国网供电公司", DepartmentType.ECONOMIC),
    ("中国移动分公司", DepartmentType.ENTERPRISE),
    ("中国电信分公司", DepartmentType.ENTERPRISE),
    ("邮政分公司", DepartmentType.ENTERPRISE),
    ("农村商业银行", DepartmentType.ECONOMIC),
    ("农业银行支行", DepartmentType.ECONOMIC),
    ("烟草专卖局", DepartmentType.ECONOMIC),
    ("消防救援大队", DepartmentType.LEGAL),
)
FIRMS = (
    "鑫源",
    "华丰",
    "宏达",
    "金穗",
    "绿源",
    "恒通",
    "瑞丰",
    "裕农",
    "天成",
    "润禾",
    "德隆",
    "兴旺",
    "丰泽",
    "永盛",
    "嘉禾",
    "福瑞",
    "中兴",
    "华信",
    "长青",
    "沃土",
    "富民",
    "新田",
    "盛世",
    "荣昌",
    "泰和",
    "广源",
    "汇丰",
    "惠农",
)
TRADES = (
    "农业发展有限公司",
    "食品有限公司",
    "建设工程有限公司",
    "纺织有限公司",
    "物流有限公司",
    "生态农业科技有限公司",
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
ACTIVITY_CONTENT = {
    PairActivityKind.COLLECTIVE_DAY: ("共同开展主题党日活动", "结对双方党员集中学习党章", "联合开展环境整治义务劳动"),
    PairActivityKind.ANALYSIS_MEETING: ("召开结对共建分析会,研究村集体产业项目", "分析村级发展难题,明确帮扶措施"),
    PairActivityKind.SECONDMENT: ("选派机关干部到村交流挂职", "村干部到结对单位跟岗学习"),
    PairActivityKind.MUTUAL_AID: ("走访慰问困难党员", "帮助完善村党群服务中心阵地", "为村民开展政策宣讲"),
}
EVIDENCE = {
    FiveOneItem.AGREEMENT: "结对共建互助协议书",
    FiveOneItem.DEVELOPMENT: "村级发展规划(结对共建版)",
    FiveOneItem.TRAINING_BASE: "实践培训基地挂牌照片",
    FiveOneItem.ORG_LIFE: "联合组织生活会记录",
    FiveOneItem.MEMBERS: "困难党员和创业党员联系名册",
}
OUTPUT_DESCRIPTIONS = {
    OutputKind.FUNDS: ("支持村集体产业发展", "资助村党群服务中心改造", "帮扶困难群众"),
    OutputKind.PROBLEMS: ("协调解决群众饮水、用电问题", "解决村组道路破损问题"),
    OutputKind.DEEDS: ("为村民办理实事", "组织义诊、送文化下乡"),
    OutputKind.PROJECTS: ("引进特色种植项目",),
    OutputKind.TREES: ("村庄绿化植树",),
    OutputKind.GREENED: ("村庄道路两侧绿化",),
    OutputKind.ROAD_AREA: ("硬化村内道路",),
    OutputKind.TRAINED: ("实用技术培训",),
}
TYPE_FOR_TAG = {
    "weak": DepartmentType.PARTY_MASS,
    "disorderly": DepartmentType.LEGAL,
    "poor": DepartmentType.ECONOMIC,
    "hollow": DepartmentType.ECONOMIC,
    "specialised": DepartmentType.AGRICULTURE,
}


def _units(county: Org, rng: random.Random) -> list[PairingUnit]:
    names: list[tuple[str, str, str]] = []
    for kind, departments in DEPARTMENTS.items():
        for department in departments:
            names.append((f"县{department}", kind, "县直"))
            if rng.random() < 0.55:
                names.append((f"市{department}", kind, "市直"))
    names += [(f"县{name}", kind, "驻县单位") for name, kind in STATIONED]
    firms = [f"{firm}{trade}" for firm in FIRMS for trade in TRADES]
    rng.shuffle(firms)
    names += [(name, DepartmentType.ENTERPRISE, "企业") for name in firms[: max(0, UNIT_COUNT - len(names))]]
    return [
        PairingUnit(
            county_id=county.pk,
            org=county,
            org_path=county.path,
            name=name,
            department_type=kind,
            affiliation=affiliation,
            contact_name=f"{rng.choice(SURNAMES)}{rng.choice(('主任', '科长', '书记', '经理'))}",
            contact_phone=f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}",
        )
        for name, kind, affiliation in names
    ]


def _day_in(year: int, rng: random.Random, first: dt.date, last: dt.date) -> dt.date | None:
    start, end = max(dt.date(year, 1, 1), first), min(dt.date(year, 12, 31), last)
    if end < start:
        return None
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    """Add units, pairs and their records to an existing demo county (set-based; deterministic)."""
    units = _units(county, rng)
    PairingUnit.objects.bulk_create(units, batch_size=5000)
    by_type: dict[str, list[PairingUnit]] = {}
    for unit in units:
        by_type.setdefault(unit.department_type, []).append(unit)
    load = {unit.pk: 0 for unit in units}
    tags: dict[int, set[str]] = {}
    for year in (today.year - 1, today.year):
        for org_id, found in classification.tags_by_org(county.pk, year).items():
            tags.setdefault(org_id, set()).update(found)

    def pick(village_id: int, count: int) -> list[PairingUnit]:
        chosen: list[PairingUnit] = []
        for tag in rules.PAIRING_TAG_ORDER:
            if tag in tags.get(village_id, ()) and len(chosen) < count:
                pool = [u for u in by_type[TYPE_FOR_TAG[tag]] if u not in chosen]
                chosen.append(min(rng.sample(pool, min(4, len(pool))), key=lambda u: load[u.pk]))
        while len(chosen) < count:
            unit = min(rng.sample(units, 5), key=lambda u: load[u.pk])
            if unit not in chosen:
                chosen.append(unit)
        for unit in chosen:
            load[unit.pk] += 1
        return chosen

    pairs: list[VillagePair] = []
    teams: list[list[PairingUnit]] = []
    for village in villages_of(county.pk):
        if rng.random() > PAIRED_SHARE:
            continue
        started = today.year - rng.choice((0, 1, 1, 2, 2, 3, 4))
        if started < today.year - 1 and rng.random() < ENDED_SHARE:
            ended_on = dt.date(today.year - 1, rng.randint(1, 6), rng.randint(1, 28))
            pairs.append(
                VillagePair(
                    county_id=county.pk,
                    village=village,
                    org_path=village.path,
                    started_year=started,
                    active=False,
                    ended_on=ended_on,
                    end_reason=rng.choice(("结对单位机构改革调整", "村党组织整顿转化到位,调整帮扶力量")),
                )
            )
            teams.append(pick(village.pk, 1))
            started = today.year - 1
        count = rng.choice((2, 3)) if rng.random() < MANY_SHARE else 1
        pairs.append(VillagePair(county_id=county.pk, village=village, org_path=village.path, started_year=started))
        teams.append(pick(village.pk, count))
    VillagePair.objects.bulk_create(pairs, batch_size=5000)
    members = [
        PairUnit(county_id=county.pk, org_path=pair.org_path, pair=pair, unit=unit, joined_year=pair.started_year)
        for pair, team in zip(pairs, teams, strict=True)
        for unit in team
    ]
    PairUnit.objects.bulk_create(members, batch_size=5000)

    activities: list[PairActivity] = []
    checklist: list[PairChecklistItem] = []
    outputs: list[PairOutput] = []
    for pair, team in zip(pairs, teams, strict=True):
        first = dt.date(pair.started_year, 1, 1)
        last = min(today, pair.ended_on or today)
        for year in (today.year - 1, today.year):
            if year < pair.started_year or year > last.year:
                continue
            share = 1.0 if year < today.year else (today.timetuple().tm_yday / 366)
            for kind, contents in ACTIVITY_CONTENT.items():
                for _ in range(rng.randint(0, round(3 * share) + 1)):
                    day = _day_in(year, rng, first, last)
                    if day is not None:
                        activities.append(
                            PairActivity(
                                county_id=county.pk,
                                org_path=pair.org_path,
                                pair=pair,
                                kind=kind,
                                held_on=day,
                                content=rng.choice(contents),
                                participants=rng.randint(6, 40),
                            )
                        )
            for item in FiveOneItem.values:
                if rng.random() < 0.85 * share + 0.05:
                    day = _day_in(year, rng, first, last)
                    if day is not None:
                        checklist.append(
                            PairChecklistItem(
                                county_id=county.pk,
                                org_path=pair.org_path,
                                pair=pair,
                                year=year,
                                item=item,
                                done_on=day,
                                evidence=EVIDENCE[item],
                            )
                        )
            for kind, low, high, chance in (
                (OutputKind.FUNDS, 5000, 60000, 0.9),
                (OutputKind.PROBLEMS, 1, 4, 0.8),
                (OutputKind.DEEDS, 1, 6, 0.8),
                (OutputKind.PROJECTS, 1, 2, 0.15),
                (OutputKind.TREES, 100, 800, 0.3),
                (OutputKind.GREENED, 2, 20, 0.25),
                (OutputKind.ROAD_AREA, 200, 2000, 0.2),
                (OutputKind.TRAINED, 20, 120, 0.35),
            ):
                if rng.random() >= chance * share:
                    continue
                day = _day_in(year, rng, first, last)
                if day is None:
                    continue
                quantity = Decimal(rng.randint(low, high))
                if kind == OutputKind.FUNDS:
                    quantity = (quantity // 500) * 500
                outputs.append(
                    PairOutput(
                        county_id=county.pk,
                        org_path=pair.org_path,
                        pair=pair,
                        unit=rng.choice(team),
                        occurred_on=day,
                        kind=kind,
                        label=str(OutputKind(kind).label),
                        measure=rules.OUTPUT_UNITS[kind],
                        quantity=quantity,
                        description=rng.choice(OUTPUT_DESCRIPTIONS[kind]),
                    )
                )
    PairActivity.objects.bulk_create(activities, batch_size=5000)
    PairChecklistItem.objects.bulk_create(checklist, batch_size=5000)
    PairOutput.objects.bulk_create(outputs, batch_size=5000)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={
            "demo": "pairing",
            "units": len(units),
            "pairs": len(pairs),
            "pair_units": len(members),
            "activities": len(activities),
            "checklist": len(checklist),
            "outputs": len(outputs),
        },
    )
