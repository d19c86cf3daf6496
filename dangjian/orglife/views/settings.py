"""Pages of the county's settings of organisational life: the settings and the routine requirements. The county
organisation department edits; township and branch accounts read the same page."""

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
from dangjian.core.models import Org
from dangjian.core.views.common import is_filtered
from dangjian.orglife import rules
from dangjian.orglife.forms.settings import OrgLifeSettingForm, RequirementEndForm, RequirementForm
from dangjian.orglife.models import MeetingRequirement
from dangjian.orglife.permissions import can_set_county_rules
from dangjian.orglife.selectors import settings as selectors
from dangjian.orglife.services import settings as services

NO_COUNTY = "当前账号没有所属县(区)"


def _county(request: HttpRequest) -> tuple[Org, bool]:
    """The user's county and whether the user may change its settings."""
    county = selectors.county_of(request.user)
    if county is None:
        raise PermissionDenied(NO_COUNTY)
    return county, can_set_county_rules(request.user, county)


def _county_admin(request: HttpRequest) -> Org:
    county, may_set = _county(request)
    if not may_set:
        raise PermissionDenied(services.NOT_COUNTY_ADMIN)
    return county


@login_required
@require_http_methods(["GET", "POST"])
def orglife_settings(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    county, may_set = _county(request)
    setting = services.settings_for(county.pk)
    form = OrgLifeSettingForm(request.POST or None, initial=OrgLifeSettingForm.initial_of(setting))
    if request.method == "POST":
        if not may_set:
            raise PermissionDenied(services.NOT_COUNTY_ADMIN)
        if form.is_valid():
            try:
                services.orglife_setting_update(actor=user, county=county, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "已保存组织生活设置")
                return redirect("orglife:settings")
    filterset, requirements = selectors.requirement_list(user, request.GET)
    page = core_selectors.paginate(requirements, request.GET.get("page"))
    today = clock.today()
    for requirement in page.page.object_list:
        requirement.in_force = selectors.in_force(requirement, today)
        requirement.county_set = selectors.county_set(requirement)
    context = {
        "county": county,
        "setting": setting,
        "form": form,
        "may_set": may_set,
        "filter_form": style_filter_form(filterset.form),
        "filtered": is_filtered(request),
        "page": page,
        "has_requirements": selectors.requirements(user).exists(),
        "county_set_note": rules.COUNTY_SET_NOTE,
        "bounds": [(label, getattr(setting, name), unit) for name, label, _low, _high, unit in rules.SETTING_BOUNDS],
        "today": today,
    }
    return render(request, "orglife/settings/settings.html", context)


@login_required
@require_GET
def requirements_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    county, _ = _county(request)
    _, requirements = selectors.requirement_list(user, request.GET)
    file_name = f"组织生活要求-{county.name}-{clock.today():%Y%m%d}.xlsx"
    content = services.requirements_export(
        actor=user,
        county=county,
        requirements=requirements,
        setting=services.settings_for(county.pk),
        file_name=file_name,
    )
    return xlsx_response(content, file_name)


@login_required
@require_http_methods(["GET", "POST"])
def requirement_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user: Any = request.user
    county = _county_admin(request)
    requirement = selectors.requirement_detail(user, pk) if pk is not None else None
    if requirement is not None:
        initial = {name: getattr(requirement, name) for name in RequirementForm.model_fields}
    else:
        initial = {"expected": 1, "effective_from": clock.today().replace(day=1)}
    form = RequirementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if requirement is None:
                services.requirement_create(actor=user, county=county, **form.cleaned_data)
            elif changes := form.changes():
                services.requirement_update(actor=user, requirement=requirement, **changes)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存组织生活要求")
            return redirect("orglife:settings")
    title = f"修改组织生活要求:{requirement}" if requirement else "添加组织生活要求"
    context = {"form": form, "requirement": requirement, "title": title}
    return render(request, "orglife/settings/requirement_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def requirement_end(request: HttpRequest, pk: int) -> HttpResponse:
    """The requirement stops after a date (confirmed on this page); the periods it judged keep it."""
    user: Any = request.user
    _county_admin(request)
    requirement = selectors.requirement_detail(user, pk)
    form = RequirementEndForm(request.POST or None, initial={"effective_until": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.requirement_end(
                actor=user, requirement=requirement, effective_until=form.cleaned_data["effective_until"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已设置“{requirement}”的截止日期")
            return redirect("orglife:settings")
    return render(request, "orglife/settings/requirement_end.html", {"form": form, "requirement": requirement})


@login_required
@require_http_methods(["GET", "POST"])
def requirement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page; the POST deletes a requirement that has not come into force yet."""
    user: Any = request.user
    _county_admin(request)
    requirement = selectors.requirement_detail(user, pk)
    error = ""
    if request.method == "POST":
        try:
            services.requirement_delete(actor=user, requirement=requirement)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"已删除“{requirement}”")
            return redirect("orglife:settings")
    return render(request, "orglife/settings/requirement_delete.html", {"requirement": requirement, "error": error})


@login_required
@require_http_methods(["GET", "POST"])
def requirements_seed(request: HttpRequest) -> HttpResponse:
    """Offered while the county has no requirement: the rules.md defaults, confirmed first."""
    user: Any = request.user
    county = _county_admin(request)
    year_start = clock.today().replace(month=1, day=1)
    error = ""
    if request.method == "POST":
        try:
            created = services.requirements_seed_defaults(county, actor=user, effective_from=year_start)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"已按条例导入{len(created)}项默认组织生活要求")
            return redirect("orglife:settings")
    defaults = [
        (
            MeetingRequirement(
                kind=default.kind, org_category=default.org_category, expected=default.expected, cycle=default.cycle
            ),
            default.note,
        )
        for default in rules.DEFAULT_REQUIREMENTS
    ]
    context = {"county": county, "defaults": defaults, "year_start": year_start, "error": error}
    return render(request, "orglife/settings/requirements_seed.html", context)


urlpatterns: list[URLPattern] = [
    path("settings/", orglife_settings, name="settings"),
    path("settings/requirements/export.xlsx", requirements_export, name="requirements_export"),
    path("settings/requirements/new/", requirement_form, name="requirement_create"),
    path("settings/requirements/seed/", requirements_seed, name="requirements_seed"),
    path("settings/requirements/<int:pk>/", requirement_form, name="requirement_edit"),
    path("settings/requirements/<int:pk>/end/", requirement_end, name="requirement_end"),
    path("settings/requirements/<int:pk>/delete/", requirement_delete, name="requirement_delete"),
]
