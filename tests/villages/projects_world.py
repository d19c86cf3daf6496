"""项目化管理 data for tests: the county's procedure, and in every branch (a1, a2, b1) a project set up and under way
with its approval steps, a milestone, a spending entry and a result; each township reviews and scores its projects.
Shared by the project tests and the API scope walk."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dangjian.core import clock
from dangjian.villages.models import (
    ApprovalProcedure,
    Project,
    ProjectMilestone,
    ProjectResult,
    ProjectSpending,
    ProjectStep,
    ReviewScore,
)
from dangjian.villages.services import projects as services

STEPS = [
    {"name": "村级申报", "approver_role": "branch_secretary"},
    {"name": "乡镇初审", "approver_role": "township_admin"},
    {"name": "县级审定", "approver_role": "county_admin"},
]
PLACES = {"a1": "李庄村", "a2": "王庄村", "b1": "和平社区"}


def make_procedure(tree, name: str = "三步审批", steps=None, **extra) -> ApprovalProcedure:
    return services.procedure_create(actor=None, county=tree.county, name=name, steps=steps or STEPS, **extra)


def make_project(org, procedure=None, **overrides) -> Project:
    today = clock.today()
    values = {
        "actor": None,
        "org": org,
        "title": "村集体光伏发电项目",
        "category": "economic",
        "budget": Decimal("300000"),
        "starts_on": today - dt.timedelta(days=30),
        "ends_on": today + dt.timedelta(days=150),
        "funding_sources": "财政扶持资金、村集体自筹",
        "procedure": procedure,
    }
    return services.project_create(**values | overrides)


def approve_all(project: Project) -> Project:
    """Submit and pass every step (as the system)."""
    project = services.project_submit(actor=None, project=project)
    for step in services.round_steps(project):
        services.step_approve(actor=None, step=step, opinion="同意")
    project.refresh_from_db()
    return project


def projects_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    today = clock.today()
    procedure = make_procedure(tree)
    found: dict[str, tuple] = {}
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1)):
        project = approve_all(make_project(org, procedure, title=f"{PLACES[key]}村集体光伏发电项目"))
        project = services.project_start(actor=None, project=project)
        milestone = services.milestone_create(
            actor=None, project=project, title="光伏板安装完成", due_on=today + dt.timedelta(days=30)
        )
        spending = services.spending_create(
            actor=None, project=project, spent_on=today, amount=Decimal("120000"), purpose="采购光伏组件"
        )
        result = services.result_create(
            actor=None, project=project, summary="年发电收益预计8万元", jobs_created=3, income_added=Decimal("80000")
        )
        found[key] = (project, milestone, spending, result)
    scores = {}
    for town, keys in ((tree.town_a, ("a1", "a2")), (tree.town_b, ("b1",))):
        review = services.review_create(
            actor=None, org=town, title=f"{town.name}基层党建项目观摩", held_on=today, place="镇党群服务中心"
        )
        for number, key in enumerate(keys):
            scores[key] = services.review_score(
                actor=None, review=review, project=found[key][0], score=Decimal(90 - number), comment="成效明显"
            )
    project, milestone, spending, result = found["a1"]
    return {
        Project: [project],
        ProjectStep: list(ProjectStep.objects.filter(project=project)),
        ProjectMilestone: [milestone],
        ProjectSpending: [spending],
        ProjectResult: [result],
        ReviewScore: [scores["a1"]],
    }
