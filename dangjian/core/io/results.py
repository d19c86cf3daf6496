"""What an import reports: row errors, counts, and the time spent in each phase."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# progress(stage, done, total): stage is "parse", "validate" or "write"; total is 0 when unknown.
Progress = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class RowError:
    """One bad cell: the spreadsheet row number (None for the file as a whole), the column and a Chinese reason."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row is not None else "文件"
        column = f" [{self.column}]" if self.column else ""
        return f"{where}{column} {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RowError:
        return cls(row=data.get("row"), column=data.get("column", ""), message=data.get("message", ""))


@dataclass
class ImportResult:
    """The outcome of an import (or of its validation alone, for a dry run or a preview)."""

    kind: str
    file_name: str
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    # Finer timings inside a phase (e.g. "write.people", "write.audit", "write.commit").
    details: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return f"共{self.total_rows}行: 新增{self.created},更新{self.updated},未变{self.unchanged}"
