"""Pages of 项目化管理: the project list (filters, search, export), a project's page (details, approval steps with who
and when and the opinion, milestones, spending against the budget, results, review scores) and its forms and
confirmations, the steps waiting for me, the county's procedures, the on-site reviews with their ranking, and the
figures for any scope and span of years."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.filters import parse_year
from dangjian.core.forms import style_filter_form
from dangjian.core.io.tables import xlsx_response
from dangjian.core.scoping import get_scoped_or_404
from dangjian.core.views.common import (
    ORG_NOT_FOUND,
    export_org,
    home_county,
    home_org,
    is_filtered,
    manages_own_org,
    org_from_code,
    requested_org,
    require_manager,
    run_and_report,
)
from dangjian.villages import rules
from dangjian.villages.choices import ProjectStatus
from dangjian.villages.forms.projects import (
    ApproveForm,
    CompleteForm,
    MilestoneForm,
    ProcedureForm,
    ProjectForm,
    ReasonForm,
    ResultForm,
    ReviewForm,
    ScoreForm,
    SpendingForm,
)
from dangjian.villages.models import ProjectMilestone, ProjectSpending, ProjectStep
from dangjian.villages.permissions import can_approve, can_manage_village, can_set_county_rules
from dangjian.villages.selectors import projects as selectors
from dangjian.villages.services import projects as services


def _back(project: Any) -> str:
    return reverse("villages:project_detail", kwargs={"pk": project.pk})


def _managed_project(request: HttpRequest, pk: int) -> Any:
    project = selectors.project_detail(request.user, pk)
    if not can_manage_village(request.user, project.org):
        raise PermissionDenied("没有管理该项目的权限")
    return project


# --- list and export ----------------------------------------------------------------------------------------


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filterset, projects = selectors.project_list(user, request.GET)
    page = core_selectors.paginate(projects, request.GET.get("page"))
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": page,
        "filtered": is_filtered(request),
        "can_manage": manages_own_org(user),
        "waiting": selectors.waiting_steps(user).count(),
    }
    return render(request, "villages/projects/list.html", context)


@login_required
@require_GET
def project_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manager(user, "没有导出项目的权限")
    _, projects = selectors.project_list(user, request.GET)
    org = export_org(request) or home_org(user)
    file_name = f"项目-{org.name if org else ''}-{clock.today():%Y%m%d}.xlsx"
    content = services.projects_export(actor=user, org=org, projects=projects, file_name=file_name)
    return xlsx_response(content, file_name)


@login_required
@require_GET
def project_approvals(request: HttpRequest) -> HttpResponse:
    """The steps waiting for my decision."""
    steps = list(selectors.waiting_steps(request.user)[:200])
    return render(request, "villages/projects/approvals.html", {"steps": steps})


# --- a project ----------------------------------------------------------------------------------------------


@login_required
@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    project = selectors.project_detail(user, pk)
    today = clock.today()
    steps = selectors.project_steps(project)
    current = [s for s in steps if s.round == project.round]
    decidable = None
    if project.status == ProjectStatus.PENDING:
        waiting = next((s for s in current if s.order == project.current_step), None)
        if waiting is not None and services.decision_problem(user, waiting, project, current) is None:
            decidable = waiting
    manager = can_manage_village(user, project.org)
    context = {
        "project": project,
        "current_steps": current,
        "earlier_steps": [s for s in steps if s.round != project.round],
        "decidable": decidable,
        "milestones": selectors.milestones_of(project, today),
        "spending": list(project.spending.order_by("spent_on", "id")),
        "budget_warning": rules.budget_warning(project.budget, project.spent),
        "results": list(project.results.order_by("recorded_on", "id")),
        "scores": list(project.scores.select_related("review").order_by("-review__held_on")),
        "manager": manager,
        "editable": manager and project.status in rules.EDITABLE_STATUSES,
        "deletable": manager and project.status == ProjectStatus.DRAFT and not project.round,
        "can_terminate": can_approve(user, project.org)
        and project.status not in (ProjectStatus.COMPLETED, ProjectStatus.TERMINATED),
        "set_up": project.status in rules.SPENDING_STATUSES,
        "open": project.status not in (ProjectStatus.COMPLETED, ProjectStatus.TERMINATED),
    }
    return render(request, "villages/projects/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    own = require_manager(user, "没有申报项目的权限")
    today = clock.today()
    form = ProjectForm(
        request.POST or None,
        procedures=selectors.procedure_choices(user),
        initial={"org_code": own.code, "starts_on": today, "ends_on": today.replace(month=12, day=31)},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = org_from_code(user, data.pop("org_code"))
        procedure_id = data.pop("procedure")
        procedure = selectors.procedures_visible(user).filter(pk=procedure_id).first() if procedure_id else None
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        else:
            try:
                project = services.project_create(actor=user, org=org, procedure=procedure, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已新建项目“{project.title}”(草稿)")
                return redirect(_back(project))
    return render(request, "villages/projects/form.html", {"form": form, "title": "新建项目"})


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    project = _managed_project(request, pk)
    initial = {name: getattr(project, name) for name in services.PROJECT_FIELDS if name != "procedure"}
    initial["procedure"] = project.procedure_id
    form = ProjectForm(
        request.POST or None, procedures=selectors.procedure_choices(user), with_org=False, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in services.PROJECT_FIELDS}
        if "procedure" in changes:
            pid = changes["procedure"]
            changes["procedure"] = selectors.procedures_visible(user).filter(pk=pid).first() if pid else None
        try:
            if changes:
                services.project_update(actor=user, project=project, **changes)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存修改" if changes else "没有需要保存的修改")
            return redirect(_back(project))
    context = {"form": form, "title": "修改项目", "project": project}
    return render(request, "villages/projects/form.html", context)


def _confirm(
    request: HttpRequest, project: Any, action: Any, success: str, title: str, text: str, form: Any = None
) -> HttpResponse:
    """A confirmation page (GET) and the action (POST)."""
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            action(form.cleaned_data if form is not None else {})
        except ValidationError as exc:
            if form is None:
                messages.error(request, ";".join(exc.messages))
                return redirect(_back(project))
            form.add_service_errors(exc)
        else:
            messages.success(request, success)
            return redirect(_back(project) if project.pk else reverse("villages:project_list"))
    context = {"project": project, "title": title, "text": text, "form": form}
    return render(request, "villages/projects/confirm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def project_submit(request: HttpRequest, pk: int) -> HttpResponse:
    project = _managed_project(request, pk)
    procedure = project.procedure.name if project.procedure else "(未选择)"
    return _confirm(
        request,
        project,
        lambda data: services.project_submit(actor=request.user, project=project),
        f"已提交“{project.title}”审批",
        "提交审批",
        f"确认按“{procedure}”提交“{project.title}”审批?审批期间不能修改项目。",
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_delete(request: HttpRequest, pk: int) -> HttpResponse:
    project = _managed_project(request, pk)
    title = project.title

    def delete(data: dict[str, Any]) -> None:
        services.project_delete(actor=request.user, project=project)
        project.pk = None

    return _confirm(request, project, delete, f"已删除项目“{title}”", "删除项目", f"确认删除草稿项目“{title}”?")


@login_required
@require_http_methods(["GET", "POST"])
def project_start(request: HttpRequest, pk: int) -> HttpResponse:
    project = _managed_project(request, pk)
    return _confirm(
        request,
        project,
        lambda data: services.project_start(actor=request.user, project=project),
        f"“{project.title}”已开始实施",
        "开始实施",
        f"确认“{project.title}”开始实施?",
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_complete(request: HttpRequest, pk: int) -> HttpResponse:
    project = _managed_project(request, pk)
    form = CompleteForm(request.POST or None, initial={"completed_on": clock.today()})
    return _confirm(
        request,
        project,
        lambda data: services.project_complete(actor=request.user, project=project, completed_on=data["completed_on"]),
        f"“{project.title}”已完成",
        "项目完成",
        f"确认“{project.title}”已完成?",
        form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_terminate(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_detail(request.user, pk)
    if not can_approve(request.user, project.org):
        raise PermissionDenied("只有上级党组织可以终止项目")
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = "终止原因"
    return _confirm(
        request,
        project,
        lambda data: services.project_terminate(actor=request.user, project=project, reason=data["reason"]),
        f"已终止“{project.title}”",
        "终止项目",
        f"确认终止“{project.title}”?终止后不能恢复,已有记录保留。",
        form,
    )


def _step(request: HttpRequest, pk: int) -> tuple[ProjectStep, Any]:
    step = get_scoped_or_404(ProjectStep.objects.select_related("project"), request.user, pk=pk)
    return step, selectors.project_detail(request.user, step.project_id)


@login_required
@require_http_methods(["GET", "POST"])
def step_approve(request: HttpRequest, pk: int) -> HttpResponse:
    step, project = _step(request, pk)
    bound = request.method == "POST"
    form = ApproveForm(request.POST if bound else None, request.FILES if bound else None)
    if step.needs_material:
        form.fields["material"].required = True
    if request.method == "POST" and form.is_valid():
        try:
            services.step_approve(
                actor=request.user,
                step=step,
                opinion=form.cleaned_data["opinion"],
                material=form.cleaned_data["material"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已通过“{step.name}”")
            return redirect(_back(project))
    context = {"project": project, "step": step, "form": form, "approve": True}
    return render(request, "villages/projects/decide.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def step_reject(request: HttpRequest, pk: int) -> HttpResponse:
    step, project = _step(request, pk)
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = "驳回理由"
    if request.method == "POST" and form.is_valid():
        try:
            services.step_reject(actor=request.user, step=step, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已驳回“{project.title}”,退回项目单位修改")
            return redirect(_back(project))
    context = {"project": project, "step": step, "form": form, "approve": False}
    return render(request, "villages/projects/decide.html", context)


# --- milestones, spending, results --------------------------------------------------------------------------


def _child_form(
    request: HttpRequest, pk: int, form_class: Any, service: Any, title: str, success: str, initial: Any = None
) -> HttpResponse:
    project = _managed_project(request, pk)
    form = form_class(request.POST or None, initial=initial or {})
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, success)
            if form_class is SpendingForm:
                warning = rules.budget_warning(project.budget, services.spent_total(project))
                if warning:
                    messages.warning(request, warning)
            return redirect(_back(project))
    return render(request, "villages/projects/form.html", {"form": form, "title": title, "project": project})


@login_required
@require_http_methods(["GET", "POST"])
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _child_form(request, pk, MilestoneForm, services.milestone_create, "添加项目节点", "已添加项目节点")


@login_required
@require_http_methods(["GET", "POST"])
def spending_create(request: HttpRequest, pk: int) -> HttpResponse:
    initial = {"spent_on": clock.today()}
    return _child_form(request, pk, SpendingForm, services.spending_create, "登记支出", "已登记支出", initial)


@login_required
@require_http_methods(["GET", "POST"])
def result_create(request: HttpRequest, pk: int) -> HttpResponse:
    initial = {"jobs_created": 0, "income_added": 0, "households_benefited": 0}
    return _child_form(request, pk, ResultForm, services.result_create, "登记项目成效", "已登记项目成效", initial)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_scoped_or_404(ProjectMilestone, request.user, pk=pk)
    project = _managed_project(request, milestone.project_id)
    form = CompleteForm(request.POST or None, initial={"completed_on": clock.today()})
    form.fields["completed_on"].label = "实际完成日期"
    return _confirm(
        request,
        project,
        lambda data: services.milestone_done(actor=request.user, milestone=milestone, done_on=data["completed_on"]),
        f"节点“{milestone.title}”已完成",
        "节点完成",
        f"确认节点“{milestone.title}”(计划{milestone.due_on:%Y-%m-%d})已完成?",
        form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_delete(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_scoped_or_404(ProjectMilestone, request.user, pk=pk)
    project = _managed_project(request, milestone.project_id)
    return _confirm(
        request,
        project,
        lambda data: services.milestone_delete(actor=request.user, milestone=milestone),
        f"已删除节点“{milestone.title}”",
        "删除节点",
        f"确认删除节点“{milestone.title}”?",
    )


@login_required
@require_http_methods(["GET", "POST"])
def spending_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_scoped_or_404(ProjectSpending, request.user, pk=pk)
    project = _managed_project(request, entry.project_id)
    return _confirm(
        request,
        project,
        lambda data: services.spending_delete(actor=request.user, entry=entry),
        "已删除支出记录",
        "删除支出",
        f"确认删除 {entry.spent_on:%Y-%m-%d} {entry.amount} 元({entry.purpose})的支出记录?",
    )


# --- procedures ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def procedure_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    county = home_county(user)
    context = {
        "procedures": list(selectors.procedures_visible(user)),
        "can_set": county is not None and can_set_county_rules(user, county),
    }
    return render(request, "villages/projects/procedures.html", context)


def _procedure_form(request: HttpRequest, procedure: Any = None) -> HttpResponse:
    user: Any = request.user
    county = procedure.org if procedure is not None else home_county(user)
    if county is None or not can_set_county_rules(user, county):
        raise PermissionDenied("只有县(区)委组织部可以设置项目审批流程")
    initial = ProcedureForm.initial_for(procedure) if procedure is not None else {"active": True}
    form = ProcedureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.PROCEDURE_FIELDS}
        values["default_for"] = values["default_for"] or ""
        try:
            if procedure is None:
                services.procedure_create(actor=user, county=county, steps=form.steps(), **values)
            else:
                services.procedure_update(actor=user, procedure=procedure, steps=form.steps(), **values)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已保存审批流程“{values['name']}”")
            return redirect("villages:project_procedure_list")
    title = "修改审批流程" if procedure is not None else "新建审批流程"
    return render(request, "villages/projects/procedure_form.html", {"form": form, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
def procedure_create(request: HttpRequest) -> HttpResponse:
    return _procedure_form(request)


@login_required
@require_http_methods(["GET", "POST"])
def procedure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _procedure_form(request, selectors.procedure_detail(request.user, pk))


# --- reviews ------------------------------------------------------------------------------------------------


@login_required
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filterset, reviews = selectors.review_list(user, request.GET)
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": core_selectors.paginate(reviews, request.GET.get("page")),
        "filtered": is_filtered(request),
        "can_manage": manages_own_org(user) and user.org.level != "grassroots",
    }
    return render(request, "villages/projects/reviews.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    own = require_manager(user, "没有组织观摩讲评的权限")
    form = ReviewForm(request.POST or None, initial={"org_code": own.code, "held_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = org_from_code(user, data.pop("org_code"))
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        else:
            try:
                review = services.review_create(actor=user, org=org, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已创建观摩讲评“{review.title}”")
                return redirect("villages:project_review_detail", pk=review.pk)
    return render(request, "villages/projects/form.html", {"form": form, "title": "新建观摩讲评"})


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The review's ranking; its host scores projects here (scoring one again replaces its score)."""
    user: Any = request.user
    review = selectors.review_detail(user, pk)
    host = can_manage_village(user, review.org)
    form = None
    if host:
        projects = list(selectors.scorable_projects(user, review)[:500])
        form = ScoreForm(request.POST or None, projects=projects)
        if request.method == "POST" and form.is_valid():
            project = next(p for p in projects if p.pk == form.cleaned_data["project"])
            if run_and_report(
                request,
                lambda: services.review_score(
                    actor=user,
                    review=review,
                    project=project,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                ),
                f"已为“{project.title}”评分",
            ):
                return redirect("villages:project_review_detail", pk=review.pk)
    elif request.method == "POST":
        raise PermissionDenied("没有为该观摩讲评评分的权限")
    context = {"review": review, "scores": selectors.ranked_scores(user, review), "form": form}
    return render(request, "villages/projects/review_detail.html", context)


# --- figures ------------------------------------------------------------------------------------------------


@login_required
@require_GET
def project_figures(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    today = clock.today()
    last = parse_year(request.GET.get("last"))
    first = min(parse_year(request.GET.get("first"), today.replace(year=last - 1)), last)
    org = requested_org(request) if request.GET.get("org", "").strip() else home_org(user)
    figures = selectors.project_figures(user, org=org, first=first, last=last) if org is not None else None
    context = {
        "figures": figures,
        "org": org,
        "first": first,
        "last": last,
        "years": list(range(today.year, today.year - 10, -1)),
        "org_code": request.GET.get("org", ""),
    }
    return render(request, "villages/projects/figures.html", context)


urlpatterns: list[URLPattern] = [
    path("projects/", project_list, name="project_list"),
    path("projects/export.xlsx", project_export, name="project_export"),
    path("projects/new/", project_create, name="project_create"),
    path("projects/approvals/", project_approvals, name="project_approvals"),
    path("projects/figures/", project_figures, name="project_figures"),
    path("projects/<int:pk>/", project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", project_edit, name="project_edit"),
    path("projects/<int:pk>/submit/", project_submit, name="project_submit"),
    path("projects/<int:pk>/delete/", project_delete, name="project_delete"),
    path("projects/<int:pk>/start/", project_start, name="project_start"),
    path("projects/<int:pk>/complete/", project_complete, name="project_complete"),
    path("projects/<int:pk>/terminate/", project_terminate, name="project_terminate"),
    path("projects/<int:pk>/milestones/new/", milestone_create, name="project_milestone_create"),
    path("projects/<int:pk>/spending/new/", spending_create, name="project_spending_create"),
    path("projects/<int:pk>/results/new/", result_create, name="project_result_create"),
    path("projects/steps/<int:pk>/approve/", step_approve, name="project_step_approve"),
    path("projects/steps/<int:pk>/reject/", step_reject, name="project_step_reject"),
    path("projects/milestones/<int:pk>/done/", milestone_done, name="project_milestone_done"),
    path("projects/milestones/<int:pk>/delete/", milestone_delete, name="project_milestone_delete"),
    path("projects/spending/<int:pk>/delete/", spending_delete, name="project_spending_delete"),
    path("projects/procedures/", procedure_list, name="project_procedure_list"),
    path("projects/procedures/new/", procedure_create, name="project_procedure_create"),
    path("projects/procedures/<int:pk>/edit/", procedure_edit, name="project_procedure_edit"),
    path("projects/reviews/", review_list, name="project_review_list"),
    path("projects/reviews/new/", review_create, name="project_review_create"),
    path("projects/reviews/<int:pk>/", review_detail, name="project_review_detail"),
]
