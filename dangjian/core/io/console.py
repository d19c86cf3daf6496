"""What the import commands print: a progress line and the result, errors one per line (第N行 [列名] 原因)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from dangjian.core.audit import audit_context
from dangjian.core.models import User
from dangjian.core.permissions import can_import

from .results import ImportResult

_STAGES = {"parse": "读取", "validate": "校验"}


def _plain(text: str) -> str:
    return text


class ProgressLine:
    """On a terminal one line updated in place; otherwise a line every 10%."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.last_tenth: dict[str, int] = {}
        self.open_line = False
        self.last_text = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage == "write":
            if done == 0:
                self._line("正在写入数据库…", final=True)
            return
        label = _STAGES.get(stage, stage)
        text = f"{label} {done}/{total} 行" if total else f"{label} {done} 行"
        if self.tty:
            self._line(text, final=done == total and stage == "validate")
            return
        tenth = done * 10 // total if total else 0
        if tenth > self.last_tenth.get(stage, -1):
            self.last_tenth[stage] = tenth
            self._line(text, final=True)

    def _line(self, text: str, *, final: bool) -> None:
        if text == self.last_text:
            return
        self.last_text = text
        if self.tty:
            self.stream.write("\r\033[K" + text, ending="\n" if final else "", style_func=_plain)
            self.stream.flush()
            self.open_line = not final
        else:
            self.stream.write(text, style_func=_plain)

    def close(self) -> None:
        if self.open_line:
            self.stream.write("")
            self.open_line = False


def actor_from_username(username: str | None) -> User | None:
    """--as USERNAME: act as that account within its scope; without it the command acts as the system."""
    if not username:
        return None
    actor = User.objects.select_related("org").filter(username=username, is_active=True).first()
    if actor is None:
        raise CommandError(f"账号“{username}”不存在或已停用")
    if not can_import(actor):
        raise CommandError(f"账号“{username}”没有导入权限")
    return actor


def report(command: Any, result: ImportResult, *, dry_run: bool) -> None:
    """Print the outcome; a rejected file prints every error and exits non-zero."""
    if result.errors:
        for error in result.errors:
            command.stderr.write(str(error))
        raise CommandError(f"未导入任何数据: 共{len(result.errors)}处错误(见上)", returncode=1)
    timings = ", ".join(f"{stage} {seconds:.2f}s" for stage, seconds in result.timings.items())
    if dry_run:
        command.stdout.write(f"校验通过(--dry-run,未写入): {result.summary()}")
    else:
        command.stdout.write(f"导入完成: {result.summary()}")
    if timings:
        command.stdout.write(f"用时: {timings}")


def permission_error(exc: PermissionDenied) -> CommandError:
    return CommandError(str(exc) or "没有权限", returncode=1)


class ImportCommand(BaseCommand):
    """The shape of every import command: FILE [--dry-run] [--as USERNAME], progress on stderr, report, exit status."""

    file_help = "文件 (.xlsx)"

    def importer(self, **kwargs: Any) -> ImportResult:
        raise TypeError(f"{type(self).__name__} must define importer()")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help=self.file_help)
        parser.add_argument("--dry-run", action="store_true", help="只校验,不写入")
        parser.add_argument("--as", dest="as_user", metavar="USERNAME", help="以该账号的身份和管理范围导入")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件: {path}")
        actor = actor_from_username(options["as_user"])
        progress = ProgressLine(self.stderr)
        try:
            with audit_context(source="cli"):
                result = self.importer(
                    actor=actor, source=path, file_name=path.name, dry_run=options["dry_run"], progress=progress
                )
        except PermissionDenied as exc:
            raise permission_error(exc) from None
        finally:
            progress.close()
        report(self, result, dry_run=options["dry_run"])
