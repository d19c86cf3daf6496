"""The org sheet import: rows checked in Python, then created parent-before-child through the org services.

Org files are small (a county has a few hundred orgs), so each new org goes through `services.org_create` and
each changed one through `services.org_update`, which validate and audit them; the whole file is still one
transaction, and any bad row leaves everything as it was.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from dangjian.core import audit, services, stats
from dangjian.core.choices import AuditAction
from dangjian.core.models import ImportJob, Org
from dangjian.core.permissions import can_import, can_manage_orgs, require
from dangjian.core.scoping import scope_of

from .reader import Row, Source, read_and_validate, read_sheet
from .results import ImportResult, Progress, RowError, no_progress
from .roster import summary_target
from .sheets import ORGS, CellError, choice_cell, date_cell, text_cell

_HEADERS = {c.key: c.header for c in ORGS.columns}
_COLUMN_ORDER = {c.key: i for i, c in enumerate(ORGS.columns)}
_MAX_LENGTHS = {"code": 32, "name": 200, "short_name": 60}
# Fields an org row may change on an existing org (blank optional cells leave the value as it is).
_UPDATABLE = ("name", "kind", "domain", "founded_on", "short_name")


@dataclass
class OrgRow:
    row: int
    code: str
    parent_code: str
    values: dict[str, Any]


@dataclass
class OrgPlan:
    total_rows: int = 0
    creates: list[OrgRow] = field(default_factory=list)  # parents before children
    updates: list[tuple[OrgRow, Org, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    actions: dict[int, str] = field(default_factory=dict)
    parents: dict[str, Org] = field(default_factory=dict)  # existing parents by code
    touched: list[Org] = field(default_factory=list)


def may_import_orgs(actor: Any) -> bool:
    """Org imports are for the administrators of a county or township (and the system)."""
    if actor is None or scope_of(actor).everything:
        return True
    return can_import(actor) and actor.org is not None and can_manage_orgs(actor, actor.org)


def _is_system(actor: Any) -> bool:
    return actor is None or (actor.is_superuser and actor.org_id is None)


def _may_manage(actor: Any, org: Org) -> bool:
    return actor is None or can_manage_orgs(actor, org)


def _read_row(cells: dict[str, Any]) -> tuple[OrgRow, dict[str, str]]:
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for key in ("code", "name", "short_name"):
        values[key] = text_cell(cells.get(key))
        if len(values[key]) > _MAX_LENGTHS[key]:
            errors[key] = f"{_HEADERS[key]}不能超过{_MAX_LENGTHS[key]}个字"
    for key in ("code", "name"):
        if not values[key]:
            errors[key] = f"{_HEADERS[key]}不能为空"
    for key in ("kind", "domain", "level"):
        try:
            values[key] = choice_cell(cells.get(key), key, _HEADERS[key])
        except CellError as exc:
            errors[key] = str(exc)
            continue
        if key != "level" and not values[key]:
            errors[key] = f"{_HEADERS[key]}不能为空"
    try:
        values["founded_on"] = date_cell(cells.get("founded_on"), _HEADERS["founded_on"])
    except CellError as exc:
        errors["founded_on"] = str(exc)
    code = values.pop("code")
    return OrgRow(row=0, code=code, parent_code=text_cell(cells.get("parent")), values=values), errors


def validate_orgs(
    rows: Sequence[Row], *, actor: Any, today: dt.date | None = None, progress: Progress = no_progress
) -> OrgPlan:
    today = today or services.today()
    plan = OrgPlan(total_rows=len(rows))
    errors_by_row: dict[int, dict[str, str]] = defaultdict(dict)
    parsed: list[OrgRow] = []
    for row, cells in rows:
        org_row, errors = _read_row(cells)
        org_row.row = row
        founded = org_row.values.get("founded_on")
        if founded and founded > today:
            errors.setdefault("founded_on", "批准建立日期不能晚于今天")
        if errors:
            errors_by_row[row].update(errors)
        parsed.append(org_row)
    progress("validate", len(rows) // 2, len(rows))

    rows_by_code: dict[str, list[int]] = defaultdict(list)
    for org_row in parsed:
        if org_row.code:
            rows_by_code[org_row.code].append(org_row.row)
    for code_rows in rows_by_code.values():
        if len(code_rows) > 1:
            for row in code_rows:
                others = "、".join(str(r) for r in code_rows if r != row)
                errors_by_row[row]["code"] = f"组织代码与第{others}行重复"

    codes = {r.code for r in parsed if r.code} | {r.parent_code for r in parsed if r.parent_code}
    existing = {org.code: org for org in Org.objects.filter(code__in=codes)}
    parent_paths = {org.path[: -Org.steplen] for org in existing.values() if org.depth > 1}
    code_of_path = dict(Org.objects.filter(path__in=parent_paths).values_list("path", "code"))
    new_codes = {r.code for r in parsed if r.code and r.code not in existing}

    for org_row in parsed:
        errors = errors_by_row[org_row.row]
        current = existing.get(org_row.code)
        if current is not None:
            _check_existing(plan, org_row, current, errors, actor=actor, code_of_path=code_of_path)
            continue
        if not org_row.parent_code:
            if not _is_system(actor):
                errors.setdefault("parent", "上级组织代码不能为空")
        elif org_row.parent_code == org_row.code:
            errors.setdefault("parent", "上级组织不能是它自己")
        elif org_row.parent_code not in new_codes:
            parent = existing.get(org_row.parent_code)
            if parent is None or not _may_manage(actor, parent):
                errors.setdefault("parent", f"上级组织“{org_row.parent_code}”不存在或不在您的管理范围内")
            else:
                plan.parents[parent.code] = parent
        if not errors:
            plan.creates.append(org_row)

    plan.creates = _parents_first(plan.creates, new_codes, errors_by_row)
    for org_row in plan.creates:
        plan.actions[org_row.row] = "create"
    for row in sorted(errors_by_row):
        ordered = sorted(errors_by_row[row].items(), key=lambda item: _COLUMN_ORDER.get(item[0], 99))
        plan.errors.extend(RowError(row, _HEADERS.get(k, k), m) for k, m in ordered)
    if plan.errors:
        plan.creates, plan.updates = [], []
    progress("validate", len(rows), len(rows))
    return plan


def _check_existing(
    plan: OrgPlan,
    org_row: OrgRow,
    current: Org,
    errors: dict[str, str],
    *,
    actor: Any,
    code_of_path: dict[str, str],
) -> None:
    if not _may_manage(actor, current):
        errors.setdefault("code", f"组织代码“{org_row.code}”已被其他组织使用")
        return
    current_parent = code_of_path.get(current.path[: -Org.steplen], "") if current.depth > 1 else ""
    if org_row.parent_code and org_row.parent_code != current_parent:
        errors.setdefault("parent", "与现有组织的上级组织不一致(移动组织请在组织页面操作)")
    level = org_row.values.get("level")
    if level and level != current.level:
        errors.setdefault("level", f"与现有组织的层级({current.get_level_display()})不一致,层级不能通过导入修改")
    if errors:
        return
    changes = {}
    for name in _UPDATABLE:
        value = org_row.values.get(name)
        if name in ("founded_on", "short_name") and not value:
            continue
        if getattr(current, name) != value:
            changes[name] = value
    plan.touched.append(current)
    if changes:
        plan.updates.append((org_row, current, changes))
        plan.actions[org_row.row] = "update"
    else:
        plan.unchanged += 1
        plan.actions[org_row.row] = "unchanged"


def _parents_first(
    creates: list[OrgRow], new_codes: set[str], errors_by_row: dict[int, dict[str, str]]
) -> list[OrgRow]:
    """Order new orgs so each parent comes before its children; rows in a loop are errors."""
    by_code = {r.code: r for r in creates}
    ordered: list[OrgRow] = []
    state: dict[str, str] = {}

    def visit(org_row: OrgRow, trail: list[OrgRow]) -> bool:
        mark = state.get(org_row.code)
        if mark in ("done", "failed"):
            return mark == "done"
        if mark == "visiting":
            loop = trail[trail.index(org_row) :]
            for member in loop:
                errors_by_row[member.row]["parent"] = "上级组织关系形成循环: " + " → ".join(m.code for m in loop)
            return False
        state[org_row.code] = "visiting"
        parent = by_code.get(org_row.parent_code)
        ok = visit(parent, [*trail, org_row]) if parent is not None else org_row.parent_code not in new_codes
        if not ok:
            errors_by_row[org_row.row].setdefault("parent", f"上级组织“{org_row.parent_code}”所在的行有错误")
        state[org_row.code] = "done" if ok else "failed"
        if ok:
            ordered.append(org_row)
        return ok

    for org_row in creates:
        visit(org_row, [])
    return [r for r in ordered if not errors_by_row.get(r.row)]


class _Rollback(Exception):
    pass


def write_orgs(plan: OrgPlan, *, actor: Any, file_name: str, job: ImportJob | None = None) -> list[RowError]:
    """Create parent-before-child, update the changed, one import entry; all in one transaction."""
    errors: list[RowError] = []
    counties: set[int | None] = set()
    try:
        with transaction.atomic():
            created: dict[str, Org] = {}
            for org_row in plan.creates:
                parent = created.get(org_row.parent_code) or plan.parents.get(org_row.parent_code)
                values = {k: v for k, v in org_row.values.items() if v not in ("", None)}
                try:
                    org = services.org_create(
                        actor=actor,
                        parent=parent,
                        code=org_row.code,
                        name=values.pop("name"),
                        kind=values.pop("kind"),
                        domain=values.pop("domain"),
                        **values,
                    )
                except (ValidationError, PermissionDenied) as exc:
                    errors.extend(_service_errors(org_row.row, exc))
                    continue
                created[org.code] = org
                counties.add(services.county_id_of(org))
            for org_row, org, changes in plan.updates:
                try:
                    services.org_update(actor=actor, org=org, **changes)
                except (ValidationError, PermissionDenied) as exc:
                    errors.extend(_service_errors(org_row.row, exc))
                counties.add(services.county_id_of(org))
            if errors:
                raise _Rollback
            touched = [*plan.parents.values(), *created.values(), *plan.touched]
            target = summary_target(job, touched)
            if target is not None:
                summary = {
                    "kind": "orgs",
                    "file": file_name,
                    "rows": plan.total_rows,
                    "created": len(created),
                    "updated": len(plan.updates),
                    "unchanged": plan.unchanged,
                }
                audit.append([audit.build_entry(actor=actor, action=AuditAction.IMPORT, obj=target, after=summary)])
            for county_id in counties:
                stats.schedule_refresh(county_id)
    except _Rollback:
        return errors
    return []


def _service_errors(row: int, exc: ValidationError | PermissionDenied) -> list[RowError]:
    if isinstance(exc, PermissionDenied):
        return [RowError(row, "", str(exc) or "没有权限")]
    if hasattr(exc, "error_dict"):
        return [RowError(row, _HEADERS.get(key, ""), "; ".join(messages)) for key, messages in exc.message_dict.items()]
    return [RowError(row, "", "; ".join(exc.messages))]


def org_import(
    *,
    actor: Any,
    source: Source,
    file_name: str,
    dry_run: bool = False,
    job: ImportJob | None = None,
    progress: Progress = no_progress,
) -> ImportResult:
    """Import an org sheet as `actor` (None: the system). All or nothing."""
    require(may_import_orgs(actor), "没有导入党组织的权限")
    result = ImportResult(kind="orgs", file_name=file_name)
    plan = read_and_validate(
        result=result, source=source, spec=ORGS, validate=validate_orgs, actor=actor, progress=progress
    )
    if plan is None or plan.errors or dry_run:
        return result
    validated = time.perf_counter()
    progress("write", 0, 0)
    result.errors = write_orgs(plan, actor=actor, file_name=file_name, job=job)
    result.timings["write"] = time.perf_counter() - validated
    result.written = not result.errors
    return result


def org_preview(*, actor: Any, source: Source, limit: int = 20) -> list[dict[str, Any]]:
    sheet = read_sheet(source, ORGS)
    plan = validate_orgs(sheet.rows, actor=actor)
    labels = {"create": "新增", "update": "更新", "unchanged": "未变"}
    preview = []
    for row, cells in sheet.rows[:limit]:
        values = []
        for column in ORGS.columns:
            value = cells.get(column.key)
            if column.is_date and value is not None:
                try:
                    parsed = date_cell(value, "")
                    value = parsed.isoformat() if parsed else ""
                except CellError:
                    pass
            values.append(text_cell(value))
        preview.append({"row": row, "values": values, "action": labels.get(plan.actions.get(row, ""), "")})
    return preview
