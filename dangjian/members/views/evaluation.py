"""Pages of 民主评议党员: the campaigns of a branch or township with their counts per grade and alerts, a
campaign's entry sheet, each member's self-assessment and ballots, the decision on grades, the follow-up of
members graded 不合格, and the results as .xlsx."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.forms import style_filter_form
from dangjian.core.io.tables import xlsx_response
from dangjian.core.views.common import is_filtered, manages_own_org, requested_org
from dangjian.members import rules
from dangjian.members.choices import CampaignStatus, FollowupStatus, Grade
from dangjian.members.forms.evaluation import (
    BallotsForm,
    CampaignStartForm,
    DecideForm,
    FollowupCloseForm,
    FollowupForm,
    SelfAssessmentForm,
)
from dangjian.members.permissions import can_manage_members
from dangjian.members.selectors import evaluation as selectors
from dangjian.members.services import evaluation as services


@login_required
@require_GET
def evaluation_list(request: HttpRequest) -> HttpResponse:
    """The campaigns in scope (a branch's own, a township's branches') with counts per grade, and the alerts."""
    user: Any = request.user
    filterset, campaigns = selectors.campaign_list(user, request.GET)
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": core_selectors.paginate(campaigns, request.GET.get("page")),
        "filtered": is_filtered(request),
        "alerts": selectors.evaluation_alerts(user),
        "my_entries": list(selectors.my_entries(user)),
        "can_manage": manages_own_org(user),
        "grades": Grade.choices,
    }
    return render(request, "members/evaluation/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_start(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.org is None or not can_manage_members(user, user.org):
        raise PermissionDenied("没有开展民主评议的权限")
    today = clock.today()
    initial = {"org_code": user.org.code, "year": today.year - 1 if today.month <= 3 else today.year}
    form = CampaignStartForm(request.POST or None, initial=initial | {"started_on": today})
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["org_code"].strip()
        org = core_selectors.org_by_code(user, code)
        if org is None:
            form.add_error("org_code", f"组织代码“{code}”不存在或不在您的管理范围内")
        else:
            try:
                campaign = services.evaluation_start(
                    actor=user, org=org, year=form.cleaned_data["year"], started_on=form.cleaned_data["started_on"]
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                count = campaign.entries.count()
                messages.success(request, f"已开展{campaign.year}年度民主评议,{count}名党员列入评议名单")
                return redirect("members:evaluation_detail", pk=campaign.pk)
    return render(request, "members/evaluation/start.html", {"form": form})


@login_required
@require_GET
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A campaign's entry sheet: each member's self-assessment, ballots, grade and follow-up."""
    user: Any = request.user
    campaign = selectors.campaign_detail(user, pk)
    entries = list(selectors.campaign_entries(user, campaign))
    context = {
        "campaign": campaign,
        "entries": entries,
        "can_manage": can_manage_members(user, campaign.org),
        "is_open": campaign.status == CampaignStatus.OPEN,
        "quota": rules.excellent_quota(campaign.members - campaign.probationary_count),
        "today": clock.today(),
    }
    return render(request, "members/evaluation/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """One member's entry: the self-assessment (the member or the branch) and the ballots (the branch)."""
    user: Any = request.user
    entry = selectors.entry_detail(user, pk)
    campaign = entry.campaign
    may_manage = can_manage_members(user, campaign.org)
    own = getattr(user, "person_id", None) == entry.person_id
    is_open = campaign.status == CampaignStatus.OPEN
    text_form = SelfAssessmentForm(initial={"self_assessment": entry.self_assessment}, prefix="text")
    ballots_form = BallotsForm(initial={f: getattr(entry, f) for f in services.BALLOT_FIELDS}, prefix="ballots")
    if request.method == "POST":
        if not is_open:
            raise PermissionDenied("本次民主评议已确定等次,不能再修改")
        try:
            if "ballots" in request.POST:
                ballots_form = BallotsForm(request.POST, prefix="ballots")
                if ballots_form.is_valid():
                    services.evaluation_ballots_save(actor=user, entry=entry, **ballots_form.counts())
                    messages.success(request, f"已保存{entry.person.name}的评议票数")
                    return redirect("members:evaluation_detail", pk=campaign.pk)
            else:
                text_form = SelfAssessmentForm(request.POST, prefix="text")
                if text_form.is_valid():
                    services.evaluation_self_assessment_save(
                        actor=user, entry=entry, text=text_form.cleaned_data["self_assessment"]
                    )
                    messages.success(request, "已保存个人自评")
                    return redirect("members:evaluation_entry", pk=entry.pk)
        except ValidationError as exc:
            (ballots_form if "ballots" in request.POST else text_form).add_service_errors(exc)
    context = {
        "entry": entry,
        "campaign": campaign,
        "text_form": text_form,
        "ballots_form": ballots_form,
        "can_write_text": is_open and (own or may_manage),
        "can_manage": may_manage,
        "is_open": is_open,
    }
    return render(request, "members/evaluation/entry.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The branch meeting's grades: one per formal member; the page says the quota and that it is final."""
    user: Any = request.user
    campaign = selectors.campaign_detail(user, pk)
    if not can_manage_members(user, campaign.org):
        raise PermissionDenied("没有确定该党支部民主评议等次的权限")
    if campaign.status != CampaignStatus.OPEN:
        messages.info(request, "本次民主评议已确定等次")
        return redirect("members:evaluation_detail", pk=campaign.pk)
    entries = list(selectors.campaign_entries(user, campaign))
    initial = {"decided_on": clock.today()} | {
        DecideForm.field_name(e): e.grade for e in entries if not e.probationary and e.grade
    }
    form = DecideForm(request.POST or None, entries=entries, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_decide(
                actor=user, campaign=campaign, grades=form.grades(), decided_on=form.cleaned_data["decided_on"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已确定等次")
            return redirect("members:evaluation_detail", pk=campaign.pk)
    graded = len(form.entries)
    context = {
        "campaign": campaign,
        "form": form,
        "quota": rules.excellent_quota(graded),
        "graded": graded,
        "probationary": [e for e in entries if e.probationary],
    }
    return render(request, "members/evaluation/decide.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_followup_create(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    entry = selectors.entry_detail(user, pk)
    if not can_manage_members(user, entry.campaign.org):
        raise PermissionDenied("没有对该党员作出组织处置的权限")
    form = FollowupForm(request.POST or None, initial={"decided_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            followup = services.evaluation_followup_create(actor=user, entry=entry, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已对{entry.person.name}作出组织处置:{followup.get_measure_display()}")
            return redirect("members:evaluation_followup", pk=followup.pk)
    return render(request, "members/evaluation/followup_form.html", {"form": form, "entry": entry})


@login_required
@require_GET
def evaluation_followups(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filterset, followups = selectors.followup_list(user, request.GET)
    page = core_selectors.paginate(followups, request.GET.get("page"))
    today = clock.today()
    rows = [(f, selectors.followup_is_overdue(f, today)) for f in page.page.object_list]
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": page,
        "rows": rows,
        "filtered": is_filtered(request),
    }
    return render(request, "members/evaluation/followups.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_followup(request: HttpRequest, pk: int) -> HttpResponse:
    """A follow-up with its deadline; closing it (and, for 劝退 or 除名, the 党籍 change) asks for confirmation."""
    user: Any = request.user
    followup = selectors.followup_detail(user, pk)
    org = followup.entry.campaign.org
    may_close = followup.status == FollowupStatus.OPEN and can_manage_members(user, org)
    form = FollowupCloseForm(request.POST or None, initial={"closed_on": clock.today()})
    if request.method == "POST":
        if not may_close:
            raise PermissionDenied("没有办结该组织处置的权限")
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["to_standing"] = data.get("to_standing") or None
            try:
                services.evaluation_followup_close(actor=user, followup=followup, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            except PermissionDenied as exc:
                form.add_error("to_standing", str(exc))
            else:
                messages.success(request, "已办结组织处置")
                return redirect("members:evaluation_followup", pk=followup.pk)
    context = {
        "followup": followup,
        "form": form,
        "may_close": may_close,
        "overdue": selectors.followup_is_overdue(followup),
    }
    return render(request, "members/evaluation/followup.html", context)


@login_required
@require_GET
def evaluation_export(request: HttpRequest) -> HttpResponse:
    """The results of the listed campaigns (same filters as the list) as .xlsx."""
    user: Any = request.user
    org = requested_org(request)
    if org is None:
        raise PermissionDenied("没有导出民主评议结果的权限")
    _, entries = selectors.entry_list(user, request.GET)
    year = request.GET.get("year", "").strip()
    file_name = f"民主评议结果-{org.name}{'-' + year if year else ''}-{clock.today():%Y%m%d}.xlsx"
    caption = f"{org.name} {year + '年度' if year else ''}民主评议结果(导出日期 {clock.today():%Y-%m-%d})"
    content = services.evaluation_results_export(
        actor=user, org=org, entries=entries.filter(org_path__startswith=org.path), file_name=file_name, caption=caption
    )
    return xlsx_response(content, file_name)


urlpatterns: list[URLPattern] = [
    path("evaluation/", evaluation_list, name="evaluation_list"),
    path("evaluation/new/", evaluation_start, name="evaluation_start"),
    path("evaluation/export.xlsx", evaluation_export, name="evaluation_export"),
    path("evaluation/<int:pk>/", evaluation_detail, name="evaluation_detail"),
    path("evaluation/<int:pk>/decide/", evaluation_decide, name="evaluation_decide"),
    path("evaluation/entries/<int:pk>/", evaluation_entry, name="evaluation_entry"),
    path("evaluation/entries/<int:pk>/followup/", evaluation_followup_create, name="evaluation_followup_create"),
    path("evaluation/followups/", evaluation_followups, name="evaluation_followups"),
    path("evaluation/followups/<int:pk>/", evaluation_followup, name="evaluation_followup"),
]
