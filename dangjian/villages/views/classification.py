"""Pages of 村级分类: the year's classification of a scope (counts per category and in total, the villages with their
reasons and 一村一策, export), the county's categories, the evaluation (the county), the policy form, the data the
rules read (人居环境, 革命老区村, hand marks) and the transformation over the years."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.filters import parse_year
from dangjian.core.io.tables import xlsx_response
from dangjian.core.models import Org
from dangjian.core.scoping import scoped, subtree
from dangjian.core.views.common import export_org, home_org, is_filtered, requested_org, run_and_report
from dangjian.orglife.forms.volunteers import style_filters
from dangjian.villages.choices import CategoryBasis
from dangjian.villages.forms.classification import (
    CategoryForm,
    EnvironmentForm,
    EvaluateForm,
    MarkForm,
    PolicyForm,
    ProfileForm,
)
from dangjian.villages.models import EnvironmentAssessment, ManualMark, VillagePolicy, VillageProfile
from dangjian.villages.permissions import can_approve, can_manage_village, can_set_county_rules
from dangjian.villages.selectors import classification as selectors
from dangjian.villages.selectors.common import scoped_villages
from dangjian.villages.services import classification as services

MATRIX_YEARS = 5


def _years() -> list[int]:
    today = clock.today()
    return list(range(today.year, today.year - 8, -1))


def _county(user: Any) -> Org:
    county = selectors.county_of(user)
    if county is None:
        raise Http404("没有所属县(区)")
    return county


def _year(request: HttpRequest, county: Org) -> int:
    raw = request.GET.get("year", "").strip()
    if raw:
        return parse_year(raw)
    evaluated = selectors.evaluated_years(county.pk)
    return evaluated[0] if evaluated else clock.today().year - 1


def _scope(request: HttpRequest) -> Org | None:
    if request.GET.get("org", "").strip():
        org = requested_org(request)
        if org is None:
            raise Http404("组织不存在或不在您的管理范围内")
        return org
    return home_org(request.user)


def _village(user: Any, pk: Any) -> Org:
    village = scoped_villages(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if village is None:
        raise Http404("村党组织不存在")
    return village


@login_required
@require_GET
def classification_home(request: HttpRequest) -> HttpResponse:
    """The year's classification of the scope: counts, the distinct total, and the villages with reasons."""
    user: Any = request.user
    county = _county(user)
    year = _year(request, county)
    org = _scope(request)
    params = request.GET.copy()
    params["year"] = str(year)
    filterset, results = selectors.result_list(user, params)
    filterset.form.fields["category"].widget.attrs["placeholder"] = "类别编号"
    page = core_selectors.paginate(results, request.GET.get("page"))
    selectors.decorate(list(page.page.object_list))
    context = {
        "county": county,
        "org": org,
        "year": year,
        "years": _years(),
        "summary": selectors.summary(user, org, year),
        "filter_form": style_filters(filterset.form),
        "page": page,
        "filtered": is_filtered(request, "year"),
        "categories": list(selectors.categories(user).filter(county_id=county.pk)),
        "can_evaluate": can_set_county_rules(user, county),
    }
    return render(request, "villages/classification/home.html", context)


@login_required
@require_GET
def classification_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if getattr(user, "role", None) == "member":
        raise PermissionDenied("没有导出村级分类的权限")
    county = _county(user)
    year = _year(request, county)
    params = request.GET.copy()
    params["year"] = str(year)
    _, results = selectors.result_list(user, params)
    rows = []
    for start in range(0, results.count(), 2000):
        rows.extend(selectors.decorate(list(results[start : start + 2000])))
    org = export_org(request) or home_org(user)
    file_name = f"村级分类-{org.name if org else ''}-{year}年-{clock.today():%Y%m%d}.xlsx"
    content = services.results_export(actor=user, org=org, year=year, rows=rows, file_name=file_name)
    return xlsx_response(content, file_name)


@login_required
@require_http_methods(["GET", "POST"])
def classification_evaluate(request: HttpRequest) -> HttpResponse:
    """The county evaluates a year (asks first: re-running replaces the year's results)."""
    user: Any = request.user
    county = _county(user)
    if not can_set_county_rules(user, county):
        raise PermissionDenied("只有县委组织部可以评定村级分类")
    form = EvaluateForm(request.POST or None, initial={"year": clock.today().year - 1})
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        try:
            run = services.classification_evaluate(actor=user, county=county, year=year)
        except ValidationError as exc:
            form.add_error("year", exc.messages)
        else:
            messages.success(request, f"已完成{year}年度村级分类评定:{run.classified}个村列入类别")
            return redirect(reverse("villages:classification_home") + f"?year={year}")
    context = {"form": form, "county": county, "evaluated": selectors.evaluated_years(county.pk)}
    return render(request, "villages/classification/evaluate.html", context)


# --- categories ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def classification_categories(request: HttpRequest) -> HttpResponse:
    """The county's categories; the county organisation department adds one here."""
    user: Any = request.user
    county = _county(user)
    can_edit = can_set_county_rules(user, county)
    if can_edit and request.method == "GET":
        services.categories_ensure(actor=user, county=county)
    form = CategoryForm(request.POST or None, initial={"since_year": clock.today().year, "active": True})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("只有县委组织部可以设置村级分类类别")
        if form.is_valid():
            try:
                category = services.category_create(actor=user, county=county, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已新增类别“{category.name}”")
                return redirect("villages:classification_categories")
    context = {
        "categories": list(selectors.categories(user).filter(county_id=county.pk)),
        "form": form if can_edit else None,
        "can_edit": can_edit,
    }
    return render(request, "villages/classification/categories.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def classification_category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    category = selectors.category_detail(user, pk)
    if not can_set_county_rules(user, category.org):
        raise PermissionDenied("只有县委组织部可以设置村级分类类别")
    initial = {name: getattr(category, name) for name in services.CATEGORY_FIELDS}
    form = CategoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in services.CATEGORY_FIELDS}
        try:
            if changes:
                services.category_update(actor=user, category=category, **changes)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存修改" if changes else "没有需要保存的修改")
            return redirect("villages:classification_categories")
    return render(request, "villages/classification/category_form.html", {"form": form, "category": category})


# --- 一村一策 --------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def classification_policy(request: HttpRequest, pk: int) -> HttpResponse:
    """一村一策 for a classified village (the village or the township)."""
    user: Any = request.user
    result = selectors.result_detail(user, pk)
    if not can_manage_village(user, result.org):
        raise PermissionDenied("没有为该村制定一村一策的权限")
    policy = VillagePolicy.objects.filter(org=result.org, category=result.category, year=result.year).first()
    initial = {"status": "planned"}
    if policy is not None:
        initial = {name: getattr(policy, name) for name in ("measures", "responsible", "target_date", "status")}
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_save(
                actor=user, org=result.org, category=result.category, year=result.year, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已保存{result.org.name}的一村一策")
            return redirect(reverse("villages:classification_home") + f"?year={result.year}")
    return render(request, "villages/classification/policy_form.html", {"form": form, "result": result})


# --- data the rules read ------------------------------------------------------------------------------------


@login_required
@require_GET
def classification_environment(request: HttpRequest) -> HttpResponse:
    """The year's 人居环境 assessments of the scope's villages (the township enters them)."""
    user: Any = request.user
    county = _county(user)
    year = _year(request, county)
    org = _scope(request)
    villages = scoped_villages(user)
    if org is not None:
        villages = villages.filter(**subtree("path", org.path))
    page = core_selectors.paginate(villages, request.GET.get("page"))
    shown = list(page.page.object_list)
    found = {a.org_id: a for a in EnvironmentAssessment.objects.filter(org__in=shown, year=year).select_related("org")}
    flags = {p.org_id: p for p in VillageProfile.objects.filter(org__in=shown)}
    rows = [{"village": v, "assessment": found.get(v.pk), "profile": flags.get(v.pk)} for v in shown]
    context = {
        "year": year,
        "years": _years(),
        "org": org,
        "page": page,
        "rows": rows,
        "can_assess": own_can_approve(user, shown),
    }
    return render(request, "villages/classification/environment.html", context)


def own_can_approve(user: Any, villages: list[Org]) -> bool:
    return bool(villages) and can_approve(user, villages[0])


@login_required
@require_http_methods(["GET", "POST"])
def classification_environment_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    user: Any = request.user
    village = _village(user, pk)
    if not can_approve(user, village):
        raise PermissionDenied("只有乡镇(街道)或县级可以评定村的人居环境")
    found = EnvironmentAssessment.objects.filter(org=village, year=year).first()
    profile = VillageProfile.objects.filter(org=village).first()
    initial = {"score": found.score, "substandard": found.substandard, "note": found.note} if found else {}
    form = EnvironmentForm(request.POST or None, initial=initial, prefix="env")
    profile_form = ProfileForm(
        request.POST or None,
        initial={"old_revolutionary_base": profile.old_revolutionary_base, "note": profile.note} if profile else {},
        prefix="profile",
    )
    if request.method == "POST" and form.is_valid() and profile_form.is_valid():
        try:
            if form.cleaned_data["score"] is not None or form.cleaned_data["substandard"] or found is not None:
                services.environment_save(actor=user, org=village, year=year, **form.cleaned_data)
            services.profile_save(actor=user, org=village, **profile_form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已保存{village.name}{year}年度人居环境评定")
            return redirect(reverse("villages:classification_environment") + f"?year={year}")
    context = {"form": form, "profile_form": profile_form, "village": village, "year": year}
    return render(request, "villages/classification/environment_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def classification_marks(request: HttpRequest) -> HttpResponse:
    """Hand marks of the year (乱村, 专业村 …): the township or county adds one for a village by its code."""
    user: Any = request.user
    county = _county(user)
    year = _year(request, county)
    manual = list(selectors.categories(user).filter(county_id=county.pk, basis=CategoryBasis.MANUAL, active=True))
    form = MarkForm(request.POST or None, categories=manual)
    village_code = request.POST.get("village", "").strip()
    if request.method == "POST" and form.is_valid():
        village = scoped_villages(user).filter(code=village_code).first()
        category = next((c for c in manual if c.pk == form.cleaned_data["category"]), None)
        if village is None:
            form.add_error(None, f"村党组织代码“{village_code}”不存在或不在您的管理范围内")
        elif category is not None:
            try:
                services.mark_create(
                    actor=user, org=village, category=category, year=year, reason=form.cleaned_data["reason"]
                )
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
            else:
                messages.success(request, f"已认定{village.name}为{category.name}")
                return redirect(reverse("villages:classification_marks") + f"?year={year}")
    context = {
        "year": year,
        "years": _years(),
        "marks": list(selectors.marks(user, year).order_by("org_path", "category_id")),
        "form": form if manual else None,
        "village_code": village_code,
    }
    return render(request, "villages/classification/marks.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def classification_mark_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdrawing a hand mark asks first."""
    user: Any = request.user
    mark = scoped(ManualMark, user).select_related("org", "category").filter(pk=pk).first()
    if mark is None:
        raise Http404("记录不存在")
    back = reverse("villages:classification_marks") + f"?year={mark.year}"
    if request.method == "POST":
        run_and_report(request, lambda: services.mark_delete(actor=user, mark=mark), "已撤销人工认定")
        return redirect(back)
    return render(request, "villages/classification/mark_delete.html", {"mark": mark, "back": back})


# --- transformation -----------------------------------------------------------------------------------------


@login_required
@require_GET
def classification_transformation(request: HttpRequest) -> HttpResponse:
    """整治转化: per category and year the villages in it and how many left it the next year; the village × year
    matrix below."""
    user: Any = request.user
    county = _county(user)
    last = _year(request, county)
    years = list(range(last - MATRIX_YEARS + 1, last + 1))
    org = _scope(request)
    villages = selectors.matrix_villages(user, org, years).order_by("path")
    page = core_selectors.paginate(villages, request.GET.get("page"))
    context = {
        "year": last,
        "years": years,
        "all_years": _years(),
        "org": org,
        "table": selectors.transformation(user, org, years, county.pk),
        "page": page,
        "matrix": selectors.matrix_cells(list(page.page.object_list), years),
    }
    return render(request, "villages/classification/transformation.html", context)


urlpatterns: list[URLPattern] = [
    path("classification/", classification_home, name="classification_home"),
    path("classification/export.xlsx", classification_export, name="classification_export"),
    path("classification/evaluate/", classification_evaluate, name="classification_evaluate"),
    path("classification/categories/", classification_categories, name="classification_categories"),
    path("classification/categories/<int:pk>/", classification_category_edit, name="classification_category_edit"),
    path("classification/results/<int:pk>/policy/", classification_policy, name="classification_policy"),
    path("classification/environment/", classification_environment, name="classification_environment"),
    path(
        "classification/environment/<int:pk>/<int:year>/",
        classification_environment_edit,
        name="classification_environment_edit",
    ),
    path("classification/marks/", classification_marks, name="classification_marks"),
    path("classification/marks/<int:pk>/delete/", classification_mark_delete, name="classification_mark_delete"),
    path("classification/transformation/", classification_transformation, name="classification_transformation"),
]
