"""Writes of 项目化管理: the county's approval procedures, projects and their workflow (submit → each step approved in
order → 已立项 → 实施中 → 已完成; 驳回 back to the owner; 终止 by the level above), milestones, spending, results, and
on-site reviews with scores.

Editing a procedure never reaches a project already submitted: `project_submit` copies the procedure's steps onto the
project (`ProjectStep`, one round per submission), and every decision reads the copy. A rejection ends the round and
sets 已驳回; the owner may change the project and submit again (a new round, the old one kept as history). 已终止 and
已完成 are ends."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone

from dangjian.core import audit, clock
from dangjian.core.choices import AuditAction, OrgKind, OrgLevel
from dangjian.core.io.tables import Sheet, record_export, table_xlsx
from dangjian.core.models import Org
from dangjian.core.scoping import org_in_scope
from dangjian.orglife.rules import attachment_problem
from dangjian.villages import rules
from dangjian.villages.choices import ApproverRole, ProjectCategory, ProjectStatus, StepState
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
from dangjian.villages.permissions import can_approve, can_manage_village, can_set_county_rules, require

PROJECT_FIELDS = (
    "title",
    "category",
    "description",
    "procedure",
    "budget",
    "funding_sources",
    "starts_on",
    "ends_on",
)
PROCEDURE_FIELDS = ("name", "description", "default_for", "active")
OWNER_LEVELS = (OrgLevel.GRASSROOTS, OrgLevel.TOWNSHIP)
MONEY_MAX = Decimal("9999999999.99")


def _money(value: Any, field: str, label: str, *, positive: bool = False) -> Decimal:
    try:
        amount = Decimal(str(value)) if value is not None and str(value).strip() != "" else None
    except (InvalidOperation, TypeError, ValueError):
        amount = None
    if amount is None or not amount.is_finite():
        raise ValidationError({field: f"{label}应为数字(元)"})
    if amount < 0 or (positive and amount == 0):
        raise ValidationError({field: f"{label}应大于0" if positive else f"{label}不能为负数"})
    if amount > MONEY_MAX:
        raise ValidationError({field: f"{label}过大"})
    return amount.quantize(Decimal("0.01"))


def _record_update(actor: Any, obj: Any, before: dict[str, Any]) -> None:
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=obj, before=before, after=audit.snapshot(obj))


# --- procedures ---------------------------------------------------------------------------------------------


def _steps_errors(steps: list[dict[str, Any]]) -> dict[str, str]:
    if not steps:
        return {"steps": "请至少设置一个审批步骤"}
    if len(steps) > 20:
        return {"steps": "审批步骤不能超过20个"}
    roles = set(ApproverRole.values)
    for number, step in enumerate(steps, start=1):
        name = (step.get("name") or "").strip()
        if not name:
            return {"steps": f"第{number}步:请填写步骤名称"}
        if len(name) > 50:
            return {"steps": f"第{number}步:步骤名称不能超过50个字"}
        if step.get("approver_role") not in roles:
            return {"steps": f"第{number}步:请选择审批角色"}
    return {}


def _procedure_errors(values: dict[str, Any], county: Org, *, exclude: int | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = (values.get("name") or "").strip()
    others = ApprovalProcedure.objects.filter(org=county)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if not name:
        errors["name"] = "请填写流程名称"
    elif len(name) > 50:
        errors["name"] = "流程名称不能超过50个字"
    elif others.filter(name=name).exists():
        errors["name"] = f"已有名为“{name}”的审批流程"
    default_for = values.get("default_for") or ""
    if default_for and default_for not in ProjectCategory.values:
        errors["default_for"] = "项目类别不是有效选项"
    elif default_for and others.filter(default_for=default_for).exists():
        label = ProjectCategory(default_for).label
        errors["default_for"] = f"“{label}”已有默认审批流程,请先取消原流程的默认设置"
    if default_for and not values.get("active", True):
        errors["active"] = "停用的流程不能作为默认流程"
    return errors


def _write_steps(procedure: ApprovalProcedure, steps: list[dict[str, Any]]) -> None:
    procedure.steps.all().delete()
    ProcedureStep.objects.bulk_create(
        ProcedureStep(
            procedure=procedure,
            order=number,
            name=step["name"].strip(),
            approver_role=step["approver_role"],
            needs_material=bool(step.get("needs_material")),
        )
        for number, step in enumerate(steps, start=1)
    )


def _procedure_snapshot(procedure: ApprovalProcedure) -> dict[str, Any]:
    steps = [
        {"order": s.order, "name": s.name, "approver_role": s.approver_role, "needs_material": s.needs_material}
        for s in procedure.steps.order_by("order")
    ]
    return audit.snapshot(procedure) | {"steps": steps}


@transaction.atomic
def procedure_create(
    *,
    actor: Any,
    county: Org,
    name: str,
    steps: list[dict[str, Any]],
    description: str = "",
    default_for: str = "",
    active: bool = True,
) -> ApprovalProcedure:
    """A county's approval procedure with its ordered steps (each: name, approver_role, needs_material)."""
    require(actor is None or can_set_county_rules(actor, county), "只有县(区)委组织部可以设置项目审批流程")
    values = {"name": name, "default_for": default_for, "active": active}
    errors = _procedure_errors(values, county) | _steps_errors(steps)
    if errors:
        raise ValidationError(errors)
    procedure = ApprovalProcedure.objects.create(
        county_id=county.county_id or county.pk,
        org=county,
        org_path=county.path,
        name=name.strip(),
        description=(description or "").strip()[:300],
        default_for=default_for or "",
        active=active,
    )
    _write_steps(procedure, steps)
    audit.record(actor=actor, action=AuditAction.CREATE, obj=procedure, after=_procedure_snapshot(procedure))
    return procedure


@transaction.atomic
def procedure_update(
    *, actor: Any, procedure: ApprovalProcedure, steps: list[dict[str, Any]] | None = None, **changes: Any
) -> ApprovalProcedure:
    """Change a procedure (and replace its steps when given). Projects already submitted keep their copied steps."""
    procedure = ApprovalProcedure.objects.select_for_update(of=("self",)).select_related("org").get(pk=procedure.pk)
    require(actor is None or can_set_county_rules(actor, procedure.org), "只有县(区)委组织部可以修改项目审批流程")
    unknown = set(changes) - set(PROCEDURE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "该项目不能在此修改"))
    values = {field: getattr(procedure, field) for field in PROCEDURE_FIELDS} | changes
    errors = _procedure_errors(values, procedure.org, exclude=procedure.pk)
    if steps is not None:
        errors |= _steps_errors(steps)
    if errors:
        raise ValidationError(errors)
    before = _procedure_snapshot(procedure)
    for field, value in changes.items():
        setattr(procedure, field, value.strip() if isinstance(value, str) else value)
    if changes:
        procedure.save(update_fields=[*changes, "updated_at"])
    if steps is not None:
        _write_steps(procedure, steps)
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=procedure, before=before, after=_procedure_snapshot(procedure)
    )
    return procedure


def default_procedure(county_id: int | None, category: str) -> ApprovalProcedure | None:
    """The county's active default procedure for a category of project, if it set one."""
    return ApprovalProcedure.objects.filter(county_id=county_id, default_for=category, active=True).first()


# --- projects -----------------------------------------------------------------------------------------------


def _owner_problem(org: Org) -> str | None:
    if org.level not in OWNER_LEVELS or org.kind == OrgKind.PARTY_GROUP or org.is_dissolved:
        return "项目单位应为村(社区)党组织或乡镇(街道)党委"
    return None


def _project_errors(values: dict[str, Any], org: Org) -> dict[str, str]:
    errors: dict[str, str] = {}
    title = (values.get("title") or "").strip()
    if not title:
        errors["title"] = "请填写项目名称"
    elif len(title) > 100:
        errors["title"] = "项目名称不能超过100个字"
    if values.get("category") not in ProjectCategory.values:
        errors["category"] = "请选择项目类别"
    for field, label in (("starts_on", "开工日期"), ("ends_on", "计划完成日期")):
        if values.get(field) is None:
            errors[field] = f"请填写{label}"
    problem = rules.project_dates_problem(values.get("starts_on"), values.get("ends_on"))
    if problem:
        errors["ends_on"] = problem
    if len(values.get("funding_sources") or "") > 200:
        errors["funding_sources"] = "资金来源不能超过200个字"
    procedure = values.get("procedure")
    if procedure is not None:
        if procedure.county_id != org.county_id:
            errors["procedure"] = "只能选择本县(区)的审批流程"
        elif not procedure.active:
            errors["procedure"] = f"审批流程“{procedure.name}”已停用"
    return errors


@transaction.atomic
def project_create(
    *,
    actor: Any,
    org: Org,
    title: str,
    category: str,
    budget: Decimal | int | str,
    starts_on: dt.date,
    ends_on: dt.date,
    description: str = "",
    funding_sources: str = "",
    procedure: ApprovalProcedure | None = None,
) -> Project:
    """A project in 草稿 of a village (or township); without a procedure it takes the county's default for its
    category (when there is one)."""
    require(actor is None or can_manage_village(actor, org), "没有为该组织申报项目的权限")
    problem = _owner_problem(org)
    if problem:
        raise ValidationError({"org": problem})
    amount = _money(budget, "budget", "预算")
    if procedure is None and category in ProjectCategory.values:
        procedure = default_procedure(org.county_id, category)
    values = {
        "title": title,
        "category": category,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "funding_sources": funding_sources,
        "procedure": procedure,
    }
    errors = _project_errors(values, org)
    if errors:
        raise ValidationError(errors)
    project = Project.objects.create(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        title=title.strip(),
        category=category,
        description=(description or "").strip(),
        procedure=procedure,
        budget=amount,
        funding_sources=(funding_sources or "").strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        year=starts_on.year,
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=project, after=audit.snapshot(project))
    return project


def _locked(project: Project) -> Project:
    return Project.objects.select_for_update(of=("self",)).select_related("org", "procedure").get(pk=project.pk)


@transaction.atomic
def project_update(*, actor: Any, project: Project, **changes: Any) -> Project:
    """Change a project while it is a draft or was returned (已驳回)."""
    project = _locked(project)
    require(actor is None or can_manage_village(actor, project.org), "没有修改该项目的权限")
    unknown = set(changes) - set(PROJECT_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "该项目不能在此修改"))
    if project.status not in rules.EDITABLE_STATUSES:
        raise ValidationError({"status": f"项目{project.get_status_display()},不能修改(草稿或已驳回的项目可以修改)"})
    if "budget" in changes:
        changes["budget"] = _money(changes["budget"], "budget", "预算")
    values = {field: getattr(project, field) for field in PROJECT_FIELDS} | changes
    errors = _project_errors(values, project.org)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(project)
    for field, value in changes.items():
        setattr(project, field, value.strip() if isinstance(value, str) else value)
    project.year = project.starts_on.year
    project.save(update_fields=[*changes, "year", "updated_at"])
    _record_update(actor, project, before)
    return project


@transaction.atomic
def project_delete(*, actor: Any, project: Project) -> None:
    """Delete a draft never submitted (a submitted project is terminated instead, so its history stays)."""
    project = _locked(project)
    require(actor is None or can_manage_village(actor, project.org), "没有删除该项目的权限")
    if project.status != ProjectStatus.DRAFT or project.round:
        raise ValidationError({"status": "只能删除从未申报的草稿项目;已申报的项目请终止"})
    audit.record(actor=actor, action=AuditAction.DELETE, obj=project, before=audit.snapshot(project))
    project.delete()


def _move(project: Project, target: str) -> None:
    problem = rules.project_transition_problem(project.status, target)
    if problem:
        raise ValidationError({"status": problem})
    project.status = target


@transaction.atomic
def project_submit(*, actor: Any, project: Project) -> Project:
    """Submit a draft (or a returned project) for approval: the procedure's steps are copied onto it as a new round,
    and the first step waits."""
    project = _locked(project)
    require(actor is None or can_manage_village(actor, project.org), "没有申报该项目的权限")
    if project.procedure is None:
        raise ValidationError({"procedure": "请先为项目选择审批流程"})
    if not project.procedure.active:
        raise ValidationError({"procedure": f"审批流程“{project.procedure.name}”已停用,请选择其他流程"})
    steps = list(project.procedure.steps.order_by("order"))
    if not steps:
        raise ValidationError({"procedure": f"审批流程“{project.procedure.name}”没有设置步骤"})
    before = audit.snapshot(project)
    _move(project, ProjectStatus.PENDING)
    project.round += 1
    ProjectStep.objects.bulk_create(
        ProjectStep(
            county_id=project.county_id,
            org_path=project.org_path,
            project=project,
            round=project.round,
            order=step.order,
            name=step.name,
            approver_role=step.approver_role,
            needs_material=step.needs_material,
        )
        for step in steps
    )
    project.current_step = steps[0].order
    project.submitted_at = timezone.now()
    project.closing_note = ""
    project.save(update_fields=["status", "round", "current_step", "submitted_at", "closing_note", "updated_at"])
    _record_update(actor, project, before)
    return project


def round_steps(project: Project) -> list[ProjectStep]:
    """The steps of the project's current round, in order."""
    return list(ProjectStep.objects.filter(project=project, round=project.round).order_by("order"))


def decision_problem(actor: Any, step: ProjectStep, project: Project, steps: list[ProjectStep]) -> str | None:
    """Why `actor` may not decide `step` now (None when it may): order first, then role and scope."""
    if project.status != ProjectStatus.PENDING or step.round != project.round:
        return "该项目当前不在审批中" if project.status != ProjectStatus.PENDING else "该步骤属于以前的申报,已结束"
    position = next((i for i, s in enumerate(steps) if s.pk == step.pk), -1)
    problem = rules.step_order_problem([s.state for s in steps], position, [s.name for s in steps])
    if problem or actor is None:
        return problem
    role = "county_admin" if actor.is_superuser and actor.org_id is None else getattr(actor, "role", None)
    return rules.approval_problem(
        step_role=step.approver_role,
        actor_role=role,
        in_scope=org_in_scope(project.org, actor),
        own_org=actor.org_id == project.org_id,
    )


def _decide_prelude(actor: Any, step: ProjectStep) -> tuple[ProjectStep, Project, list[ProjectStep]]:
    project = _locked(step.project)
    step = ProjectStep.objects.select_for_update(of=("self",)).get(pk=step.pk)
    steps = round_steps(project)
    problem = decision_problem(actor, step, project, steps)
    if problem:
        raise ValidationError({"step": problem})
    return step, project, steps


def _material_errors(material: Any) -> str | None:
    if not isinstance(material, UploadedFile):
        return "材料无效"
    return attachment_problem(material.name or "", material.size or 0)


@transaction.atomic
def step_approve(*, actor: Any, step: ProjectStep, opinion: str = "", material: Any = None) -> ProjectStep:
    """Approve the waiting step (by an account of its role, over the project's org, not the owner for steps above the
    branch); the last approval sets 已立项."""
    step, project, steps = _decide_prelude(actor, step)
    opinion = (opinion or "").strip()
    if len(opinion) > 300:
        raise ValidationError({"opinion": "审批意见不能超过300个字"})
    if material is not None:
        problem = _material_errors(material)
        if problem:
            raise ValidationError({"material": problem})
    elif step.needs_material:
        raise ValidationError({"material": f"“{step.name}”需上传材料"})
    before, project_before = audit.snapshot(step), audit.snapshot(project)
    step.state = StepState.APPROVED
    step.opinion = opinion or "同意"
    step.decided_by = actor
    step.decider_org = getattr(actor, "org", None)
    step.decided_at = timezone.now()
    fields = ["state", "opinion", "decided_by", "decider_org", "decided_at"]
    if material is not None:
        step.material = material
        fields.append("material")
    step.save(update_fields=fields)
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=step, before=before, after=audit.snapshot(step) | _file(step)
    )
    later = [s for s in steps if s.order > step.order]
    if later:
        project.current_step = later[0].order
        project.save(update_fields=["current_step", "updated_at"])
    else:
        _move(project, ProjectStatus.APPROVED)
        project.current_step = None
        project.approved_on = clock.today()
        project.save(update_fields=["status", "current_step", "approved_on", "updated_at"])
    _record_update(actor, project, project_before)
    return step


def _file(step: ProjectStep) -> dict[str, str]:
    return {"material": step.material.name or ""}


@transaction.atomic
def step_reject(*, actor: Any, step: ProjectStep, reason: str) -> ProjectStep:
    """Reject the waiting step with a reason: the round ends, the project is 已驳回 and goes back to its owner to be
    changed and submitted again."""
    step, project, _ = _decide_prelude(actor, step)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写驳回理由"})
    if len(reason) > 300:
        raise ValidationError({"reason": "驳回理由不能超过300个字"})
    before, project_before = audit.snapshot(step), audit.snapshot(project)
    step.state = StepState.REJECTED
    step.opinion = reason
    step.decided_by = actor
    step.decider_org = getattr(actor, "org", None)
    step.decided_at = timezone.now()
    step.save(update_fields=["state", "opinion", "decided_by", "decider_org", "decided_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=step, before=before, after=audit.snapshot(step))
    ProjectStep.objects.filter(project=project, round=project.round, order__gt=step.order).update(
        state=StepState.CANCELLED
    )
    _move(project, ProjectStatus.REJECTED)
    project.current_step = None
    project.closing_note = f"{step.name}驳回:{reason}"[:300]
    project.save(update_fields=["status", "current_step", "closing_note", "updated_at"])
    _record_update(actor, project, project_before)
    return step


@transaction.atomic
def project_start(*, actor: Any, project: Project) -> Project:
    """An approved project starts (实施中)."""
    project = _locked(project)
    require(actor is None or can_manage_village(actor, project.org), "没有管理该项目的权限")
    before = audit.snapshot(project)
    _move(project, ProjectStatus.ONGOING)
    project.save(update_fields=["status", "updated_at"])
    _record_update(actor, project, before)
    return project


@transaction.atomic
def project_complete(*, actor: Any, project: Project, completed_on: dt.date | None = None) -> Project:
    """A project under way is finished (已完成) on a day between its start and today."""
    project = _locked(project)
    require(actor is None or can_manage_village(actor, project.org), "没有管理该项目的权限")
    completed_on = completed_on or clock.today()
    if completed_on > clock.today():
        raise ValidationError({"completed_on": "完成日期不能晚于今天"})
    if completed_on < project.starts_on:
        raise ValidationError({"completed_on": "完成日期不能早于开工日期"})
    before = audit.snapshot(project)
    _move(project, ProjectStatus.COMPLETED)
    project.completed_on = completed_on
    project.save(update_fields=["status", "completed_on", "updated_at"])
    _record_update(actor, project, before)
    return project


@transaction.atomic
def project_terminate(*, actor: Any, project: Project, reason: str) -> Project:
    """The level above stops a project (已终止, an end) with the reason; its records stay."""
    project = _locked(project)
    require(actor is None or can_approve(actor, project.org), "只有上级党组织可以终止项目")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写终止原因"})
    if len(reason) > 300:
        raise ValidationError({"reason": "终止原因不能超过300个字"})
    before = audit.snapshot(project)
    _move(project, ProjectStatus.TERMINATED)
    ProjectStep.objects.filter(project=project, round=project.round, state=StepState.WAITING).update(
        state=StepState.CANCELLED
    )
    project.current_step = None
    project.closing_note = reason
    project.save(update_fields=["status", "current_step", "closing_note", "updated_at"])
    _record_update(actor, project, before)
    return project


# --- milestones, spending, results --------------------------------------------------------------------------

OPEN_STATUSES = frozenset(ProjectStatus.values) - {ProjectStatus.COMPLETED, ProjectStatus.TERMINATED}


def _child_project(actor: Any, project: Project, message: str, statuses: frozenset[str]) -> Project:
    project = Project.objects.select_related("org").get(pk=project.pk)
    require(actor is None or can_manage_village(actor, project.org), message)
    if project.status not in statuses:
        raise ValidationError({"project": f"项目{project.get_status_display()},不能登记"})
    return project


@transaction.atomic
def milestone_create(
    *, actor: Any, project: Project, title: str, due_on: dt.date | None, note: str = ""
) -> ProjectMilestone:
    """A milestone of a project not yet finished or stopped."""
    project = _child_project(actor, project, "没有管理该项目节点的权限", OPEN_STATUSES)
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = "请填写节点名称"
    elif len(title.strip()) > 100:
        errors["title"] = "节点名称不能超过100个字"
    if due_on is None:
        errors["due_on"] = "请填写计划完成日期"
    if len(note or "") > 300:
        errors["note"] = "备注不能超过300个字"
    if errors:
        raise ValidationError(errors)
    milestone = ProjectMilestone.objects.create(
        county_id=project.county_id,
        org_path=project.org_path,
        project=project,
        title=title.strip(),
        due_on=due_on,
        note=(note or "").strip(),
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=milestone, after=audit.snapshot(milestone))
    return milestone


@transaction.atomic
def milestone_done(*, actor: Any, milestone: ProjectMilestone, done_on: dt.date | None = None) -> ProjectMilestone:
    """Mark a milestone done on a day no later than today."""
    milestone = (
        ProjectMilestone.objects.select_for_update(of=("self",)).select_related("project__org").get(pk=milestone.pk)
    )
    require(actor is None or can_manage_village(actor, milestone.project.org), "没有管理该项目节点的权限")
    done_on = done_on or clock.today()
    if milestone.done_on is not None:
        raise ValidationError({"done_on": f"该节点已于{milestone.done_on:%Y-%m-%d}完成"})
    if done_on > clock.today():
        raise ValidationError({"done_on": "完成日期不能晚于今天"})
    before = audit.snapshot(milestone)
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    _record_update(actor, milestone, before)
    return milestone


@transaction.atomic
def milestone_delete(*, actor: Any, milestone: ProjectMilestone) -> None:
    milestone = ProjectMilestone.objects.select_related("project__org").get(pk=milestone.pk)
    require(actor is None or can_manage_village(actor, milestone.project.org), "没有管理该项目节点的权限")
    if milestone.done_on is not None:
        raise ValidationError({"done_on": "已完成的节点不能删除"})
    audit.record(actor=actor, action=AuditAction.DELETE, obj=milestone, before=audit.snapshot(milestone))
    milestone.delete()


def spent_total(project: Project) -> Decimal:
    return project.spending.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


@transaction.atomic
def spending_create(
    *, actor: Any, project: Project, spent_on: dt.date | None, amount: Decimal | int | str, purpose: str
) -> ProjectSpending:
    """A spending entry of a project set up (已立项, 实施中 or 已完成). Going over the budget is allowed: the pages
    warn (`rules.budget_warning`)."""
    project = _child_project(actor, project, "没有登记该项目支出的权限", rules.SPENDING_STATUSES)
    value = _money(amount, "amount", "金额", positive=True)
    errors: dict[str, str] = {}
    if spent_on is None:
        errors["spent_on"] = "请填写支出日期"
    elif spent_on > clock.today():
        errors["spent_on"] = "支出日期不能晚于今天"
    if not (purpose or "").strip():
        errors["purpose"] = "请填写用途"
    elif len(purpose.strip()) > 200:
        errors["purpose"] = "用途不能超过200个字"
    if errors:
        raise ValidationError(errors)
    entry = ProjectSpending.objects.create(
        county_id=project.county_id,
        org_path=project.org_path,
        project=project,
        spent_on=spent_on,
        amount=value,
        purpose=purpose.strip(),
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=entry, after=audit.snapshot(entry))
    return entry


@transaction.atomic
def spending_delete(*, actor: Any, entry: ProjectSpending) -> None:
    """Remove a wrong entry (the audit trail keeps it)."""
    entry = ProjectSpending.objects.select_related("project__org").get(pk=entry.pk)
    require(actor is None or can_manage_village(actor, entry.project.org), "没有管理该项目支出的权限")
    if entry.project.status == ProjectStatus.TERMINATED:
        raise ValidationError({"project": "项目已终止,不能修改支出"})
    audit.record(actor=actor, action=AuditAction.DELETE, obj=entry, before=audit.snapshot(entry))
    entry.delete()


@transaction.atomic
def result_create(
    *,
    actor: Any,
    project: Project,
    summary: str,
    jobs_created: int = 0,
    income_added: Decimal | int | str = 0,
    households_benefited: int = 0,
    recorded_on: dt.date | None = None,
) -> ProjectResult:
    """What a project set up achieved (成效), with its numbers."""
    project = _child_project(actor, project, "没有登记该项目成效的权限", rules.SPENDING_STATUSES)
    income = _money(income_added, "income_added", "村集体增收")
    errors: dict[str, str] = {}
    if not (summary or "").strip():
        errors["summary"] = "请填写成效"
    elif len(summary.strip()) > 500:
        errors["summary"] = "成效不能超过500个字"
    for field, label, value in (
        ("jobs_created", "带动就业", jobs_created),
        ("households_benefited", "受益农户", households_benefited),
    ):
        if not isinstance(value, int) or value < 0 or value > 10_000_000:
            errors[field] = f"{label}应为0或正整数"
    recorded_on = recorded_on or clock.today()
    if recorded_on > clock.today():
        errors["recorded_on"] = "登记日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    result = ProjectResult.objects.create(
        county_id=project.county_id,
        org_path=project.org_path,
        project=project,
        recorded_on=recorded_on,
        summary=summary.strip(),
        jobs_created=jobs_created,
        income_added=income,
        households_benefited=households_benefited,
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=result, after=audit.snapshot(result))
    return result


# --- reviews ------------------------------------------------------------------------------------------------


@transaction.atomic
def review_create(
    *, actor: Any, org: Org, title: str, held_on: dt.date | None, place: str, reviewers: str = ""
) -> ProjectReview:
    """An on-site review (观摩讲评) hosted by a township or the county over the projects of its subtree."""
    require(actor is None or can_manage_village(actor, org), "没有为该组织组织观摩讲评的权限")
    errors: dict[str, str] = {}
    if org.level not in (OrgLevel.TOWNSHIP, OrgLevel.COUNTY):
        errors["org"] = "观摩讲评由乡镇(街道)党委或县(区)委组织"
    for field, label, value, limit in (("title", "观摩讲评名称", title, 100), ("place", "地点", place, 100)):
        if not (value or "").strip():
            errors[field] = f"请填写{label}"
        elif len(value.strip()) > limit:
            errors[field] = f"{label}不能超过{limit}个字"
    if held_on is None:
        errors["held_on"] = "请填写观摩日期"
    if len(reviewers or "") > 300:
        errors["reviewers"] = "讲评人员不能超过300个字"
    if errors:
        raise ValidationError(errors)
    review = ProjectReview.objects.create(
        county_id=org.county_id or org.pk,
        org=org,
        org_path=org.path,
        title=title.strip(),
        held_on=held_on,
        place=place.strip(),
        reviewers=(reviewers or "").strip(),
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=review, after=audit.snapshot(review))
    return review


def _score(value: Any) -> Decimal:
    try:
        score = Decimal(str(value)) if value is not None and str(value).strip() != "" else None
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"score": "得分应为数字"}) from None
    problem = rules.review_score_problem(score)
    if problem:
        raise ValidationError({"score": problem})
    assert score is not None
    if score != score.quantize(Decimal("0.1")):
        raise ValidationError({"score": "得分精确到0.1分"})
    return score


@transaction.atomic
def review_score(
    *, actor: Any, review: ProjectReview, project: Project, score: Decimal | int | str, comment: str = ""
) -> ReviewScore:
    """A project's score and comment in a review (scoring it again replaces the score). The project must lie under
    the host and have been set up."""
    review = ProjectReview.objects.select_related("org").get(pk=review.pk)
    project = Project.objects.select_related("org").get(pk=project.pk)
    require(actor is None or can_manage_village(actor, review.org), "没有为该观摩讲评评分的权限")
    value = _score(score)
    if not project.org_path.startswith(review.org_path):
        raise ValidationError({"project": f"只能为{review.org.name}及下级的项目评分"})
    if project.status not in rules.SET_UP_STATUSES:
        raise ValidationError({"project": "只能为已立项、实施中或已完成的项目评分"})
    if len(comment or "") > 300:
        raise ValidationError({"comment": "讲评意见不能超过300个字"})
    row = ReviewScore.objects.select_for_update().filter(review=review, project=project).first()
    if row is not None:
        before = audit.snapshot(row)
        row.score, row.comment = value, (comment or "").strip()
        row.save(update_fields=["score", "comment"])
        _record_update(actor, row, before)
        return row
    row = ReviewScore.objects.create(
        county_id=project.county_id,
        org_path=project.org_path,
        review_path=review.org_path,
        review=review,
        project=project,
        score=value,
        comment=(comment or "").strip(),
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=row, after=audit.snapshot(row))
    return row


@transaction.atomic
def score_delete(*, actor: Any, row: ReviewScore) -> None:
    row = ReviewScore.objects.select_related("review__org").get(pk=row.pk)
    require(actor is None or can_manage_village(actor, row.review.org), "没有修改该观摩讲评的权限")
    audit.record(actor=actor, action=AuditAction.DELETE, obj=row, before=audit.snapshot(row))
    row.delete()


# --- export -------------------------------------------------------------------------------------------------

PROJECT_HEADERS = [
    "项目名称",
    "项目单位",
    "项目类别",
    "项目年度",
    "预算(元)",
    "累计支出(元)",
    "资金来源",
    "开工日期",
    "计划完成日期",
    "状态",
    "审批流程",
]


def projects_export(*, actor: Any, org: Org | None, projects: QuerySet[Project], file_name: str) -> bytes:
    """The listed projects with their spending, as .xlsx (audited)."""
    rows = [
        [
            p.title,
            p.org.name,
            p.get_category_display(),
            p.year,
            p.budget,
            getattr(p, "spent", None) or Decimal("0.00"),
            p.funding_sources,
            p.starts_on,
            p.ends_on,
            p.get_status_display(),
            p.procedure.name if p.procedure else "",
        ]
        for p in projects.iterator(chunk_size=2000)
    ]
    budget = sum((r[4] for r in rows), Decimal("0.00"))
    spent = sum((r[5] for r in rows), Decimal("0.00"))
    totals = ["合计", f"{len(rows)}个", "", "", budget, spent]
    sheet = Sheet("项目", PROJECT_HEADERS, rows, caption=org.name if org else "", totals=totals)
    content = table_xlsx([sheet])
    record_export(actor=actor, org=org, kind="village_projects", rows=len(rows), file_name=file_name)
    return content
