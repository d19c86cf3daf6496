"""Demo 软弱涣散整顿: a round for each of the last two years. Every village (and community) branch has its annual
assessment score and a few show a criterion; the bottom 10% of the ranking plus those are proposed, the townships add
a couple of communities, the county confirms nearly all. Each listed branch gets a county leader, a team led by the
township secretary, a plan, a ledger of a few entries a month, supervision visits every two months, and the five
"不撤离" conditions — about three in four of the older round's branches have exited. Set-based."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db.models import Q

from dangjian.core import audit
from dangjian.core.choices import AuditAction, OrgDomain, OrgKind, OrgLevel
from dangjian.core.models import Org
from dangjian.villages import rules
from dangjian.villages.choices import (
    CandidateSource,
    CandidateStatus,
    CaseStatus,
    ExitCondition,
    RoundStatus,
    TeamRole,
    WeakCriterion,
)
from dangjian.villages.models import (
    RectAssessment,
    RectCandidate,
    RectCase,
    RectEntry,
    RectExitCheck,
    RectRound,
    RectTeamMember,
    RectVisit,
)

RATIO = Decimal("10")
EXIT_SHARE = 0.75
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶"
    "阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺"
)
GIVEN = "建国军华明强伟磊洋勇艳杰娟涛超秀英霞平刚桂兰志红鹏飞俊峰海波宏亮春梅文斌玉兰国庆振东德胜新民卫东丽萍"
LEADER_POSTS = (
    "县委常委、组织部部长",
    "县委常委、宣传部部长",
    "县委常委、政法委书记",
    "县人大常委会副主任",
    "副县长",
    "县政协副主席",
    "县委常委、纪委书记",
    "县委常委、统战部部长",
)
CRITERION_NOTES = {
    WeakCriterion.DISUNITED: "村两委主要负责人长期不和,班子议事难以形成决定",
    WeakCriterion.SECRETARY_VACANT: "原支部书记外出务工,书记岗位空缺半年以上",
    WeakCriterion.LIFE_IRREGULAR: "“三会一课”不能按期召开,主题党日流于形式",
    WeakCriterion.HOLLOW_ECONOMY: "村集体经济年收入不足5万元,无稳定收入来源",
    WeakCriterion.DISPUTES: "土地流转和宅基地纠纷多发,群众越级上访",
    WeakCriterion.CLAN_INTERFERENCE: "宗族势力干扰村务决策和换届选举",
    WeakCriterion.LAX_MANAGEMENT: "村级财务管理混乱,“四议两公开”落实不到位",
    WeakCriterion.WEAK_SERVICE: "村干部坐班制度落实不好,群众办事难",
}
PROBLEMS = (
    "班子凝聚力不强,支部书记带头作用发挥不够;",
    "组织生活不规范,党员教育管理松散;",
    "集体经济薄弱,发展思路不清;",
    "矛盾纠纷排查化解不及时,群众满意度不高;",
    "村务公开不及时,财务管理不规范;",
    "后备干部缺乏,党员队伍老化;",
)
MEASURES = (
    "选优配强村两委班子,调整不胜任的班子成员",
    "规范“三会一课”和主题党日,建立整顿工作台账",
    "制定村级集体经济发展规划,引进特色种植项目",
    "开展矛盾纠纷大排查,逐件落实化解责任人",
    "落实“四议两公开”,规范村级财务管理",
    "培养村级后备干部,发展年轻党员",
    "落实村干部坐班值班制度,开展代办服务",
    "召开专题组织生活会,开展批评与自我批评",
    "清理规范村级合同,追缴集体欠款",
    "组织党员开展“三比三争”活动",
)
PROGRESS = (
    "已召开专题会议研究部署,明确责任分工和时间节点",
    "已完成入户走访{n}户,收集意见建议{m}条",
    "补选村委委员1名,调整党小组长2名",
    "化解矛盾纠纷{m}件,剩余问题已落实责任人",
    "清理村级合同{m}份,追回集体欠款{n}千元",
    "召开党员大会,通报整顿进展,党员评议满意",
    "确定入党积极分子{m}名,后备干部2名",
    "特色种植项目已落地,流转土地{n}亩",
    "村务公开栏按月更新,财务账目已审计",
)
VISITORS = ("县委组织部督导组", "乡镇党委书记", "县纪委监委督导组", "分包县级领导", "乡镇纪委书记、组织委员")
FINDINGS = (
    "整顿台账记录不够具体,部分措施缺少佐证材料",
    "班子分工已明确,但集体经济项目推进较慢",
    "矛盾纠纷化解有进展,仍有2件信访件未办结",
    "组织生活已规范,党员参与率有所提高",
    "群众对整顿工作认可度提高,需巩固成效",
)
REQUIREMENTS = (
    "每周更新台账,补齐佐证材料",
    "月底前完成项目选址和资金落实",
    "落实包案责任,限期化解信访问题",
    "持续规范组织生活,防止反弹",
)
EVIDENCE = {
    ExitCondition.TEAM_STRONG: "班子成员调整到位,民主测评称职率95%以上",
    ExitCondition.WORK_ADVANCED: "年度重点工作任务全部按期完成,台账完整",
    ExitCondition.ISSUES_SOLVED: "排查的矛盾纠纷和信访问题全部化解销号",
    ExitCondition.ECONOMY_CLEAR: "制定集体经济发展规划,项目已落地见效",
    ExitCondition.PEOPLE_SATISFIED: "群众满意度测评达90%以上",
}


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _branches(county: Org) -> list[Org]:
    """Village and community Party organisations in use (not 党小组)."""
    rows = Org.objects.filter(county=county, level=OrgLevel.GRASSROOTS, is_dissolved=False).exclude(
        kind=OrgKind.PARTY_GROUP
    )
    return list(rows.filter(Q(domain=OrgDomain.RURAL) | Q(domain=OrgDomain.COMMUNITY)).order_by("path"))


def _town(path: str, towns: dict[str, Org]) -> Org | None:
    return next((towns[p] for p in (path[:end] for end in range(4, len(path) + 1, 4)) if p in towns), None)


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    branches = _branches(county)
    if not branches:
        return
    towns = {t.path: t for t in Org.objects.filter(county=county, level=OrgLevel.TOWNSHIP)}
    secretaries = {path: _name(rng) for path in towns}
    totals = {"rounds": 0, "cases": 0, "exited": 0, "entries": 0}
    for year in (today.year - 1, today.year):
        opened_on = min(dt.date(year, 3, 1), today - dt.timedelta(days=60))
        if opened_on.year != year:
            continue
        round_ = RectRound.objects.create(
            county=county,
            org=county,
            org_path=county.path,
            year=year,
            name=f"{year}年度软弱涣散基层党组织集中整顿",
            ratio=RATIO,
            opened_on=opened_on,
            status=RoundStatus.CLOSED if year < today.year else RoundStatus.OPEN,
            note="按年度考核得分倒排不低于10%,结合软弱涣散情形排查确定",
        )
        totals["rounds"] += 1
        _build_round(county, round_, branches, towns, secretaries, today, rng, totals, older=year < today.year)
    audit.record(actor=None, action=AuditAction.CREATE, obj=county, after={"demo": "rectification", **totals})


def _build_round(
    county: Org,
    round_: RectRound,
    branches: list[Org],
    towns: dict[str, Org],
    secretaries: dict[str, str],
    today: dt.date,
    rng: random.Random,
    totals: dict[str, int],
    *,
    older: bool,
) -> None:
    assessments = []
    for org in branches:
        score = Decimal(str(round(min(99.0, max(45.0, rng.gauss(82, 8))), 1)))
        criteria: list[str] = []
        if rng.random() < 0.03:
            criteria = [rng.choice(WeakCriterion.values)]
        note = CRITERION_NOTES[WeakCriterion(criteria[0])] if criteria else ""
        assessments.append(
            RectAssessment(
                county=county, round=round_, org=org, org_path=org.path, score=score, criteria=criteria, note=note
            )
        )
    RectAssessment.objects.bulk_create(assessments, batch_size=5000)
    by_org = {a.org_id: a for a in assessments}
    picks = {p.key: p for p in rules.rect_bottom_ranked({a.org_id: a.score for a in assessments}, RATIO)}
    proposed_on = round_.opened_on + dt.timedelta(days=20)
    decided_on = proposed_on + dt.timedelta(days=10)
    candidates = []
    for org in branches:
        assessment = by_org[org.pk]
        pick = picks.get(org.pk)
        reasons = [rules.rect_ranking_reason(pick, RATIO)] if pick else []
        if assessment.criteria:
            labels = dict(WeakCriterion.choices)
            reasons.append("符合软弱涣散情形:" + "、".join(str(labels[c]) for c in assessment.criteria))
        source = CandidateSource.RANKING if pick else CandidateSource.CRITERION
        if not reasons and org.domain == OrgDomain.COMMUNITY and rng.random() < 0.04:
            reasons, source = ["乡镇提出:社区两委班子战斗力不强,居民反映问题较多"], CandidateSource.TOWNSHIP
        if not reasons:
            continue
        status = CandidateStatus.CONFIRMED
        note = ""
        if source != CandidateSource.RANKING and rng.random() < 0.2:
            status, note = CandidateStatus.REJECTED, "经县委组织部核实,问题已整改,不列入本轮整顿"
        candidates.append(
            RectCandidate(
                county=county,
                round=round_,
                org=org,
                org_path=org.path,
                source=source,
                reason=";".join(reasons)[:500],
                rank=pick.rank if pick else None,
                ranked=pick.ranked if pick else None,
                status=status,
                proposed_on=proposed_on,
                decided_on=decided_on,
                decision_note=note,
            )
        )
    RectCandidate.objects.bulk_create(candidates, batch_size=5000)
    listed = [c for c in candidates if c.status == CandidateStatus.CONFIRMED]
    orgs = {o.pk: o for o in branches}
    cases = []
    for candidate in listed:
        org = orgs[candidate.org_id]
        exits = older and rng.random() < EXIT_SHARE
        exited_on = None
        if exits:
            exited_on = min(today, decided_on + dt.timedelta(days=rng.randint(150, 290)))
        surname = rng.choice(SURNAMES)
        cases.append(
            RectCase(
                county=county,
                round=round_,
                candidate=candidate,
                org=org,
                org_path=org.path,
                listed_on=decided_on,
                leader_name=surname + rng.choice(GIVEN) + rng.choice(GIVEN),
                leader_post=rng.choice(LEADER_POSTS),
                problems="".join(rng.sample(PROBLEMS, 2)).rstrip(";") + "。",
                measures=";".join(rng.sample(MEASURES, 3)) + "。",
                target_on=decided_on + dt.timedelta(days=240),
                status=CaseStatus.EXITED if exits else CaseStatus.RECTIFYING,
                applied_on=exited_on - dt.timedelta(days=rng.randint(5, 20)) if exited_on else None,
                exited_on=exited_on,
            )
        )
    if not older:  # a couple of the current round's branches wait for the county's acceptance
        for case in cases[:2]:
            if (today - case.listed_on).days > 60:
                case.status, case.applied_on = CaseStatus.APPLIED, today - dt.timedelta(days=3)
    RectCase.objects.bulk_create(cases, batch_size=5000)
    team, entries, visits, checks = [], [], [], []
    for case in cases:
        town = _town(case.org_path, towns)
        town_name = town.name.removesuffix("党委").removesuffix("党工委") if town else ""
        team.append(
            RectTeamMember(
                county=county,
                org_path=case.org_path,
                case=case,
                name=secretaries.get(town.path, _name(rng)) if town else _name(rng),
                post=f"{town_name}党委书记",
                role=TeamRole.LEADER,
            )
        )
        for post in ("包村干部", "相关工作人员")[: rng.randint(1, 2)]:
            team.append(
                RectTeamMember(
                    county=county, org_path=case.org_path, case=case, name=_name(rng), post=f"{town_name}{post}"
                )
            )
        end = case.exited_on or case.applied_on or today
        day = case.listed_on + dt.timedelta(days=rng.randint(2, 8))
        while day <= end:
            entries.append(
                RectEntry(
                    county=county,
                    org_path=case.org_path,
                    case=case,
                    occurred_on=day,
                    measure=rng.choice(MEASURES),
                    progress=rng.choice(PROGRESS).format(n=rng.randint(10, 80), m=rng.randint(2, 9)),
                    responsible=_name(rng),
                )
            )
            day += dt.timedelta(days=rng.randint(8, 16))
        day = case.listed_on + dt.timedelta(days=rng.randint(20, 40))
        while day <= end:
            visits.append(
                RectVisit(
                    county=county,
                    org_path=case.org_path,
                    case=case,
                    visited_on=day,
                    visitors=rng.choice(VISITORS),
                    findings=rng.choice(FINDINGS),
                    requirements=rng.choice(REQUIREMENTS),
                )
            )
            day += dt.timedelta(days=rng.randint(50, 70))
        done = 5 if case.status != CaseStatus.RECTIFYING else rng.randint(0, 4)
        for index, condition in enumerate(ExitCondition.values[:done]):
            checks.append(
                RectExitCheck(
                    county=county,
                    org_path=case.org_path,
                    case=case,
                    condition=condition,
                    met=True,
                    evidence=EVIDENCE[ExitCondition(condition)],
                    checked_on=min(end, case.listed_on + dt.timedelta(days=60 + 20 * index)),
                )
            )
    RectTeamMember.objects.bulk_create(team, batch_size=5000)
    RectEntry.objects.bulk_create(entries, batch_size=5000)
    RectVisit.objects.bulk_create(visits, batch_size=5000)
    RectExitCheck.objects.bulk_create(checks, batch_size=5000)
    totals["cases"] += len(cases)
    totals["exited"] += sum(1 for c in cases if c.status == CaseStatus.EXITED)
    totals["entries"] += len(entries)
