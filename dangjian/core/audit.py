"""The audit trail (工作轨迹): every write records who, when, what and before/after, in its transaction.

Entries are chained: each carries the hash of the previous one, so `verify_audit` finds any entry that
was altered or removed. Writers lock the chain head, which also orders concurrent writers.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from dangjian.core import crypto
from dangjian.core.choices import AuditAction
from dangjian.core.scoping import ScopeRule

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditContext:
    source: str = "system"
    request_id: str = ""


_context: ContextVar[AuditContext] = ContextVar("audit_context", default=AuditContext())  # noqa: B039 - frozen


@contextmanager
def audit_context(*, source: str, request_id: str = "") -> Iterator[None]:
    """Say where the writes inside come from: web, api, cli, import, system."""
    token = _context.set(AuditContext(source=source, request_id=request_id))
    try:
        yield
    finally:
        _context.reset(token)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's recorded values: concrete fields less the model's `audit_fields_exclude`."""
    excluded = set(getattr(obj, "audit_fields_exclude", ()))
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in excluded or field.attname in excluded:
            continue
        values[field.name] = _jsonable(field.value_from_object(obj))
    return values


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields that differ, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _follow(obj: Any, lookup: str) -> Any:
    """The value a ScopeRule lookup such as `registration__home_path` names, read from the object."""
    value = obj
    for part in lookup.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def _locate(obj: models.Model) -> tuple[int | None, str]:
    """The county id and org path an object belongs to, so the trail is browsable per org within scope."""
    from dangjian.core.models import Org

    if isinstance(obj, Org):
        return obj.county_id, obj.path
    if hasattr(obj, "org_path"):
        return getattr(obj, "county_id", None), obj.org_path
    rule = getattr(obj, "scope", None)
    if isinstance(rule, ScopeRule):
        path = _follow(obj, rule.path)
        if isinstance(path, str):
            return (_follow(obj, rule.county) if rule.county else None), path
    org = getattr(obj, "org", None)
    if org is None and hasattr(obj, "unit"):
        org = obj.unit.org
    if isinstance(org, Org):
        return org.county_id, org.path
    return None, ""


def _actor_fields(actor: Any) -> tuple[int | None, str]:
    if actor is None:
        return None, "系统"
    name = getattr(actor, "display_name", "") or actor.get_username()
    return actor.pk, name


def build_entry(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> Any:
    """An unsaved entry for `obj`; `append()` chains and writes it."""
    from dangjian.core.models import AuditEntry

    context = _context.get()
    actor_id, actor_name = _actor_fields(actor)
    county_id, org_path = _locate(obj)
    return AuditEntry(
        at=at or timezone.now(),
        actor_id=actor_id,
        actor_name=actor_name,
        source=context.source,
        request_id=context.request_id,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        county_id=county_id,
        org_path=org_path,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
    )


def entry_digest(entry: Any) -> str:
    payload = {
        "at": _jsonable(entry.at),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "source": entry.source,
        "request_id": entry.request_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "county_id": entry.county_id,
        "org_path": entry.org_path,
        "before": entry.before,
        "after": entry.after,
        "prev_hash": entry.prev_hash,
    }
    return crypto.digest(json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode())


def append(
    entries: Iterable[Any], *, batch_size: int = 2000, insert: Callable[[list[Any]], None] | None = None
) -> list[Any]:
    """Chain and write entries. Must run inside the transaction of the change it records.

    `insert` writes the chained entries in chain order with ascending ids (default: bulk_create); bulk imports
    pass a COPY writer on PostgreSQL.
    """
    from dangjian.core.models import AuditEntry, AuditHead

    if not connection.in_atomic_block:
        raise RuntimeError("audit entries must be written inside the transaction of their change")
    entries = list(entries)
    if not entries:
        return entries
    AuditHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
    head = AuditHead.objects.select_for_update().get(pk=1)
    previous = head.last_hash
    for entry in entries:
        entry.prev_hash = previous
        entry.hash = entry_digest(entry)
        previous = entry.hash
    if insert is None:
        AuditEntry.objects.bulk_create(entries, batch_size=batch_size)
    else:
        insert(entries)
    head.last_hash = previous
    head.count += len(entries)
    head.save(update_fields=["last_hash", "count"])
    return entries


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Any:
    """Record one change. For updates pass full snapshots: only the changed fields are kept."""
    if action == AuditAction.UPDATE and before is not None and after is not None:
        before, after = changes(before, after)
    return append([build_entry(actor=actor, action=action, obj=obj, before=before, after=after)])[0]


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    bad_entry_id: int | None = None
    reason: str = ""


def verify_chain() -> ChainReport:
    """Recompute the chain from the first entry; name the first entry that does not fit."""
    from dangjian.core.models import AuditEntry, AuditHead

    previous = GENESIS_HASH
    checked = 0
    last_id = None
    with transaction.atomic():
        for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=5000):
            if entry.prev_hash != previous:
                return ChainReport(False, checked, entry.pk, "前一条记录的哈希不符(记录被删除或改动)")
            if entry_digest(entry) != entry.hash:
                return ChainReport(False, checked, entry.pk, "记录内容与其哈希不符(记录被改动)")
            previous = entry.hash
            checked += 1
            last_id = entry.pk
        head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        if checked:
            return ChainReport(False, checked, last_id, "链头缺失")
        return ChainReport(True, 0)
    if head.last_hash != previous or head.count != checked:
        return ChainReport(False, checked, last_id, f"链尾不符: 应有{head.count}条,实有{checked}条(末尾记录被删除)")
    return ChainReport(True, checked)
