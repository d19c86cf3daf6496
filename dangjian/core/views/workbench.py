"""工作台: the figures of the account's scope from the summary table (OrgStats), as cards, charts and tables.

Reads one OrgStats row for the scope org and the rows of its direct children; it never scans people per
request. When a county-level or smaller scope has no row yet, its figures are counted on the fly (bounded
by the county id); above the counties the page says the figures are being prepared.
A member account gets a personal page: their own record and their org.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, path, reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from dangjian.core import stats
from dangjian.core.choices import OrgKind, OrgLevel
from dangjian.core.models import Org, OrgStats, Person, Post
from dangjian.core.scoping import scope_of, scoped

# Charts of the page, in order: (dimension key, chart type).
CHARTS = (
    ("age_band", "bar"),
    ("gender", "pie"),
    ("education", "bar"),
    ("ethnicity", "bar"),
    ("status", "pie"),
    ("category", "bar"),
    ("occupation", "bar"),
    ("join_period", "bar"),
    ("org_kind", "bar"),
    ("org_domain", "bar"),
)
CHILDREN_LIMIT = 300
FIGURES_CACHE_SECONDS = 300
# Scopes whose figures may be counted on the fly when their summary row is missing (bounded by county).
LIVE_LEVELS = {OrgLevel.COUNTY, OrgLevel.TOWNSHIP, OrgLevel.GRASSROOTS}


def _href(name: str, pk: int) -> str | None:
    """The page of an object when that page exists in this build."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None


def _percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


def _kpis(row: OrgStats) -> list[dict[str, Any]]:
    young = stats.aged_at_most(row, 35)
    total = row.member_count
    return [
        {"label": "党组织数", "value": f"{row.org_count:,}", "note": "含本级, 不含党小组"},
        {"label": "党支部数", "value": f"{row.branch_count:,}", "note": "含联合、临时党支部"},
        {"label": "党员数", "value": f"{total:,}", "note": ""},
        {"label": "预备党员", "value": f"{row.probationary_count:,}", "note": _percent(row.probationary_count, total)},
        {"label": "女党员", "value": _percent(row.female_count, total), "note": f"{row.female_count:,} 名"},
        {"label": "少数民族党员", "value": _percent(row.minority_count, total), "note": f"{row.minority_count:,} 名"},
        {"label": "大专及以上学历", "value": _percent(row.college_count, total), "note": f"{row.college_count:,} 名"},
        {"label": "35岁及以下", "value": _percent(young, total), "note": f"{young:,} 名"},
    ]


def _series(key: str, values: dict[str, int]) -> list[tuple[str, int]]:
    """(label, count) in the dimension's display order; ethnicity: 汉族 first, then minorities by size."""
    dimension = stats.DIMENSION_BY_KEY[key]
    if key == "ethnicity":
        minorities = sorted(((n, c) for n, c in values.items() if n != stats.HAN), key=lambda item: (-item[1], item[0]))
        return [(stats.HAN, values.get(stats.HAN, 0)), *minorities]
    pairs = [(str(label), values.get(code, 0)) for code, label in dimension.choices]
    if key in ("occupation", "org_kind", "org_domain", "category"):
        pairs = [pair for pair in pairs if pair[1]]  # long lists: only what occurs
    return pairs


def _charts(row: OrgStats) -> list[dict[str, Any]]:
    charts = []
    for key, kind in CHARTS:
        series = _series(key, row.breakdown.get(key, {}))
        total = sum(count for _, count in series)
        # 汉族 dwarfs the rest: the chart shows the minorities, the table below it every group.
        drawn = [(label, count) for label, count in series if key != "ethnicity" or label != stats.HAN]
        charts.append(
            {
                "id": f"chart-{key}",
                "key": key,
                "type": kind,
                "title": stats.DIMENSION_BY_KEY[key].title,
                "labels": [label for label, _ in drawn],
                "values": [count for _, count in drawn],
                "rows": [(label, f"{count:,}", _percent(count, total)) for label, count in series],
                "total": total,
                "drawn": sum(count for _, count in drawn),
            }
        )
    return charts


_CHILD_FIGURES = ("member_count", "probationary_count", "female_count", "org_count", "branch_count")


def _children(user: Any, org: Org) -> list[dict[str, Any]]:
    """Direct children with their rolled-up counts (plain values: no per-row model or JSON decoding)."""
    children = (
        scoped(Org, user)
        .filter(path__startswith=org.path, depth=org.depth + 1)
        .order_by("path")
        .values("pk", "name", "kind", "stats__org_id", *(f"stats__{name}" for name in _CHILD_FIGURES))[:CHILDREN_LIMIT]
    )
    kinds = dict(OrgKind.choices)
    rows = []
    for child in children:
        has_stats = child["stats__org_id"] is not None
        rows.append(
            {
                "name": child["name"],
                "kind": kinds.get(child["kind"], child["kind"]),
                "href": _href("core:org_detail", child["pk"]),
                "figures": [f"{child[f'stats__{name}']:,}" for name in _CHILD_FIGURES] if has_stats else None,
            }
        )
    return rows


def _scope_org(user: Any) -> Org | None:
    """The org whose figures the account sees: its own org (the root of its scope)."""
    scope = scope_of(user)
    if scope.everything:
        return Org.objects.get_first_root_node()
    return user.org if scope.org_id is not None else None


# A member's own pages of organisational life, shown as shortcuts on the member's workbench (phone first).
MEMBER_SHORTCUTS = (
    ("orglife:my_meetings", "我的会议"),
    ("orglife:my_points", "我的积分"),
    ("orglife:article_list", "微党建"),
    ("orglife:study_home", "学习测试"),
    ("orglife:volunteer_home", "志愿服务"),
    ("orglife:my_commitments", "五亮承诺"),
)


def _shortcuts() -> list[dict[str, str]]:
    found = []
    for name, label in MEMBER_SHORTCUTS:
        try:
            found.append({"url": reverse(name), "label": label})
        except NoReverseMatch:
            continue
    return found


def _member_page(request: HttpRequest) -> HttpResponse:
    person = scoped(Person, request.user).select_related("org").first()
    posts = (
        list(scoped(Post, request.user).filter(term_end__isnull=True).select_related("org").order_by("term_start"))
        if person
        else []
    )
    context = {
        "person": person,
        "posts": posts,
        "person_href": _href("core:person_detail", person.pk) if person else None,
        "shortcuts": _shortcuts() if person else [],
    }
    return render(request, "core/workbench_member.html", context)


@login_required
@require_GET
def workbench(request: HttpRequest) -> HttpResponse:
    user = request.user
    if scope_of(user).member_only:
        return _member_page(request)
    org = _scope_org(user)
    context: dict[str, Any] = {"org": org, "row": None, "live": False}
    if org is None:
        return render(request, "core/workbench.html", context)
    row = scoped(OrgStats, user).filter(org_id=org.pk).first()
    if row is None and org.level in LIVE_LEVELS:
        row, context["live"] = stats.compute_for_org(org), True
    context["row"] = row
    context["org_href"] = _href("core:org_detail", org.pk)
    if row is not None:
        context["figures"] = _figures(request, org, row, cacheable=not context["live"])
    return render(request, "core/workbench.html", context)


def _figures(request: HttpRequest, org: Org, row: OrgStats, *, cacheable: bool) -> str:
    """The cards, charts, tables and children of one summary row, rendered once per row version.

    Everything here depends on the scope org's row and its children only (the same for every account bound
    to that org), so it is cached under the row's refresh time; a refresh gives a new key. The timeout
    bounds how long a renamed child org can show its old name.
    """
    key = f"workbench:v1:{org.pk}:{row.refreshed_at.timestamp()}"
    if cacheable and (cached := cache.get(key)) is not None:
        return mark_safe(cached)
    charts = _charts(row)
    context = {
        "kpis": _kpis(row),
        "charts": charts,
        "children": _children(request.user, org),
        "chart_data": [{name: chart[name] for name in ("id", "type", "title", "labels", "values")} for chart in charts],
    }
    html = render_to_string("core/workbench_figures.html", context, request=request)
    if cacheable:
        cache.set(key, html, FIGURES_CACHE_SECONDS)
    return html


urlpatterns = [path("", workbench, name="workbench")]
