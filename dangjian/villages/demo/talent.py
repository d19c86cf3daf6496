"""Demo talent pools: about three reserve cadres per village (a tenth of the villages none or one, so the "一村至少
2名" list has entries), returnees of whom most started a business, one 一村一名大学生 in most villages, about sixty
experts and some 乡土人才 kept by the townships, a few service teams, secondments of office cadres to townships and
villages (some ending within 30 days), and "1+N" mentoring pairs in each township. Set-based."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from dangjian.core import audit
from dangjian.core.choices import AuditAction, Education, Gender, OrgLevel
from dangjian.core.demo.names import person_name
from dangjian.core.models import Org
from dangjian.villages import rules
from dangjian.villages.choices import (
    ExpertField,
    PoliticalStatus,
    SecondmentStatus,
    ServiceTeamKind,
    TalentPool,
    TalentStatus,
)
from dangjian.villages.models import (
    MentoringMentee,
    MentoringNote,
    MentoringPair,
    Secondment,
    ServiceTeam,
    ServiceTeamMember,
    Talent,
)
from dangjian.villages.selectors.common import villages_of

BATCH = 5000
EXPERTS = 60
RESERVE_COUNTS = (0, 1, 1, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 5)
RESERVE_SPECIALITIES = ("村务管理", "种植技术", "电商销售", "财务会计", "养殖技术", "文艺宣传", "法律常识", "农机操作")
RETURNEE_BUSINESSES = (
    "食用菌种植合作社",
    "优质小麦种植家庭农场",
    "生猪养殖场",
    "农产品电商",
    "乡村民宿",
    "服装加工厂",
    "艾草制品加工",
    "中药材种植基地",
    "红薯粉条作坊",
    "果蔬大棚",
)
EXPERT_TOPICS = {
    ExpertField.PLANTING: ("水稻栽培技术", "葡萄优质高产栽培", "小麦高产栽培"),
    ExpertField.LIVESTOCK: ("生猪疫病防治", "肉牛养殖"),
    ExpertField.AQUACULTURE: ("水产动物疾病防治与用药安全",),
    ExpertField.ECOMMERCE: ("农村电商运营",),
    ExpertField.LAW: ("农村土地承包法律咨询",),
    ExpertField.HEALTH: ("基层常见病防治",),
    ExpertField.DISTANCE: ("远程教育辅导",),
    ExpertField.FINANCE: ("村级财务管理",),
}
EXPERT_UNITS = ("县农业农村局", "县畜牧局", "县水利局", "县农技推广中心", "县司法局", "县人民医院", "县委党校")
SECONDMENT_POSTS = ("镇长助理", "工业功能区主任助理", "党委副书记(挂职)", "市场管委会主任助理")
VILLAGE_POSTS = ("村党支部副书记(挂职)", "村委会主任助理")
FROM_UNITS = ("县发展和改革委员会", "县经贸局", "县规划与建设局", "县财政局", "县农业农村局", "县委组织部", "县人社局")
MENTOR_POSTS = ("村党支部书记", "镇党委组织委员", "老村党支部书记")
GOALS = (
    "一年内熟悉村级事务,能独立组织召开“三会一课”和主题党日",
    "带学带干,帮助掌握“四议两公开”工作法,参与一个集体经济项目",
    "传思想、帮作风、带能力,培养成为村“两委”后备力量",
)
NOTES = ("谈心谈话一次,交流工作体会", "带领参加村民代表会议", "共同走访困难群众", "阶段小结:进步明显")


def _birth(rng: random.Random, today: dt.date, low: int, high: int) -> dt.date:
    return today - dt.timedelta(days=rng.randint(low * 365 + 1, high * 365 + 300))


def _education(rng: random.Random, weights: tuple[int, ...]) -> str:
    order = (Education.BACHELOR, Education.JUNIOR_COLLEGE, Education.SECONDARY_VOCATIONAL, Education.HIGH_SCHOOL)
    return rng.choices(order, weights=weights)[0]


def _person(rng: random.Random, today: dt.date, low: int, high: int) -> dict:
    male = rng.random() < 0.7
    birth = _birth(rng, today, low, high)
    return {
        "name": person_name(rng, male=male, birth_year=birth.year),
        "gender": Gender.MALE if male else Gender.FEMALE,
        "birth_date": birth,
        "phone": f"1{rng.choice('3578')}{rng.randint(0, 999_999_999):09d}",
    }


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    villages = list(villages_of(county.pk))
    townships = list(Org.objects.filter(county_id=county.pk, level=OrgLevel.TOWNSHIP, is_dissolved=False))
    townships.sort(key=lambda t: t.path)
    if not villages and not townships:
        return
    rows: list[Talent] = []

    def talent(org: Org, pool: str, entry: dt.date, **values) -> Talent:
        row = Talent(
            county_id=county.pk,
            org=org,
            org_path=org.path,
            pool=pool,
            entry_date=entry,
            status=TalentStatus.ACTIVE,
            **values,
        )
        rows.append(row)
        return row

    def entry_day() -> dt.date:
        return today - dt.timedelta(days=rng.randint(30, 1500))

    for village in villages:
        for _ in range(rng.choice(RESERVE_COUNTS)):
            talent(
                village,
                TalentPool.RESERVE,
                entry_day(),
                education=_education(rng, (2, 4, 2, 3)),
                political_status=rng.choice((PoliticalStatus.MEMBER,) * 3 + (PoliticalStatus.LEAGUE,)),
                speciality=rng.choice(RESERVE_SPECIALITIES),
                **_person(rng, today, 24, 42),
            )
        for _ in range(rng.choice((0, 0, 1, 1, 1, 2, 3))):
            started = rng.random() < 0.7
            talent(
                village,
                TalentPool.RETURNEE,
                entry_day(),
                education=_education(rng, (1, 2, 2, 5)),
                political_status=rng.choice((PoliticalStatus.MEMBER, PoliticalStatus.MASSES, PoliticalStatus.MASSES)),
                started_business=started,
                business=rng.choice(RETURNEE_BUSINESSES) if started else "",
                speciality="外出务工经商多年",
                **_person(rng, today, 26, 50),
            )
        if rng.random() < 0.7:
            talent(
                village,
                TalentPool.GRADUATE,
                entry_day(),
                education=rng.choice((Education.BACHELOR, Education.JUNIOR_COLLEGE)),
                political_status=rng.choice((PoliticalStatus.MEMBER, PoliticalStatus.LEAGUE)),
                speciality="一村一名大学生计划",
                **_person(rng, today, 22, 30),
            )
        if rng.random() < 0.15:
            talent(
                village,
                TalentPool.LOCAL,
                entry_day(),
                education=_education(rng, (0, 1, 2, 7)),
                political_status=PoliticalStatus.MASSES,
                speciality=rng.choice(("种粮大户", "养殖能手", "传统手工艺", "农机手")),
                **_person(rng, today, 35, 62),
            )
    experts: dict[int, list[Talent]] = defaultdict(list)
    for index in range(EXPERTS if townships else 0):
        township = townships[index % len(townships)]
        field = rng.choice(list(EXPERT_TOPICS))
        experts[township.pk].append(
            talent(
                township,
                TalentPool.EXPERT,
                entry_day(),
                education=rng.choice((Education.BACHELOR, Education.BACHELOR, Education.POSTGRADUATE)),
                political_status=rng.choice((PoliticalStatus.MEMBER, PoliticalStatus.MEMBER, PoliticalStatus.MASSES)),
                expert_field=field,
                speciality=f"{rng.choice(EXPERT_UNITS)} {rng.choice(EXPERT_TOPICS[field])}",
                **_person(rng, today, 30, 58),
            )
        )
    # A few have moved on: used (elected to 村两委) or exited (left for work elsewhere).
    for row in rng.sample(rows, k=len(rows) // 25):
        row.status = rng.choice((TalentStatus.USED, TalentStatus.EXITED))
        row.status_date = max(row.entry_date, today - dt.timedelta(days=rng.randint(1, 300)))
        row.status_reason = "当选村“两委”委员" if row.status == TalentStatus.USED else "外出务工,本人申请退出"
    Talent.objects.bulk_create(rows, batch_size=BATCH)

    teams: list[ServiceTeam] = []
    for township in townships[: max(1, len(townships) // 3)]:
        kind = rng.choice((ServiceTeamKind.AGRI_TECH, ServiceTeamKind.PIONEER, ServiceTeamKind.DISTANCE))
        teams.append(
            ServiceTeam(
                county_id=county.pk,
                org=township,
                org_path=township.path,
                name=f"{township.short_name or township.name[:3]}{ServiceTeamKind(kind).label}",
                kind=kind,
                service_area="田头指导、现场教学、实用技术培训",
                founded_on=today - dt.timedelta(days=rng.randint(200, 900)),
            )
        )
    ServiceTeam.objects.bulk_create(teams, batch_size=BATCH)
    members: list[ServiceTeamMember] = []
    for team in teams:
        pool = [t for t in experts.get(team.org_id, []) if t.status == TalentStatus.ACTIVE]
        for index, member in enumerate(pool[: rng.randint(3, 6)]):
            members.append(
                ServiceTeamMember(
                    county_id=county.pk,
                    org_path=team.org_path,
                    team=team,
                    talent=member,
                    is_leader=index == 0,
                    joined_on=max(team.founded_on, member.entry_date),
                )
            )
    ServiceTeamMember.objects.bulk_create(members, batch_size=BATCH)

    secondments: list[Secondment] = []
    hosts = [(t, SECONDMENT_POSTS) for t in townships[:12]] + [(v, VILLAGE_POSTS) for v in villages[::12]]
    for host, posts in hosts:
        months = rng.choice((6, 12, 12, 24))
        start = rules.add_months_clamped(today, -rng.randint(1, months + 3))
        end = rules.term_end(start, months)
        status, ended_on, reason = SecondmentStatus.ACTIVE, None, ""
        if end < today and rng.random() < 0.8:
            status, ended_on = SecondmentStatus.COMPLETED, end
        elif rng.random() < 0.08:
            status, reason = SecondmentStatus.ENDED_EARLY, "工作需要,提前召回"
            ended_on = max(min(today, end) - dt.timedelta(days=20), start)
        secondments.append(
            Secondment(
                county_id=county.pk,
                org=host,
                org_path=host.path,
                from_unit=rng.choice(FROM_UNITS),
                name=_person(rng, today, 27, 38)["name"],
                original_post=rng.choice(("科员", "副科长", "股长")),
                post=rng.choice(posts),
                start=start,
                term_months=months,
                end=end,
                status=status,
                ended_on=ended_on,
                end_reason=reason,
            )
        )
    Secondment.objects.bulk_create(secondments, batch_size=BATCH)

    by_township: dict[str, list[Talent]] = defaultdict(list)
    for row in rows:
        if row.pool in (TalentPool.RESERVE, TalentPool.GRADUATE) and row.status == TalentStatus.ACTIVE:
            by_township[row.org_path[: len(townships[0].path)] if townships else ""].append(row)
    pairs: list[tuple[MentoringPair, list[Talent]]] = []
    for township in townships:
        candidates = by_township.get(township.path, [])
        rng.shuffle(candidates)
        for _ in range(rng.randint(1, 2)):
            group, candidates = candidates[: rng.randint(2, 4)], candidates[4:]
            if not group:
                break
            start = max(max(t.entry_date for t in group), today - dt.timedelta(days=rng.randint(60, 400)))
            host = next((v for v in villages if v.pk == group[0].org_id), township) if rng.random() < 0.5 else township
            if host.pk != township.pk:
                group = [t for t in group if t.org_id == host.pk] or group[:1]
            mentor_male = rng.random() < 0.8
            pairs.append(
                (
                    MentoringPair(
                        county_id=county.pk,
                        org=host,
                        org_path=host.path,
                        mentor_name=person_name(rng, male=mentor_male, birth_year=today.year - rng.randint(45, 60)),
                        mentor_post=rng.choice(MENTOR_POSTS),
                        start=start,
                        end=rules.add_months_clamped(start, 12),
                        goals=rng.choice(GOALS),
                    ),
                    group,
                )
            )
    MentoringPair.objects.bulk_create([pair for pair, _ in pairs], batch_size=BATCH)
    mentees = [
        MentoringMentee(county_id=county.pk, org_path=t.org_path, pair=pair, talent=t, joined_on=pair.start)
        for pair, group in pairs
        for t in group
    ]
    MentoringMentee.objects.bulk_create(mentees, batch_size=BATCH)
    notes = [
        MentoringNote(
            county_id=county.pk,
            org_path=pair.org_path,
            pair=pair,
            noted_on=min(today, pair.start + dt.timedelta(days=30 * (index + 1))),
            content=NOTES[index % len(NOTES)],
        )
        for pair, _ in pairs
        for index in range(rng.randint(1, 3))
    ]
    MentoringNote.objects.bulk_create(notes, batch_size=BATCH)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={
            "demo": "talent",
            "talents": len(rows),
            "reserve": sum(1 for r in rows if r.pool == TalentPool.RESERVE),
            "teams": len(teams),
            "secondments": len(secondments),
            "pairs": len(pairs),
            "mentees": len(mentees),
        },
    )
