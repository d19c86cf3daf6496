"""Pages of 值班坐班: the centres in scope with this week's coverage, a centre's month (calendar grid, roster, sign-ins,
uncovered and missed days) with its forms and export, the phone sign-in page, the "无人值班" list of a period, and
the county's duty settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.forms import style_filter_form
from dangjian.core.io.tables import Sheet, audited_xlsx, xlsx_response
from dangjian.core.models import Person
from dangjian.core.scoping import ancestor_paths, get_scoped_or_404, subtree
from dangjian.core.views.common import export_org, home_county, home_org, is_filtered, require_manager
from dangjian.service import rules
from dangjian.service.forms.duty import EntryForm, RotaForm, SettingForm
from dangjian.service.models import DutyEntry, DutySetting, DutySign
from dangjian.service.permissions import can_manage_village, can_set_county_rules
from dangjian.service.selectors import centres as centre_selectors
from dangjian.service.selectors import duty as selectors
from dangjian.service.services import duty as services

PEOPLE_LIMIT = 300


def _month_param(raw: str | None, today: dt.date) -> dt.date:
    """ "2025-03" → the first of that month; anything else: this month."""
    text = (raw or "").strip()
    try:
        year, month = (int(part) for part in text.split("-", 1))
        return dt.date(year, month, 1) if 2000 <= year <= 2099 else today.replace(day=1)
    except ValueError:
        return today.replace(day=1)


def _date_param(raw: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat((raw or "").strip())
    except ValueError:
        return default


def _month_url(centre: Any, month: dt.date) -> str:
    return reverse("service:duty_month", kwargs={"pk": centre.pk}) + f"?month={month:%Y-%m}"


def _managed_centre(request: HttpRequest, pk: int) -> Any:
    centre = centre_selectors.centre_detail(request.user, pk)
    if not can_manage_village(request.user, centre.org):
        raise PermissionDenied("没有安排该服务中心值班的权限")
    return centre


@login_required
@require_GET
def duty_home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    today = clock.today()
    filterset, centres, needed = selectors.duty_home(user, request.GET, today)
    page = core_selectors.paginate(centres, request.GET.get("page"))
    org = home_org(user)
    first, last = rules.month_bounds(today)
    county = home_county(user)
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": page,
        "filtered": is_filtered(request),
        "needed": needed,
        "week": selectors.week_of(today),
        "today": today,
        "figures": selectors.sign_figures(user, org, first, last, today) if org else None,
        "can_settings": county is not None and can_set_county_rules(user, county),
    }
    return render(request, "service/duty/home.html", context)


@login_required
@require_GET
def duty_month(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    centre = centre_selectors.centre_detail(user, pk)
    today = clock.today()
    month = _month_param(request.GET.get("month"), today)
    view = selectors.month_view(centre, month, today)
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    context = {
        "centre": centre,
        "view": view,
        "today": today,
        "previous": previous,
        "following": following,
        "manager": can_manage_village(user, centre.org),
        "weekday_names": "一二三四五六日",
    }
    return render(request, "service/duty/month.html", context)


@login_required
@require_GET
def duty_month_export(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    require_manager(user, "没有导出值班表的权限")
    centre = centre_selectors.centre_detail(user, pk)
    month = _month_param(request.GET.get("month"), clock.today())
    file_name = f"值班表-{centre.name}-{month:%Y%m}.xlsx"
    entries = selectors.month_entries(centre, month)
    content = services.roster_export(actor=user, centre=centre, entries=entries, month=month, file_name=file_name)
    return xlsx_response(content, file_name)


def _people_for(centre: Any) -> list[Person]:
    """Members the roster may name: the centre's org and its branches, and the orgs above it (带班 leaders)."""
    from django.db.models import Q

    paths = ancestor_paths(centre.org_path)
    people = (
        Person.objects.on_roll()
        .filter(Q(**subtree("org_path", centre.org_path)) | Q(org_path__in=paths[:-1]))
        .select_related("org")
        .order_by("org_path", "name")
    )
    return list(people[:PEOPLE_LIMIT])


@login_required
@require_http_methods(["GET", "POST"])
def duty_entry_create(request: HttpRequest, pk: int) -> HttpResponse:
    centre = _managed_centre(request, pk)
    today = clock.today()
    date = _date_param(request.GET.get("date"), today)
    form = EntryForm(request.POST or None, people=_people_for(centre), initial={"date": date})
    if request.method == "POST" and form.is_valid():
        data = form.entry_data()
        try:
            entry = services.entry_create(actor=request.user, centre=centre, **data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已安排{entry.name}于{entry.date:%Y-%m-%d}{entry.get_slot_display()}值班")
            return redirect(_month_url(centre, entry.date))
    context = {"form": form, "title": "安排值班", "centre": centre, "back": _month_url(centre, date)}
    return render(request, "service/duty/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def duty_rota(request: HttpRequest, pk: int) -> HttpResponse:
    centre = _managed_centre(request, pk)
    today = clock.today()
    month = _month_param(request.GET.get("month"), today)
    first, last = rules.month_bounds(month)
    form = RotaForm(request.POST or None, initial={"first": first, "last": last})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = services.rota_fill(
                actor=request.user,
                centre=centre,
                first=data["first"],
                last=data["last"],
                weekdays=data["weekdays"],
                cadres=data["cadres"],
                kind=data["kind"],
                slot=data["slot"],
            )
        except ValidationError as exc:
            for key, errors in exc.message_dict.items():
                form.add_error(key if key in form.fields else None, errors)
        else:
            messages.success(request, f"已生成{added}条值班安排(已有安排的日期已跳过)")
            return redirect(_month_url(centre, data["first"]))
    context = {"form": form, "title": "按周轮值排班", "centre": centre, "back": _month_url(centre, month)}
    return render(request, "service/duty/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def duty_entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_scoped_or_404(DutyEntry.objects.select_related("centre__org"), request.user, pk=pk)
    centre = _managed_centre(request, entry.centre_id)
    back = _month_url(centre, entry.date)
    if request.method == "POST":
        try:
            services.entry_delete(actor=request.user, entry=entry)
        except ValidationError as exc:
            messages.error(request, ";".join(exc.messages))
        else:
            messages.success(request, "已删除值班安排")
        return redirect(back)
    text = f"确认删除{entry.date:%Y-%m-%d}{entry.get_slot_display()}{entry.name}的值班安排?"
    return render(
        request, "service/centres/confirm.html", {"centre": centre, "title": "删除值班安排", "text": text, "back": back}
    )


# --- sign-in ------------------------------------------------------------------------------------------------


@login_required
@require_GET
def duty_sign(request: HttpRequest) -> HttpResponse:
    """The cadre's phone page: today's own duty with big 签到 / 签退 buttons; a manager also sees today's roster
    of the centres in scope to record a sign-in for someone (代签)."""
    user: Any = request.user
    today = clock.today()
    mine = selectors.my_entries(user, today)
    managed = (
        selectors.managed_entries_today(user, today)
        if getattr(user, "org", None) and can_manage_village(user, user.org)
        else []
    )
    mine_ids = {e.pk for e in mine}
    context = {"mine": mine, "managed": [e for e in managed if e.pk not in mine_ids], "today": today}
    return render(request, "service/duty/sign.html", context)


def _entry_for_sign(request: HttpRequest, pk: int) -> DutyEntry:
    """The cadre's own entry, or one in the account's scope (404 otherwise, like a missing one)."""
    entry = DutyEntry.objects.select_related("centre__org").filter(pk=pk).first()
    if entry is not None and services.is_own(request.user, entry):
        return entry
    return get_scoped_or_404(DutyEntry.objects.select_related("centre__org"), request.user, pk=pk)


@login_required
@require_POST
def duty_sign_in(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_for_sign(request, pk)
    try:
        sign = services.sign_in(actor=request.user, entry=entry)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        late = "(迟到)" if sign.late else ""
        who = "代签" if sign.by_proxy else "签到"
        messages.success(request, f"{entry.name}已{who}{late}")
    return redirect("service:duty_sign")


@login_required
@require_POST
def duty_sign_out(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _entry_for_sign(request, pk)
    sign = DutySign.objects.select_related("entry__centre__org").filter(entry=entry).first()
    if sign is None:
        messages.error(request, "尚未签到,不能签退")
        return redirect("service:duty_sign")
    try:
        services.sign_out(actor=request.user, sign=sign)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        messages.success(request, f"{sign.entry.name}已签退")
    return redirect("service:duty_sign")


# --- the "无人值班" list -----------------------------------------------------------------------------------------


def _period(request: HttpRequest, today: dt.date) -> tuple[dt.date, dt.date]:
    month_first, month_last = rules.month_bounds(today)
    first = _date_param(request.GET.get("first"), month_first)
    last = _date_param(request.GET.get("last"), month_last)
    if last < first:
        first, last = last, first
    return first, min(last, first + dt.timedelta(days=92))


@login_required
@require_GET
def duty_uncovered(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    today = clock.today()
    first, last = _period(request, today)
    filterset, rows = selectors.uncovered_list(user, request.GET, first, last, today)
    page = core_selectors.paginate(rows, request.GET.get("page"))
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": page,
        "filtered": is_filtered(request, "first", "last"),
        "first": first,
        "last": last,
    }
    return render(request, "service/duty/uncovered.html", context)


@login_required
@require_GET
def duty_uncovered_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manager(user, "没有导出的权限")
    today = clock.today()
    first, last = _period(request, today)
    _, rows = selectors.uncovered_list(user, request.GET, first, last, today)
    org = export_org(request) or home_org(user)
    file_name = f"无人值班-{org.name if org else ''}-{first:%Y%m%d}-{last:%Y%m%d}.xlsx"
    sheet = Sheet(
        "无人值班",
        ("服务中心", "所属党组织", "无人值班天数", "无人值班日期", "缺岗天数", "缺岗日期"),
        [
            [
                row.centre.name,
                row.centre.org.name,
                len(row.uncovered),
                "、".join(f"{d:%m-%d}" for d in row.uncovered),
                len(row.missed),
                "、".join(f"{d:%m-%d}" for d in row.missed),
            ]
            for row in rows
        ],
        caption=f"{first:%Y-%m-%d}至{last:%Y-%m-%d}",
    )
    content = audited_xlsx(sheet, actor=user, org=org, kind="service_duty_uncovered", file_name=file_name)
    return xlsx_response(content, file_name)


@login_required
@require_http_methods(["GET", "POST"])
def duty_settings(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    county = home_county(user)
    if county is None or not can_set_county_rules(user, county):
        raise PermissionDenied("只有县(区)委组织部可以设置值班规则")
    setting = DutySetting.objects.filter(org=county).first()
    initial = {
        "weekends_required": setting.weekends_required if setting else False,
        "grace_minutes": setting.grace_minutes if setting else services.DEFAULT_GRACE,
    }
    form = SettingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.setting_save(actor=user, county=county, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存值班设置")
            return redirect("service:duty_home")
    context = {"form": form, "title": "值班设置", "centre": None, "back": reverse("service:duty_home")}
    return render(request, "service/duty/form.html", context)


urlpatterns: list[URLPattern] = [
    path("duty/", duty_home, name="duty_home"),
    path("duty/sign/", duty_sign, name="duty_sign"),
    path("duty/sign/<int:pk>/in/", duty_sign_in, name="duty_sign_in"),
    path("duty/sign/<int:pk>/out/", duty_sign_out, name="duty_sign_out"),
    path("duty/uncovered/", duty_uncovered, name="duty_uncovered"),
    path("duty/uncovered/export/", duty_uncovered_export, name="duty_uncovered_export"),
    path("duty/settings/", duty_settings, name="duty_settings"),
    path("duty/centre/<int:pk>/", duty_month, name="duty_month"),
    path("duty/centre/<int:pk>/export/", duty_month_export, name="duty_month_export"),
    path("duty/centre/<int:pk>/entries/new/", duty_entry_create, name="duty_entry_create"),
    path("duty/centre/<int:pk>/rota/", duty_rota, name="duty_rota"),
    path("duty/entries/<int:pk>/delete/", duty_entry_delete, name="duty_entry_delete"),
]
