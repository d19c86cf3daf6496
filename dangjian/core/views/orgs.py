"""Org pages: the browsable tree (one level per request), search, detail, create, edit, move, unit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET

from dangjian.core import selectors, services
from dangjian.core.forms import (
    OrgCreateForm,
    OrgEditForm,
    OrgMoveForm,
    UnitForm,
    UnitYearFigureForm,
    style_filter_form,
)
from dangjian.core.models import Org, UnitYearFigure
from dangjian.core.permissions import can_import, can_manage_orgs, can_manage_people, can_move_org, can_view_audit
from dangjian.core.scoping import scope_of
from dangjian.core.views.common import save_changes

SEARCH_KEYS = ("search", "kind", "domain", "level", "within")
ROLLUP_FIGURES = (
    ("member_count", "党员"),
    ("probationary_count", "预备党员"),
    ("female_count", "女党员"),
    ("minority_count", "少数民族党员"),
    ("college_count", "大专及以上学历"),
    ("org_count", "党组织(含本级)"),
    ("branch_count", "党支部"),
)


def _may_move(user: Any, org: Org, parent: Org | None) -> bool:
    """Whether the move button shows: the org can move at all (its parent in scope, not the user's root)."""
    return parent is not None and can_move_org(user, org, parent)


@login_required
@require_GET
def org_tree(request: HttpRequest) -> HttpResponse:
    user = request.user
    filterset, results = selectors.org_search(user, request.GET)
    searching = any(request.GET.get(key, "").strip() for key in SEARCH_KEYS)
    context: dict[str, Any] = {"filter_form": style_filter_form(filterset.form), "searching": searching}
    if searching:
        page = selectors.paginate(results, request.GET.get("page"))
        context.update(page=page, rows=[selectors.OrgNode.of(org) for org in page.page.object_list])
    else:
        context["nodes"] = selectors.org_tree_for(user)
    return render(request, "core/org_tree.html", context)


@login_required
@require_GET
def org_children(request: HttpRequest, pk: int) -> HttpResponse:
    """The direct children of one org, a page at a time (htmx loads them when a node is opened)."""
    org = selectors.org_detail(request.user, pk)
    page = selectors.paginate(
        selectors.org_children(request.user, org), request.GET.get("page"), selectors.CHILDREN_PAGE_SIZE
    )
    nodes = [selectors.OrgNode.of(child) for child in page.page.object_list]
    return render(request, "core/org_tree_children.html", {"org": org, "nodes": nodes, "page": page.page})


@login_required
@require_GET
def org_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    org = selectors.org_detail(user, pk)
    parent = selectors.org_parent(user, org)
    unit = selectors.org_unit(org)
    children = list(selectors.org_children(user, org)[: selectors.CHILDREN_PAGE_SIZE])
    stats = selectors.stats_of(org)
    context = {
        "org": org,
        "parent": parent,
        "stats": stats,
        "rollup": [(label, getattr(stats, name) if stats else None) for name, label in ROLLUP_FIGURES],
        # A member account sees only itself: a count of "its" members would mislead.
        "direct_member_count": None if scope_of(user).member_only else selectors.org_direct_member_count(user, org),
        "unit": unit,
        "figures": selectors.unit_year_figures(unit),
        "posts": list(selectors.posts_for(user, org=org, current=True)[:100]),
        "children": [selectors.OrgNode.of(child) for child in children],
        "more_children": org.numchild > len(children),
        "can_manage": can_manage_orgs(user, org),
        "can_move": _may_move(user, org, parent),
        "can_add_person": can_manage_people(user, org),
        "can_view_audit": can_view_audit(user),
        "can_export": can_import(user),
    }
    return render(request, "core/org_detail.html", context)


@login_required
def org_create(request: HttpRequest, parent_pk: int) -> HttpResponse:
    user = request.user
    parent = selectors.org_detail(user, parent_pk)
    if not can_manage_orgs(user, parent):
        raise PermissionDenied("没有在该组织下新建下级组织的权限")
    form = OrgCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.org_create(actor=user, parent=parent, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已新建党组织“{org.name}”")
            return redirect("core:org_detail", pk=org.pk)
    return render(request, "core/org_form.html", {"form": form, "parent": parent, "title": "新建下级党组织"})


@login_required
def org_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    org = selectors.org_detail(user, pk)
    if not can_manage_orgs(user, org):
        raise PermissionDenied("没有修改该组织的权限")
    initial = {name: getattr(org, name) for name in OrgEditForm.model_fields}
    form = OrgEditForm(request.POST or None, initial=initial)
    if save_changes(request, form, lambda changes: services.org_update(actor=user, org=org, **changes)):
        return redirect("core:org_detail", pk=org.pk)
    return render(request, "core/org_form.html", {"form": form, "org": org, "title": f"修改党组织:{org.name}"})


@login_required
def org_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Pick a new parent in scope (with search), confirm, then move the whole subtree."""
    user = request.user
    org = selectors.org_detail(user, pk)
    parent = selectors.org_parent(user, org)
    if not _may_move(user, org, parent):
        raise PermissionDenied("没有移动该组织的权限")
    search = request.GET.get("q", "")
    data = request.POST if request.method == "POST" else None
    # The chosen target stays selectable whatever the search, so that the confirmation step validates it.
    chosen = selectors.org_in_scope(user, request.POST["new_parent"]) if _posted_target(request) else None
    targets = selectors.move_targets(user, org, search)
    if chosen is not None and chosen not in targets:
        targets.insert(0, chosen)
    form = OrgMoveForm(data, targets=targets)
    context: dict[str, Any] = {"org": org, "parent": parent, "form": form, "q": search, "targets": targets}
    if request.method == "POST" and form.is_valid():
        new_parent = next(t for t in targets if t.pk == form.cleaned_data["new_parent"])
        if not form.cleaned_data["confirm"]:
            below, members = selectors.subtree_size(user, org)
            context.update(new_parent=new_parent, below=below, members=members)
            return render(request, "core/org_move_confirm.html", context)
        try:
            services.org_move(actor=user, org=org, new_parent=new_parent)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已将“{org.name}”及其全部下级组织移动到“{new_parent.name}”之下")
            return redirect("core:org_detail", pk=org.pk)
    if request.headers.get("HX-Request") and request.method == "GET":
        return render(request, "core/org_move_targets.html", context)
    return render(request, "core/org_move.html", context)


def _posted_target(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get("new_parent", "").isdigit()


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit an org serves (one form) and its yearly figures (another form on the same page)."""
    user = request.user
    org = selectors.org_detail(user, pk)
    if not can_manage_orgs(user, org):
        raise PermissionDenied("没有修改该组织所在单位的权限")
    unit = selectors.org_unit(org)
    unit_initial = {name: getattr(unit, name) for name in UnitForm.model_fields} if unit else {}
    year = request.GET.get("year", "")
    figure = UnitYearFigure.objects.filter(unit=unit, year=year).first() if unit and year.isdigit() else None
    figure_initial = {name: getattr(figure, name) for name in UnitYearFigureForm.model_fields} if figure else {}
    which = request.POST.get("form") if request.method == "POST" else None
    unit_form = UnitForm(request.POST if which == "unit" else None, initial=unit_initial, prefix="unit")
    figure_form = UnitYearFigureForm(request.POST if which == "figure" else None, initial=figure_initial, prefix="fig")
    if which == "unit" and unit_form.is_valid():
        try:
            services.unit_save(actor=user, org=org, **unit_form.cleaned_data)
        except ValidationError as exc:
            unit_form.add_service_errors(exc)
        else:
            messages.success(request, "已保存所在单位信息")
            return redirect("core:org_detail", pk=org.pk)
    elif which == "figure" and unit is None:
        figure_form.is_valid()
        figure_form.add_error(None, "请先填写所在单位信息,再填写年度数据")
    elif which == "figure" and unit is not None and figure_form.is_valid():
        values = dict(figure_form.cleaned_data)
        try:
            services.unit_year_figure_save(actor=user, unit=unit, year=values.pop("year"), **values)
        except ValidationError as exc:
            figure_form.add_service_errors(exc)
        else:
            messages.success(request, f"已保存{figure_form.cleaned_data['year']}年度数据")
            return redirect("core:org_detail", pk=org.pk)
    context = {
        "org": org,
        "unit": unit,
        "unit_form": unit_form,
        "figure_form": figure_form,
        "figures": selectors.unit_year_figures(unit),
    }
    return render(request, "core/org_unit_form.html", context)


urlpatterns = [
    path("orgs/", org_tree, name="org_tree"),
    path("orgs/<int:pk>/", org_detail, name="org_detail"),
    path("orgs/<int:pk>/children/", org_children, name="org_children"),
    path("orgs/<int:parent_pk>/new/", org_create, name="org_create"),
    path("orgs/<int:pk>/edit/", org_edit, name="org_edit"),
    path("orgs/<int:pk>/move/", org_move, name="org_move"),
    path("orgs/<int:pk>/unit/", unit_edit, name="unit_edit"),
]
