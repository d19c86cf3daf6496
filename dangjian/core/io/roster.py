"""The member roster (花名册) import: every row validated in Python, then one all-or-nothing, set-based write.

Rows are checked with the same `validate_person` the pages and API use, plus what only a file can get wrong:
unreadable cells, unknown labels, an org that does not exist or lies outside the importer's scope, and an ID
number repeated in the file or already registered elsewhere. A row whose ID number is already registered in
the importer's scope updates that person (or leaves them unchanged), so re-importing a file changes nothing.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from dangjian.core import audit, crypto, services, stats
from dangjian.core.choices import AuditAction
from dangjian.core.models import ImportJob, Org, Person
from dangjian.core.permissions import can_import, can_manage_people, require
from dangjian.core.rules import mask_id_number, mask_phone
from dangjian.core.scoping import scoped
from dangjian.core.validation import validate_person

from . import fastpath
from .reader import Row, Source, read_and_validate, read_sheet
from .results import ImportResult, Progress, RowError, no_progress
from .sheets import ROSTER, CellError, choice_cell, date_cell, ethnicity_cell, id_number_cell, text_cell

# Person fields a roster row sets; a re-imported row that matches them all leaves the person unchanged.
ROSTER_FIELDS = (
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "education",
    "status",
    "joined_on",
    "confirmed_on",
    "phone",
    "category",
    "occupation",
)
_CHOICE_KEYS = ("gender", "education", "status", "category", "occupation")
_DATE_KEYS = ("birth_date", "joined_on", "confirmed_on")
_COLUMN_ORDER = {c.key: i for i, c in enumerate(ROSTER.columns)}
_HEADERS = {c.key: c.header for c in ROSTER.columns}
LOOKUP_CHUNK = 2000
WRITE_BATCH = 2000
PROGRESS_EVERY = 1000


@dataclass
class NewPerson:
    row: int
    org: Org
    id_number: str
    index: str
    values: dict[str, Any]


@dataclass
class PersonChange:
    row: int
    person_id: int
    org: Org
    changes: dict[str, Any]


@dataclass
class RosterPlan:
    total_rows: int = 0
    creates: list[NewPerson] = field(default_factory=list)
    updates: list[PersonChange] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    # Row number → planned action, for the preview ("create", "update", "unchanged").
    actions: dict[int, str] = field(default_factory=dict)
    # The orgs the valid rows name, by id.
    orgs: dict[int, Org] = field(default_factory=dict)


# --- validation ---------------------------------------------------------------------------------------


class OrgResolver:
    """Finds the org a row names (code or full name) among the orgs the actor may register people in."""

    def __init__(self, actor: Any, references: Iterable[str]) -> None:
        self.actor = actor
        references = sorted({r for r in references if r})
        self.by_code: dict[str, Org] = {}
        self.by_name: dict[str, list[Org]] = defaultdict(list)
        for start in range(0, len(references), 500):
            chunk = references[start : start + 500]
            for org in Org.objects.filter(Q(code__in=chunk) | Q(name__in=chunk)):
                if not self._allowed(org):
                    continue  # out of scope answers exactly like missing
                self.by_code[org.code] = org
                self.by_name[org.name].append(org)

    def _allowed(self, org: Org) -> bool:
        # can_manage_people checks the role and that the org lies in the actor's subtree (org_in_scope).
        return self.actor is None or can_manage_people(self.actor, org)

    def resolve(self, reference: str) -> Org:
        org = self.by_code.get(reference)
        if org is None:
            candidates = self.by_name.get(reference, [])
            if len(candidates) > 1:
                raise CellError(f"名称为“{reference}”的党组织不止一个,请改填组织代码")
            org = candidates[0] if candidates else None
        if org is None:
            raise CellError(f"党组织“{reference}”不存在或不在您的管理范围内")
        if org.is_dissolved:
            raise CellError(f"党组织“{reference}”已撤销,不能登记党员")
        return org


def _read_row(cells: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Turn a row's cells into typed person values; cell errors keyed by field."""
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    data["name"] = text_cell(cells.get("name"))
    for key in _CHOICE_KEYS:
        try:
            data[key] = choice_cell(cells.get(key), key, _HEADERS[key]) or None
        except CellError as exc:
            errors[key] = str(exc)
    try:
        data["ethnicity"] = ethnicity_cell(cells.get("ethnicity"))
    except CellError as exc:
        errors["ethnicity"] = str(exc)
    try:
        data["id_number"] = id_number_cell(cells.get("id_number"))
    except CellError as exc:
        errors["id_number"] = str(exc)
    for key in _DATE_KEYS:
        try:
            data[key] = date_cell(cells.get(key), _HEADERS[key])
        except CellError as exc:
            errors[key] = str(exc)
    data["phone"] = text_cell(cells.get("phone"))
    return data, errors


def _row_errors(row: int, errors: dict[str, str]) -> list[RowError]:
    ordered = sorted(errors.items(), key=lambda item: _COLUMN_ORDER.get(item[0], 99))
    return [RowError(row, _HEADERS.get(key, key), message) for key, message in ordered]


def _people_in_scope(actor: Any) -> Any:
    """The people the actor may update: the system (no actor) reaches everyone."""
    return Person.objects.all() if actor is None else scoped(Person, actor)


def validate_roster(
    rows: Sequence[Row], *, actor: Any, today: dt.date | None = None, progress: Progress = no_progress
) -> RosterPlan:
    """Check every row; the plan lists every bad cell, or the people to create and update."""
    today = today or services.today()
    plan = RosterPlan(total_rows=len(rows))
    resolver = OrgResolver(actor, (text_cell(cells.get("org")) for _, cells in rows))
    errors_by_row: dict[int, dict[str, str]] = {}
    good: list[tuple[int, dict[str, Any], Org]] = []
    rows_by_id: dict[str, list[int]] = defaultdict(list)
    total = len(rows)

    for done, (row, cells) in enumerate(rows, start=1):
        data, errors = _read_row(cells)
        cleaned, person_errors = validate_person(data, today=today)
        for key, message in person_errors.items():
            errors.setdefault(key, message)
        org = None
        reference = text_cell(cells.get("org"))
        if not reference:
            errors["org"] = "所在党组织不能为空"
        else:
            try:
                org = resolver.resolve(reference)
            except CellError as exc:
                errors["org"] = str(exc)
        if "id_number" in cleaned:
            rows_by_id[cleaned["id_number"]].append(row)
        if errors:
            errors_by_row[row] = errors
        else:
            assert org is not None
            good.append((row, cleaned, org))
        if done % PROGRESS_EVERY == 0:
            progress("validate", done, total)

    for rows_with_id in rows_by_id.values():
        if len(rows_with_id) > 1:
            for row in rows_with_id:
                others = "、".join(str(r) for r in rows_with_id if r != row)
                errors_by_row.setdefault(row, {})["id_number"] = f"公民身份号码与第{others}行重复"

    good = [item for item in good if item[0] not in errors_by_row]
    _classify(plan, good, actor=actor, errors_by_row=errors_by_row)

    for row in sorted(errors_by_row):
        plan.errors.extend(_row_errors(row, errors_by_row[row]))
    progress("validate", total, total)
    return plan


def _classify(
    plan: RosterPlan, good: list[tuple[int, dict[str, Any], Org]], *, actor: Any, errors_by_row: dict[int, dict]
) -> None:
    """New, changed or unchanged: one look-up per chunk of ID numbers through the blind index."""
    in_scope = _people_in_scope(actor)
    for start in range(0, len(good), LOOKUP_CHUNK):
        chunk = good[start : start + LOOKUP_CHUNK]
        indexes = [crypto.blind_index(cleaned["id_number"]) for _, cleaned, _ in chunk]
        existing = {
            values["id_number_index"]: values
            for values in in_scope.filter(id_number_index__in=indexes).values(
                "id", "id_number_index", "org_id", *ROSTER_FIELDS
            )
        }
        missing = [index for index in indexes if index not in existing]
        elsewhere = set(
            Person.objects.filter(id_number_index__in=missing).values_list("id_number_index", flat=True)
            if missing
            else []
        )
        for (row, cleaned, org), index in zip(chunk, indexes, strict=True):
            plan.orgs[org.pk] = org
            if index in elsewhere:
                errors_by_row.setdefault(row, {})["id_number"] = "该公民身份号码已在其他组织登记"
                continue
            values = {f: cleaned.get(f) for f in ROSTER_FIELDS}
            current = existing.get(index)
            if current is None:
                plan.creates.append(NewPerson(row, org, cleaned["id_number"], index, values))
                plan.actions[row] = "create"
                continue
            changes = {f: v for f, v in values.items() if current[f] != v}
            if current["org_id"] != org.pk:
                changes["org"] = org
            if changes:
                plan.updates.append(PersonChange(row, current["id"], org, changes))
                plan.actions[row] = "update"
            else:
                plan.unchanged += 1
                plan.actions[row] = "unchanged"


# --- writing ------------------------------------------------------------------------------------------


@dataclass
class PreparedPeople:
    """New people ready to write; on PostgreSQL they already carry ids and their audit entries."""

    people: list[Person]
    entries: list[Any] | None
    at: dt.datetime


def build_people(creates: Sequence[NewPerson], *, actor: Any) -> PreparedPeople:
    """Unsaved people, set up exactly as `services.person_create` does (encrypted, indexed, masked ID).

    Where ids can be drawn beforehand (PostgreSQL), the audit entries are built here too, outside the write
    transaction, so the transaction only streams rows.
    """
    people = []
    for new in creates:
        org = new.org
        people.append(
            Person(
                org=org,
                org_path=org.path,
                county_id=services.county_id_of(org),
                id_number_encrypted=crypto.encrypt(new.id_number),
                id_number_index=new.index,
                id_number_masked=mask_id_number(new.id_number),
                **new.values,
            )
        )
    now = timezone.now()
    entries = None
    if fastpath.available():
        for person, pk in zip(people, fastpath.allocate_ids(Person, len(people)), strict=True):
            person.pk, person.created_at, person.updated_at = pk, now, now
        entries = _create_entries(people, actor=actor, at=now)
    return PreparedPeople(people=people, entries=entries, at=now)


def _create_entries(people: Sequence[Person], *, actor: Any, at: dt.datetime) -> list[Any]:
    return [
        audit.build_entry(actor=actor, action=AuditAction.CREATE, obj=p, after=audit.snapshot(p), at=at) for p in people
    ]


def summary_target(job: ImportJob | None, orgs: Iterable[Org]) -> Any:
    """What the import's own audit entry is about: the job, else the smallest org holding every row."""
    if job is not None:
        return job
    orgs = list(orgs)
    if not orgs:
        return None
    prefix = orgs[0].path
    for org in orgs[1:]:
        while not org.path.startswith(prefix):
            prefix = prefix[: -Org.steplen]
    common = Org.objects.filter(path=prefix).first() if prefix else None
    return common or orgs[0]


def write_roster(
    plan: RosterPlan,
    prepared: PreparedPeople,
    *,
    actor: Any,
    file_name: str,
    job: ImportJob | None = None,
    timings: dict[str, float] | None = None,
) -> tuple[int, int]:
    """Create and update in one transaction with their audit entries; refresh the counties' figures after.

    `timings` (if given) receives the seconds spent inserting people, writing the audit trail (chaining and
    inserting its entries) and committing, so the benchmark can say where the time goes.
    """
    people, now = prepared.people, prepared.at
    counties: set[int | None] = {p.county_id for p in people}
    fast = fastpath.available()
    clock = timings if timings is not None else {}
    started = time.perf_counter()
    with transaction.atomic():
        if fast:
            fastpath.copy_insert(people)
        else:
            Person.objects.bulk_create(people, batch_size=WRITE_BATCH)
        inserted = time.perf_counter()
        clock["write.people"] = inserted - started
        entries = prepared.entries if prepared.entries is not None else _create_entries(people, actor=actor, at=now)
        entries.extend(_apply_updates(plan.updates, actor=actor, now=now, counties=counties))
        target = summary_target(job, plan.orgs.values())
        if target is not None:
            entries.append(
                audit.build_entry(
                    actor=actor,
                    action=AuditAction.IMPORT,
                    obj=target,
                    after={
                        "kind": "roster",
                        "file": file_name,
                        "rows": plan.total_rows,
                        "created": len(people),
                        "updated": len(plan.updates),
                        "unchanged": plan.unchanged,
                    },
                    at=now,
                )
            )
        audit.append(entries, batch_size=WRITE_BATCH, insert=fastpath.copy_audit_entries if fast else None)
        for county_id in counties:
            stats.schedule_refresh(county_id)
        audited = time.perf_counter()
        clock["write.audit"] = audited - inserted
    clock["write.commit"] = time.perf_counter() - audited
    return len(people), len(plan.updates)


def _apply_updates(
    updates: Sequence[PersonChange], *, actor: Any, now: dt.datetime, counties: set[int | None]
) -> list[Any]:
    """Lock the people, apply the changes, write them in batches; one audit entry (before/after) each."""
    if not updates:
        return []
    by_id = {u.person_id: u for u in updates}
    entries = []
    changed: list[Person] = []
    fields: set[str] = {"updated_at"}
    ids = list(by_id)
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[start : start + LOOKUP_CHUNK]
        for person in Person.objects.select_for_update().filter(pk__in=chunk).order_by("pk"):
            update = by_id[person.pk]
            before = audit.snapshot(person)
            counties.add(person.county_id)
            for name, value in update.changes.items():
                if name == "org":
                    person.org = value
                    person.org_path = value.path
                    person.county_id = services.county_id_of(value)
                    counties.add(person.county_id)
                    fields.update({"org", "org_path", "county"})
                else:
                    setattr(person, name, value)
                    fields.add(name)
            person.updated_at = now
            changed_before, changed_after = audit.changes(before, audit.snapshot(person))
            entries.append(
                audit.build_entry(
                    actor=actor,
                    action=AuditAction.UPDATE,
                    obj=person,
                    before=changed_before,
                    after=changed_after,
                    at=now,
                )
            )
            changed.append(person)
    Person.objects.bulk_update(changed, sorted(fields), batch_size=500)
    return entries


# --- the service --------------------------------------------------------------------------------------


def roster_import(
    *,
    actor: Any,
    source: Source,
    file_name: str,
    dry_run: bool = False,
    job: ImportJob | None = None,
    progress: Progress = no_progress,
) -> ImportResult:
    """Import a roster file as `actor` (None: the system, e.g. the CLI). All or nothing.

    Permission once per file, every row validated, then people created and updated set-based with one audit
    entry each and one for the import, in one transaction. With `dry_run` nothing is written.
    """
    require(actor is None or can_import(actor), "没有导入党员花名册的权限")
    result = ImportResult(kind="roster", file_name=file_name)
    plan = read_and_validate(
        result=result, source=source, spec=ROSTER, validate=validate_roster, actor=actor, progress=progress
    )
    if plan is None or plan.errors or dry_run:
        return result
    validated = time.perf_counter()
    batch = build_people(plan.creates, actor=actor)
    prepared = time.perf_counter()
    result.timings["prepare"] = prepared - validated
    progress("write", 0, 0)
    try:
        write_roster(plan, batch, actor=actor, file_name=file_name, job=job, timings=result.details)
    except IntegrityError:
        message = "导入期间有人登记了相同公民身份号码的党员,未导入任何数据,请重新导入"
        result.errors = [RowError(None, "公民身份号码", message)]
        return result
    result.timings["write"] = time.perf_counter() - prepared
    result.written = True
    progress("write", result.total_rows, result.total_rows)
    return result


def roster_preview(*, actor: Any, source: Source, limit: int = 20) -> list[dict[str, Any]]:
    """The first rows of a validated file as they will be imported (ID numbers and phones masked)."""
    sheet = read_sheet(source, ROSTER)
    rows = sheet.rows[:limit]
    plan = validate_roster(rows, actor=actor)
    labels = {"create": "新增", "update": "更新", "unchanged": "未变"}
    preview = []
    for row, cells in rows:
        values = [_date_text(cells.get(c.key)) if c.is_date else text_cell(cells.get(c.key)) for c in ROSTER.columns]
        id_position, phone_position = _COLUMN_ORDER["id_number"], _COLUMN_ORDER["phone"]
        values[id_position] = mask_id_number(values[id_position])
        values[phone_position] = mask_phone(values[phone_position]) if values[phone_position] else ""
        preview.append({"row": row, "values": values, "action": labels.get(plan.actions.get(row, ""), "")})
    return preview


def _date_text(value: Any) -> str:
    try:
        parsed = date_cell(value, "")
    except CellError:
        return text_cell(value)
    return parsed.isoformat() if parsed else ""
