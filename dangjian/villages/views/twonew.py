"""Pages of 两新 coverage: the figures and register (filters, search, export), an organisation with its instructors and
assessments, the organisation, instructor and assessment forms, the instructors list and the county's threshold."""

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
from dangjian.core.io.tables import Sheet, audited_xlsx, xlsx_response
from dangjian.core.models import Org, Person
from dangjian.core.scoping import scoped
from dangjian.core.views.common import (
    ORG_NOT_FOUND,
    export_org,
    home_county,
    home_org,
    is_filtered,
    require_manager,
    run_and_report,
)
from dangjian.orglife.forms.volunteers import style_filters
from dangjian.villages.choices import EffectiveItem
from dangjian.villages.forms.twonew import AssessmentForm, EndForm, InstructorForm, OrganisationForm, SettingsForm
from dangjian.villages.models import TwoNewOrganisation
from dangjian.villages.permissions import can_manage_village, can_set_county_rules
from dangjian.villages.selectors import twonew as selectors
from dangjian.villages.services import twonew as services

ITEM_LABELS = dict(EffectiveItem.choices)


def _branch_by_code(code: str, org: Org) -> Org | None:
    """A branch named by code anywhere in the county (an enterprise's branch may sit under the 非公党委)."""
    return Org.objects.filter(code=code.strip(), county_id=org.county_id).first() if code.strip() else None


def _register_rows(organisations: list[TwoNewOrganisation]) -> list[list[Any]]:
    return [
        [
            o.name,
            o.get_kind_display(),
            o.get_subtype_display() if o.subtype else "",
            o.org.name,
            o.employees,
            o.formal_members,
            o.probationary_members,
            o.get_branch_status_display(),
            o.branch.name if o.branch else "",
            "有" if o.has_instructor else "",
            "是" if o.tangible else "否",
            "是" if o.effective_now else "否",
            o.breach,
        ]
        for o in organisations
    ]


@login_required
@require_GET
def twonew_home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manager(user, "没有查看两新组织覆盖情况的权限")
    today = clock.today()
    year = parse_year(request.GET.get("year"))
    params = request.GET.copy()
    params.pop("year", None)
    filterset, organisations = selectors.organisation_list(user, params, today, year)
    style_filters(filterset.form)
    page = core_selectors.paginate(organisations, request.GET.get("page"))
    selectors.decorate(list(page.page.object_list))
    county = home_county(user)
    context = {
        "year": year,
        "years": list(range(today.year, today.year - 5, -1)),
        "figures": selectors.figures(user, today, year, request.GET.get("org", "")),
        "filter_form": filterset.form,
        "page": page,
        "filtered": is_filtered(request, "year"),
        "tangible_definition": selectors.TANGIBLE_DEFINITION,
        "effective_definition": selectors.EFFECTIVE_DEFINITION,
        "required": services.effective_required(county.county_id or county.pk) if county else len(ITEM_LABELS),
        "can_set_rule": county is not None and can_set_county_rules(user, county),
    }
    return render(request, "villages/twonew/home.html", context)


@login_required
@require_GET
def twonew_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manager(user, "没有导出两新组织的权限")
    today = clock.today()
    year = parse_year(request.GET.get("year"))
    params = request.GET.copy()
    params.pop("year", None)
    _, organisations = selectors.organisation_list(user, params, today, year)
    rows = _register_rows(selectors.decorate(list(organisations)))
    org = export_org(request) or home_org(user)
    file_name = f"两新组织覆盖-{org.name if org else ''}-{year}年-{clock.today():%Y%m%d}.xlsx"
    caption = f"{org.name if org else ''} {year}年度 {selectors.TANGIBLE_DEFINITION}"
    content = services.register_export(actor=user, org=org, rows=rows, file_name=file_name, caption=caption)
    return xlsx_response(content, file_name)


def _organisation_values(form: OrganisationForm, org: Org | None) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("org_code", None)
    code = data.pop("branch_code", "") or ""
    branch = _branch_by_code(code, org) if org is not None else None
    if code.strip() and branch is None:
        raise ValidationError({"branch": f"组织代码“{code.strip()}”不存在"})
    data["branch"] = branch
    return data


@login_required
@require_http_methods(["GET", "POST"])
def twonew_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manager(user, "没有登记两新组织的权限")
    form = OrganisationForm(request.POST or None, initial={"org_code": user.org.code, "branch_status": "none"})
    if request.method == "POST" and form.is_valid():
        org = core_selectors.org_by_code(user, form.cleaned_data["org_code"])
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        else:
            try:
                organisation = services.organisation_create(actor=user, org=org, **_organisation_values(form, org))
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已登记“{organisation.name}”")
                return redirect("villages:twonew_organisation", pk=organisation.pk)
    return render(request, "villages/twonew/form.html", {"form": form, "title": "登记两新组织"})


@login_required
@require_http_methods(["GET", "POST"])
def twonew_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    today = clock.today()
    organisation = selectors.organisation_detail(user, pk, today, today.year)
    if not can_manage_village(user, organisation.org):
        raise PermissionDenied("没有修改该两新组织的权限")
    initial = {f: getattr(organisation, f) for f in services.ORGANISATION_FIELDS if f != "branch"}
    initial["branch_code"] = organisation.branch.code if organisation.branch else ""
    form = OrganisationForm(request.POST or None, with_org=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            values = _organisation_values(form, organisation.org)
            changes = {k: v for k, v in values.items() if getattr(organisation, k) != v}
            if changes:
                services.organisation_update(actor=user, organisation=organisation, **changes)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存修改" if changes else "没有需要保存的修改")
            return redirect("villages:twonew_organisation", pk=organisation.pk)
    context = {"form": form, "title": f"修改:{organisation.name}", "organisation": organisation}
    return render(request, "villages/twonew/form.html", context)


@login_required
@require_GET
def twonew_organisation(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    today = clock.today()
    organisation = selectors.organisation_detail(user, pk, today, today.year)
    selectors.decorate([organisation])
    assessments = list(organisation.assessments.order_by("-year"))
    for assessment in assessments:
        assessment.item_labels = [ITEM_LABELS.get(item, item) for item in assessment.items]
    context = {
        "organisation": organisation,
        "instructors": list(organisation.instructors.order_by("-starts_on", "-id")),
        "assessments": assessments,
        "today": today,
        "manager": can_manage_village(user, organisation.org),
    }
    return render(request, "villages/twonew/organisation.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def twonew_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Deregistering asks first."""
    user: Any = request.user
    today = clock.today()
    organisation = selectors.organisation_detail(user, pk, today, today.year)
    if not can_manage_village(user, organisation.org):
        raise PermissionDenied("没有注销该两新组织的权限")
    back = reverse("villages:twonew_organisation", kwargs={"pk": organisation.pk})
    if request.method == "POST":
        run_and_report(
            request,
            lambda: services.organisation_close(actor=user, organisation=organisation),
            f"已注销“{organisation.name}”",
        )
        return redirect(back)
    return render(request, "villages/twonew/close.html", {"organisation": organisation, "back": back})


@login_required
@require_http_methods(["GET", "POST"])
def twonew_instructor_create(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    today = clock.today()
    organisation = selectors.organisation_detail(user, pk, today, today.year)
    if not can_manage_village(user, organisation.org):
        raise PermissionDenied("没有为该两新组织选派党建指导员的权限")
    form = InstructorForm(request.POST or None, initial={"starts_on": today})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        person_id = data.pop("person")
        person = scoped(Person, user).filter(pk=person_id).first() if person_id else None
        if person_id and person is None:
            form.add_error("person", f"编号为{person_id}的党员不存在")
        else:
            try:
                services.instructor_assign(actor=user, organisation=organisation, person=person, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "已选派党建指导员")
                return redirect("villages:twonew_organisation", pk=organisation.pk)
    context = {"form": form, "title": f"选派党建指导员:{organisation.name}", "organisation": organisation}
    return render(request, "villages/twonew/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def twonew_instructor_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Ending an assignment asks for the last day first."""
    user: Any = request.user
    instructor = selectors.instructor_detail(user, pk)
    if not can_manage_village(user, instructor.organisation.org):
        raise PermissionDenied("没有调整该党建指导员的权限")
    form = EndForm(request.POST or None, initial={"ends_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.instructor_end(actor=user, instructor=instructor, ends_on=form.cleaned_data["ends_on"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"{instructor.name}的选派已结束")
            return redirect("villages:twonew_organisation", pk=instructor.organisation_id)
    context = {
        "form": form,
        "title": f"结束选派:{instructor.name}",
        "organisation": instructor.organisation,
        "submit": "确认结束选派",
    }
    return render(request, "villages/twonew/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def twonew_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    today = clock.today()
    organisation = selectors.organisation_detail(user, pk, today, today.year)
    if not can_manage_village(user, organisation.org):
        raise PermissionDenied("没有评估该两新组织的权限")
    year = parse_year(request.GET.get("year"))
    existing = organisation.assessments.filter(year=year).first()
    initial = {"year": year, "items": existing.items if existing else [], "note": existing.note if existing else ""}
    form = AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_record(actor=user, organisation=organisation, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            verdict = "有效覆盖" if assessment.effective else "未达到有效覆盖"
            messages.success(request, f"已记录{assessment.year}年评估:{verdict}")
            return redirect("villages:twonew_organisation", pk=organisation.pk)
    required = services.effective_required(organisation.county_id)
    context = {
        "form": form,
        "title": f"有效覆盖评估:{organisation.name}",
        "organisation": organisation,
        "help": f"达标项目不少于{required}项为有效覆盖(共{len(ITEM_LABELS)}项)",
    }
    return render(request, "villages/twonew/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def twonew_settings(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    county = home_county(user)
    if county is None or not can_set_county_rules(user, county):
        raise PermissionDenied("只有县(区)委组织部可以设置有效覆盖标准")
    form = SettingsForm(
        request.POST or None, initial={"effective_required": services.effective_required(county.county_id or county.pk)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_set(actor=user, county=county, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存有效覆盖标准")
            return redirect("villages:twonew_home")
    return render(request, "villages/twonew/form.html", {"form": form, "title": "有效覆盖标准"})


@login_required
@require_GET
def twonew_instructors(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manager(user, "没有查看党建指导员的权限")
    filterset, instructors = selectors.instructor_list(user, request.GET)
    style_filters(filterset.form)
    context = {
        "filter_form": filterset.form,
        "page": core_selectors.paginate(instructors, request.GET.get("page")),
        "filtered": is_filtered(request),
        "today": clock.today(),
    }
    return render(request, "villages/twonew/instructors.html", context)


@login_required
@require_GET
def twonew_instructors_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manager(user, "没有导出党建指导员的权限")
    _, instructors = selectors.instructor_list(user, request.GET)
    rows = [
        [i.name, i.from_unit, i.organisation.name, i.phone, i.starts_on, i.ends_on or ""]
        for i in instructors.iterator(chunk_size=2000)
    ]
    org = export_org(request) or home_org(user)
    headers = ["姓名", "派出单位", "两新组织", "联系电话", "选派日期", "结束日期"]
    file_name = f"党建指导员-{org.name if org else ''}-{clock.today():%Y%m%d}.xlsx"
    content = audited_xlsx(
        Sheet("党建指导员", headers, rows, caption=org.name if org else ""),
        actor=user,
        org=org,
        kind="twonew_instructors",
        file_name=file_name,
    )
    return xlsx_response(content, file_name)


urlpatterns: list[URLPattern] = [
    path("twonew/", twonew_home, name="twonew_home"),
    path("twonew/export.xlsx", twonew_export, name="twonew_export"),
    path("twonew/new/", twonew_create, name="twonew_create"),
    path("twonew/settings/", twonew_settings, name="twonew_settings"),
    path("twonew/instructors/", twonew_instructors, name="twonew_instructors"),
    path("twonew/instructors/export.xlsx", twonew_instructors_export, name="twonew_instructors_export"),
    path("twonew/instructors/<int:pk>/end/", twonew_instructor_end, name="twonew_instructor_end"),
    path("twonew/<int:pk>/", twonew_organisation, name="twonew_organisation"),
    path("twonew/<int:pk>/edit/", twonew_edit, name="twonew_edit"),
    path("twonew/<int:pk>/close/", twonew_close, name="twonew_close"),
    path("twonew/<int:pk>/instructors/new/", twonew_instructor_create, name="twonew_instructor_create"),
    path("twonew/<int:pk>/assessment/", twonew_assessment, name="twonew_assessment"),
]
