"""Pages of 党内关爱: the overview (who has not been visited this year, the help given per township and branch),
visits, hardship records, and the export."""

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
from dangjian.core.filters import parse_year
from dangjian.core.forms import style_filter_form
from dangjian.core.io.tables import xlsx_response
from dangjian.core.models import Person
from dangjian.core.views.common import is_filtered, manages_own_org, person_choice, requested_org
from dangjian.members.forms.care import HardshipEndForm, HardshipForm, VisitForm
from dangjian.members.permissions import can_manage_members
from dangjian.members.selectors import care as selectors
from dangjian.members.services import care as services


@login_required
@require_GET
def care_overview(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    today = clock.today()
    filterset, due = selectors.not_visited(user, request.GET, today=today)
    page = core_selectors.paginate(due, request.GET.get("page"))
    last_visits = selectors.last_visits(user, list(page.page.object_list))
    for person in page.page.object_list:
        person.last_visit = last_visits.get(person.pk)
    year = parse_year(request.GET.get("year"))
    townships, branches = selectors.help_totals(user, year)
    context = {
        "figures": selectors.overview_figures(user, today=today),
        "filter_form": style_filter_form(filterset.form),
        "page": page,
        "filtered": is_filtered(request, "year"),
        "year": year,
        "years": list(range(today.year, today.year - 5, -1)),
        "townships": townships,
        "branches": branches,
        "can_manage": manages_own_org(user),
    }
    return render(request, "members/care/overview.html", context)


@login_required
@require_GET
def care_visits(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filterset, visits = selectors.visit_list(user, request.GET)
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": core_selectors.paginate(visits, request.GET.get("page")),
        "filtered": is_filtered(request),
        "can_manage": manages_own_org(user),
    }
    return render(request, "members/care/visits.html", context)


def _pick(request: HttpRequest, title: str, found: list[Person]) -> HttpResponse:
    context = {"title": title, "found": found, "q": request.GET.get("q", "").strip()}
    return render(request, "core/person_pick.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def care_visit_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.org is None or not can_manage_members(user, user.org):
        raise PermissionDenied("没有登记走访的权限")
    person, found = person_choice(request)
    if person is None:
        return _pick(request, "登记走访", found)
    form = VisitForm(request.POST or None, initial={"visited_on": clock.today(), "amount": "0.00"})
    if request.method == "POST" and form.is_valid():
        try:
            services.care_visit_create(actor=user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已登记对{person.name}的走访")
            return redirect("members:care_visits")
    return render(request, "members/care/visit_form.html", {"form": form, "person": person, "title": "登记走访"})


@login_required
@require_http_methods(["GET", "POST"])
def care_visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    visit = selectors.visit_detail(user, pk)
    if not can_manage_members(user, visit.person.org):
        raise PermissionDenied("没有修改该走访记录的权限")
    initial = {name: getattr(visit, name) for name in services.VISIT_FIELDS}
    form = VisitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in services.VISIT_FIELDS}
        try:
            if changes:
                services.care_visit_update(actor=user, visit=visit, **changes)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存修改" if changes else "没有需要保存的修改")
            return redirect("members:care_visits")
    context = {"form": form, "person": visit.person, "visit": visit, "title": "修改走访记录"}
    return render(request, "members/care/visit_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def care_visit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Deleting asks first; the audit trail keeps what the record said."""
    user: Any = request.user
    visit = selectors.visit_detail(user, pk)
    if not can_manage_members(user, visit.person.org):
        raise PermissionDenied("没有删除该走访记录的权限")
    if request.method == "POST":
        services.care_visit_delete(actor=user, visit=visit)
        messages.success(request, f"已删除对{visit.person.name}的走访记录")
        return redirect("members:care_visits")
    return render(request, "members/care/visit_delete.html", {"visit": visit})


@login_required
@require_GET
def care_hardships(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filterset, hardships = selectors.hardship_list(user, request.GET)
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": core_selectors.paginate(hardships, request.GET.get("page")),
        "filtered": is_filtered(request),
        "can_manage": manages_own_org(user),
        "today": clock.today(),
    }
    return render(request, "members/care/hardships.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def care_hardship_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.org is None or not can_manage_members(user, user.org):
        raise PermissionDenied("没有登记困难党员的权限")
    person, found = person_choice(request)
    if person is None:
        return _pick(request, "登记困难党员", found)
    form = HardshipForm(request.POST or None, initial={"since": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.hardship_create(actor=user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已登记{person.name}的困难情况")
            return redirect("members:care_hardships")
    return render(request, "members/care/hardship_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def care_hardship_end(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    hardship = selectors.hardship_detail(user, pk)
    if not can_manage_members(user, hardship.person.org):
        raise PermissionDenied("没有修改该党员困难情况的权限")
    form = HardshipEndForm(request.POST or None, initial={"until": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.hardship_end(actor=user, hardship=hardship, until=form.cleaned_data["until"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已解除{hardship.person.name}的困难情况")
            return redirect("members:care_hardships")
    return render(request, "members/care/hardship_end.html", {"form": form, "hardship": hardship})


@login_required
@require_GET
def care_export(request: HttpRequest) -> HttpResponse:
    """The year's visits, the totals and who is still to be visited, for the user's org (or `?org=`)."""
    user: Any = request.user
    org = requested_org(request)
    if org is None:
        raise PermissionDenied("没有导出关爱记录的权限")
    year = parse_year(request.GET.get("year"))
    within = {"org": org.code}
    _, visits = selectors.visit_list(user, within | {"year": str(year)})
    townships, branches = selectors.help_totals(user, year)
    townships = [t for t in townships if t.org.path.startswith(org.path)]
    branches = [b for b in branches if b.org.path.startswith(org.path)]
    _, due = selectors.not_visited(user, within)
    file_name = f"党内关爱-{org.name}-{year}年-{clock.today():%Y%m%d}.xlsx"
    content = services.care_export(
        actor=user,
        org=org,
        year=year,
        visits=visits,
        totals=(townships, branches),
        due=due,
        file_name=file_name,
    )
    return xlsx_response(content, file_name)


urlpatterns: list[URLPattern] = [
    path("care/", care_overview, name="care_overview"),
    path("care/export.xlsx", care_export, name="care_export"),
    path("care/visits/", care_visits, name="care_visits"),
    path("care/visits/new/", care_visit_create, name="care_visit_create"),
    path("care/visits/<int:pk>/edit/", care_visit_edit, name="care_visit_edit"),
    path("care/visits/<int:pk>/delete/", care_visit_delete, name="care_visit_delete"),
    path("care/hardships/", care_hardships, name="care_hardships"),
    path("care/hardships/new/", care_hardship_create, name="care_hardship_create"),
    path("care/hardships/<int:pk>/end/", care_hardship_end, name="care_hardship_end"),
]
