"""Reading an uploaded .xlsx: streaming (openpyxl read-only), header checked, rows keyed by column."""

from __future__ import annotations

import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .results import Progress, RowError, no_progress
from .sheets import SheetSpec, text_cell

Source = str | Path | IO[bytes]
# A row: its spreadsheet row number and its raw cells keyed by column key.
Row = tuple[int, dict[str, Any]]

MAX_ROWS = 300_000
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_PROGRESS_EVERY = 1000


class ImportFileError(Exception):
    """The file as a whole cannot be read (not .xlsx, empty, wrong header); nothing was imported."""

    def __init__(self, errors: list[RowError] | str) -> None:
        self.errors = [RowError(None, "", errors)] if isinstance(errors, str) else errors
        super().__init__("; ".join(str(e) for e in self.errors))


@dataclass
class Sheet:
    rows: list[Row]
    title: str


def _head_bytes(source: Source) -> bytes:
    if isinstance(source, (str, Path)):
        with open(source, "rb") as handle:
            return handle.read(8)
    position = source.tell()
    head = source.read(8)
    source.seek(position)
    return head


def _check_format(source: Source) -> None:
    try:
        head = _head_bytes(source)
    except OSError as exc:
        raise ImportFileError(f"无法读取文件: {exc.strerror or exc}") from None
    if not head:
        raise ImportFileError("文件为空")
    if head.startswith(_OLE_MAGIC):
        raise ImportFileError("这是旧版 Excel (.xls) 文件,请在 Excel 中另存为 .xlsx 后再导入")
    if not head.startswith(_ZIP_MAGIC):
        raise ImportFileError("文件不是 Excel (.xlsx) 文件,请使用下载的模板填写")


def _header_errors(spec: SheetSpec, header: tuple[Any, ...]) -> tuple[dict[int, str], list[RowError]]:
    """Map cell positions to column keys; report unknown, repeated and missing columns."""
    by_header = {c.header: c.key for c in spec.columns}
    positions: dict[int, str] = {}
    errors: list[RowError] = []
    seen: set[str] = set()
    for index, cell in enumerate(header):
        name = str(cell).strip() if cell is not None else ""
        name = name.rstrip("*").strip()
        if not name:
            continue
        key = by_header.get(name)
        if key is None:
            errors.append(RowError(1, name, f"“{name}”不是本表的列名(应为: {'、'.join(spec.headers)})"))
        elif name in seen:
            errors.append(RowError(1, name, f"列“{name}”重复出现"))
        else:
            positions[index] = key
            seen.add(name)
    missing = [h for h in spec.headers if h not in seen and h not in spec.optional_headers]
    if missing:
        errors.append(RowError(1, "", f"缺少列: {'、'.join(missing)}(第1行应为列名: {'、'.join(spec.headers)})"))
    return positions, errors


def read_sheet(source: Source, spec: SheetSpec, *, progress: Progress = no_progress) -> Sheet:
    """All non-blank data rows of the sheet; ImportFileError when the file or its header is wrong."""
    _check_format(source)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError("文件已损坏或不是有效的 Excel (.xlsx) 文件") from None
    try:
        worksheet = workbook[spec.title] if spec.title in workbook.sheetnames else workbook.worksheets[0]
        # The total is unknown until the end: reading `max_row` would parse a sheet without <dimension> twice.
        estimate = 0
        iterator = worksheet.iter_rows(values_only=True)
        header = next(iterator, None)
        if header is None or not any(cell not in (None, "") for cell in header):
            raise ImportFileError("文件中没有内容(第1行应为列名)")
        positions, errors = _header_errors(spec, header)
        if errors:
            raise ImportFileError(errors)
        rows: list[Row] = []
        items = list(positions.items())
        marker_key, marker_value = spec.example_marker
        for number, values in enumerate(iterator, start=2):
            if (number - 1) % _PROGRESS_EVERY == 0:
                progress("parse", number - 1, estimate)
            if not any(v is not None and v != "" for v in values):
                continue
            width = len(values)
            cells = {key: (values[i] if i < width else None) for i, key in items}
            for key, value in cells.items():
                if isinstance(value, str):
                    stripped = value.strip()
                    cells[key] = stripped or None
            if not any(v is not None for v in cells.values()):
                continue
            if number == 2 and marker_key and text_cell(cells.get(marker_key)) == marker_value:
                continue
            rows.append((number, cells))
            if len(rows) > MAX_ROWS:
                raise ImportFileError(f"文件超过{MAX_ROWS}行,请分成几个文件导入")
        progress("parse", len(rows), len(rows))
    finally:
        workbook.close()
    if not rows:
        raise ImportFileError("文件中没有数据行(第1行是列名,数据从第2行开始)")
    return Sheet(rows=rows, title=worksheet.title)


def read_and_validate(
    *, result: Any, source: Source, spec: SheetSpec, validate: Any, actor: Any, progress: Progress = no_progress
) -> Any | None:
    """The first half of every import: read the sheet, validate every row, fill `result` (counts, errors, timings).

    Returns the validation plan, or None when the file itself could not be read.
    """
    started = time.perf_counter()
    try:
        sheet = read_sheet(source, spec, progress=progress)
    except ImportFileError as exc:
        result.errors = exc.errors
        return None
    parsed = time.perf_counter()
    result.timings["parse"] = parsed - started
    result.total_rows = len(sheet.rows)
    plan = validate(sheet.rows, actor=actor, progress=progress)
    result.timings["validate"] = time.perf_counter() - parsed
    result.created, result.updated, result.unchanged = len(plan.creates), len(plan.updates), plan.unchanged
    result.errors = plan.errors
    return plan
