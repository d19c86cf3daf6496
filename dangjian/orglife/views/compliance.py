"""Pages of compliance: the county (its townships rolled up), a township (its branches), a branch (each
requirement × period, its meetings), their exports, and ORG-10's list of members absent for six months."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.views.decorators.http import require_GET

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.choices import OrgLevel
from dangjian.core.forms import style_filter_form
from dangjian.core.io.tables import xlsx_response
from dangjian.core.models import Org
from dangjian.core.scoping import scoped, subtree
from dangjian.core.views.common import is_filtered
from dangjian.orglife import rules
from dangjian.orglife.selectors import compliance as selectors
from dangjian.orglife.services import compliance as services

ROLLUP_LEVELS = {OrgLevel.PROVINCE, OrgLevel.CITY, OrgLevel.COUNTY}
NOT_ALLOWED = "组织生活达标情况由党组织书记和各级管理员查看"
YEARS_SHOWN = 5


def _org_and_span(request: HttpRequest) -> tuple[Org, selectors.Span]:
    user: Any = request.user
    if not selectors.may_view(user):
        raise PermissionDenied(NOT_ALLOWED)
    org = selectors.compliance_org(user, request.GET.get("org"))
    if org is None:
        raise Http404("对象不存在")
    return org, selectors.Span.parse(request.GET.get("year"), request.GET.get("period"))


def _level(org: Org) -> str:
    """Which page an org gets: its children rolled up (county and above), one branch, or a list of branches."""
    if selectors.is_unit(org):
        return "branch"
    return "rollup" if org.level in ROLLUP_LEVELS else "branches"


def _breadcrumbs(user: Any, org: Org) -> list[Org]:
    """The orgs above the page's org that the user may open (their own org and below)."""
    paths = [org.path[:end] for end in range(Org.steplen, len(org.path), Org.steplen)]
    return list(scoped(Org, user).filter(path__in=paths).order_by("path"))


def _townships(user: Any, org: Org) -> dict[str, str]:
    """The names of the org's direct children by path (a branch row names the one it lies under)."""
    children = scoped(Org, user).filter(**subtree("path", org.path), depth=org.depth + 1).values_list("path", "name")
    return dict(children)


def _meeting_links() -> bool:
    try:
        reverse("orglife:meeting_detail", args=[1])
    except NoReverseMatch:
        return False
    return True


def _context(request: HttpRequest, org: Org, span: selectors.Span) -> dict[str, Any]:
    today = clock.today()
    user: Any = request.user
    county_id = selectors.county_id_of(org)
    return {
        "org": org,
        "span": span,
        "years": range(today.year, today.year - YEARS_SHOWN, -1),
        "spans": rules.SPAN_CHOICES,
        "crumbs": _breadcrumbs(user, org),
        "query": {"org": org.code, "year": span.year, "period": span.key},
        "has_requirements": county_id is None or selectors.has_requirements(county_id),
    }


@login_required
@require_GET
def compliance(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    org, span = _org_and_span(request)
    context = _context(request, org, span)
    level = _level(org)
    if level == "rollup":
        rollups, total = selectors.children_rollup_cached(user, org, span)
        context |= {"rollups": rollups, "total": total}
        return render(request, "orglife/compliance/rollup.html", context)
    if level == "branches":
        filterset, rows = selectors.branch_rows(user, org, span, params=request.GET)
        total = selectors.Rollup(org=org)
        for row in rows:
            total.take(row)
        total.absent = sum(selectors.absence_counts(user, org).values())
        context |= {
            "filter_form": style_filter_form(filterset.form),
            "filtered": is_filtered(request, "org", "year", "period"),
            "page": core_selectors.paginate(rows, request.GET.get("page")),
            "total": total,
            "townships": _townships(user, org),
        }
        return render(request, "orglife/compliance/branches.html", context)
    row, lines = selectors.branch_detail(user, org, span)
    meetings = selectors.branch_meetings(user, org, span)
    context |= {
        "row": row,
        "lines": lines,
        "page": core_selectors.paginate(meetings, request.GET.get("page")),
        "meeting_links": _meeting_links(),
        "absent": sum(selectors.absence_counts(user, org).values()),
    }
    return render(request, "orglife/compliance/branch.html", context)


@login_required
@require_GET
def compliance_export(request: HttpRequest) -> HttpResponse:
    """The page's level as .xlsx (the same org, year and span)."""
    user: Any = request.user
    org, span = _org_and_span(request)
    level = _level(org)
    file_name = f"组织生活达标情况-{org.name}-{span.label}-{clock.today():%Y%m%d}.xlsx"
    if level == "rollup":
        rollups, total = selectors.children_rollup_cached(user, org, span)
        _, rows = selectors.branch_rows(user, org, span)
        content = services.compliance_export(
            actor=user,
            org=org,
            span=span,
            rollups=rollups,
            total=total,
            rows=rows,
            townships=_townships(user, org),
            file_name=file_name,
        )
    elif level == "branches":
        _, rows = selectors.branch_rows(user, org, span, params=request.GET)
        content = services.compliance_export(
            actor=user, org=org, span=span, rows=rows, townships=_townships(user, org), file_name=file_name
        )
    else:
        row, lines = selectors.branch_detail(user, org, span)
        meetings = selectors.branch_meetings(user, org, span)
        content = services.compliance_export(
            actor=user, org=org, span=span, rows=[row], lines=lines, meetings=meetings, file_name=file_name
        )
    return xlsx_response(content, file_name)


@login_required
@require_GET
def absence_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not selectors.may_view(user):
        raise PermissionDenied(NOT_ALLOWED)
    today = clock.today()
    filterset, page = selectors.absence_page(user, request.GET, request.GET.get("page"), today=today)
    context = {
        "filter_form": style_filter_form(filterset.form),
        "filtered": is_filtered(request),
        "page": page,
        "cutoff": rules.absence_cutoff(today),
        "months": rules.ABSENCE_MONTHS,
    }
    return render(request, "orglife/compliance/absence_list.html", context)


@login_required
@require_GET
def absence_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not selectors.may_view(user):
        raise PermissionDenied(NOT_ALLOWED)
    _, people = selectors.absence_list(user, request.GET)
    org = selectors.compliance_org(user, request.GET.get("org"))
    file_name = f"连续6个月未参加组织生活党员-{clock.today():%Y%m%d}.xlsx"
    content = services.absence_export(
        actor=user,
        org=org,
        people=people.iterator(chunk_size=2000),
        last_attended=selectors.last_attended(user, people),
        file_name=file_name,
    )
    return xlsx_response(content, file_name)


urlpatterns: list[URLPattern] = [
    path("compliance/", compliance, name="compliance"),
    path("compliance/export.xlsx", compliance_export, name="compliance_export"),
    path("compliance/absent/", absence_list, name="absence_list"),
    path("compliance/absent/export.xlsx", absence_export, name="absence_export"),
]
