"""Builders of real .xlsx files for the import tests (no tests here)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook, load_workbook

from tests.core.factories import id_number

ROSTER_HEADERS = [
    "姓名",
    "性别",
    "民族",
    "公民身份号码",
    "出生日期",
    "学历",
    "党员状态",
    "入党日期",
    "转正日期",
    "所在党组织",
    "联系电话",
    "党员类别",
    "工作岗位",
]
ORG_HEADERS = ["组织代码", "组织名称", "上级组织代码", "组织类别", "所属领域", "层级", "批准建立日期"]


def roster_row(org: str, *, birth: dt.date = dt.date(1982, 3, 4), male: bool = True, **overrides) -> dict:
    """A valid row (labels as users type them); override cells by header."""
    row = {
        "姓名": "王建国",
        "性别": "男" if male else "女",
        "民族": "汉族",
        "公民身份号码": id_number(birth=birth, male=male),
        "出生日期": birth,
        "学历": "大学本科",
        "党员状态": "正式党员",
        "入党日期": "2005-07-01",
        "转正日期": dt.date(2006, 7, 1),
        "所在党组织": org,
        "联系电话": "13900001111",
        "党员类别": "普通党员",
        "工作岗位": "农牧渔民",
    }
    row.update(overrides)
    return row


def write_xlsx(path: Path, headers: list[str], rows: list[dict], *, title: str = "花名册") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    workbook.save(path)
    return path


def write_roster(path: Path, rows: list[dict]) -> Path:
    return write_xlsx(path, ROSTER_HEADERS, rows)


def write_orgs(path: Path, rows: list[dict]) -> Path:
    return write_xlsx(path, ORG_HEADERS, rows, title="党组织")


def read_rows(path_or_bytes, sheet: str | None = None) -> list[tuple]:
    import io

    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    workbook = load_workbook(source, read_only=True)
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    rows = [tuple(r) for r in worksheet.iter_rows(values_only=True)]
    workbook.close()
    return rows
