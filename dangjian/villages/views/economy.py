"""Pages of 集体经济: the report of a scope and a year (counts and shares at the thresholds, growth, average, by
development model, per township, the hollow and unreported villages), the per-village list with its export, and a
village's years with the form to enter one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.filters import parse_year
from dangjian.core.io.tables import xlsx_response
from dangjian.core.models import UnitYearFigure
from dangjian.core.views.common import export_org, home_org, is_filtered, requested_org
from dangjian.orglife.forms.volunteers import style_filters
from dangjian.villages import rules
from dangjian.villages.choices import IncomeBand
from dangjian.villages.forms.economy import VillageYearForm
from dangjian.villages.models import VillageEconomy
from dangjian.villages.permissions import can_manage_village
from dangjian.villages.selectors import economy as selectors
from dangjian.villages.services import economy as services

LIST_LIMIT = 100
BAND_LABELS = dict(selectors.BAND_CHOICES)


def _years() -> list[int]:
    today = clock.today()
    return list(range(today.year, today.year - 8, -1))


def _default_year(request: HttpRequest) -> int:
    """The year asked for, else last year (a year's figures are reported after it ends)."""
    raw = request.GET.get("year", "").strip()
    return parse_year(raw) if raw else clock.today().year - 1


def _scope_org(request: HttpRequest) -> Any:
    org = requested_org(request) if request.GET.get("org", "").strip() else home_org(request.user)
    if org is None:
        raise Http404("组织不存在或不在您的管理范围内")
    return org


@login_required
@require_GET
def economy_home(request: HttpRequest) -> HttpResponse:
    """The collective-economy report of the chosen scope and year."""
    org = _scope_org(request)
    year = _default_year(request)
    raw_back = request.GET.get("back", "").strip()
    back = int(raw_back) if raw_back.isdigit() and 1 <= int(raw_back) <= 10 else 2
    report = selectors.report(org, year, years_back=back)
    hollow = selectors.hollow_villages(org, year)
    unreported = selectors.unreported_villages(org, year)
    context = {
        "org": org,
        "year": year,
        "years": _years(),
        "back": back,
        "backs": range(1, 6),
        "report": report,
        "hollow": list(hollow[:LIST_LIMIT]),
        "unreported": list(unreported[:LIST_LIMIT]),
        "limit": LIST_LIMIT,
        "hollow_line": rules.HOLLOW_LINE,
        "chart": {
            "labels": [str(label) for _, label in IncomeBand.choices] + ["未填报"],
            "values": _band_counts(report),
        },
    }
    return render(request, "villages/economy/home.html", context)


def _band_counts(report: selectors.EconomyReport) -> list[int]:
    reached = [t["count"] for t in report.thresholds]
    return [
        report.hollow,
        reached[0] - reached[1],
        reached[1] - reached[2],
        reached[2] - reached[3],
        reached[3],
        report.unreported,
    ]


@login_required
@require_GET
def economy_villages(request: HttpRequest) -> HttpResponse:
    """Every village of the scope with the year's income, band, assets and development models."""
    user: Any = request.user
    year = _default_year(request)
    filterset, villages = selectors.village_list(user, request.GET, year)
    page = core_selectors.paginate(villages, request.GET.get("page"))
    selectors.decorate(list(page.page.object_list), year)
    context = {
        "filter_form": style_filters(filterset.form),
        "page": page,
        "year": year,
        "years": _years(),
        "filtered": is_filtered(request, "year"),
        "band_labels": BAND_LABELS,
    }
    return render(request, "villages/economy/villages.html", context)


@login_required
@require_GET
def economy_export(request: HttpRequest) -> HttpResponse:
    """The per-village list as .xlsx (audited)."""
    user: Any = request.user
    if getattr(user, "role", None) == "member":
        raise PermissionDenied("没有导出村级集体经济的权限")
    year = _default_year(request)
    _, villages = selectors.village_list(user, request.GET, year)
    rows = []
    for start in range(0, villages.count(), 2000):
        rows.extend(selectors.decorate(list(villages[start : start + 2000]), year))
    org = export_org(request) or home_org(user)
    file_name = f"村级集体经济-{org.name if org else ''}-{year}年-{clock.today():%Y%m%d}.xlsx"
    content = services.villages_export(actor=user, org=org, year=year, rows=rows, file_name=file_name)
    return xlsx_response(content, file_name)


@login_required
@require_GET
def economy_village(request: HttpRequest, pk: int) -> HttpResponse:
    """A village's years: income, assets, band, development models, development thinking."""
    user: Any = request.user
    village = selectors.village_detail(user, pk)
    context = {
        "village": village,
        "rows": selectors.village_years(village),
        "can_edit": can_manage_village(user, village),
        "this_year": clock.today().year,
        "last_year": clock.today().year - 1,
        "band_labels": BAND_LABELS,
    }
    return render(request, "villages/economy/village.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def economy_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Enter or correct a village's year (the village's secretary or above)."""
    user: Any = request.user
    village = selectors.village_detail(user, pk)
    if not can_manage_village(user, village):
        raise PermissionDenied("没有填报该村集体经济的权限")
    figure = UnitYearFigure.objects.filter(unit__org=village, year=year).first()
    plan = VillageEconomy.objects.filter(org=village, year=year).first()
    initial = {
        "income": figure.collective_income if figure else None,
        "assets": figure.collective_assets if figure else None,
        "models": list(plan.models.values_list("model", flat=True)) if plan else [],
        "note": plan.note if plan else "",
    }
    form = VillageYearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.village_year_save(
                actor=user,
                org=village,
                year=year,
                income=data["income"],
                assets=data["assets"],
                models=data["models"],
                note=data["note"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已保存{village.name}{year}年度集体经济情况")
            return redirect("villages:economy_village", pk=village.pk)
    context = {"form": form, "village": village, "year": year, "title": f"{year}年度集体经济情况"}
    return render(request, "villages/economy/form.html", context)


urlpatterns: list[URLPattern] = [
    path("economy/", economy_home, name="economy_home"),
    path("economy/villages/", economy_villages, name="economy_villages"),
    path("economy/villages/export.xlsx", economy_export, name="economy_export"),
    path("economy/villages/<int:pk>/", economy_village, name="economy_village"),
    path("economy/villages/<int:pk>/<int:year>/", economy_edit, name="economy_edit"),
]
