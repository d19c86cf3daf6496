"""The demo builder of 项目化管理 on a small county: the "五步走" procedure, projects whose steps, milestones and
spending obey the rules, reviews per township, and figures that read like seed 003's."""

import datetime as dt
import random

import pytest

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.villages import rules
from dangjian.villages.choices import ProjectStatus, StepState
from dangjian.villages.demo import projects
from dangjian.villages.models import ApprovalProcedure, Project, ProjectReview, ProjectStep, ReviewScore
from dangjian.villages.selectors import projects as selectors
from tests.core.factories import make_org

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


def test_project_demo(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    for number in range(10, 30):
        make_org(tree.town_a, f"V{number:03d}", f"东城镇第{number}村党支部")
    projects.build(tree.county, today=TODAY, rng=random.Random(7))
    procedure = ApprovalProcedure.objects.get()
    assert procedure.name == "五步走" and procedure.steps.count() == 5
    rows = list(Project.objects.all())
    assert 15 <= len(rows) <= 60
    assert {p.org.domain for p in rows} == {"rural"}
    for project in rows:
        assert project.starts_on <= project.ends_on and project.year == project.starts_on.year
        states = list(ProjectStep.objects.filter(project=project).order_by("order").values_list("state", flat=True))
        if project.status == ProjectStatus.DRAFT:
            assert not states
        elif project.status == ProjectStatus.PENDING:
            assert rules.next_step(states) == project.current_step - 1
        elif project.status in rules.SET_UP_STATUSES:
            assert states == [StepState.APPROVED] * 5
        elif project.status == ProjectStatus.REJECTED:
            assert StepState.REJECTED in states and rules.next_step(states) is None
        if project.completed_on:
            assert project.starts_on <= project.completed_on <= TODAY
    assert ProjectReview.objects.count() == 4  # two townships, two years
    assert all(
        s.project.org_path.startswith(s.review.org_path)
        for s in ReviewScore.objects.select_related("review", "project")
    )
    figures = selectors.project_figures(tree.accounts["county"], org=None, first=2025, last=2026)
    assert figures.count > 0 and figures.sentence.startswith("2025—2026年,共兴办项目")
    assert figures.categories[1].count > 0  # economic projects lead
    summary = AuditEntry.objects.get(action=AuditAction.CREATE, after__demo="projects")
    assert summary.after["projects"] == len(rows)
