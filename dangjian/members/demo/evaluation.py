"""Demo 民主评议: last year's evaluation in every branch, decided (or still open early in the year), with ballots,
grades within the ORG-08 quota and the follow-up of the few members graded 不合格."""

from __future__ import annotations

import datetime as dt
import random

from dangjian.core import audit
from dangjian.core.choices import BRANCH_KINDS, AuditAction, MemberStatus
from dangjian.core.models import Org, Person
from dangjian.members import rules
from dangjian.members.choices import CampaignStatus, FollowupMeasure, FollowupStatus, Grade
from dangjian.members.models import EvaluationCampaign, EvaluationEntry, EvaluationFollowup
from dangjian.members.selectors.standing import counted_on

SELF_ASSESSMENTS = (
    "本年度能够按时参加组织生活,认真学习党的理论,按时足额交纳党费,在村务工作中发挥了党员作用。",
    "坚持学习,积极参加主题党日和志愿服务,不足之处是理论学习还不够系统,今后加强。",
    "能够遵守党的纪律,带头参与乡村振兴和人居环境整治,联系群众还不够经常。",
    "立足岗位做好本职工作,参加党员先锋岗活动,今后要在带领群众致富上多下功夫。",
)

# Share of the 优秀 votes a member of each grade tends to receive (the ballots make the grades plausible).
EXCELLENT_VOTES = {Grade.EXCELLENT: 0.6, Grade.QUALIFIED: 0.15, Grade.BASIC: 0.05, Grade.UNQUALIFIED: 0.0}


def _branch_of(org_path: str, branches: dict[str, Org]) -> Org | None:
    """The branch a member belongs to: their org, or the branch above their 党小组."""
    for end in range(len(org_path), 0, -Org.steplen):
        branch = branches.get(org_path[:end])
        if branch is not None:
            return branch
    return None


def _grades(count: int, rng: random.Random) -> list[str]:
    """Mostly 合格; about a fifth 优秀 (never above a third), a few 基本合格, rarely one 不合格."""
    excellent = min(rules.excellent_quota(count), round(count * rng.uniform(0.12, 0.28)))
    basic = sum(rng.random() < 0.03 for _ in range(count))
    unqualified = 1 if count >= 8 and rng.random() < 0.08 else 0
    grades = [Grade.EXCELLENT] * excellent + [Grade.BASIC] * basic + [Grade.UNQUALIFIED] * unqualified
    grades = grades[:count] + [Grade.QUALIFIED] * max(0, count - len(grades))
    rng.shuffle(grades)
    return grades


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    """Add last year's campaigns to an existing demo county (set-based; deterministic for the same rng and today)."""
    year = today.year - 1
    started_on = dt.date(today.year, 1, 10) if today >= dt.date(today.year, 1, 24) else dt.date(year, 12, 10)
    branches = {org.path: org for org in Org.objects.filter(county=county, kind__in=BRANCH_KINDS, is_dissolved=False)}
    roll: dict[int, list[tuple[int, bool]]] = {}
    people = counted_on(Person.objects.filter(county=county), started_on).order_by("org_path", "id")
    for person_id, org_path, status, confirmed_on in people.values_list("id", "org_path", "status", "confirmed_on"):
        branch = _branch_of(org_path, branches)
        if branch is None:
            continue
        probationary = status == MemberStatus.PROBATIONARY or (confirmed_on is not None and confirmed_on > started_on)
        roll.setdefault(branch.pk, []).append((person_id, probationary))

    by_id = {org.pk: org for org in branches.values()}
    campaigns = []
    for branch_id in sorted(roll):
        branch = by_id[branch_id]
        decided_on = started_on + dt.timedelta(days=rng.randint(14, 40))
        decided = decided_on <= today and rng.random() < 0.95
        campaigns.append(
            EvaluationCampaign(
                county_id=county.pk,
                org=branch,
                org_path=branch.path,
                year=year,
                started_on=started_on,
                decided_on=decided_on if decided else None,
                status=CampaignStatus.DECIDED if decided else CampaignStatus.OPEN,
            )
        )
    EvaluationCampaign.objects.bulk_create(campaigns, batch_size=2000)

    entries = []
    for campaign in campaigns:
        members = roll[campaign.org_id]
        formal = [pk for pk, probationary in members if not probationary]
        grades = dict(zip(formal, _grades(len(formal), rng), strict=True)) if campaign.decided_on else {}
        voters = len(members)
        for person_id, probationary in members:
            grade = grades.get(person_id, "")
            share = EXCELLENT_VOTES.get(grade, 0.2)
            excellent = min(voters, round(voters * share * rng.uniform(0.8, 1.2)))
            unqualified = min(voters - excellent, round(voters * 0.4) if grade == Grade.UNQUALIFIED else 0)
            basic = min(voters - excellent - unqualified, 1 if rng.random() < 0.3 else 0)
            public = rng.randint(15, 40)
            entries.append(
                EvaluationEntry(
                    county_id=county.pk,
                    org_path=campaign.org_path,
                    campaign=campaign,
                    person_id=person_id,
                    probationary=probationary,
                    self_assessment=rng.choice(SELF_ASSESSMENTS) if rng.random() < 0.9 else "",
                    mutual_excellent=excellent,
                    mutual_qualified=voters - excellent - unqualified - basic,
                    mutual_basic=basic,
                    mutual_unqualified=unqualified,
                    public_excellent=round(public * share),
                    public_qualified=public - round(public * share),
                    grade=grade,
                )
            )
    EvaluationEntry.objects.bulk_create(entries, batch_size=5000)

    followups = []
    decided_on = {campaign.pk: campaign.decided_on for campaign in campaigns}
    for entry in entries:
        if entry.grade != Grade.UNQUALIFIED:
            continue
        decided = decided_on[entry.campaign_id] + dt.timedelta(days=rng.randint(3, 10))
        deadline = rules.add_months(decided, 6)
        closed = deadline < today and rng.random() < 0.7
        followups.append(
            EvaluationFollowup(
                county_id=county.pk,
                org_path=entry.org_path,
                entry=entry,
                measure=FollowupMeasure.CORRECT,
                decided_on=decided,
                deadline=deadline,
                status=FollowupStatus.DONE if closed else FollowupStatus.OPEN,
                closed_on=deadline - dt.timedelta(days=rng.randint(0, 20)) if closed else None,
                outcome="经教育帮助,已按期改正" if closed else "",
            )
        )
    EvaluationFollowup.objects.bulk_create(followups)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={"demo": "evaluation", "campaigns": len(campaigns), "entries": len(entries), "followups": len(followups)},
    )
