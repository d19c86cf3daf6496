"""Pages of 双报到: for a home branch, its members' registrations and hours; for a community, the members
registered with it (name and phone only) and their hours this year; a registration with its service records."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.forms import style_filter_form
from dangjian.core.io.tables import Sheet, table_xlsx, xlsx_response
from dangjian.core.models import Org
from dangjian.core.views.common import person_choice
from dangjian.members.forms.dual import EndForm, RegisterForm, ServiceRecordForm
from dangjian.members.permissions import can_manage_members
from dangjian.members.selectors import dual as selectors
from dangjian.members.services import dual as services


def _params(request: HttpRequest) -> tuple[dict[str, Any], str]:
    """The list's filters, with the side the user starts on when none is asked for."""
    params: dict[str, Any] = request.GET.dict()
    side = params.get("side") if params.get("side") in dict(selectors.SIDES) else selectors.default_side(request.user)
    params["side"] = side
    return params, side


@login_required
@require_GET
def dual_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    params, side = _params(request)
    filterset, registrations = selectors.registration_list(user, params)
    year = clock.today().year
    if request.GET.get("export") == "xlsx":
        return _export(registrations, side=side, year=year)
    form = style_filter_form(filterset.form)
    del form.fields["side"]
    own_org = getattr(user, "org", None)
    context = {
        "filter_form": form,
        "side": side,
        "sides": selectors.SIDES,
        "page": core_selectors.paginate(registrations, request.GET.get("page")),
        "filtered": any(request.GET.get(k, "").strip() for k in request.GET if k not in ("page", "side")),
        "hours": selectors.hours_this_year(user),
        "year": clock.today().year,
        "can_register": side == "home" and own_org is not None and can_manage_members(user, own_org),
    }
    return render(request, "members/dual/list.html", context)


def _export(registrations: Any, *, side: str, year: int) -> HttpResponse:
    """The list as printed: the community's sheet carries phone numbers, the home branch's does not."""
    phone = side == "community"
    headers = ["姓名", *(["联系电话"] if phone else []), "所在党组织", "报到社区", "报到日期", "结束日期"]
    headers += [f"{year}年服务(小时)", "社区已确认(小时)"]
    rows = (
        [
            r.person.name,
            *([r.person.phone] if phone else []),
            r.person.org.name,
            r.community.name,
            r.registered_on,
            r.ended_on,
            r.hours,
            r.confirmed_hours,
        ]
        for r in registrations[:50_000]
    )
    sheet = Sheet(title="在职党员到社区报到", caption=f"在职党员到社区报到({year}年)", headers=headers, rows=rows)
    return xlsx_response(table_xlsx([sheet]), f"双报到-{clock.today():%Y%m%d}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def dual_register(request: HttpRequest) -> HttpResponse:
    """The home branch registers its member with the community where they live."""
    user: Any = request.user
    if user.org is None or not can_manage_members(user, user.org):
        raise PermissionDenied("没有办理到社区报到的权限")
    person, found = person_choice(request)
    if person is None:
        context = {"title": "到社区报到", "found": found, "q": request.GET.get("q", "").strip()}
        return render(request, "core/person_pick.html", context)
    form = RegisterForm(request.POST or None, initial={"registered_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["community_code"].strip()
        community = Org.objects.filter(code=code).first()
        if community is None:
            form.add_error("community_code", f"组织代码“{code}”不存在")
        else:
            try:
                registration = services.dual_register(
                    actor=user,
                    person=person,
                    community=community,
                    registered_on=form.cleaned_data["registered_on"],
                    skills=form.cleaned_data.get("skills", ""),
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"{person.name}已到“{community.name}”报到")
                return redirect("members:dual_detail", pk=registration.pk)
    return render(request, "members/dual/register.html", {"form": form, "person": person})


def _sides(user: Any, registration: Any) -> dict[str, bool]:
    home = can_manage_members(user, registration.person.org) if selectors.sees_home_side(user, registration) else False
    community = can_manage_members(user, registration.community)
    own = getattr(user, "person_id", None) == registration.person_id
    return {"home": home, "community": community, "own": own}


@login_required
@require_GET
def dual_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    registration = selectors.registration_detail(user, pk)
    sides = _sides(user, registration)
    active = registration.ended_on is None
    context = {
        "registration": registration,
        "services": list(selectors.registration_services(user, registration)),
        "sides": sides,
        "sees_home": selectors.sees_home_side(user, registration),
        "may_record": active and any(sides.values()),
        "may_end": active and (sides["home"] or sides["community"]),
        "form": ServiceRecordForm(initial={"served_on": clock.today()}),
    }
    return render(request, "members/dual/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def dual_service_create(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    registration = selectors.registration_detail(user, pk)
    if not any(_sides(user, registration).values()):
        raise PermissionDenied("没有登记该党员社区服务的权限")
    form = ServiceRecordForm(request.POST or None, initial={"served_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.dual_service_record(actor=user, registration=registration, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已登记社区服务")
            return redirect("members:dual_detail", pk=registration.pk)
    return render(request, "members/dual/service_form.html", {"form": form, "registration": registration})


@login_required
@require_POST
def dual_service_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    service = selectors.service_detail(user, pk)
    try:
        services.dual_service_confirm(actor=user, service=service)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已确认{service.served_on:%Y-%m-%d}的服务记录")
    return redirect("members:dual_detail", pk=service.registration_id)


@login_required
@require_http_methods(["GET", "POST"])
def dual_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Ending a registration asks first; the history stays."""
    user: Any = request.user
    registration = selectors.registration_detail(user, pk)
    sides = _sides(user, registration)
    if not (sides["home"] or sides["community"]):
        raise PermissionDenied("没有结束该报到的权限")
    form = EndForm(request.POST or None, initial={"ended_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.dual_end(actor=user, registration=registration, ended_on=form.cleaned_data["ended_on"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已结束{registration.person.name}在“{registration.community.name}”的报到")
            return redirect("members:dual_detail", pk=registration.pk)
    return render(request, "members/dual/end.html", {"form": form, "registration": registration})


urlpatterns: list[URLPattern] = [
    path("dual/", dual_list, name="dual_list"),
    path("dual/new/", dual_register, name="dual_register"),
    path("dual/<int:pk>/", dual_detail, name="dual_detail"),
    path("dual/<int:pk>/services/new/", dual_service_create, name="dual_service_create"),
    path("dual/<int:pk>/end/", dual_end, name="dual_end"),
    path("dual/services/<int:pk>/confirm/", dual_service_confirm, name="dual_service_confirm"),
]
