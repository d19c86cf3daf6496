"""Pages of 示范点/示范带: the offline map with the table of points under it (filters, search, pages, export), a
point with its photos and tours, belts with their points in order, a village's coordinate, and the village overview
page whose panels the areas register."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.choices import ADMIN_ROLES
from dangjian.core.filters import parse_year
from dangjian.core.io.tables import xlsx_response
from dangjian.core.views.common import (
    ORG_NOT_FOUND,
    export_org,
    home_org,
    is_filtered,
    manages_own_org,
    org_from_code,
    save_changes,
)
from dangjian.orglife.rules import ratio_text
from dangjian.villages.forms.showcase import (
    BeltForm,
    BeltPointsForm,
    LocationForm,
    PhotoForm,
    PointForm,
    VisitForm,
    style_filters,
)
from dangjian.villages.models import ShowcaseBelt
from dangjian.villages.permissions import can_approve, can_manage_village
from dangjian.villages.selectors import showcase as selectors
from dangjian.villages.services import showcase as services

CONTENT_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


def _admin(user: Any) -> bool:
    """A township or county administrator: names points and builds belts."""
    return getattr(user, "role", None) in ADMIN_ROLES and getattr(user, "org", None) is not None


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- map and table ------------------------------------------------------------------------------------------


@login_required
@require_GET
def showcase_map(request: HttpRequest) -> HttpResponse:
    """The offline map (drawn by showcase.js from the JSON of the same filters) and the table of points."""
    user: Any = request.user
    filterset, points = selectors.point_list(user, request.GET, request)
    page = core_selectors.paginate(points, request.GET.get("page"))
    selectors.name_townships(list(page.page.object_list))
    counts = selectors.figures(filterset.qs)
    context = {
        "filter_form": style_filters(filterset.form),
        "page": page,
        "filtered": is_filtered(request),
        "figures": counts,
        "belt_share": ratio_text(counts["on_belt"], counts["total"]),
        "query": request.GET.urlencode(),
        "can_name": _admin(user),
        "can_export": manages_own_org(user),
    }
    return render(request, "villages/showcase/map.html", context)


@login_required
@require_GET
def showcase_map_data(request: HttpRequest) -> JsonResponse:
    """The map's points, belts, village dots and unplaced lists as JSON (scoped, filtered like the table)."""
    filterset, _ = selectors.point_list(request.user, request.GET, request)
    if filterset.is_bound and not filterset.is_valid():
        return JsonResponse({"errors": filterset.errors}, status=400)
    return JsonResponse(selectors.map_data(request.user, request.GET, request))


@login_required
@require_GET
def showcase_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require(manages_own_org(user), "没有导出示范点的权限")
    _, points = selectors.point_list(user, request.GET, request)
    org = export_org(request) or home_org(user)
    file_name = f"示范点-{org.name if org else ''}-{clock.today():%Y%m%d}.xlsx"
    towns = selectors.township_names(org.county_id if org else None)

    named = (selectors.with_township(point, towns) for point in points.iterator(chunk_size=2000))
    content = services.points_export(actor=user, org=org, points=named, file_name=file_name)
    return xlsx_response(content, file_name)


# --- points -------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def point_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require(_admin(user), "没有设立示范点的权限(示范点由乡镇或县级党组织确定)")
    initial = {"org_code": request.GET.get("org", ""), "year": clock.today().year}
    form = PointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("org_code")
        org = org_from_code(user, code)
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=code))
        else:
            try:
                point = services.point_create(actor=user, org=org, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已设立示范点“{point.name}”")
                return redirect("villages:showcase_point", pk=point.pk)
    return render(request, "villages/showcase/point_form.html", {"form": form, "title": "设立示范点"})


@login_required
@require_http_methods(["GET", "POST"])
def point_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    point = selectors.point_detail(user, pk)
    _require(can_approve(user, point.org), "没有修改该示范点的权限(示范点由上级党组织确定)")
    initial = {name: getattr(point, name) for name in services.POINT_FIELDS}
    form = PointForm(request.POST or None, with_org=False, initial=initial)
    if save_changes(request, form, lambda changes: services.point_update(actor=user, point=point, **changes)):
        return redirect("villages:showcase_point", pk=point.pk)
    context = {"form": form, "title": "修改示范点", "point": point}
    return render(request, "villages/showcase/point_form.html", context)


@login_required
@require_GET
def point_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    point = selectors.point_detail(user, pk)
    manages = can_manage_village(user, point.org)
    _, visits = selectors.visit_list(user, {"point": str(point.pk)}, request)
    visits_page = core_selectors.paginate(visits, request.GET.get("page"))
    context = {
        "point": point,
        "township": selectors.township_of(point.org_path, selectors.township_names(point.county_id)),
        "photos": selectors.point_photos(point),
        "visits_page": visits_page,
        "page": visits_page,
        "totals": selectors.visit_totals(visits),
        "can_edit": can_approve(user, point.org),
        "can_manage": manages,
        "photo_form": PhotoForm() if manages else None,
        "belt_points": selectors.belt_points(point.belt) if point.belt else [],
    }
    return render(request, "villages/showcase/point_detail.html", context)


# --- photos -------------------------------------------------------------------------------------------------


@login_required
@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    point = selectors.point_detail(user, pk)
    _require(can_manage_village(user, point.org), "没有为该示范点上传照片的权限")
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_add(
                actor=user, point=point, image=form.cleaned_data["image"], caption=form.cleaned_data["caption"]
            )
        except ValidationError as exc:
            messages.error(request, ";".join(exc.messages))
        else:
            messages.success(request, "已上传示范点照片")
    else:
        messages.error(request, ";".join(e for errors in form.errors.values() for e in errors))
    return redirect("villages:showcase_point", pk=point.pk)


@login_required
@require_GET
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """A point's photo, to users who see the point (photos are never served publicly)."""
    found = selectors.photo_detail(request.user, pk)
    name = found.image.name or ""
    try:
        handle = found.image.open("rb")
    except FileNotFoundError:
        raise Http404("照片文件不存在") from None
    response = FileResponse(handle, content_type=CONTENT_TYPES.get(PurePath(name).suffix.lower(), "image/jpeg"))
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def photo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Deleting a photo asks first."""
    user: Any = request.user
    found = selectors.photo_detail(user, pk)
    _require(can_manage_village(user, found.point.org), "没有删除该示范点照片的权限")
    if request.method == "POST":
        services.photo_delete(actor=user, photo=found)
        messages.success(request, "已删除示范点照片")
        return redirect("villages:showcase_point", pk=found.point_id)
    return render(request, "villages/showcase/photo_delete.html", {"photo": found, "point": found.point})


# --- visits -------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def visit_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    point = selectors.point_detail(user, pk)
    _require(can_manage_village(user, point.org), "没有为该示范点登记观摩的权限")
    form = VisitForm(request.POST or None, initial={"visited_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_create(actor=user, point=point, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已登记观摩及现场会")
            return redirect("villages:showcase_point", pk=point.pk)
    return render(request, "villages/showcase/visit_form.html", {"form": form, "point": point})


@login_required
@require_http_methods(["GET", "POST"])
def visit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    visit = selectors.visit_detail(user, pk)
    _require(can_manage_village(user, visit.point.org), "没有删除该观摩记录的权限")
    if request.method == "POST":
        services.visit_delete(actor=user, visit=visit)
        messages.success(request, "已删除观摩记录")
        return redirect("villages:showcase_point", pk=visit.point_id)
    return render(request, "villages/showcase/visit_delete.html", {"visit": visit, "point": visit.point})


# --- belts --------------------------------------------------------------------------------------------------


@login_required
@require_GET
def belt_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filterset, belts = selectors.belt_list(user, request.GET)
    page = core_selectors.paginate(belts, request.GET.get("page"))
    context = {
        "filter_form": style_filters(filterset.form),
        "page": page,
        "filtered": is_filtered(request),
        "can_build": _admin(user),
    }
    return render(request, "villages/showcase/belts.html", context)


def _belt_manageable(user: Any, belt: ShowcaseBelt) -> bool:
    return can_manage_village(user, belt.org)


@login_required
@require_http_methods(["GET", "POST"])
def belt_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require(_admin(user), "没有打造示范带的权限")
    form = BeltForm(request.POST or None, initial={"org_code": user.org.code})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("org_code")
        org = org_from_code(user, code)
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=code))
        else:
            try:
                belt = services.belt_create(actor=user, org=org, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已创建示范带“{belt.name}”,请依次选择沿线示范点")
                return redirect("villages:showcase_belt", pk=belt.pk)
    return render(request, "villages/showcase/belt_form.html", {"form": form, "title": "打造示范带"})


@login_required
@require_http_methods(["GET", "POST"])
def belt_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    belt = selectors.belt_detail(user, pk)
    _require(_belt_manageable(user, belt), "没有修改该示范带的权限")
    initial = {name: getattr(belt, name) for name in services.BELT_FIELDS}
    form = BeltForm(request.POST or None, with_org=False, initial=initial)
    if save_changes(request, form, lambda changes: services.belt_update(actor=user, belt=belt, **changes)):
        return redirect("villages:showcase_belt", pk=belt.pk)
    context = {"form": form, "title": "修改示范带", "belt": belt}
    return render(request, "villages/showcase/belt_form.html", context)


def _points_form(request: HttpRequest, user: Any, belt: ShowcaseBelt, current: list[int]) -> BeltPointsForm:
    choices = [(p.pk, f"{p.name}({p.org.name})") for p in selectors.point_choices(user, belt)[:500]]
    return BeltPointsForm(request.POST or None, choices=choices, current=current)


@login_required
@require_http_methods(["GET", "POST"])
def belt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A belt with its points in order; its builder reorders them here (one select per stop)."""
    user: Any = request.user
    belt = selectors.belt_detail(user, pk)
    points = selectors.belt_points(belt)
    manages = _belt_manageable(user, belt)
    form = _points_form(request, user, belt, [p.pk for p in points]) if manages else None
    if request.method == "POST":
        _require(manages, "没有调整该示范带的权限")
        if form is not None and form.is_valid():
            ids = form.ordered_ids()
            found = {p.pk: p for p in selectors.point_choices(user, belt).filter(pk__in=ids)}
            try:
                services.belt_set_points(actor=user, belt=belt, points=[found[i] for i in ids if i in found])
            except ValidationError as exc:
                messages.error(request, ";".join(exc.messages))
            else:
                messages.success(request, "已保存示范带沿线示范点及顺序")
                return redirect("villages:showcase_belt", pk=belt.pk)
    context = {
        "belt": belt,
        "points": points,
        "visitors": sum(p.visitor_count or 0 for p in points),
        "visits": sum(p.visit_count for p in points),
        "can_manage": manages,
        "form": form,
    }
    return render(request, "villages/showcase/belt_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def belt_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    belt = selectors.belt_detail(user, pk)
    _require(_belt_manageable(user, belt), "没有删除该示范带的权限")
    if request.method == "POST":
        services.belt_delete(actor=user, belt=belt)
        messages.success(request, f"已删除示范带“{belt.name}”,沿线示范点保留")
        return redirect("villages:showcase_belts")
    return render(request, "villages/showcase/belt_delete.html", {"belt": belt})


# --- village coordinate and overview ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def location_edit(request: HttpRequest, org_id: int) -> HttpResponse:
    user: Any = request.user
    org = selectors.overview_org(user, org_id)
    _require(can_manage_village(user, org), "没有标注该组织坐标的权限")
    found = selectors.scoped_location(user, org)
    initial = {"longitude": found.longitude, "latitude": found.latitude} if found else {}
    form = LocationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.location_set(actor=user, org=org, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存坐标")
            return redirect("villages:village_detail", org_id=org.pk)
    return render(request, "villages/showcase/location_form.html", {"form": form, "org": org})


@login_required
@require_GET
def village_detail(request: HttpRequest, org_id: int) -> HttpResponse:
    """One page per village: each area's panel (this area's points first)."""
    user: Any = request.user
    org = selectors.overview_org(user, org_id)
    year = parse_year(request.GET.get("year")) or clock.today().year
    this_year = clock.today().year
    context = {
        "org": org,
        "year": year,
        "years": list(range(this_year, this_year - 5, -1)),
        "township": selectors.township_of(org.path, selectors.township_names(org.county_id)),
        "panels": selectors.village_panels(org, user, year),
        "can_locate": can_manage_village(user, org),
    }
    return render(request, "villages/showcase/village_detail.html", context)


urlpatterns = [
    path("showcase/map/", showcase_map, name="showcase_map"),
    path("showcase/map/data/", showcase_map_data, name="showcase_map_data"),
    path("showcase/export/", showcase_export, name="showcase_export"),
    path("showcase/points/new/", point_create, name="showcase_point_create"),
    path("showcase/points/<int:pk>/", point_detail, name="showcase_point"),
    path("showcase/points/<int:pk>/edit/", point_edit, name="showcase_point_edit"),
    path("showcase/points/<int:pk>/photos/", photo_add, name="showcase_photo_add"),
    path("showcase/points/<int:pk>/visits/new/", visit_add, name="showcase_visit_add"),
    path("showcase/photos/<int:pk>/", photo, name="showcase_photo"),
    path("showcase/photos/<int:pk>/delete/", photo_delete, name="showcase_photo_delete"),
    path("showcase/visits/<int:pk>/delete/", visit_delete, name="showcase_visit_delete"),
    path("showcase/belts/", belt_list, name="showcase_belts"),
    path("showcase/belts/new/", belt_create, name="showcase_belt_create"),
    path("showcase/belts/<int:pk>/", belt_detail, name="showcase_belt"),
    path("showcase/belts/<int:pk>/edit/", belt_edit, name="showcase_belt_edit"),
    path("showcase/belts/<int:pk>/delete/", belt_delete, name="showcase_belt_delete"),
    path("village/<int:org_id>/", village_detail, name="village_detail"),
    path("village/<int:org_id>/location/", location_edit, name="showcase_location"),
]
