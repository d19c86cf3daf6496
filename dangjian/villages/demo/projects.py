"""Demo 项目化管理: the county's "五步走" procedure (村级申报 → 乡镇初审 → 部门论证 → 县级审定 → 公示立项), one or two
projects per village over last year and this year in every status (mostly economic and infrastructure, so that the
figures read like seed 003's), their approval steps, milestones, spending and results, and one on-site review per
township per year with scores. Set-based; deterministic from the rng."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from dangjian.core import audit
from dangjian.core.choices import AuditAction, OrgLevel
from dangjian.core.models import Org
from dangjian.core.scoping import ancestor_paths
from dangjian.villages.choices import StepState
from dangjian.villages.models import (
    ApprovalProcedure,
    ProcedureStep,
    Project,
    ProjectMilestone,
    ProjectResult,
    ProjectReview,
    ProjectSpending,
    ProjectStep,
    ReviewScore,
)
from dangjian.villages.selectors.common import villages_of

FIVE_STEPS = (
    ("村级申报", "branch_secretary", False),
    ("乡镇初审", "township_admin", False),
    ("部门论证", "county_admin", True),
    ("县级审定", "county_admin", False),
    ("公示立项", "township_admin", False),
)
TITLES = {
    "economic": (
        ("村集体光伏发电项目", 20, 80),
        ("特色种植基地建设", 10, 60),
        ("农产品冷链仓储建设", 20, 70),
        ("村集体标准化厂房建设", 30, 90),
        ("乡村旅游民宿改造", 15, 50),
        ("土地流转规模经营", 5, 30),
        ("水产养殖基地建设", 10, 40),
    ),
    "infrastructure": (
        ("村组道路硬化", 10, 40),
        ("农田水利沟渠改造", 8, 35),
        ("安全饮水工程", 10, 30),
        ("小型水利挖塘清淤", 5, 20),
    ),
    "party_building": (("村级党群服务中心提升", 5, 20), ("村史馆建设", 3, 12)),
    "public_service": (("幸福院建设", 5, 25), ("村卫生室改造", 3, 10)),
}
CATEGORY_WEIGHTS = (("economic", 60), ("infrastructure", 30), ("party_building", 6), ("public_service", 4))
FUNDING = ("财政扶持资金、村集体自筹", "结对帮扶单位资金", "产业发展基金、群众筹资", "整合涉农项目资金")
LAST_YEAR = (("completed", 70), ("ongoing", 22), ("terminated", 3), ("rejected", 5))
THIS_YEAR = (
    ("draft", 8),
    ("pending", 20),
    ("approved", 15),
    ("ongoing", 40),
    ("completed", 10),
    ("rejected", 5),
    ("terminated", 2),
)
SET_UP = {"approved", "ongoing", "completed"}


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    """Add the procedure, projects and reviews to an existing demo county (set-based; deterministic)."""
    procedure = ApprovalProcedure.objects.create(
        county_id=county.pk,
        org=county,
        org_path=county.path,
        name="五步走",
        description="村级申报、乡镇初审、部门论证、县级审定、公示立项,确保所定项目既符合实际又能促进发展",
        default_for="economic",
    )
    ProcedureStep.objects.bulk_create(
        ProcedureStep(procedure=procedure, order=n, name=name, approver_role=role, needs_material=material)
        for n, (name, role, material) in enumerate(FIVE_STEPS, start=1)
    )
    townships = {o.path: o for o in Org.objects.filter(county=county, level=OrgLevel.TOWNSHIP)}
    villages = list(villages_of(county.pk).only("id", "path", "county_id", "name"))
    projects: list[Project] = []
    for village in villages:
        for year in (today.year - 1, today.year):
            if rng.random() > 0.67:
                continue
            category = _pick(rng, CATEGORY_WEIGHTS)
            title, low, high = rng.choice(TITLES[category])
            status = _pick(rng, LAST_YEAR if year < today.year else THIS_YEAR)
            if year < today.year:
                starts_on = dt.date(year, rng.randint(3, 9), rng.randint(1, 28))
            elif status in ("ongoing", "completed", "terminated"):
                starts_on = max(dt.date(year, 1, 1), today - dt.timedelta(days=rng.randint(20, 200)))
            else:
                starts_on = min(dt.date(year, 12, 1), today + dt.timedelta(days=rng.randint(10, 90)))
            ends_on = starts_on + dt.timedelta(days=rng.randint(90, 300))
            completed_on = None
            if status == "completed":
                completed_on = min(today, starts_on + dt.timedelta(days=rng.randint(60, 280)))
            budget = Decimal(rng.randint(low * 10, high * 10) * 1000)
            project = Project(
                county_id=county.pk,
                org_id=village.pk,
                org_path=village.path,
                title=f"{village.name.replace('党支部', '').replace('党总支', '')[-6:]}{title}",
                category=category,
                description=f"因村制宜谋划项目,{title},发展壮大村级集体经济。",
                procedure=procedure,
                budget=budget,
                funding_sources=rng.choice(FUNDING),
                starts_on=starts_on,
                ends_on=ends_on,
                year=starts_on.year,
                status=status,
                round=0 if status == "draft" else 1,
                submitted_at=None if status == "draft" else _at(starts_on - dt.timedelta(days=rng.randint(40, 70))),
                approved_on=starts_on - dt.timedelta(days=rng.randint(5, 20)) if status in SET_UP else None,
                completed_on=completed_on,
                closing_note="资金未落实,暂缓实施" if status == "terminated" else "",
            )
            projects.append(project)
    # pending projects wait at a step; rejected ones stopped at one
    stops: dict[int, int] = {}
    for index, project in enumerate(projects):
        if project.status == "pending":
            stops[index] = rng.randint(1, 5)
            project.current_step = stops[index]
        elif project.status == "rejected":
            stops[index] = rng.randint(2, 4)
            project.closing_note = f"{FIVE_STEPS[stops[index] - 1][0]}驳回:请补充可行性论证材料"
    Project.objects.bulk_create(projects, batch_size=5000)

    town_of = {p.pk: next((townships[a] for a in ancestor_paths(p.org_path) if a in townships), None) for p in projects}
    steps, milestones, spending, results = [], [], [], []
    for index, project in enumerate(projects):
        if project.status != "draft":
            submitted = timezone.localdate(project.submitted_at)
            stop = stops.get(index)
            for order, (name, role, material) in enumerate(FIVE_STEPS, start=1):
                if stop is None or order < stop:
                    state = StepState.APPROVED
                elif order == stop:
                    state = StepState.WAITING if project.status == "pending" else StepState.REJECTED
                else:
                    state = StepState.WAITING if project.status == "pending" else StepState.CANCELLED
                decided = state in (StepState.APPROVED, StepState.REJECTED)
                decider = {"branch_secretary": project.org_id, "county_admin": county.pk}.get(role)
                if role == "township_admin":
                    town = town_of.get(project.pk)
                    decider = town.pk if town else county.pk
                steps.append(
                    ProjectStep(
                        county_id=county.pk,
                        org_path=project.org_path,
                        project=project,
                        round=1,
                        order=order,
                        name=name,
                        approver_role=role,
                        needs_material=material,
                        state=state,
                        decider_org_id=decider if decided else None,
                        decided_at=_at(min(today, submitted + dt.timedelta(days=order * 4)), 9 + order)
                        if decided
                        else None,
                        opinion=("同意" if state == StepState.APPROVED else "请补充可行性论证材料") if decided else "",
                        material=f"villages/projects/demo/论证意见-{project.pk}.pdf" if decided and material else "",
                    )
                )
        if project.status not in SET_UP and project.status != "terminated":
            continue
        span = (project.ends_on - project.starts_on).days
        for share, title in ((0.1, "开工建设"), (0.6, "主体工程完工"), (1.0, "竣工验收")):
            due = project.starts_on + dt.timedelta(days=int(span * share))
            done = None
            if project.status == "completed":
                done = min(project.completed_on or today, due + dt.timedelta(days=rng.randint(-10, 10)))
            elif project.status == "ongoing" and due < today and rng.random() < 0.85:
                done = min(today, due + dt.timedelta(days=rng.randint(-5, 15)))
            milestones.append(
                ProjectMilestone(
                    county_id=county.pk,
                    org_path=project.org_path,
                    project=project,
                    title=title,
                    due_on=due,
                    done_on=done,
                )
            )
        if project.status == "approved":
            continue
        share = {"completed": rng.uniform(0.9, 1.04), "ongoing": rng.uniform(0.2, 0.8)}.get(
            project.status, rng.uniform(0, 0.2)
        )
        total = (project.budget * Decimal(str(round(share, 3)))).quantize(Decimal("1"))
        parts = rng.randint(1, 4)
        last = min(today, project.completed_on or today)
        for n in range(parts):
            amount = (total / parts).quantize(Decimal("0.01"))
            if amount <= 0:
                break
            day = project.starts_on + dt.timedelta(days=int(max(0, (last - project.starts_on).days) * (n + 1) / parts))
            spending.append(
                ProjectSpending(
                    county_id=county.pk,
                    org_path=project.org_path,
                    project=project,
                    spent_on=min(day, today),
                    amount=amount,
                    purpose=("工程款", "材料采购", "设备购置", "劳务费用")[n],
                )
            )
        if project.status == "completed":
            results.append(
                ProjectResult(
                    county_id=county.pk,
                    org_path=project.org_path,
                    project=project,
                    recorded_on=project.completed_on or today,
                    summary="项目建成投用,村集体经济收入稳定增加",
                    jobs_created=rng.randint(0, 30),
                    income_added=Decimal(rng.randint(10, 150) * 1000),
                    households_benefited=rng.randint(20, 300),
                )
            )
    ProjectStep.objects.bulk_create(steps, batch_size=5000)
    ProjectMilestone.objects.bulk_create(milestones, batch_size=5000)
    ProjectSpending.objects.bulk_create(spending, batch_size=5000)
    ProjectResult.objects.bulk_create(results, batch_size=5000)

    reviews, scores = [], []
    for path, town in sorted(townships.items()):
        for year in (today.year - 1, today.year):
            held_on = (
                dt.date(year, 11, rng.randint(10, 25))
                if year < today.year
                else today - dt.timedelta(days=rng.randint(1, 20))
            )
            review = ProjectReview(
                county_id=county.pk,
                org=town,
                org_path=town.path,
                title=f"{year}年{town.name.replace('党委', '').replace('党工委', '')}基层党建项目观摩讲评",
                held_on=held_on,
                place=f"{town.name.replace('党委', '').replace('党工委', '')}党群服务中心",
                reviewers="乡镇党委书记、组织委员、各村党组织书记",
            )
            reviews.append(review)
            for project in projects:
                if project.org_path.startswith(path) and project.year == year and project.status in SET_UP:
                    scores.append((review, project, Decimal(rng.randint(700, 980)) / 10))
    ProjectReview.objects.bulk_create(reviews, batch_size=5000)
    ReviewScore.objects.bulk_create(
        (
            ReviewScore(
                county_id=county.pk,
                org_path=project.org_path,
                review_path=review.org_path,
                review=review,
                project=project,
                score=score,
                comment=rng.choice(("特色鲜明,带动作用明显", "进度较快,资料规范", "需加快建设进度", "群众参与度高")),
            )
            for review, project, score in scores
        ),
        batch_size=5000,
    )
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={
            "demo": "projects",
            "projects": len(projects),
            "steps": len(steps),
            "milestones": len(milestones),
            "spending": len(spending),
            "reviews": len(reviews),
            "scores": len(scores),
        },
    )
