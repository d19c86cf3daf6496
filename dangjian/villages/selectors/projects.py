"""Reads of 项目化管理: projects (scoped, filtered, with their spending), the county's procedures (published down the
tree), the steps waiting for an account, reviews with their ranking, and the figures for any scope and period
(seed 003: "共兴办项目482个,投入资金12530万元,其中,经济发展类项目322个…")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import Count, DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from dangjian.core import clock
from dangjian.core.choices import Role
from dangjian.core.filters import subtree_filter
from dangjian.core.models import Org
from dangjian.core.reminders import Reminder
from dangjian.core.scoping import get_scoped_or_404, published_to, scoped, subtree
from dangjian.members.selectors.evaluation import YearFilter
from dangjian.orglife.rules import ratio_text
from dangjian.villages import rules
from dangjian.villages.choices import ProjectCategory, ProjectStatus, StepState
from dangjian.villages.models import (
    ApprovalProcedure,
    Project,
    ProjectMilestone,
    ProjectReview,
    ProjectSpending,
    ProjectStep,
    ReviewScore,
)
from dangjian.villages.selectors.common import panel_link

MONEY = DecimalField(max_digits=14, decimal_places=2)


class ProjectFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="项目单位代码(含全部下级)")
    status = django_filters.ChoiceFilter(choices=ProjectStatus.choices, label="状态")
    category = django_filters.ChoiceFilter(choices=ProjectCategory.choices, label="项目类别")
    year = YearFilter(field_name="year", label="项目年度")
    search = django_filters.CharFilter(method="filter_search", label="项目名称或资金来源")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="有逾期节点")

    class Meta:
        model = Project
        fields = ["org", "status", "category", "year", "search", "overdue"]

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        late = ProjectMilestone.objects.filter(done_on__isnull=True, due_on__lt=clock.today()).values("project_id")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(title__contains=value) | Q(funding_sources__contains=value)) if value else queryset


class ReviewFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="组织单位代码(含全部下级)")
    year = YearFilter(field_name="held_on__year", label="年度")
    search = django_filters.CharFilter(field_name="title", lookup_expr="contains", label="名称")

    class Meta:
        model = ProjectReview
        fields = ["org", "year", "search"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


def with_spent(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Each project's spending total (`spent`), as a subquery so that other joins do not multiply it."""
    total = (
        ProjectSpending.objects.filter(project=OuterRef("pk"))
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return projects.annotate(
        spent=Coalesce(Subquery(total, output_field=MONEY), Value(Decimal("0.00")), output_field=MONEY)
    )


def project_list(user: Any, params: Mapping[str, Any]) -> tuple[ProjectFilter, QuerySet[Project]]:
    projects = with_spent(scoped(Project, user).select_related("org", "procedure"))
    filterset = ProjectFilter(params or None, queryset=projects)
    return filterset, filterset.qs.order_by("-year", "org_path", "-id")


def project_detail(user: Any, pk: Any) -> Project:
    return get_scoped_or_404(with_spent(Project.objects.select_related("org", "procedure")), user, pk=pk)


def project_steps(project: Project) -> list[ProjectStep]:
    """Every round's steps, the current round first, in order."""
    steps = ProjectStep.objects.filter(project=project).select_related("decided_by", "decider_org")
    return list(steps.order_by("-round", "order"))


def milestones_of(project: Project, today: dt.date) -> list[ProjectMilestone]:
    rows = list(ProjectMilestone.objects.filter(project=project).order_by("due_on", "id"))
    for row in rows:
        row.overdue = rules.milestone_overdue(row.due_on, row.done_on, today)
    return rows


def procedures_visible(user: Any) -> QuerySet[ApprovalProcedure]:
    """The county's procedures, as published to the user's subtree."""
    return published_to(ApprovalProcedure, user).prefetch_related("steps").order_by("-active", "name", "id")


def procedure_detail(user: Any, pk: Any) -> ApprovalProcedure:
    from dangjian.orglife.selectors.volunteers import visible_get

    return visible_get(procedures_visible(user).select_related("org"), pk)


def procedure_choices(user: Any) -> list[ApprovalProcedure]:
    return list(procedures_visible(user).filter(active=True))


# --- steps waiting ------------------------------------------------------------------------------------------


def waiting_steps(user: Any) -> QuerySet[ProjectStep]:
    """The steps now waiting for this account's decision: its role, a project in its scope, the project's current
    step; above the branch not the account's own org's projects."""
    role = getattr(user, "role", None)
    if role not in (Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN, Role.BRANCH_SECRETARY):
        return ProjectStep.objects.none()
    steps = scoped(ProjectStep, user).filter(
        state=StepState.WAITING,
        approver_role=role,
        project__status=ProjectStatus.PENDING,
        project__round=F("round"),
        project__current_step=F("order"),
    )
    if role != Role.BRANCH_SECRETARY:
        steps = steps.exclude(project__org_id=user.org_id)
    return steps.select_related("project__org").order_by("project__submitted_at", "id")


def overdue_milestones(user: Any, today: dt.date) -> QuerySet[ProjectMilestone]:
    return scoped(ProjectMilestone, user).filter(
        done_on__isnull=True,
        due_on__lt=today,
        project__status__in=[ProjectStatus.APPROVED, ProjectStatus.ONGOING],
    )


def reminders(user: Any, today: dt.date) -> list[Reminder]:
    url = reverse("villages:project_list")
    return [
        Reminder("项目审批:待我审批的步骤", waiting_steps(user).count(), reverse("villages:project_approvals")),
        Reminder("项目节点:逾期未完成", overdue_milestones(user, today).count(), url + "?overdue=true"),
    ]


# --- reviews ------------------------------------------------------------------------------------------------


def review_list(user: Any, params: Mapping[str, Any]) -> tuple[ReviewFilter, QuerySet[ProjectReview]]:
    """Reviews held in the user's subtree and by the orgs above it (a village sees the township's review)."""
    reviews = published_to(ProjectReview, user).select_related("org").annotate(projects=Count("scores"))
    filterset = ReviewFilter(params or None, queryset=reviews)
    return filterset, filterset.qs.order_by("-held_on", "-id")


def review_detail(user: Any, pk: Any) -> ProjectReview:
    from dangjian.orglife.selectors.volunteers import visible_get

    return visible_get(published_to(ProjectReview, user).select_related("org"), pk)


def ranked_scores(user: Any, review: ProjectReview) -> list[ReviewScore]:
    """The review's scores the user may see, best first, with their competition rank (`rank`) among all of the
    review's scores (a village sees its own rank among everyone's)."""
    every = list(ReviewScore.objects.filter(review=review).values_list("id", "score"))
    ranks = dict(zip([pk for pk, _ in every], rules.competition_ranks([s for _, s in every]), strict=True))
    rows = list(scoped(ReviewScore, user).filter(review=review).select_related("project__org"))
    for row in rows:
        row.rank = ranks[row.pk]
    return sorted(rows, key=lambda r: (r.rank, r.project.org_path, r.pk))


def scorable_projects(user: Any, review: ProjectReview) -> QuerySet[Project]:
    """Projects a review may score: set up, under the host, in the user's scope."""
    return (
        scoped(Project, user)
        .filter(status__in=rules.SET_UP_STATUSES, **subtree("org_path", review.org_path))
        .select_related("org")
        .order_by("org_path", "title")
    )


# --- figures ------------------------------------------------------------------------------------------------


@dataclass
class CategoryFigure:
    category: str
    label: str
    count: int = 0
    budget: Decimal = Decimal("0.00")
    spent: Decimal = Decimal("0.00")


@dataclass
class ProjectFigures:
    """Projects set up (已立项, 实施中, 已完成) in a scope and a span of project years; funds both as budgeted
    (投入资金, what the reports quote) and as actually spent."""

    org: Org | None
    first: int
    last: int
    count: int = 0
    budget: Decimal = Decimal("0.00")
    spent: Decimal = Decimal("0.00")
    completed: int = 0
    pending: int = 0
    terminated: int = 0
    jobs: int = 0
    income_added: Decimal = Decimal("0.00")
    households: int = 0
    categories: list[CategoryFigure] = field(default_factory=list)

    @property
    def completion(self) -> str:
        return ratio_text(self.completed, self.count)

    @property
    def budget_wan(self) -> str:
        return rules.funds_wan(self.budget)

    @property
    def spent_wan(self) -> str:
        return rules.funds_wan(self.spent)

    @property
    def sentence(self) -> str:
        parts = [(c.label, c.count, c.budget) for c in self.categories]
        return rules.projects_sentence(self.first, self.last, (self.count, self.budget), parts)


def project_figures(user: Any, *, org: Org | None, first: int, last: int) -> ProjectFigures:
    """The figures of the projects in the user's scope (under `org` when given) whose year lies in first..last."""
    projects = scoped(Project, user).filter(year__gte=first, year__lte=last)
    if org is not None:
        projects = projects.filter(**subtree("org_path", org.path))
    figures = ProjectFigures(org=org, first=first, last=last)
    by_status = dict(projects.values_list("status").annotate(n=Count("id")).order_by())
    figures.pending = by_status.get(ProjectStatus.PENDING, 0)
    figures.terminated = by_status.get(ProjectStatus.TERMINATED, 0)
    figures.completed = by_status.get(ProjectStatus.COMPLETED, 0)
    set_up = projects.filter(status__in=rules.SET_UP_STATUSES)
    rows = {
        row["category"]: row
        for row in set_up.values("category").annotate(n=Count("id"), budget=Sum("budget")).order_by()
    }
    spent = dict(
        ProjectSpending.objects.filter(project__in=set_up.values("pk"))
        .values_list("project__category")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for value, label in ProjectCategory.choices:
        row = rows.get(value, {})
        item = CategoryFigure(
            value,
            str(label),
            row.get("n", 0),
            row.get("budget") or Decimal("0.00"),
            spent.get(value) or Decimal("0.00"),
        )
        figures.categories.append(item)
        figures.count += item.count
        figures.budget += item.budget
        figures.spent += item.spent
    results = set_up.aggregate(
        jobs=Sum("results__jobs_created"),
        income=Sum("results__income_added"),
        households=Sum("results__households_benefited"),
    )
    figures.jobs = results["jobs"] or 0
    figures.income_added = results["income"] or Decimal("0.00")
    figures.households = results["households"] or 0
    return figures


# --- village overview ---------------------------------------------------------------------------------------


def panel(org: Org, user: Any, year: int) -> dict[str, Any] | None:
    """The village's projects of the year on its overview page: how many in each status, and the funds of those set
    up (投入资金, as the figures count them); None when it has no project that year."""
    rows = (
        scoped(Project, user)
        .filter(year=year, **subtree("org_path", org.path))
        .values("status")
        .annotate(n=Count("id"), budget=Sum("budget"))
        .order_by()
    )
    by_status = {row["status"]: row for row in rows}
    if not by_status:
        return None
    total = sum(row["n"] for row in by_status.values())
    counts = "、".join(
        f"{label}{by_status[status]['n']}个"
        for status, label in rules.PROJECT_STATUS_LABELS.items()
        if status in by_status
    )
    set_up = [row for status, row in by_status.items() if status in rules.SET_UP_STATUSES]
    budget = sum((row["budget"] or Decimal("0") for row in set_up), Decimal("0"))
    return {
        "title": f"{year}年项目化管理",
        "rows": [
            ("项目", f"共{total}个:{counts}"),
            ("立项项目", f"{sum(row['n'] for row in set_up)}个"),
            ("投入资金", f"{rules.funds_wan(budget)}万元"),
        ],
        "link": panel_link("villages:project_list", org=org.code, year=year),
        "link_label": "查看项目",
    }
