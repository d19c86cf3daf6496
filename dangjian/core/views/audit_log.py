"""Audit trail pages (工作轨迹): the list with filters, per org and per object, with readable diffs."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_GET

from dangjian.core import selectors
from dangjian.core.forms import style_filter_form
from dangjian.core.models import AuditEntry
from dangjian.core.permissions import can_view_audit

SOURCE_LABELS = {"web": "网页", "api": "接口", "cli": "命令行", "import": "导入", "system": "系统"}
# Keys recorded that are not model fields (a move records the parent's code and the path).
EXTRA_LABELS = {"parent": "上级组织", "path": "组织路径", "id_number": "公民身份号码", "org_path": "组织路径"}
OBJECT_TYPES = ("core.org", "core.unit", "core.unityearfigure", "core.person", "core.post", "core.user")
# Where an audited object can be opened.
OBJECT_PAGES = {"core.org": "core:org_detail", "core.person": "core:person_detail"}
EMPTY = "—"


@dataclass
class DiffRow:
    label: str
    before: str
    after: str
    changed: bool


@dataclass
class EntryView:
    entry: AuditEntry
    source: str
    rows: list[DiffRow]
    object_url: str
    type_label: str


def _field(model: Any, key: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _label(model: Any, key: str) -> str:
    field = _field(model, key)
    if field is not None and getattr(field, "verbose_name", None):
        return str(field.verbose_name)
    return EXTRA_LABELS.get(key, key)


def _type_label(object_type: str) -> str:
    model = selectors.model_of(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


def _display(field: Any, value: Any, names: dict[Any, dict[str, str]]) -> str:
    if value is None or value == "":
        return EMPTY
    if field is None:
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if field.is_relation and field.related_model is not None:
        return names.get(field.related_model, {}).get(str(value), f"编号 {value}")
    if isinstance(field, models.BooleanField):
        return "是" if value else "否"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _keys(entry: AuditEntry) -> list[str]:
    keys = list(entry.before or {})
    keys += [key for key in (entry.after or {}) if key not in keys]
    return keys


def entry_views(user: Any, entries: Iterable[AuditEntry]) -> list[EntryView]:
    """Entries with a field-by-field diff labelled in Chinese; related ids resolved in one query per model."""
    entries = list(entries)
    wanted: dict[Any, set[Any]] = defaultdict(set)
    for entry in entries:
        model = selectors.model_of(entry.object_type)
        for key in _keys(entry):
            field = _field(model, key)
            if field is not None and field.is_relation and field.related_model is not None:
                for values in (entry.before or {}, entry.after or {}):
                    if values.get(key) not in (None, ""):
                        wanted[field.related_model].add(values[key])
    names = {related: selectors.names_of(user, related, ids) for related, ids in wanted.items()}
    views = []
    for entry in entries:
        model = selectors.model_of(entry.object_type)
        before, after = entry.before or {}, entry.after or {}
        rows = []
        for key in _keys(entry):
            field = _field(model, key)
            shown_before = _display(field, before.get(key), names) if entry.before is not None else ""
            shown_after = _display(field, after.get(key), names) if entry.after is not None else ""
            rows.append(DiffRow(_label(model, key), shown_before, shown_after, before.get(key) != after.get(key)))
        views.append(
            EntryView(
                entry=entry,
                source=SOURCE_LABELS.get(entry.source, entry.source),
                rows=rows,
                object_url=_object_url(entry),
                type_label=_type_label(entry.object_type),
            )
        )
    return views


def _object_url(entry: AuditEntry) -> str:
    name = OBJECT_PAGES.get(entry.object_type)
    if name is None or not entry.object_id.isdigit():
        return ""
    try:
        return reverse(name, args=[int(entry.object_id)])
    except NoReverseMatch:
        return ""


def _require_audit(user: Any) -> None:
    if not can_view_audit(user):
        raise PermissionDenied("没有查看工作轨迹的权限")


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_audit(user)
    filterset, entries = selectors.audit_list(user, request.GET)
    filter_form = filterset.form
    filter_form.fields["object_type"].widget = forms.Select(
        attrs={"class": "form-select form-select-sm"},
        choices=[("", "全部"), *((name, _type_label(name)) for name in OBJECT_TYPES)],
    )
    page = selectors.paginate(entries, request.GET.get("page"))
    context = {
        "filter_form": style_filter_form(filter_form),
        "page": page,
        "entries": entry_views(user, page.page.object_list),
        "org": selectors.org_by_code(user, request.GET.get("org", "")),
    }
    return render(request, "core/audit_list.html", context)


@login_required
@require_GET
def audit_object(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    """The trail of one object; nothing visible in scope answers 404, like a missing object."""
    user = request.user
    _require_audit(user)
    entries = selectors.audit_for_object(user, object_type, object_id)
    page = selectors.paginate(entries, request.GET.get("page"))
    if page.count == 0:
        raise Http404("对象不存在")
    views = entry_views(user, page.page.object_list)
    context = {"page": page, "entries": views, "latest": views[0], "type_label": _type_label(object_type)}
    return render(request, "core/audit_object.html", context)


urlpatterns = [
    path("audit/", audit_list, name="audit_list"),
    path("audit/<str:object_type>/<str:object_id>/", audit_object, name="audit_object"),
]
