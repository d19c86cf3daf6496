from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from dangjian.core.audit import audit_context
from dangjian.core.io.console import ProgressLine, actor_from_username, permission_error, report
from dangjian.core.io.orgs import org_import


class Command(BaseCommand):
    help = (
        "导入党组织 (.xlsx): import_orgs FILE [--dry-run] [--as USERNAME]。上级组织在前、下级在后建立;"
        "任何一行有错误则逐行列出,以非零状态退出,不导入任何数据。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="党组织文件 (.xlsx)")
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
                result = org_import(
                    actor=actor, source=path, file_name=path.name, dry_run=options["dry_run"], progress=progress
                )
        except PermissionDenied as exc:
            raise permission_error(exc) from None
        finally:
            progress.close()
        report(self, result, dry_run=options["dry_run"])
