"""Pages of 软弱涣散整顿: the home page (conversion figures for any period and scope, the rounds, the cases with their
filters and export), a round (ranking, candidates, the county's confirmation), a case (its ledger: leader, team,
plan, entries, visits and the five "不撤离" conditions with the exit), and their forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.choices import OrgLevel
from dangjian.core.filters import parse_year
from dangjian.core.io.tables import xlsx_response
from dangjian.core.models import Org
from dangjian.core.scoping import get_scoped_or_404
from dangjian.core.views.common import export_org, home_org, run_and_report, save_changes, service_errors
from dangjian.villages.choices import CandidateStatus, CaseStatus, ExitCondition, RoundStatus
from dangjian.villages.forms.rectification import (
    AssessmentForm,
    CandidateAddForm,
    CaseForm,
    CheckForm,
    EntryForm,
    NoteForm,
    ReasonForm,
    RoundEditForm,
    RoundForm,
    ScoresImportForm,
    TeamMemberForm,
    VisitForm,
    style_filters,
)
from dangjian.villages.models import RectAssessment, RectCase, RectEntry, RectTeamMember
from dangjian.villages.permissions import can_approve, can_manage_village, can_set_county_rules
from dangjian.villages.selectors import rectification as selectors
from dangjian.villages.services import rectification as services

ORG_NOT_FOUND = "组织代码“{code}”不存在或不在您的管理范围内"


def _county(user: Any) -> Org | None:
    org = home_org(user)
    if org is None:
        return None
    return org if org.level == OrgLevel.COUNTY else Org.objects.filter(pk=org.county_id).first()


def _is_county(user: Any) -> bool:
    county = _county(user)
    return county is not None and can_set_county_rules(user, county)


def _is_admin(user: Any) -> bool:
    """A township or county administrator (who scores, proposes, supervises and applies)."""
    return getattr(user, "role", None) in ("county_admin", "township_admin")


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw.strip()) if raw.strip() else None
    except ValueError:
        return None


def _period(request: HttpRequest) -> tuple[dt.date, dt.date, int]:
    """`?since=&until=` when given (either end defaults to the year's), else the calendar year `?year=`."""
    year = parse_year(request.GET.get("year"))
    start, end = selectors.year_period(year)
    since, until = _date(request.GET.get("since", "")), _date(request.GET.get("until", ""))
    start, end = since or start, until or end
    if end < start:
        start, end = end, start
    return start, end, year


def _scope_org(request: HttpRequest) -> Org | None:
    code = request.GET.get("org", "").strip()
    if not code:
        return None
    org = core_selectors.org_by_code(request.user, code)
    if org is None:
        raise Http404("党组织不存在")
    return org


def _years() -> list[int]:
    today = clock.today()
    return list(range(today.year, today.year - 6, -1))


def _case_filters(user: Any, params: Any) -> tuple[Any, Any]:
    filterset, cases = selectors.case_list(user, params)
    form = style_filters(filterset.form)
    towns = [("", "全部"), *((t.pk, t.name) for t in selectors.townships(user))]
    form.fields["township"].widget = forms.Select(choices=towns, attrs={"class": "form-select form-select-sm"})
    form.fields["year"].widget.attrs.setdefault("placeholder", "全部")
    return form, cases


# --- home ---------------------------------------------------------------------------------------------------


@login_required
@require_GET
def rectification_home(request: HttpRequest) -> HttpResponse:
    """The figures of a period (default this year) for the scope, the rounds, and the cases list."""
    user: Any = request.user
    start, end, year = _period(request)
    scope_org = _scope_org(request)
    figures = selectors.figures(user, start, end, scope_org)
    form, cases = _case_filters(user, request.GET)
    case_keys = ("township", "status", "leader", "search", "stale", "page")
    context = {
        "figures": figures,
        "year": year,
        "years": _years(),
        "since": request.GET.get("since", ""),
        "until": request.GET.get("until", ""),
        "scope_org": scope_org,
        "rounds": list(selectors.rounds_visible(user)[:10]),
        "filter_form": form,
        "page": core_selectors.paginate(cases, request.GET.get("page")),
        "filtered": any(request.GET.get(key, "").strip() for key in case_keys if key != "page"),
        "is_county": _is_county(user),
        "is_admin": _is_admin(user),
    }
    return render(request, "villages/rectification/home.html", context)


@login_required
@require_GET
def rectification_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not (_is_admin(user) or can_manage_village(user, user.org)):
        raise PermissionDenied("没有导出软弱涣散整顿对象的权限")
    _, cases = selectors.case_list(user, request.GET)
    org = export_org(request) or home_org(user)
    county_id = org.county_id if org else None
    name = org.name if org else ""
    file_name = f"软弱涣散整顿对象-{name}-{clock.today():%Y%m%d}.xlsx"
    content = services.cases_export(
        actor=user,
        org=org,
        cases=cases,
        towns=selectors.town_names(county_id),
        file_name=file_name,
        caption=f"{name} 软弱涣散基层党组织整顿对象",
    )
    return xlsx_response(content, file_name)


# --- rounds -------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    county = _county(user)
    if county is None or not can_set_county_rules(user, county):
        raise PermissionDenied("只有县委组织部可以启动软弱涣散排查轮次")
    today = clock.today()
    form = RoundForm(request.POST or None, initial={"year": today.year, "ratio": "10", "opened_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(actor=user, county=county, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已启动“{round_.name}”")
            return redirect("villages:rectification_round", pk=round_.pk)
    return render(request, "villages/rectification/form.html", {"form": form, "title": "启动排查轮次"})


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    round_ = selectors.round_detail(user, pk)
    if not can_set_county_rules(user, round_.org):
        raise PermissionDenied("只有县委组织部可以修改排查轮次")
    initial = {name: getattr(round_, name) for name in services.ROUND_FIELDS}
    form = RoundEditForm(request.POST or None, initial=initial)
    if save_changes(request, form, lambda changes: services.round_update(actor=user, round=round_, **changes)):
        return redirect("villages:rectification_round", pk=round_.pk)
    context = {"form": form, "title": "修改排查轮次", "round": round_}
    return render(request, "villages/rectification/form.html", context)


@login_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranking (county-wide ranks, the user's branches), the candidates with their reasons and decisions."""
    user: Any = request.user
    round_ = selectors.round_detail(user, pk)
    search = request.GET.get("search", "").strip()
    rows = selectors.ranking(user, round_, {"search": search} if search else {})
    _, candidates = selectors.candidate_list(user, {"round": str(round_.pk)})
    candidates = list(candidates)
    context = {
        "round": round_,
        "rows": rows,
        "search": search,
        "candidates": candidates,
        "proposed": sum(1 for c in candidates if c.status == CandidateStatus.PROPOSED),
        "confirmed": sum(1 for c in candidates if c.status == CandidateStatus.CONFIRMED),
        "is_county": can_set_county_rules(user, round_.org),
        "is_admin": _is_admin(user),
        "open": round_.status == RoundStatus.OPEN,
    }
    return render(request, "villages/rectification/round.html", context)


@login_required
@require_POST
def round_propose(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    round_ = selectors.round_detail(user, pk)
    try:
        found = services.candidates_propose(actor=user, round=round_)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        messages.success(request, f"已按排名和软弱涣散情形生成候选对象{len(found)}个")
    return redirect("villages:rectification_round", pk=round_.pk)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A branch's score and criteria (`?org=` the branch's code)."""
    user: Any = request.user
    round_ = selectors.round_detail(user, pk)
    if not _is_admin(user):
        raise PermissionDenied("只有乡镇或县委组织部可以录入排查结果")
    code = request.GET.get("org", "").strip()
    existing = RectAssessment.objects.filter(round=round_, org__code=code).first() if code else None
    initial: dict[str, Any] = {"org_code": code}
    if existing is not None:
        initial |= {"score": existing.score, "criteria": existing.criteria, "note": existing.note}
    form = AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = core_selectors.org_by_code(user, data.pop("org_code").strip())
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        else:
            try:
                services.assessment_save(actor=user, round=round_, org=org, **data)
            except ValidationError as exc:
                service_errors(form, exc)
            else:
                messages.success(request, f"已保存{org.name}的排查结果")
                return redirect("villages:rectification_round", pk=round_.pk)
    context = {"form": form, "title": "录入得分和软弱涣散情形", "round": round_}
    return render(request, "villages/rectification/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def scores_import(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    round_ = selectors.round_detail(user, pk)
    if not _is_admin(user):
        raise PermissionDenied("只有乡镇或县委组织部可以导入得分")
    form = ScoresImportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.scores_import(actor=user, round=round_, text=form.cleaned_data["text"])
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, f"已导入{count}个党组织的得分")
            return redirect("villages:rectification_round", pk=round_.pk)
    context = {
        "form": form,
        "title": "导入年度考核得分",
        "round": round_,
        "help": "可从表格中复制两列(组织代码、得分)粘贴",
    }
    return render(request, "villages/rectification/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The township proposes a branch of its own, with a reason."""
    user: Any = request.user
    round_ = selectors.round_detail(user, pk)
    if not _is_admin(user):
        raise PermissionDenied("只有乡镇或县委组织部可以提出整顿对象")
    form = CandidateAddForm(request.POST or None, initial={"org_code": request.GET.get("org", "")})
    if request.method == "POST" and form.is_valid():
        org = core_selectors.org_by_code(user, form.cleaned_data["org_code"].strip())
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        else:
            try:
                services.candidate_add(actor=user, round=round_, org=org, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                service_errors(form, exc)
            else:
                messages.success(request, f"已提出{org.name}为整顿候选对象,待县委组织部确认")
                return redirect("villages:rectification_round", pk=round_.pk)
    context = {"form": form, "title": "提出整顿对象", "round": round_}
    return render(request, "villages/rectification/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    """The county confirms (listed) or rejects (with a reason) a candidate; GET asks first."""
    user: Any = request.user
    if decision not in ("confirm", "reject"):
        raise Http404("页面不存在")
    candidate = selectors.candidate_detail(user, pk)
    if not can_set_county_rules(user, candidate.round.org):
        raise PermissionDenied("只有县委组织部可以确定软弱涣散党组织")
    form = NoteForm(request.POST or None)
    if decision == "reject":
        form.fields["note"].label, form.fields["note"].required = "不列入的理由", True
        form.fields["note"].error_messages["required"] = "请填写不列入的理由"
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        try:
            if decision == "confirm":
                case = services.candidate_confirm(actor=user, candidate=candidate, note=note)
            else:
                services.candidate_reject(actor=user, candidate=candidate, note=note)
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            if decision == "confirm":
                messages.success(request, f"已确定{candidate.org.name}为软弱涣散整顿对象")
                return redirect("villages:rectification_case", pk=case.pk)
            messages.success(request, f"{candidate.org.name}未列入整顿对象")
            return redirect("villages:rectification_round", pk=candidate.round_id)
    context = {
        "form": form,
        "candidate": candidate,
        "decision": decision,
        "title": "确定为整顿对象" if decision == "confirm" else "不列入整顿对象",
    }
    return render(request, "villages/rectification/candidate_decide.html", context)


# --- cases --------------------------------------------------------------------------------------------------


def _case_or_404(user: Any, pk: int) -> RectCase:
    return selectors.case_detail(user, pk)


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's ledger: leader, team, plan, entries, visits, and the exit checklist."""
    user: Any = request.user
    case = _case_or_404(user, pk)
    approver = can_approve(user, case.org)
    checks = selectors.case_checks(case)
    rectifying = case.status == CaseStatus.RECTIFYING
    context = {
        "case": case,
        "team": selectors.case_team(case),
        "entries": list(selectors.case_entries(case)[:200]),
        "visits": list(selectors.case_visits(case)[:100]),
        "checks": [(row, CheckForm(prefix=row.value, initial=_check_initial(row))) for row in checks],
        "met_count": sum(1 for row in checks if row.met),
        "approver": approver,
        "keeper": can_manage_village(user, case.org) and case.status != CaseStatus.EXITED,
        "county": can_set_county_rules(user, case.round.org),
        "rectifying": rectifying,
        "team_form": TeamMemberForm() if approver and case.status != CaseStatus.EXITED else None,
        "stale": RectCase.objects.filter(pk=case.pk).filter(selectors.stale_q(clock.today())).exists(),
    }
    return render(request, "villages/rectification/case.html", context)


def _check_initial(row: selectors.ConditionRow) -> dict[str, Any]:
    return {"met": row.met, "evidence": row.check.evidence if row.check else ""}


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The county leader in charge and the plan."""
    user: Any = request.user
    case = _case_or_404(user, pk)
    if not can_approve(user, case.org):
        raise PermissionDenied("没有修改该整顿对象的权限")
    initial = {name: getattr(case, name) for name in CaseForm.model_fields}
    form = CaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        try:
            if changes:
                services.case_update(actor=user, case=case, **changes)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存分包领导和整顿方案" if changes else "没有需要保存的修改")
            return redirect("villages:rectification_case", pk=case.pk)
    context = {"form": form, "title": "分包领导和整顿方案", "case": case}
    return render(request, "villages/rectification/form.html", context)


@login_required
@require_POST
def team_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    case = _case_or_404(user, pk)
    form = TeamMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, ";".join(e for errors in form.errors.values() for e in errors))
    else:
        run_and_report(
            request,
            lambda: services.team_member_add(actor=user, case=case, **form.cleaned_data),
            f"已将{form.cleaned_data['name']}加入整顿工作队",
        )
    return redirect(reverse("villages:rectification_case", kwargs={"pk": case.pk}) + "#team")


@login_required
@require_http_methods(["GET", "POST"])
def team_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    member = get_scoped_or_404(RectTeamMember.objects.select_related("case__org"), user, pk=pk)
    if not can_approve(user, member.case.org):
        raise PermissionDenied("没有调整该工作队的权限")
    back = reverse("villages:rectification_case", kwargs={"pk": member.case_id})
    if request.method == "POST":
        run_and_report(
            request, lambda: services.team_member_remove(actor=user, member=member), f"已将{member.name}移出工作队"
        )
        return redirect(back + "#team")
    message = f"确认将{member.name}({member.post})移出{member.case.org.name}的整顿工作队?"
    return render(
        request, "villages/rectification/confirm.html", {"title": "移出工作队", "message": message, "back": back}
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A ledger line, on the phone of a township cadre or the village secretary."""
    user: Any = request.user
    case = _case_or_404(user, pk)
    if not can_manage_village(user, case.org):
        raise PermissionDenied("没有为该整顿对象记录台账的权限")
    form = EntryForm(request.POST or None, request.FILES or None, initial={"occurred_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_add(actor=user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已记入整顿台账")
            return redirect(reverse("villages:rectification_case", kwargs={"pk": case.pk}) + "#entries")
    context = {"form": form, "title": "记整顿台账", "case": case, "multipart": True}
    return render(request, "villages/rectification/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    entry = get_scoped_or_404(RectEntry.objects.select_related("case__org"), user, pk=pk)
    if not can_manage_village(user, entry.case.org):
        raise PermissionDenied("没有删除该台账记录的权限")
    back = reverse("villages:rectification_case", kwargs={"pk": entry.case_id})
    if request.method == "POST":
        run_and_report(request, lambda: services.entry_delete(actor=user, entry=entry), "已删除该台账记录")
        return redirect(back + "#entries")
    message = f"确认删除{entry.occurred_on:%Y-%m-%d}的台账记录“{entry.measure}”?"
    return render(
        request, "villages/rectification/confirm.html", {"title": "删除台账记录", "message": message, "back": back}
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    case = _case_or_404(user, pk)
    if not can_approve(user, case.org):
        raise PermissionDenied("只有乡镇或县委组织部可以记录督导检查")
    form = VisitForm(request.POST or None, initial={"visited_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_add(actor=user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已记录督导检查")
            return redirect(reverse("villages:rectification_case", kwargs={"pk": case.pk}) + "#visits")
    context = {"form": form, "title": "记录督导检查", "case": case}
    return render(request, "villages/rectification/form.html", context)


@login_required
@require_POST
def check_set(request: HttpRequest, pk: int, condition: str) -> HttpResponse:
    """Tick or untick one of the five conditions with its evidence."""
    user: Any = request.user
    case = _case_or_404(user, pk)
    if condition not in ExitCondition.values:
        raise Http404("不撤离条件不存在")
    form = CheckForm(request.POST, request.FILES, prefix=condition)
    label = ExitCondition(condition).label
    if form.is_valid():
        run_and_report(
            request,
            lambda: services.check_set(actor=user, case=case, condition=condition, **form.cleaned_data),
            f"已{'确认达到' if form.cleaned_data['met'] else '取消'}“{label}”",
        )
    else:
        messages.error(request, ";".join(e for errors in form.errors.values() for e in errors))
    return redirect(reverse("villages:rectification_case", kwargs={"pk": case.pk}) + "#exit")


@login_required
@require_http_methods(["GET", "POST"])
def exit_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Apply for the exit (township), accept it (county): GET asks first; returning takes a reason."""
    user: Any = request.user
    if step not in ("apply", "accept", "return"):
        raise Http404("页面不存在")
    case = _case_or_404(user, pk)
    back = reverse("villages:rectification_case", kwargs={"pk": case.pk})
    allowed = can_approve(user, case.org) if step == "apply" else can_set_county_rules(user, case.round.org)
    if not allowed:
        raise PermissionDenied("只有乡镇党委可以申请验收" if step == "apply" else "只有县委组织部可以验收整顿到位")
    form = ReasonForm(request.POST or None) if step == "return" else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            if step == "apply":
                services.exit_apply(actor=user, case=case)
                messages.success(request, f"已申请{case.org.name}整顿到位验收,待县委组织部验收")
            elif step == "accept":
                services.exit_accept(actor=user, case=case)
                messages.success(request, f"{case.org.name}已验收,整顿到位")
            else:
                assert form is not None
                services.exit_return(actor=user, case=case, reason=form.cleaned_data["reason"])
                messages.success(request, "已退回整顿到位申请")
        except ValidationError as exc:
            messages.error(request, ";".join(exc.messages))
        return redirect(back + "#exit")
    titles = {"apply": "申请整顿到位验收", "accept": "验收整顿到位", "return": "退回整顿到位申请"}
    texts = {
        "apply": f"确认{case.org.name}五个“不撤离”条件均已达到,申请县委组织部验收?",
        "accept": f"确认{case.org.name}整顿到位?整顿到位日期为今天({clock.today():%Y-%m-%d})。",
        "return": f"退回{case.org.name}的整顿到位申请,整顿继续。",
    }
    context = {"title": titles[step], "message": texts[step], "back": back, "form": form}
    return render(request, "villages/rectification/confirm.html", context)


urlpatterns: list[URLPattern] = [
    path("rectification/", rectification_home, name="rectification_home"),
    path("rectification/cases.xlsx", rectification_export, name="rectification_export"),
    path("rectification/rounds/new/", round_create, name="rectification_round_create"),
    path("rectification/rounds/<int:pk>/", round_detail, name="rectification_round"),
    path("rectification/rounds/<int:pk>/edit/", round_edit, name="rectification_round_edit"),
    path("rectification/rounds/<int:pk>/propose/", round_propose, name="rectification_propose"),
    path("rectification/rounds/<int:pk>/assess/", assessment_edit, name="rectification_assess"),
    path("rectification/rounds/<int:pk>/import/", scores_import, name="rectification_import"),
    path("rectification/rounds/<int:pk>/candidates/new/", candidate_add, name="rectification_candidate_add"),
    path(
        "rectification/candidates/<int:pk>/<str:decision>/",
        candidate_decide,
        name="rectification_candidate_decide",
    ),
    path("rectification/cases/<int:pk>/", case_detail, name="rectification_case"),
    path("rectification/cases/<int:pk>/edit/", case_edit, name="rectification_case_edit"),
    path("rectification/cases/<int:pk>/team/", team_add, name="rectification_team_add"),
    path("rectification/team/<int:pk>/remove/", team_remove, name="rectification_team_remove"),
    path("rectification/cases/<int:pk>/entries/new/", entry_add, name="rectification_entry_add"),
    path("rectification/entries/<int:pk>/delete/", entry_delete, name="rectification_entry_delete"),
    path("rectification/cases/<int:pk>/visits/new/", visit_add, name="rectification_visit_add"),
    path("rectification/cases/<int:pk>/checks/<str:condition>/", check_set, name="rectification_check"),
    path("rectification/cases/<int:pk>/exit/<str:step>/", exit_step, name="rectification_exit"),
]
