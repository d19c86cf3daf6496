"""Pages of 党群服务中心: the list (the 清零 figures, the works sentence and compliance at the top; filters, search,
export), a centre's page (rooms, works, checks, duty link) with its forms, the county's standard checklist, the
compliance check form, and the public page of a centre (no sign-in)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.forms import style_filter_form
from dangjian.core.io.tables import xlsx_response
from dangjian.core.models import Org
from dangjian.core.scoping import get_scoped_or_404, scoped
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
    save_changes,
)
from dangjian.service.choices import CentreStatus
from dangjian.service.forms.centres import CentreForm, CheckForm, RoomForm, StandardItemForm, WorksForm
from dangjian.service.models import CentreCheck, CentreRoom, CentreStandardItem, CentreWorks, ServiceCentre
from dangjian.service.permissions import can_approve, can_manage_village, can_set_county_rules
from dangjian.service.selectors import centres as selectors
from dangjian.service.selectors.common import place_q
from dangjian.service.selectors.duty import month_view
from dangjian.service.services import centres as services


def _back(centre: Any) -> str:
    return reverse("service:centre_detail", kwargs={"pk": centre.pk})


def _managed_centre(request: HttpRequest, pk: int) -> ServiceCentre:
    centre = selectors.centre_detail(request.user, pk)
    if not can_manage_village(request.user, centre.org):
        raise PermissionDenied("没有管理该服务中心的权限")
    return centre


def year_param(raw: Any) -> int | None:
    """A year given in a query parameter (2000–2099), else None."""
    text = str(raw or "").strip()
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2099 else None


def _check_year(request: HttpRequest, user: Any) -> int:
    """The year the compliance column and figures read: ?year=, else the latest year checked in scope, else now."""
    year = year_param(request.GET.get("year"))
    if year:
        return year
    latest = scoped(CentreCheck, user).order_by("-year").values_list("year", flat=True).first()
    return latest or clock.today().year


def _works_span(request: HttpRequest) -> tuple[dt.date, dt.date, int, int]:
    this_year = clock.today().year
    first = year_param(request.GET.get("works_from")) or this_year - 2
    last = year_param(request.GET.get("works_to")) or this_year
    if first > last:
        first, last = last, first
    return dt.date(first, 1, 1), dt.date(last, 12, 31), first, last


# --- list and export ----------------------------------------------------------------------------------------


@login_required
@require_GET
def centre_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    year = _check_year(request, user)
    filterset, centres = selectors.centre_list(user, request.GET, year)
    page = core_selectors.paginate(centres, request.GET.get("page"))
    org = requested_org(request) or home_org(user)
    first, last, first_year, last_year = _works_span(request)
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": page,
        "filtered": is_filtered(request, "year", "works_from", "works_to"),
        "can_manage": manages_own_org(user),
        "can_standard": (county := home_county(user)) is not None and can_set_county_rules(user, county),
        "year": year,
        "org": org,
        "clearances": [selectors.clearance(org, "village"), selectors.clearance(org, "community")] if org else [],
        "works": selectors.works_figures(user, org, first, last) if org else None,
        "works_span": (first_year, last_year),
        "compliance": selectors.compliance(user, org, year) if org else None,
    }
    return render(request, "service/centres/list.html", context)


@login_required
@require_GET
def centre_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manager(user, "没有导出服务中心的权限")
    year = _check_year(request, user)
    _, centres = selectors.centre_list(user, request.GET, year)
    org = export_org(request) or home_org(user)
    file_name = f"党群服务中心-{org.name if org else ''}-{clock.today():%Y%m%d}.xlsx"
    content = services.centres_export(actor=user, org=org, centres=centres, year=year, file_name=file_name)
    return xlsx_response(content, file_name)


# --- a centre -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def centre_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    centre = selectors.centre_detail(user, pk)
    today = clock.today()
    checks = list(centre.checks.order_by("-year"))
    latest = checks[0] if checks else None
    context = {
        "centre": centre,
        "rooms": list(centre.rooms.all()),
        "works": list(centre.works.order_by("-year")),
        "checks": checks,
        "latest_items": list(latest.items.select_related("item").order_by("item__position", "item_id"))
        if latest
        else [],
        "latest": latest,
        "manager": can_manage_village(user, centre.org),
        "can_check": can_approve(user, centre.org),
        "month": month_view(centre, today, today),
        "today": today,
        "public_url": reverse("service:public_centre", args=[centre.pk]),
    }
    return render(request, "service/centres/detail.html", context)


def _form_page(request: HttpRequest, form: Any, title: str, centre: Any = None) -> HttpResponse:
    back = _back(centre) if centre is not None else reverse("service:centre_list")
    return render(request, "service/centres/form.html", {"form": form, "title": title, "centre": centre, "back": back})


@login_required
@require_http_methods(["GET", "POST"])
def centre_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    own = require_manager(user, "没有登记服务中心的权限")
    form = CentreForm(
        request.POST or None, initial={"org_code": own.code, "status": CentreStatus.IN_USE, "is_main": True}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("org_code")
        org = org_from_code(user, code)
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=code))
        else:
            try:
                centre = services.centre_create(actor=user, org=org, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已登记“{centre.name}”")
                return redirect(_back(centre))
    return _form_page(request, form, "登记党群服务中心")


@login_required
@require_http_methods(["GET", "POST"])
def centre_edit(request: HttpRequest, pk: int) -> HttpResponse:
    centre = _managed_centre(request, pk)
    initial = {name: getattr(centre, name) for name in services.CENTRE_FIELDS}
    form = CentreForm(request.POST or None, with_org=False, initial=initial)
    if save_changes(
        request, form, lambda changes: services.centre_update(actor=request.user, centre=centre, **changes)
    ):
        return redirect(_back(centre))
    return _form_page(request, form, "修改服务中心", centre)


def _confirm(request: HttpRequest, centre: Any, action: Any, success: str, title: str, text: str, back: str) -> Any:
    if request.method == "POST":
        try:
            action()
        except ValidationError as exc:
            messages.error(request, ";".join(exc.messages))
            return redirect(back)
        messages.success(request, success)
        return None
    return render(
        request, "service/centres/confirm.html", {"centre": centre, "title": title, "text": text, "back": back}
    )


@login_required
@require_http_methods(["GET", "POST"])
def centre_delete(request: HttpRequest, pk: int) -> HttpResponse:
    centre = _managed_centre(request, pk)
    name = centre.name
    answer = _confirm(
        request,
        centre,
        lambda: services.centre_delete(actor=request.user, centre=centre),
        f"已删除“{name}”",
        "删除服务中心",
        f"确认删除“{name}”?其功能室、建设项目、检查记录和值班安排将一并删除。",
        _back(centre),
    )
    return answer or redirect("service:centre_list")


@login_required
@require_http_methods(["GET", "POST"])
def room_create(request: HttpRequest, pk: int) -> HttpResponse:
    centre = _managed_centre(request, pk)
    form = RoomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.room_create(actor=request.user, centre=centre, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已添加功能室")
            return redirect(_back(centre))
    return _form_page(request, form, "添加功能室", centre)


@login_required
@require_http_methods(["GET", "POST"])
def room_delete(request: HttpRequest, pk: int) -> HttpResponse:
    room = get_scoped_or_404(CentreRoom.objects.select_related("centre__org"), request.user, pk=pk)
    centre = _managed_centre(request, room.centre_id)
    answer = _confirm(
        request,
        centre,
        lambda: services.room_delete(actor=request.user, room=room),
        f"已删除功能室“{room.label}”",
        "删除功能室",
        f"确认删除功能室“{room.label}”?",
        _back(centre),
    )
    return answer or redirect(_back(centre))


@login_required
@require_http_methods(["GET", "POST"])
def works_create(request: HttpRequest, pk: int) -> HttpResponse:
    centre = _managed_centre(request, pk)
    form = WorksForm(request.POST or None, initial={"year": clock.today().year})
    if request.method == "POST" and form.is_valid():
        try:
            services.works_create(actor=request.user, centre=centre, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已登记建设项目")
            return redirect(_back(centre))
    return _form_page(request, form, "登记阵地建设项目", centre)


@login_required
@require_http_methods(["GET", "POST"])
def works_edit(request: HttpRequest, pk: int) -> HttpResponse:
    works = get_scoped_or_404(CentreWorks.objects.select_related("centre__org"), request.user, pk=pk)
    centre = _managed_centre(request, works.centre_id)
    initial = {name: getattr(works, name) for name in services.WORKS_FIELDS}
    form = WorksForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.works_update(actor=request.user, works=works, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存建设项目")
            return redirect(_back(centre))
    return _form_page(request, form, "修改阵地建设项目", centre)


@login_required
@require_http_methods(["GET", "POST"])
def works_delete(request: HttpRequest, pk: int) -> HttpResponse:
    works = get_scoped_or_404(CentreWorks.objects.select_related("centre__org"), request.user, pk=pk)
    centre = _managed_centre(request, works.centre_id)
    answer = _confirm(
        request,
        centre,
        lambda: services.works_delete(actor=request.user, works=works),
        "已删除建设项目",
        "删除建设项目",
        f"确认删除{works}?",
        _back(centre),
    )
    return answer or redirect(_back(centre))


@login_required
@require_http_methods(["GET", "POST"])
def centre_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The compliance check of a centre: computed items shown, the others ticked by the township."""
    user: Any = request.user
    centre = selectors.centre_detail(user, pk)
    if not can_approve(user, centre.org):
        raise PermissionDenied("规范化建设检查由上级党组织进行")
    items = list(services.standard_for(centre))
    auto = services.auto_results(centre, items)
    today = clock.today()
    year = year_param(request.GET.get("year")) or today.year
    existing = CentreCheck.objects.filter(centre=centre, year=year).first()
    initial: dict[str, Any] = {"year": year, "checked_on": today, "checker": getattr(user, "get_full_name", str)()}
    if existing is not None:
        initial |= {"checked_on": existing.checked_on, "checker": existing.checker, "note": existing.note}
        for row in existing.items.all():
            initial[f"met_{row.item_id}"] = row.met
            initial[f"note_{row.item_id}"] = row.note
    form = CheckForm(request.POST or None, items=items, auto=auto, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            check = services.check_record(
                actor=user,
                centre=centre,
                year=data["year"],
                checked_on=data["checked_on"],
                ticks=form.ticks(),
                checker=data["checker"],
                note=data["note"],
            )
        except ValidationError as exc:
            for key, errors in exc.message_dict.items():
                form.add_error(key if key in form.fields else None, errors)
        else:
            verdict = "达标" if check.passed else "未达标"
            messages.success(
                request, f"已记录{check.year}年规范化检查:{check.items_met}/{check.items_total}项,{verdict}"
            )
            return redirect(_back(centre))
    context = {"centre": centre, "form": form, "items": items, "year": year}
    return render(request, "service/centres/check.html", context)


# --- the county's standard ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def centre_standard(request: HttpRequest) -> HttpResponse:
    """The county's 规范化建设标准: everyone below reads it; the county adds and edits items."""
    user: Any = request.user
    county = home_county(user)
    editable = county is not None and can_set_county_rules(user, county)
    form = StandardItemForm(request.POST or None, initial={"required": True, "is_active": True}) if editable else None
    if request.method == "POST":
        if not editable or county is None:
            raise PermissionDenied("只有县(区)委组织部可以制定规范化建设标准")
        if form is not None and form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.standard_item_create(actor=user, county=county, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "已添加标准项")
                return redirect("service:centre_standard")
    items = list(selectors.standard_visible(user))
    return render(request, "service/centres/standard.html", {"items": items, "form": form, "editable": editable})


def _standard_item(request: HttpRequest, pk: int) -> CentreStandardItem:
    item = get_object_or_404(selectors.standard_visible(request.user), pk=pk)
    if not can_set_county_rules(request.user, item.org):
        raise PermissionDenied("只有县(区)委组织部可以修改规范化建设标准")
    return item


@login_required
@require_http_methods(["GET", "POST"])
def standard_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _standard_item(request, pk)
    initial = {name: getattr(item, name) for name in services.ITEM_FIELDS}
    form = StandardItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.standard_item_update(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存标准项")
            return redirect("service:centre_standard")
    context = {"form": form, "title": "修改标准项", "centre": None, "back": reverse("service:centre_standard")}
    return render(request, "service/centres/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def standard_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _standard_item(request, pk)
    back = reverse("service:centre_standard")
    if request.method == "POST":
        deleted = services.standard_item_delete(actor=request.user, item=item)
        messages.success(request, "已删除标准项" if deleted else "该项已用于检查,已停用(检查记录保留)")
        return redirect(back)
    context = {"centre": None, "title": "删除标准项", "text": f"确认删除标准项“{item.text}”?", "back": back}
    return render(request, "service/centres/confirm.html", context)


# --- public -------------------------------------------------------------------------------------------------


@require_GET
def public_centre(request: HttpRequest, pk: int) -> HttpResponse:
    """A centre's public page: address, hours, the fixed duty phone, rooms, who is on duty today, and where to file
    a request. Only centres of villages, communities, townships and the county that are built are shown."""
    centre = get_object_or_404(
        ServiceCentre.objects.select_related("org").exclude(status=CentreStatus.NONE).filter(org__is_dissolved=False),
        pk=pk,
    )
    today = clock.today()
    org = centre.org
    is_place = Org.objects.filter(place_q(), pk=org.pk).exists()
    context = {
        "centre": centre,
        "org": org,
        "rooms": list(centre.rooms.all()),
        "duty": selectors.duty_today([centre.pk], today)[centre.pk],
        "today": today,
        "request_url": selectors.request_link(org) if is_place else None,
        "place_url": reverse("service:public_place", args=[org.code]) if is_place else None,
    }
    return render(request, "service/centres/public.html", context)


urlpatterns: list[URLPattern] = [
    path("centres/", centre_list, name="centre_list"),
    path("centres/export/", centre_export, name="centre_export"),
    path("centres/new/", centre_create, name="centre_create"),
    path("centres/standard/", centre_standard, name="centre_standard"),
    path("centres/standard/<int:pk>/edit/", standard_item_edit, name="standard_item_edit"),
    path("centres/standard/<int:pk>/delete/", standard_item_delete, name="standard_item_delete"),
    path("centres/<int:pk>/", centre_detail, name="centre_detail"),
    path("centres/<int:pk>/edit/", centre_edit, name="centre_edit"),
    path("centres/<int:pk>/delete/", centre_delete, name="centre_delete"),
    path("centres/<int:pk>/rooms/new/", room_create, name="centre_room_create"),
    path("centres/<int:pk>/works/new/", works_create, name="centre_works_create"),
    path("centres/<int:pk>/check/", centre_check, name="centre_check"),
    path("centres/rooms/<int:pk>/delete/", room_delete, name="centre_room_delete"),
    path("centres/works/<int:pk>/edit/", works_edit, name="centre_works_edit"),
    path("centres/works/<int:pk>/delete/", works_delete, name="centre_works_delete"),
]

public_urlpatterns: list[URLPattern] = [
    path("centre/<int:pk>/", public_centre, name="public_centre"),
]
