"""项目化管理 (F4.5): the county's approval procedures (e.g. "五步走"), projects of villages and townships with their
budget, spending, milestones and the steps of their approval, on-site reviews (观摩讲评) with scores, and results.

A procedure's steps are copied onto the project when it is submitted (`ProjectStep`), so editing a procedure later
never changes a project already under way; each submission after a rejection is a new round of copied steps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, money_field, path_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.villages.choices import ApproverRole, ProjectCategory, ProjectStatus, StepState

__all__ = [
    "ApprovalProcedure",
    "ProcedureStep",
    "Project",
    "ProjectMilestone",
    "ProjectResult",
    "ProjectReview",
    "ProjectSpending",
    "ProjectStep",
    "ReviewScore",
]


class ApprovalProcedure(models.Model):
    """A county's approval procedure (审批流程), published to its whole subtree; one may be the default of a
    category of project."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("制定单位"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    name = models.CharField(_("流程名称"), max_length=50)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    default_for = models.CharField(
        _("默认用于项目类别"), max_length=20, choices=ProjectCategory.choices, blank=True, default=""
    )
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("项目审批流程")
        verbose_name_plural = _("项目审批流程")
        constraints = [
            models.UniqueConstraint(fields=["org", "name"], name="projects_procedure_name_once"),
            models.UniqueConstraint(
                fields=["org", "default_for"], condition=~Q(default_for=""), name="projects_procedure_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProcedureStep(models.Model):
    """One step of a procedure, in order (村级申报 → 乡镇初审 → 部门论证 → 县级审定 → 公示立项)."""

    procedure = models.ForeignKey(
        ApprovalProcedure, verbose_name=_("审批流程"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("步骤名称"), max_length=50)
    approver_role = models.CharField(_("审批角色"), max_length=20, choices=ApproverRole.choices)
    needs_material = models.BooleanField(_("需上传材料"), default=False)

    scope = ScopeRule(path="procedure__org_path", county="procedure__county_id")

    class Meta:
        verbose_name = _("审批步骤")
        verbose_name_plural = _("审批步骤")
        ordering = ["procedure_id", "order"]
        constraints = [models.UniqueConstraint(fields=["procedure", "order"], name="projects_procedure_step_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class Project(ChoiceLabelsMixin, models.Model):
    """A Party-building or development project of a village (or township)."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("项目单位"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    title = models.CharField(_("项目名称"), max_length=100)
    category = models.CharField(_("项目类别"), max_length=20, choices=ProjectCategory.choices)
    description = models.TextField(_("项目内容"), blank=True)
    procedure = models.ForeignKey(
        ApprovalProcedure, verbose_name=_("审批流程"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    budget = money_field(_("预算(元)"))
    funding_sources = models.CharField(_("资金来源"), max_length=200, blank=True)
    starts_on = models.DateField(_("开工日期"))
    ends_on = models.DateField(_("计划完成日期"))
    year = models.PositiveSmallIntegerField(_("项目年度"), editable=False)
    status = models.CharField(_("状态"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT)
    round = models.PositiveSmallIntegerField(_("申报轮次"), default=0, editable=False)
    current_step = models.PositiveSmallIntegerField(_("当前审批步骤"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("申报时间"), null=True, blank=True)
    approved_on = models.DateField(_("立项日期"), null=True, blank=True)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    closing_note = models.CharField(_("驳回或终止原因"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        constraints = [
            models.CheckConstraint(condition=Q(budget__gte=0), name="projects_budget_not_negative"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="projects_dates_in_order"),
        ]
        indexes = scoped_indexes(
            "project", models.Index(fields=["county", "year", "status"], name="project_county_year_status")
        )

    def __str__(self) -> str:
        return self.title


class ProjectStep(models.Model):
    """A step of a project's approval: copied from the procedure at submission (name, role, material), then decided
    by one account with its opinion."""

    county = county_field()
    org_path = path_field()
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="steps")
    round = models.PositiveSmallIntegerField(_("申报轮次"))
    order = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("步骤名称"), max_length=50)
    approver_role = models.CharField(_("审批角色"), max_length=20, choices=ApproverRole.choices)
    needs_material = models.BooleanField(_("需上传材料"), default=False)
    state = models.CharField(_("审批状态"), max_length=12, choices=StepState.choices, default=StepState.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decider_org = models.ForeignKey(
        "core.Org", verbose_name=_("审批单位"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    opinion = models.CharField(_("审批意见"), max_length=300, blank=True)
    material = models.FileField(_("材料"), upload_to="villages/projects/%Y/%m/", blank=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "material")  # the services record the file by its stored name

    class Meta:
        verbose_name = _("项目审批步骤")
        verbose_name_plural = _("项目审批步骤")
        ordering = ["project_id", "round", "order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "round", "order"], name="projects_step_once_per_round")
        ]
        indexes = scoped_indexes(
            "project_step", models.Index(fields=["state", "approver_role"], name="project_step_todo")
        )

    def __str__(self) -> str:
        return f"{self.project} {self.name}"


class ProjectMilestone(models.Model):
    """A milestone of a project (开工, 主体完工, 验收 …); overdue when its due date has passed and it is not done."""

    county = county_field()
    org_path = path_field()
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点名称"), max_length=100)
    due_on = models.DateField(_("计划完成日期"))
    done_on = models.DateField(_("实际完成日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")
        ordering = ["project_id", "due_on", "id"]
        indexes = scoped_indexes("project_ms", models.Index(fields=["done_on", "due_on"], name="project_ms_open"))

    def __str__(self) -> str:
        return self.title


class ProjectSpending(models.Model):
    """A spending entry (元) of a project; the sum is compared with the budget."""

    county = county_field()
    org_path = path_field()
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="spending")
    spent_on = models.DateField(_("支出日期"))
    amount = money_field(_("金额(元)"))
    purpose = models.CharField(_("用途"), max_length=200)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at")

    class Meta:
        verbose_name = _("项目支出")
        verbose_name_plural = _("项目支出")
        ordering = ["project_id", "spent_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="projects_spending_positive")]
        indexes = scoped_indexes("project_spend")

    def __str__(self) -> str:
        return f"{self.project} {self.amount}"


class ProjectResult(models.Model):
    """What a project achieved (成效): a text and typed numbers (jobs created, collective income added in 元,
    households benefiting)."""

    county = county_field()
    org_path = path_field()
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="results")
    recorded_on = models.DateField(_("登记日期"))
    summary = models.CharField(_("成效"), max_length=500)
    jobs_created = models.PositiveIntegerField(_("带动就业(人)"), default=0)
    income_added = money_field(_("村集体增收(元)"), default=0)
    households_benefited = models.PositiveIntegerField(_("受益农户(户)"), default=0)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("项目成效")
        verbose_name_plural = _("项目成效")
        ordering = ["project_id", "recorded_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(income_added__gte=0), name="projects_result_income")]

    def __str__(self) -> str:
        return self.summary[:30]


class ProjectReview(models.Model):
    """An on-site review (观摩讲评) hosted by a township or the county: reviewers visit projects and score them."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    title = models.CharField(_("观摩讲评名称"), max_length=100)
    held_on = models.DateField(_("观摩日期"))
    place = models.CharField(_("地点"), max_length=100)
    reviewers = models.CharField(_("讲评人员"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at")

    class Meta:
        verbose_name = _("观摩讲评")
        verbose_name_plural = _("观摩讲评")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class ReviewScore(models.Model):
    """A project's score (0–100) and comment in a review; ranked within the review (competition ranking). Carries the
    project's path too, so the village sees its own scores."""

    county = county_field()
    org_path = path_field()
    review_path = path_field("观摩组织路径")
    review = models.ForeignKey(
        ProjectReview, verbose_name=_("观摩讲评"), on_delete=models.CASCADE, related_name="scores"
    )
    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="scores")
    score = models.DecimalField(_("得分"), max_digits=4, decimal_places=1)
    comment = models.CharField(_("讲评意见"), max_length=300, blank=True)

    scope = ScopeRule(path="org_path", county="county_id", also_path="review_path", also_county="county_id")
    audit_fields_exclude = ("org_path", "review_path")

    class Meta:
        verbose_name = _("观摩得分")
        verbose_name_plural = _("观摩得分")
        constraints = [
            models.UniqueConstraint(fields=["review", "project"], name="projects_score_once"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="projects_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.review} {self.project} {self.score}"
