"""Lists as .xlsx: a title row, bold headers, one row per record, column widths that fit Chinese text.

Every printable list (arrears, the historical roll, the pipeline, the special check) goes through `table_xlsx`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence, Sized
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A detail list longer than this is not exported whole: the page asks for a narrower filter (a county-year of point
# entries or attendance is hundreds of thousands of rows, minutes of work and a file no office opens).
EXPORT_ROW_LIMIT = 100_000


def too_many_rows(count: int) -> str | None:
    """The message for an export over the limit, or None."""
    if count <= EXPORT_ROW_LIMIT:
        return None
    return f"共{count}条记录,超过单次导出上限{EXPORT_ROW_LIMIT}条,请缩小筛选范围(党组织、月份)后再导出"


HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    caption: str = ""
    totals: Sequence[Any] | None = None
    widths: dict[int, int] = field(default_factory=dict)


def _width(value: Any) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def table_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """The workbook's bytes. A caption (the period, the org) goes above the headers when given."""
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        ws = book.create_sheet(spec.title[:31])
        widths = [_width(h) for h in spec.headers]
        if spec.caption:
            ws.append([spec.caption])
            ws.cell(row=1, column=1).font = Font(bold=True, size=12)
        ws.append(list(spec.headers))
        header_row = ws.max_row
        for column in range(1, len(spec.headers) + 1):
            cell = ws.cell(row=header_row, column=column)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
        for row in spec.rows:
            values = list(row)
            ws.append(values)
            for index, value in enumerate(values[: len(widths)]):
                widths[index] = max(widths[index], _width(value))
        if spec.totals is not None:
            ws.append(list(spec.totals))
            for column in range(1, len(spec.totals) + 1):
                ws.cell(row=ws.max_row, column=column).font = Font(bold=True)
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = min(max(spec.widths.get(index, width) + 2, 6), 60)
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def record_export(*, actor: Any, org: Any, kind: str, rows: int, file_name: str) -> None:
    """Record an exported list in the audit trail, filed under the org it covers (else the actor's, else the root)."""
    from dangjian.core import audit
    from dangjian.core.choices import AuditAction
    from dangjian.core.models import Org

    target = org or getattr(actor, "org", None) or Org.objects.filter(depth=1).order_by("path").first()
    if target is None:
        return
    with transaction.atomic():
        audit.record(
            actor=actor, action=AuditAction.EXPORT, obj=target, after={"kind": kind, "file": file_name, "rows": rows}
        )


def audited_xlsx(sheet: Sheet, *, actor: Any, org: Any, kind: str, file_name: str) -> bytes:
    """One sheet as .xlsx bytes, its export recorded in the audit trail (`record_export`) with its row count."""
    content = table_xlsx([sheet])
    rows = sheet.rows
    record_export(
        actor=actor, org=org, kind=kind, rows=len(rows) if isinstance(rows, Sized) else 0, file_name=file_name
    )
    return content


def xlsx_response(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=file_name)
    return response
