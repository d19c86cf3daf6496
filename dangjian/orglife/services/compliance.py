"""Compliance is read, never written: what this module writes is its exports (each one audited)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from dangjian.core.io.tables import Sheet, audited_xlsx, record_export, table_xlsx
from dangjian.core.models import Org, Person
from dangjian.orglife.models import Meeting
from dangjian.orglife.selectors.compliance import BranchRow, Cell, Rollup, Span

ROLLUP_HEADERS = [
    "党组织",
    "党支部数",
    "全部达标党支部",
    "达标率(支部)",
    "已开展/应开展(次·周期)",
    "达标率(要求)",
    "召开会议",
    "其中补录",
    "实到/应到(人次)",
    "出席率",
    "6个月未参加组织生活党员",
]
BRANCH_HEADERS = [
    "所属乡镇(街道)",
    "党组织",
    "组织代码",
    "已开展/应开展(次·周期)",
    "达标率",
    "未开展",
    "含补录",
    "召开会议",
    "其中补录",
    "实到/应到(人次)",
    "出席率",
    "是否全部达标",
]
CELL_HEADERS = ["要求", "周期", "起止日期", "应开展", "已开展", "其中补录", "情况"]
MEETING_HEADERS = ["会议日期", "党组织", "会议类型", "主题", "已召开", "补录", "已取消", "应到", "实到", "请假", "缺席"]
ABSENCE_HEADERS = ["所在党组织", "姓名", "党员状态", "入党日期", "最近一次参加组织生活", "联系电话"]


def _percent(value: Any) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _rollup_line(rollup: Rollup) -> list[Any]:
    assert rollup.org is not None
    return [
        rollup.org.name,
        rollup.branches,
        rollup.compliant_branches,
        _percent(rollup.compliant_rate),
        f"{rollup.met}/{rollup.due}",
        _percent(rollup.compliance_rate),
        rollup.held,
        rollup.backfilled,
        f"{rollup.attended}/{rollup.expected}",
        _percent(rollup.attendance_rate),
        rollup.absent,
    ]


def _branch_line(row: BranchRow, townships: dict[str, str]) -> list[Any]:
    assert row.org is not None
    township = next((name for path, name in townships.items() if row.org.path.startswith(path)), "")
    return [
        township,
        row.org.name,
        row.org.code,
        f"{row.met}/{row.due}",
        _percent(row.compliance_rate),
        row.missing,
        row.late_entry,
        row.held,
        row.backfilled,
        f"{row.attended}/{row.expected}",
        _percent(row.attendance_rate),
        "是" if row.compliant else "否",
    ]


def compliance_export(
    *,
    actor: Any,
    org: Org,
    span: Span,
    rollups: list[Rollup] | None = None,
    total: Rollup | None = None,
    rows: list[BranchRow] | None = None,
    townships: dict[str, str] | None = None,
    lines: list[tuple[str, list[Cell]]] | None = None,
    meetings: QuerySet[Meeting] | None = None,
    file_name: str,
) -> bytes:
    """The compliance of one level as .xlsx: the children rolled up (county), the branches (county, township),
    one branch's requirement × period grid and its meetings (branch). Audited as an export of `org`."""
    caption = f"{org.name} {span.label}组织生活达标情况"
    sheets = []
    count = 0
    if rollups is not None and total is not None:
        sheets.append(
            Sheet("汇总", ROLLUP_HEADERS, [_rollup_line(r) for r in rollups], caption=caption, totals=_total(total))
        )
        count += len(rollups)
    if rows is not None:
        sheets.append(
            Sheet("党支部", BRANCH_HEADERS, [_branch_line(row, townships or {}) for row in rows], caption=caption)
        )
        count += len(rows)
    if lines is not None:
        cells = [
            [
                label,
                cell.period_label,
                f"{cell.period.first:%Y-%m-%d}至{cell.period.last:%Y-%m-%d}",
                cell.expected,
                cell.held,
                cell.backfilled,
                cell.state_label,
            ]
            for label, row_cells in lines
            for cell in row_cells
        ]
        sheets.append(Sheet("达标明细", CELL_HEADERS, cells, caption=caption))
        count += len(cells)
    if meetings is not None:
        meeting_rows = [_meeting_line(meeting) for meeting in meetings.iterator(chunk_size=2000)]
        sheets.append(Sheet("会议活动", MEETING_HEADERS, meeting_rows, caption=caption))
        count += len(meeting_rows)
    content = table_xlsx(sheets)
    record_export(actor=actor, org=org, kind="orglife_compliance", rows=count, file_name=file_name)
    return content


def _total(total: Rollup) -> list[Any]:
    line = _rollup_line(total)
    line[0] = "合计"
    return line


def _meeting_line(meeting: Meeting) -> list[Any]:
    return [
        meeting.held_on,
        meeting.org.name,
        meeting.get_kind_display(),
        meeting.topic,
        "是" if meeting.held else "否",
        "是" if meeting.backfilled else "",
        "是" if meeting.cancelled else "",
        meeting.expected_count,
        meeting.present_count,
        meeting.leave_count,
        meeting.absent_count,
    ]


def absence_export(
    *, actor: Any, org: Org | None, people: Iterable[Person], last_attended: dict[int, Any], file_name: str
) -> bytes:
    """ORG-10's list (members without organisational life for six months) as .xlsx; audited."""
    rows = [
        [
            person.org.name,
            person.name,
            person.get_status_display(),
            person.joined_on,
            last_attended.get(person.pk) or "近期无记录",
            person.phone_masked,
        ]
        for person in people
    ]
    content = audited_xlsx(
        Sheet("6个月未参加组织生活", ABSENCE_HEADERS, rows, caption="连续6个月未参加组织生活的党员"),
        actor=actor,
        org=org,
        kind="orglife_absence",
        file_name=file_name,
    )
    return content
