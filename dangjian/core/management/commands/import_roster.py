from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from dangjian.core.audit import audit_context
from dangjian.core.io.console import ProgressLine, actor_from_username, permission_error, report
from dangjian.core.io.roster import roster_import


class Command(BaseCommand):
    help = (
        "导入党员花名册 (.xlsx): import_roster FILE [--dry-run] [--as USERNAME]。"
        "任何一行有错误则逐行列出(第N行 [列名] 原因),以非零状态退出,不导入任何数据。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="花名册文件 (.xlsx)")
        parser.add_argument("--dry-run", action="store_true", help="只校验,不写入")
        parser.add_argument("--as", dest="as_user", metavar="USERNAME", help="以该账号的身份和管理范围导入")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件: {path}")
        actor = actor_from_username(options["as_user"])
        progress = ProgressLine(self.stderr)
        try:
            with audit_context(source="cli"):
                result = roster_import(
                    actor=actor, source=path, file_name=path.name, dry_run=options["dry_run"], progress=progress
                )
        except PermissionDenied as exc:
            raise permission_error(exc) from None
        finally:
            progress.close()
        report(self, result, dry_run=options["dry_run"])
