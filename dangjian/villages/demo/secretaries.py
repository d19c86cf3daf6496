"""Demo 第一书记 and 驻村工作队: a 第一书记 in about a quarter of the villages (sent by county departments), a team of
three in some of them, daily sign-ins over the last three months (most at or above the county's 20 days, some
below), quarterly work reports (most passed, some waiting, a few returned), a few leaves, and a few replaced 第一书记
(mostly for not living in the village, as in seed 002) with their successors. Set-based; deterministic."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from dangjian.core import audit
from dangjian.core.choices import AuditAction, Gender
from dangjian.core.demo.names import mobile, person_name
from dangjian.core.models import Org
from dangjian.villages import rules
from dangjian.villages.choices import (
    LeaveStatus,
    PostingEndReason,
    PostingRole,
    PostingStatus,
    ReportCycle,
    ReportStatus,
)
from dangjian.villages.models import Posting, PostingLeave, PostingReport, PostingSignIn, WorkTeam
from dangjian.villages.selectors.common import villages_of

SHARE = 0.25
TEAM_SHARE = 0.3
MONTHS = 3
UNITS = (
    ("县委办公室", "综合科科长"),
    ("县纪委监委", "第三纪检监察室副主任"),
    ("县委组织部", "组织科副科长"),
    ("县委宣传部", "宣传科科员"),
    ("县财政局", "预算股股长"),
    ("县发展和改革委员会", "经济股副股长"),
    ("县农业农村局", "农技站站长"),
    ("县自然资源局", "规划股股长"),
    ("县交通运输局", "公路站副站长"),
    ("县卫生健康委员会", "医政股科员"),
    ("县教育局", "督导室主任"),
    ("县住房和城乡建设局", "村镇股股长"),
    ("县人民法院", "审判员"),
    ("县公安局", "派出所副所长"),
    ("县供电公司", "营销部副主任"),
    ("县农商银行", "信贷部经理"),
)
PLACES = ("村委会", "村党群服务中心", "农户家中", "田间地头", "村小学", "合作社", "")
WORK = (
    "走访农户{n}户,召开村“两委”会议{m}次,帮助理清村集体经济发展思路",
    "带领党员开展主题党日活动,协调解决群众反映的饮水、道路问题{m}件",
    "对接派出单位争取帮扶资金,推进村级活动场所改造和人居环境整治",
    "入户宣讲惠农政策{n}户次,调解矛盾纠纷{m}起,规范“四议两公开”程序",
)
ACHIEVEMENTS = (
    "引进特色种植项目1个,带动{m}户增收",
    "争取帮扶资金{n}万元,硬化道路{m}公里",
    "发展入党积极分子{m}名,村党支部战斗力明显增强",
    "帮助{m}户困难群众落实低保、医保政策",
)
PROBLEMS = ("村集体经济基础薄弱,增收渠道单一", "青壮年外出务工多,党员队伍老化", "", "部分基础设施项目进度偏慢")
NOTES = {
    PostingEndReason.NOT_RESIDENT: "经乡镇党委核查,不能坚持吃住在村",
    PostingEndReason.UNDERPERFORMING: "工作不在状态,群众反映较多",
}
LEAVE_REASONS = ("参加县委组织部集中培训", "家中老人住院陪护", "回派出单位汇报工作", "病假")


def _person(rng: random.Random, today: dt.date) -> dict:
    male = rng.random() < 0.8
    birth_year = today.year - rng.randint(28, 52)
    return {
        "name": person_name(rng, male=male, birth_year=birth_year),
        "gender": Gender.MALE if male else Gender.FEMALE,
        "birth_date": dt.date(birth_year, rng.randint(1, 12), rng.randint(1, 28)),
        "phone": mobile(rng),
    }


def _posting(
    county: Org, org: Org, role: str, started: dt.date, rng: random.Random, today: dt.date, **extra
) -> Posting:
    unit, post = rng.choice(UNITS)
    return Posting(
        county_id=county.pk,
        org=org,
        org_path=org.path,
        role=role,
        sending_unit=unit,
        sending_post=post,
        started_on=started,
        planned_end_on=rules.posting_planned_end(started),
        **_person(rng, today) | extra,
    )


def _signin_days(rng: random.Random, first: dt.date, last: dt.date, want: int) -> list[dt.date]:
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    return sorted(rng.sample(days, min(want, len(days))))


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    """Add postings, sign-ins, leaves and reports to an existing demo county (set-based; deterministic)."""
    villages = list(villages_of(county.pk))
    chosen = [org for org in villages if rng.random() < SHARE]
    postings: list[Posting] = []
    teams: list[WorkTeam] = []
    replaced: list[tuple[Posting, Posting]] = []
    for org in chosen:
        started = today - dt.timedelta(days=rng.randint(120, 700))
        if rng.random() < 0.08:
            # a replaced 第一书记: recalled (mostly for not living in the village) and succeeded the same day
            ended = today - dt.timedelta(days=rng.randint(100, 300))
            old_start = ended - dt.timedelta(days=rng.randint(120, 500))
            reason = PostingEndReason.NOT_RESIDENT if rng.random() < 0.8 else PostingEndReason.UNDERPERFORMING
            old = _posting(county, org, PostingRole.FIRST_SECRETARY, old_start, rng, today)
            old.status, old.ended_on, old.end_reason = PostingStatus.RECALLED, ended, reason
            old.end_note = (
                "经乡镇党委核查,不能坚持吃住在村"
                if reason == PostingEndReason.NOT_RESIDENT
                else "工作不在状态,群众反映较多"
            )
            postings.append(old)
            started = ended
            new = _posting(county, org, PostingRole.FIRST_SECRETARY, started, rng, today)
            replaced.append((old, new))
            postings.append(new)
        else:
            postings.append(_posting(county, org, PostingRole.FIRST_SECRETARY, started, rng, today))
        if rng.random() < TEAM_SHARE:
            short = org.name.removesuffix("党支部").removesuffix("党总支")
            unit = postings[-1].sending_unit
            teams.append(
                WorkTeam(
                    county_id=county.pk,
                    org=org,
                    org_path=org.path,
                    name=f"{short}驻村工作队",
                    sending_unit=unit,
                    formed_on=started,
                )
            )
    WorkTeam.objects.bulk_create(teams, batch_size=5000)
    for team in teams:
        postings.append(_posting(county, team.org, PostingRole.TEAM_LEADER, team.formed_on, rng, today, team=team))
        for _ in range(2):
            postings.append(_posting(county, team.org, PostingRole.TEAM_MEMBER, team.formed_on, rng, today, team=team))
    Posting.objects.bulk_create(postings, batch_size=5000)
    for old, new in replaced:
        new.predecessor = old
    Posting.objects.bulk_update([new for _, new in replaced], ["predecessor"], batch_size=5000)

    first_month = rules.presence_month(today)
    months = []
    cursor = first_month
    for _ in range(MONTHS):
        months.append(cursor)
        cursor = rules.presence_month(cursor - dt.timedelta(days=1))
    signins: list[PostingSignIn] = []
    leaves: list[PostingLeave] = []
    reports: list[PostingReport] = []
    tz = timezone.get_current_timezone()
    for posting in postings:
        if posting.status != PostingStatus.ACTIVE:
            continue
        slack = rng.random() < 0.12  # a few who do not live in the village enough
        for month in months:
            first = max(month, posting.started_on)
            last = min(rules.presence_month_end(month), today)
            if first > last:
                continue
            required, available = rules.presence_required_days(20, month, posting.started_on, None)
            span = (last - first).days + 1
            if month == first_month:  # this month so far
                want = round(span * rng.uniform(0.55, 0.9)) if not slack else round(span * 0.3)
            else:
                want = (
                    rng.randint(max(required - 12, 0), max(required - 1, 0))
                    if slack
                    else rng.randint(required, min(required + 6, available))
                )
            for day in _signin_days(rng, first, last, want):
                moment = dt.datetime.combine(day, dt.time(rng.randint(7, 10), rng.randint(0, 59)), tzinfo=tz)
                signins.append(
                    PostingSignIn(
                        county_id=county.pk,
                        org_path=posting.org_path,
                        posting=posting,
                        day=day,
                        signed_at=moment,
                        place=rng.choice(PLACES),
                    )
                )
        if rng.random() < 0.1:
            start = today - dt.timedelta(days=rng.randint(5, 60))
            if start >= posting.started_on:
                leaves.append(
                    PostingLeave(
                        county_id=county.pk,
                        org_path=posting.org_path,
                        posting=posting,
                        starts_on=start,
                        ends_on=start + dt.timedelta(days=rng.randint(0, 3)),
                        reason=rng.choice(LEAVE_REASONS),
                        status=LeaveStatus.APPROVED,
                        decided_on=start - dt.timedelta(days=1),
                    )
                )
        # the last two quarters' reports: the previous one reviewed, the current one (if any) awaiting review
        current = rules.report_period_start("quarter", today)
        previous = rules.report_period_start("quarter", current - dt.timedelta(days=1))
        for period in (previous, current):
            if period < rules.report_period_start("quarter", posting.started_on):
                continue
            waiting = period == current
            if waiting and rng.random() < 0.5:
                continue
            status = ReportStatus.SUBMITTED
            if not waiting:
                status = ReportStatus.RETURNED if rng.random() < 0.08 else ReportStatus.APPROVED
            n, m = rng.randint(30, 200), rng.randint(2, 12)
            reports.append(
                PostingReport(
                    county_id=county.pk,
                    org_path=posting.org_path,
                    posting=posting,
                    cycle=ReportCycle.QUARTER,
                    period=period,
                    content=rng.choice(WORK).format(n=n, m=m),
                    achievements=rng.choice(ACHIEVEMENTS).format(n=rng.randint(5, 80), m=m),
                    problems=rng.choice(PROBLEMS),
                    status=status,
                    review_note="请补充具体实绩数据" if status == ReportStatus.RETURNED else "",
                    score=rng.randint(78, 98) if status == ReportStatus.APPROVED else None,
                    submitted_on=min(today, period + dt.timedelta(days=rng.randint(80, 95))),
                    reviewed_on=None if waiting else min(today, period + dt.timedelta(days=100)),
                )
            )
    PostingSignIn.objects.bulk_create(signins, batch_size=5000)
    PostingLeave.objects.bulk_create(leaves, batch_size=5000)
    PostingReport.objects.bulk_create(reports, batch_size=5000)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={
            "demo": "secretaries",
            "postings": len(postings),
            "teams": len(teams),
            "replaced": len(replaced),
            "signins": len(signins),
            "leaves": len(leaves),
            "reports": len(reports),
        },
    )
