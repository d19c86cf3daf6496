"""The core's spreadsheet specs: columns, cell parsing, downloadable templates and the error report.

Cells hold what users read (the Chinese labels of the choices); parsing turns them into codes and dates and
returns a Chinese reason for anything it cannot read.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation

from dangjian.core import rules
from dangjian.core.choices import (
    ETHNICITIES,
    Education,
    Gender,
    MemberCategory,
    MemberStatus,
    Occupation,
    OrgDomain,
    OrgKind,
    OrgLevel,
)
from dangjian.core.models import ImportKind

from .results import RowError

DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
# Rows the template's drop-downs and text formats cover (a county roster is ~30,000 rows).
TEMPLATE_ROWS = 100_000


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    choices: tuple[str, ...] = ()
    is_date: bool = False
    is_text: bool = False
    note: str = ""
    example: Any = None
    width: int = 14


@dataclass(frozen=True)
class SheetSpec:
    kind: str
    title: str
    columns: tuple[Column, ...]
    file_name: str
    # Columns the header may leave out (all others must be there).
    optional_headers: frozenset[str] = frozenset()
    intro: str = ""
    # (column key, value) that marks the template's example row; the importer skips that row.
    example_marker: tuple[str, str] = ("", "")

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def label(self, key: str) -> str:
        for column in self.columns:
            if column.key == key:
                return column.header
        return key


def _labels(choices: type) -> tuple[str, ...]:
    return tuple(str(label) for label in choices.labels)  # type: ignore[attr-defined]


# The example row of the roster template; the importer skips it if it is left in.
EXAMPLE_ID_NUMBER = rules.make_id_number(region="411102", birth_date=dt.date(1985, 3, 12), sequence=135, is_male=True)
EXAMPLE_NAME = "张三(示例)"
EXAMPLE_ORG_NAME = "东城镇张庄村党支部(示例)"

ROSTER = SheetSpec(
    kind=ImportKind.ROSTER,
    title="花名册",
    file_name="党员花名册导入模板.xlsx",
    example_marker=("id_number", EXAMPLE_ID_NUMBER),
    intro=(
        "每行一名党员。第1行为列名,请勿改动;第2行为示例,导入时自动跳过(也可删除)。"
        "任何一行有错误,整个文件都不会导入,并列出每一个错误的行号、列名和原因。"
        "已登记的党员(按公民身份号码识别)再次导入时更新其信息,完全相同的行不做改动。"
    ),
    columns=(
        Column("name", "姓名", required=True, note="不超过50个字", example=EXAMPLE_NAME, width=12),
        Column(
            "gender", "性别", required=True, choices=_labels(Gender), note="须与公民身份号码第17位一致", example="男"
        ),
        Column("ethnicity", "民族", choices=tuple(ETHNICITIES), note="56个民族的全称;不填视为汉族", example="汉族"),
        Column(
            "id_number",
            "公民身份号码",
            required=True,
            is_text=True,
            note="18位,末位可为X;请把本列设为文本格式,否则Excel会丢失末几位",
            example=EXAMPLE_ID_NUMBER,
            width=22,
        ),
        Column(
            "birth_date",
            "出生日期",
            is_date=True,
            note="可不填(取自公民身份号码);填写时须与号码一致",
            example=dt.date(1985, 3, 12),
        ),
        Column("education", "学历", required=True, choices=_labels(Education), example="大学本科"),
        Column("status", "党员状态", required=True, choices=_labels(MemberStatus), example="正式党员"),
        Column(
            "joined_on",
            "入党日期",
            required=True,
            is_date=True,
            note="支部大会通过接收为预备党员之日;入党时须年满18周岁,不能晚于今天",
            example=dt.date(2008, 7, 1),
        ),
        Column(
            "confirmed_on",
            "转正日期",
            is_date=True,
            note="正式党员必填,不早于入党日期满一年之日;预备党员不填",
            example=dt.date(2009, 7, 1),
        ),
        Column(
            "org",
            "所在党组织",
            required=True,
            is_text=True,
            note="组织代码或组织全称,须在您的管理范围内",
            example="V001",
            width=24,
        ),
        Column("phone", "联系电话", is_text=True, note="手机号11位,或座机如0395-1234567", example="13800138000"),
        Column("category", "党员类别", choices=_labels(MemberCategory), note="不填视为普通党员", example="普通党员"),
        Column("occupation", "工作岗位", choices=_labels(Occupation), example="农牧渔民", width=18),
    ),
)

ORGS = SheetSpec(
    kind=ImportKind.ORGS,
    title="党组织",
    file_name="党组织导入模板.xlsx",
    optional_headers=frozenset({"层级", "批准建立日期", "简称"}),
    example_marker=("name", EXAMPLE_ORG_NAME),
    intro=(
        "每行一个党组织。第1行为列名,请勿改动;第2行为示例,导入时自动跳过(也可删除)。上级组织可以是已有组织,也可以是本文件中的"
        "另一行(顺序不限)。已有的组织代码再次导入时更新名称、类别、领域等,完全相同的行不做改动。"
        "任何一行有错误,整个文件都不会导入。"
    ),
    columns=(
        Column("code", "组织代码", required=True, is_text=True, note="唯一,不超过32个字符", example="V101"),
        Column("name", "组织名称", required=True, note="全称", example=EXAMPLE_ORG_NAME, width=28),
        Column(
            "parent",
            "上级组织代码",
            is_text=True,
            note="已有组织或本文件中另一行的组织代码;须在您的管理范围内",
            example="T001",
        ),
        Column("kind", "组织类别", required=True, choices=_labels(OrgKind), example="党支部"),
        Column("domain", "所属领域", required=True, choices=_labels(OrgDomain), example="农村"),
        Column("level", "层级", choices=_labels(OrgLevel), note="可不填:有上级组织的视为基层", example="基层"),
        Column("founded_on", "批准建立日期", is_date=True, note="不能晚于今天", example=dt.date(2010, 5, 20)),
        Column("short_name", "简称", note="可不填", example="张庄村党支部"),
    ),
)

SPECS: dict[str, SheetSpec] = {ImportKind.ROSTER: ROSTER, ImportKind.ORGS: ORGS}


# --- cell parsing ---------------------------------------------------------------------------------------

_FULL_WIDTH = str.maketrans({"\uff08": "(", "\uff09": ")", " ": "", "\u3000": ""})


def normalise_label(value: str) -> str:
    return value.strip().translate(_FULL_WIDTH)


def _choice_map(choices: type) -> dict[str, str]:
    """Label → code, also accepting the code itself and full-width brackets."""
    mapping: dict[str, str] = {}
    for code, label in choices.choices:  # type: ignore[attr-defined]
        mapping[normalise_label(str(label))] = code
        mapping[code] = code
    return mapping


CHOICE_MAPS: dict[str, dict[str, str]] = {
    "gender": _choice_map(Gender),
    "education": _choice_map(Education),
    "status": _choice_map(MemberStatus),
    "category": _choice_map(MemberCategory),
    "occupation": _choice_map(Occupation),
    "kind": _choice_map(OrgKind),
    "domain": _choice_map(OrgDomain),
    "level": _choice_map(OrgLevel),
}
_ETHNICITY_SET = frozenset(ETHNICITIES)


class CellError(ValueError):
    """A cell that cannot be read; the message is the Chinese reason."""


def text_cell(value: Any) -> str:
    """A cell as text: numbers typed into a text column (codes, phones) lose no digits or gain no '.0'."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


def choice_cell(value: Any, key: str, header: str) -> str:
    """The code of a choice label; '' when blank; CellError naming the options when unknown."""
    text = text_cell(value)
    if not text:
        return ""
    code = CHOICE_MAPS[key].get(normalise_label(text))
    if code is None:
        options = "、".join(label for label in CHOICE_MAPS[key] if not label.isascii())
        raise CellError(f"{header}“{text}”不是有效选项,可选: {options}")
    return code


def ethnicity_cell(value: Any) -> str:
    text = normalise_label(text_cell(value))
    if not text:
        return ""
    if text in _ETHNICITY_SET:
        return text
    if text + "族" in _ETHNICITY_SET:
        return text + "族"
    raise CellError(f"民族“{text}”不在56个民族名称之中(请填全称,如“汉族”)")


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_FULL_WIDTH_DIGITS = str.maketrans({chr(0xFF10 + d): str(d) for d in range(10)})
_DATE_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# Excel serial numbers of 1900-01-01 … 2099-12-31, for date cells that lost their date format.
_EXCEL_SERIAL_RANGE = (1, 73415)


def date_cell(value: Any, header: str) -> dt.date | None:
    """A date from an Excel date, or text like 2005-07-01, 2005/7/1, 2005.07.01, 2005年7月1日, 20050701."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = int(value)
        if number != value:
            raise CellError(f"{header}“{value}”不是有效日期")
        if 19000101 <= number <= 21001231:
            return _make_date(str(number)[:4], str(number)[4:6], str(number)[6:], value, header)
        if _EXCEL_SERIAL_RANGE[0] <= number <= _EXCEL_SERIAL_RANGE[1]:
            converted = from_excel(number)
            return converted.date() if isinstance(converted, dt.datetime) else converted
        raise CellError(f"{header}“{value}”不是有效日期")
    text = text_cell(value)
    if not text:
        return None
    text = text.translate(_FULL_WIDTH_DIGITS)
    match = _DATE_TEXT.match(text) or _DATE_DIGITS.match(text)
    if match is None:
        raise CellError(f"{header}“{text}”不是有效日期(请填如2005-07-01)")
    year, month, day = match.group(1, 2, 3)
    return _make_date(year, month, day, text, header)


def _make_date(year: str, month: str, day: str, original: Any, header: str) -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(f"{header}“{original}”不是有效日期") from None


def id_number_cell(value: Any) -> str:
    """The ID number as text. A float means Excel stored it as a number and dropped its last digits."""
    if isinstance(value, float):
        raise CellError("公民身份号码被Excel存成了数字,末几位已丢失;请把本列设为文本格式后重新填写")
    return rules.normalize_id_number(text_cell(value))


# --- templates and reports ------------------------------------------------------------------------------

_HEADER_FILL = PatternFill("solid", fgColor="C8161D")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_REQUIRED_FONT = Font(bold=True, color="FFFF00")


def build_template(spec: SheetSpec) -> bytes:
    """The downloadable template: header, one example row, drop-downs for choices, and a notes sheet."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = spec.title
    options = workbook.create_sheet("选项")
    notes = workbook.create_sheet("填写说明")

    sheet.append(spec.headers)
    sheet.append([c.example for c in spec.columns])
    sheet.freeze_panes = "A2"
    option_column = 0
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index)
        cell.fill = _HEADER_FILL
        cell.font = _REQUIRED_FONT if column.required else _HEADER_FONT
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[letter].width = column.width
        data_range = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
        if column.is_date:
            sheet.column_dimensions[letter].number_format = DATE_FORMAT
            sheet.cell(row=2, column=index).number_format = DATE_FORMAT
        if column.is_text:
            sheet.column_dimensions[letter].number_format = TEXT_FORMAT
            sheet.cell(row=2, column=index).number_format = TEXT_FORMAT
        if column.choices:
            option_column += 1
            option_letter = get_column_letter(option_column)
            options.cell(row=1, column=option_column, value=column.header)
            for offset, label in enumerate(column.choices, start=2):
                options.cell(row=offset, column=option_column, value=label)
            last = len(column.choices) + 1
            validation = DataValidation(
                type="list",
                formula1=f"'选项'!${option_letter}$2:${option_letter}${last}",
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle=f"{column.header}无效",
                error=f"请从下拉列表中选择{column.header}",
            )
            validation.add(data_range)
            sheet.add_data_validation(validation)
    options.sheet_state = "hidden"

    notes.append(["说明", spec.intro])
    notes.append([])
    notes.append(["列名", "是否必填", "填写要求", "可选值"])
    for cell in notes[3]:
        cell.font = Font(bold=True)
    for column in spec.columns:
        choices = "、".join(column.choices)
        if column.is_date:
            requirement = "日期,如2005-07-01、2005/7/1、2005.07.01或20050701"
            requirement = f"{requirement};{column.note}" if column.note else requirement
        else:
            requirement = column.note
        notes.append([column.header, "必填" if column.required else "选填", requirement, choices])
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 10
    notes.column_dimensions["C"].width = 60
    notes.column_dimensions["D"].width = 60
    for row in notes.iter_rows(min_row=1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_error_report(errors: Iterable[RowError], *, file_name: str = "") -> bytes:
    """The error report of a rejected file: one line per bad cell, by spreadsheet row number."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("错误清单")
    sheet.column_dimensions["A"].width = 10
    sheet.column_dimensions["B"].width = 16
    sheet.column_dimensions["C"].width = 80
    if file_name:
        sheet.append([f"文件: {file_name}"])
    sheet.append(["行号", "列名", "错误原因"])
    for error in errors:
        sheet.append([error.row if error.row is not None else "文件", error.column, error.message])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
