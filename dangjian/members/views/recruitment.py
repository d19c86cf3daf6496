"""Pages of recruitment (发展党员): the county's settings, the pipeline, applicants and their 25 steps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_POST

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.choices import BRANCH_KINDS, MANAGER_ROLES, OrgLevel, Role
from dangjian.core.forms import style_filter_form
from dangjian.core.io.tables import Sheet, table_xlsx, xlsx_response
from dangjian.core.models import Org
from dangjian.core.permissions import can_view_audit
from dangjian.core.views.common import is_filtered
from dangjian.members import rules
from dangjian.members.choices import STAGES, STEPS, ApplicantStatus
from dangjian.members.forms.recruitment import (
    PEOPLE_STEPS,
    VOTE_STEPS,
    ApplicantCreateForm,
    DateForm,
    QuotaForm,
    RecruitSettingForm,
    ScoreForm,
    ScoreItemForm,
    StepForm,
    StopForm,
)
from dangjian.members.models import Applicant
from dangjian.members.permissions import can_approve, can_manage_members, can_set_county_rules, require
from dangjian.members.selectors import recruitment as recruit_selectors
from dangjian.members.selectors import recruitment_pages as page_selectors
from dangjian.members.selectors import recruitment_settings as settings_selectors
from dangjian.members.services import recruitment as recruit_services
from dangjian.members.services import recruitment_settings as settings_services

NOT_COUNTY_ADMIN = "只有县(区)委组织部管理员可以修改发展党员设置"
INSPECT_LABEL, NOMINATE_LABEL = "组织考察日期", "提名日期"
ALL_STATUSES = "all"


# --- county settings -------------------------------------------------------------------------------------


def _settings_county(request: HttpRequest) -> Org:
    """The county whose settings the user keeps; anyone but its county administrators is refused."""
    county = settings_selectors.county_of(request.user)
    if county is None or not can_set_county_rules(request.user, county):
        raise PermissionDenied(NOT_COUNTY_ADMIN)
    return county


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "").strip()
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else clock.today().year


@login_required
def recruit_settings(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    county = _settings_county(request)
    setting = recruit_selectors.recruit_setting(county.pk)
    initial = {name: getattr(setting, name) for name in settings_services.SETTING_FIELDS}
    form = RecruitSettingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            settings_services.recruit_setting_save(actor=user, county=county, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存发展党员设置")
            return redirect("members:recruit_settings")
    items = list(settings_selectors.score_items(user, county))
    year = _year(request)
    context = {
        "county": county,
        "form": form,
        "setting": setting,
        "items": items,
        "full_marks": settings_selectors.full_marks(items),
        "year": year,
        "years": range(clock.today().year + 1, clock.today().year - 5, -1),
        "quotas": settings_selectors.quota_rows(user, county, year),
    }
    return render(request, "members/recruitment/settings.html", context)


@login_required
def recruit_item_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user: Any = request.user
    county = _settings_county(request)
    item = settings_selectors.score_item_detail(user, pk) if pk is not None else None
    initial = {"weight": 1, "order": 0, "active": True}
    if item is not None:
        initial = {name: getattr(item, name) for name in ScoreItemForm.model_fields}
    form = ScoreItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            settings_services.score_item_save(actor=user, county=county, item=item, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已保存考评项目“{form.cleaned_data['name']}”")
            return redirect("members:recruit_settings")
    title = f"修改考评项目:{item.name}" if item else "添加考评项目"
    return render(request, "members/recruitment/item_form.html", {"form": form, "item": item, "title": title})


@login_required
def recruit_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page; the POST deletes (refused while scores use the item)."""
    user: Any = request.user
    _settings_county(request)
    item = settings_selectors.score_item_detail(user, pk)
    error = ""
    if request.method == "POST":
        try:
            settings_services.score_item_delete(actor=user, item=item)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"已删除考评项目“{item.name}”")
            return redirect("members:recruit_settings")
    return render(request, "members/recruitment/item_delete.html", {"item": item, "error": error})


@login_required
def recruit_quota_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A township's yearly quota. Only township-level orgs are offered; the service refuses any other."""
    user: Any = request.user
    _settings_county(request)
    township = settings_selectors.township_detail(user, pk)
    year = _year(request)
    current = settings_selectors.quota_row(user, township, year) if township.level == OrgLevel.TOWNSHIP else None
    form = QuotaForm(request.POST or None, initial={"year": year, "quota": current.quota if current else None})
    if request.method == "POST" and form.is_valid():
        try:
            settings_services.township_quota_save(actor=user, township=township, **form.cleaned_data)
        except ValidationError as exc:
            if "township" in getattr(exc, "error_dict", {}):
                form.add_error(None, exc.message_dict["township"])
            else:
                form.add_service_errors(exc)
        else:
            saved_year = form.cleaned_data["year"]
            messages.success(request, f"已下达{township.name}{saved_year}年发展党员计划指标")
            return redirect(f"{reverse('members:recruit_settings')}?year={saved_year}#quotas")
    context = {"form": form, "township": township, "year": year, "current": current}
    return render(request, "members/recruitment/quota_form.html", context)


# --- pipeline ------------------------------------------------------------------------------------------------

ALERT_LABELS = {
    "RECRUIT-02": "谈话逾期",
    "RECRUIT-03": "考察逾期",
    "RECRUIT-11": "审批逾期",
    "RECRUIT-13": "转正讨论逾期",
    "RECRUIT-14": "转正审批逾期",
}
EXPORT_HEADERS = (
    "姓名",
    "性别",
    "公民身份号码",
    "接收党支部",
    "培养党组织",
    "培养方式",
    "所处阶段",
    "已完成步骤",
    "状态",
    "申请入党日期",
    "确定为积极分子日期",
    "确定为发展对象日期",
    "支部大会通过接收日期",
    "预备期满日期",
    "转正日期",
    "下一步",
    "应办日期",
    "是否逾期",
)


def _require_worker(user: Any) -> None:
    allowed = getattr(user, "role", None) in MANAGER_ROLES or (user.is_superuser and user.org_id is None)
    require(allowed, "发展党员工作页面供党组织书记和管理员使用")


def _view_org(request: HttpRequest) -> Org:
    """The org whose pipeline is shown: the one chosen in the filter (`?org=CODE`, within scope), else the user's."""
    user: Any = request.user
    code = request.GET.get("org", "").strip()
    org = core_selectors.org_by_code(user, code) if code else user.org
    if org is None:
        if code:
            raise Http404("党组织不存在或不在您的管理范围内")
        raise PermissionDenied("账号未绑定党组织,无法查看发展党员工作")
    return org


def _level(org: Org) -> str:
    if org.kind in BRANCH_KINDS:
        return "branch"
    return "township" if org.level == OrgLevel.TOWNSHIP else "county"


def _applicants(user: Any, request: HttpRequest, view_org: Org) -> tuple[Any, Any]:
    """The engine's filtered list. Without a status the list holds those on the way (as the stage counts do);
    `status=all` shows everyone, finished and stopped too."""
    params = request.GET.copy()
    status = params.get("status", "")
    if status == ALL_STATUSES:
        params.pop("status")
    filterset, applicants = recruit_selectors.applicant_list(user, params)
    if not status:
        # The same filters over those on the way, in one query (an `id IN (subquery)` here planned badly).
        on_the_way = recruit_selectors.pipeline_applicants(user, view_org)
        applicants = filterset.filter_queryset(on_the_way) if filterset.is_valid() else on_the_way.none()
        applicants = applicants.order_by("org_path", "id")
    return filterset, applicants


def _select(label: str, choices: list[tuple[str, str]]) -> forms.ChoiceField:
    field = forms.ChoiceField(label=label, choices=choices, required=False)
    field.widget.attrs["class"] = "form-select form-select-sm"
    return field


def _filter_form(request: HttpRequest, filterset: Any, user: Any) -> Any:
    """The engine's filters for the page: the org as a choice of the user's townships and branches, the status
    defaulting to those on the way, "全部" first in every other choice. A fresh form over the query as typed, so
    the changed fields are the ones rendered."""
    form = style_filter_form(filterset.form.__class__(request.GET))
    for name in ("stage", "step"):
        field = form.fields.get(name)
        if field is not None and not any(value == "" for value, _label in field.choices):
            field.choices = [("", "全部"), *field.choices]
    orgs = page_selectors.pipeline_orgs(user)
    if len(orgs) > 1:
        named = [(o.code, o.name if o.level == OrgLevel.TOWNSHIP else f"— {o.name}") for o in orgs]
        form.fields["org"] = _select("党组织", [("", "全部"), *named])
    else:
        del form.fields["org"]
    statuses = [("", "在途(培养考察中、预备期)"), (ALL_STATUSES, "全部"), *ApplicantStatus.choices]
    form.fields["status"] = _select("状态", statuses)
    form.fields["overdue"] = _select("是否逾期", [("", "全部"), ("true", "仅看逾期")])
    return form


def _alert_rows(alerts: list[Any]) -> list[dict[str, Any]]:
    return [{"alert": alert, "label": ALERT_LABELS.get(alert.rule, "逾期")} for alert in alerts]


@login_required
@require_GET
def recruit_pipeline(request: HttpRequest) -> HttpResponse:
    """Who is at which stage and step, what is due next and when, what is overdue; the soft alerts on top."""
    user: Any = request.user
    _require_worker(user)
    today = clock.today()
    view_org = _view_org(request)
    level = _level(view_org)
    filterset, applicants = _applicants(user, request, view_org)
    page = core_selectors.paginate(recruit_selectors.with_steps(applicants), request.GET.get("page"))
    page.page.object_list = recruit_selectors.pipeline_rows(page.page.object_list, today=today)
    townships = []
    if level == "county":
        for town in settings_selectors.townships(user, view_org):
            waiting = recruit_selectors.pipeline_applicants(user, town)
            counts = recruit_selectors.stage_counts(waiting)
            townships.append(
                {
                    "org": town,
                    "counts": [counts.get(number, 0) for number in STAGES],
                    "alerts": recruit_selectors.alert_applicants(user, town, today=today).count(),
                }
            )
    counts = recruit_selectors.stage_counts(recruit_selectors.pipeline_applicants(user, view_org))
    county = settings_selectors.county_of(user)
    context = {
        "view_org": view_org,
        "level": level,
        "today": today,
        "alerts": _alert_rows(recruit_selectors.alerts(user, view_org, today=today)),
        "stage_counts": [(number, name, counts.get(number, 0)) for number, name in STAGES.items()],
        "stages": STAGES,
        "townships": townships,
        "filter_form": _filter_form(request, filterset, user),
        "page": page,
        "filtered": is_filtered(request),
        "can_create": page_selectors.branches(user).exists(),
        "can_settings": county is not None and can_set_county_rules(user, county),
        "query": request.GET.urlencode(),
    }
    return render(request, "members/recruitment/pipeline.html", context)


@login_required
@require_GET
def recruit_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as .xlsx: every row, not one page, with the step due next and whether it is overdue."""
    user: Any = request.user
    _require_worker(user)
    today = clock.today()
    view_org = _view_org(request)
    _filterset, applicants = _applicants(user, request, view_org)
    rows = []
    for row in recruit_selectors.pipeline_rows(recruit_selectors.with_steps(applicants), today=today):
        a, nxt = row.applicant, row.next_step
        rows.append(
            [
                a.name,
                a.get_gender_display(),
                a.id_number_masked,
                a.org.name,
                a.trainer_org.name if a.trainer_org_id else "",
                a.get_training_mode_display(),
                f"{row.stage}. {row.stage_name}",
                f"{a.step}. {row.step_name}",
                a.get_status_display(),
                a.applied_on,
                a.activist_on,
                a.candidate_on,
                a.resolution_on,
                a.probation_ends_on,
                a.confirmed_on,
                f"{nxt.number}. {nxt.name}" if nxt else "",
                nxt.due_on if nxt else None,
                "逾期" if row.overdue else "",
            ]
        )
    sheet = Sheet(
        title="发展党员",
        caption=f"{view_org.name} 发展党员工作进度({today:%Y-%m-%d})",
        headers=EXPORT_HEADERS,
        rows=rows,
    )
    return xlsx_response(table_xlsx([sheet]), f"发展党员-{view_org.name}-{today:%Y%m%d}.xlsx")


# --- applicants ----------------------------------------------------------------------------------------------


@login_required
def recruit_create(request: HttpRequest) -> HttpResponse:
    """A new application (step 1 recorded with it)."""
    user: Any = request.user
    branches = [b for b in page_selectors.branches(user) if can_manage_members(user, b)]
    if not branches:
        raise PermissionDenied("没有登记入党申请的权限")
    initial: dict[str, Any] = {"applied_on": clock.today(), "ethnicity": "汉族"}
    if len(branches) == 1:
        initial["org"] = branches[0].pk
    form = ApplicantCreateForm(request.POST or None, initial=initial, branches=branches)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = next(b for b in branches if b.pk == data.pop("org"))
        code = data.pop("trainer_code", "")
        trainer = page_selectors.branch_by_code(user, code) if code else None
        if code and trainer is None:
            form.add_error("trainer_code", f"组织代码“{code}”不存在")
        else:
            try:
                applicant = recruit_services.applicant_create(actor=user, org=org, trainer_org=trainer, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已登记“{applicant.name}”的入党申请")
                return redirect("members:recruit_detail", pk=applicant.pk)
    return render(request, "members/recruitment/applicant_form.html", {"form": form})


def _may_record(user: Any, applicant: Applicant, number: int) -> bool:
    if number in rules.COMMITTEE_STEPS:
        return can_approve(user, applicant.org)
    if number in rules.TRAINER_STEPS and applicant.trainer_org_id:
        return can_manage_members(user, applicant.org) or can_manage_members(user, applicant.trainer_org)
    return can_manage_members(user, applicant.org)


def _step_form(
    request: HttpRequest, applicant: Applicant, number: int, *, data: Any = None, files: Any = None
) -> StepForm:
    orgs, default = page_selectors.step_orgs(applicant, number)
    chosen = [int(v) for v in (data.getlist(f"s{number}-people") if data is not None else []) if v.isdigit()]
    people = page_selectors.people_pool(request.user, applicant, keep=chosen) if number in PEOPLE_STEPS else []
    initial = {"done_on": clock.today()}
    return StepForm(data, files, number=number, orgs=orgs, default_org=default, people=people, initial=initial)


def _detail_context(
    request: HttpRequest, applicant: Applicant, *, bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Everything the applicant's page shows; `bound` carries a submitted form back with its errors."""
    user: Any = request.user
    bound = bound or {}
    today = clock.today()
    done = page_selectors.steps_of(user, applicant)
    by_number: dict[int, list[Any]] = {}
    for step in done:
        by_number.setdefault(step.number, []).append(step)
    upcoming = recruit_selectors.next_steps(applicant, today=today)
    forms_by_number = {}
    for nxt in upcoming:
        if nxt.blocked is None and _may_record(user, applicant, nxt.number):
            forms_by_number[nxt.number] = bound.get(f"step{nxt.number}") or _step_form(request, applicant, nxt.number)
    timeline = []
    for stage, stage_name in STAGES.items():
        steps = []
        for number, (step_stage, name) in STEPS.items():
            if step_stage != stage:
                continue
            steps.append({"number": number, "name": name, "done": by_number.get(number, [])})
        timeline.append(
            {"number": stage, "name": stage_name, "steps": steps, "current": STEPS[applicant.step][0] == stage}
        )
    setting = recruit_selectors.recruit_setting(applicant.county_id)
    in_progress = applicant.status == ApplicantStatus.IN_PROGRESS
    panel = None
    if setting.six_three and in_progress and applicant.step >= 7:
        panel = page_selectors.six_three_panel(applicant, today=today)
    # 六评三定 is the township's work (the service says so too), until the branch committee's review (step 12).
    may_six_three = (
        panel is not None
        and applicant.step < 12
        and getattr(user, "role", None) == Role.TOWNSHIP_ADMIN
        and can_approve(user, applicant.org)
    )
    vote_entitled = {}
    for number in VOTE_STEPS & set(forms_by_number):
        form = forms_by_number[number]
        on = form.cleaned_data.get("done_on") if form.is_bound and hasattr(form, "cleaned_data") else None
        vote_entitled[number] = (on or today, recruit_selectors.voting_entitled(applicant.org, on or today))
    return {
        "applicant": applicant,
        "today": today,
        "timeline": timeline,
        "upcoming": upcoming,
        "step_forms": [(nxt, forms_by_number.get(nxt.number)) for nxt in upcoming],
        "vote_entitled": vote_entitled,
        "people": page_selectors.people_of(user, applicant),
        "setting": setting,
        "panel": panel,
        "may_six_three": may_six_three,
        "score_form": bound.get("score")
        or (ScoreForm(rows=panel.rows, initial={"scored_on": today}) if may_six_three and panel else None),
        "inspect_form": bound.get("inspect") or DateForm(initial={"on": today}, prefix="inspect", label=INSPECT_LABEL),
        "nominate_form": bound.get("nominate")
        or DateForm(initial={"on": today}, prefix="nominate", label=NOMINATE_LABEL),
        "can_stop": in_progress and can_manage_members(user, applicant.org),
        "open_step": bound.get("open") or max(forms_by_number, default=None),
        "can_view_audit": can_view_audit(user),
        "committee_steps": rules.COMMITTEE_STEPS,
    }


@login_required
@require_GET
def recruit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    applicant = recruit_selectors.applicant_detail(request.user, pk)
    return render(request, "members/recruitment/applicant_detail.html", _detail_context(request, applicant))


@login_required
@require_POST
def recruit_step(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Record one step; a refusal comes back on the step's form with the rule's message."""
    user: Any = request.user
    applicant = recruit_selectors.applicant_detail(user, pk)
    if number not in STEPS:
        raise Http404("步骤不存在")
    if not _may_record(user, applicant, number):
        who = "上级党委" if number in rules.COMMITTEE_STEPS else "党支部"
        raise PermissionDenied(f"第{number}步“{STEPS[number][1]}”由{who}记录")
    form = _step_form(request, applicant, number, data=request.POST, files=request.FILES)
    if form.is_valid():
        orgs, _default = page_selectors.step_orgs(applicant, number)
        org = next(o for o in orgs if o.pk == form.cleaned_data["org"])
        people = page_selectors.people_by_ids(user, form.cleaned_data.get("people", []))
        try:
            recruit_services.step_record(
                actor=user, applicant=applicant, number=number, org=org, **form.step_values(people)
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已记录第{number}步“{STEPS[number][1]}”")
            return redirect("members:recruit_detail", pk=applicant.pk)
    applicant.refresh_from_db()
    context = _detail_context(request, applicant, bound={f"step{number}": form, "open": number})
    return render(request, "members/recruitment/applicant_detail.html", context, status=200)


@login_required
@require_POST
def recruit_score(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    applicant = recruit_selectors.applicant_detail(user, pk)
    panel = page_selectors.six_three_panel(applicant, today=clock.today())
    form = ScoreForm(request.POST, rows=panel.rows)
    if form.is_valid():
        try:
            recruit_services.candidate_score(
                actor=user, applicant=applicant, scores=form.scores(), scored_on=form.cleaned_data["scored_on"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存量化考评得分")
            return redirect("members:recruit_detail", pk=applicant.pk)
    return render(
        request,
        "members/recruitment/applicant_detail.html",
        _detail_context(request, applicant, bound={"score": form, "open": "six"}),
    )


def _dated_action(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    user: Any = request.user
    applicant = recruit_selectors.applicant_detail(user, pk)
    form = DateForm(request.POST, prefix=kind, label=INSPECT_LABEL if kind == "inspect" else NOMINATE_LABEL)
    if form.is_valid():
        on = form.cleaned_data["on"]
        try:
            if kind == "inspect":
                recruit_services.candidate_inspect(actor=user, applicant=applicant, inspected_on=on)
            else:
                recruit_services.candidate_nominate(actor=user, applicant=applicant, nominated_on=on)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已记录组织考察" if kind == "inspect" else "已记录乡镇党委提名")
            return redirect("members:recruit_detail", pk=applicant.pk)
    context = _detail_context(request, applicant, bound={kind: form, "open": "six"})
    return render(request, "members/recruitment/applicant_detail.html", context)


@login_required
@require_POST
def recruit_inspect(request: HttpRequest, pk: int) -> HttpResponse:
    return _dated_action(request, pk, "inspect")


@login_required
@require_POST
def recruit_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    return _dated_action(request, pk, "nominate")


@login_required
def recruit_stop(request: HttpRequest, pk: int) -> HttpResponse:
    """终止培养, after a confirmation page."""
    user: Any = request.user
    applicant = recruit_selectors.applicant_detail(user, pk)
    if not can_manage_members(user, applicant.org):
        raise PermissionDenied("没有终止培养该申请人的权限")
    form = StopForm(request.POST or None, initial={"ended_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            recruit_services.applicant_stop(actor=user, applicant=applicant, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已终止对“{applicant.name}”的培养")
            return redirect("members:recruit_detail", pk=applicant.pk)
    return render(request, "members/recruitment/applicant_stop.html", {"applicant": applicant, "form": form})


@login_required
@require_GET
def recruit_people(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The people picker of a step: members found by name within scope, the ones already ticked kept."""
    user: Any = request.user
    applicant = recruit_selectors.applicant_detail(user, pk)
    if number not in PEOPLE_STEPS:
        raise Http404("该步骤不需要选择党员")
    chosen = [int(v) for v in request.GET.getlist(f"s{number}-people") if v.isdigit()]
    people = page_selectors.people_pool(user, applicant, search=request.GET.get("q", ""), keep=chosen)
    orgs, default = page_selectors.step_orgs(applicant, number)
    form = StepForm(number=number, orgs=orgs, default_org=default, people=people, initial={"people": chosen})
    context = {"field": form["people"], "applicant": applicant, "number": number, "searched": request.GET.get("q", "")}
    return render(request, "members/recruitment/people_options.html", context)


@login_required
@require_GET
def recruit_document(request: HttpRequest, pk: int) -> FileResponse:
    """A step's uploaded file, to users who see the applicant only (documents are never served publicly)."""
    document = page_selectors.document_detail(request.user, pk)
    if not document.file:
        raise Http404("该材料没有上传文件")
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件不存在") from None
    name = Path(document.file.name or "").name
    return FileResponse(handle, as_attachment=True, filename=name)


urlpatterns: list[URLPattern] = [
    path("recruitment/", recruit_pipeline, name="recruit_pipeline"),
    path("recruitment/export.xlsx", recruit_export, name="recruit_export"),
    path("recruitment/new/", recruit_create, name="recruit_create"),
    path("recruitment/<int:pk>/", recruit_detail, name="recruit_detail"),
    path("recruitment/<int:pk>/steps/<int:number>/", recruit_step, name="recruit_step"),
    path("recruitment/<int:pk>/steps/<int:number>/people/", recruit_people, name="recruit_people"),
    path("recruitment/<int:pk>/scores/", recruit_score, name="recruit_score"),
    path("recruitment/<int:pk>/inspect/", recruit_inspect, name="recruit_inspect"),
    path("recruitment/<int:pk>/nominate/", recruit_nominate, name="recruit_nominate"),
    path("recruitment/<int:pk>/stop/", recruit_stop, name="recruit_stop"),
    path("recruitment/documents/<int:pk>/", recruit_document, name="recruit_document"),
    path("recruitment/settings/", recruit_settings, name="recruit_settings"),
    path("recruitment/settings/items/new/", recruit_item_form, name="recruit_item_create"),
    path("recruitment/settings/items/<int:pk>/", recruit_item_form, name="recruit_item_edit"),
    path("recruitment/settings/items/<int:pk>/delete/", recruit_item_delete, name="recruit_item_delete"),
    path("recruitment/settings/quotas/<int:pk>/", recruit_quota_edit, name="recruit_quota_edit"),
]
