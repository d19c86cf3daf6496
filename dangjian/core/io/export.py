"""The roster export: an org's subtree as a 花名册 .xlsx in the import's own columns, streamed row by row.

ID numbers are masked unless the export is asked to reveal them; every export is recorded in the audit trail.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from dangjian.core import audit, crypto
from dangjian.core.choices import AuditAction, Education, Gender, MemberCategory, MemberStatus, Occupation
from dangjian.core.models import Org, Person
from dangjian.core.permissions import can_import, can_reveal_id_number, require
from dangjian.core.scoping import org_in_scope, scope_of, scoped

from .sheets import ROSTER

_LABELS = {
    "gender": {code: str(label) for code, label in Gender.choices},
    "education": {code: str(label) for code, label in Education.choices},
    "status": {code: str(label) for code, label in MemberStatus.choices},
    "category": {code: str(label) for code, label in MemberCategory.choices},
    "occupation": {code: str(label) for code, label in Occupation.choices},
}
_VALUES = (
    "name",
    "gender",
    "ethnicity",
    "id_number_masked",
    "id_number_encrypted",
    "birth_date",
    "education",
    "status",
    "joined_on",
    "confirmed_on",
    "org__code",
    "phone",
    "category",
    "occupation",
)


def may_export(actor: Any, org: Org | None) -> bool:
    """Managers export within their scope; the system (no actor) exports anything."""
    if actor is None:
        return True
    return can_import(actor) and (org is None or org_in_scope(org, actor))


def export_file_name(org: Org | None) -> str:
    name = org.name if org is not None else "全部"
    return f"党员花名册-{name}-{dt.date.today():%Y%m%d}.xlsx"


def roster_queryset(*, actor: Any, org: Org | None) -> Any:
    people = Person.objects.all() if actor is None else scoped(Person, actor)
    if org is not None:
        people = people.filter(org_path__startswith=org.path)
    return people.order_by("org_path", "id")


def export_roster(
    *, actor: Any, org: Org | None, destination: str | Path | IO[bytes], reveal: bool = False, file_name: str = ""
) -> int:
    """Write the roster of `org`'s subtree (the whole scope when None); returns the number of people.

    With `reveal` the full ID numbers are written; the audit entry says so.
    """
    require(may_export(actor, org), "没有导出该组织党员花名册的权限")
    if reveal and actor is not None and not scope_of(actor).everything:
        # The rule for revealing one person's number, applied to a person of the exported org.
        anchor = org or actor.org
        allowed = anchor is not None and can_reveal_id_number(actor, Person(org=anchor))
        require(allowed, "没有导出完整公民身份号码的权限")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(ROSTER.title)
    for index, column in enumerate(ROSTER.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    header_fill = PatternFill("solid", fgColor="C8161D")
    header_font = Font(bold=True, color="FFFFFF")
    header = []
    for title in ROSTER.headers:
        cell = WriteOnlyCell(sheet, value=title)
        cell.fill, cell.font = header_fill, header_font
        header.append(cell)
    sheet.append(header)

    count = 0
    rows = roster_queryset(actor=actor, org=org).values_list(*_VALUES).iterator(chunk_size=2000)
    for (
        name,
        gender,
        ethnicity,
        masked,
        encrypted,
        birth_date,
        education,
        status,
        joined_on,
        confirmed_on,
        org_code,
        phone,
        category,
        occupation,
    ) in rows:
        sheet.append(
            [
                name,
                _LABELS["gender"].get(gender, gender),
                ethnicity,
                crypto.decrypt(encrypted) if reveal else masked,
                birth_date,  # openpyxl writes a date as yyyy-mm-dd
                _LABELS["education"].get(education, education),
                _LABELS["status"].get(status, status),
                joined_on,  # openpyxl writes a date as yyyy-mm-dd
                confirmed_on,  # openpyxl writes a date as yyyy-mm-dd
                org_code,
                phone,
                _LABELS["category"].get(category, category),
                _LABELS["occupation"].get(occupation, occupation) if occupation else None,
            ]
        )
        count += 1
    workbook.save(destination)
    _record_export(actor=actor, org=org, count=count, reveal=reveal, file_name=file_name)
    return count


def _record_export(*, actor: Any, org: Org | None, count: int, reveal: bool, file_name: str) -> None:
    target = org if org is not None else getattr(actor, "org", None)
    if target is None:
        target = Org.objects.filter(depth=1).order_by("path").first()
    if target is None:
        return
    with transaction.atomic():
        audit.append(
            [
                audit.build_entry(
                    actor=actor,
                    action=AuditAction.EXPORT,
                    obj=target,
                    after={
                        "kind": "roster",
                        "file": file_name,
                        "rows": count,
                        "id_numbers": "完整" if reveal else "脱敏",
                    },
                )
            ]
        )
