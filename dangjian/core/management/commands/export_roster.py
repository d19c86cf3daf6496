from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from dangjian.core.audit import audit_context
from dangjian.core.io.console import actor_from_username, permission_error
from dangjian.core.io.export import export_roster
from dangjian.core.models import Org
from dangjian.core.scoping import org_in_scope


class Command(BaseCommand):
    help = (
        "导出党员花名册 (.xlsx): export_roster --org CODE FILE [--reveal] [--as USERNAME]。"
        "导出该组织及其下级组织的全部党员;公民身份号码默认脱敏,--reveal 导出完整号码(记入工作轨迹)。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="输出文件 (.xlsx)")
        parser.add_argument("--org", required=True, help="组织代码")
        parser.add_argument("--reveal", action="store_true", help="导出完整的公民身份号码")
        parser.add_argument("--as", dest="as_user", metavar="USERNAME", help="以该账号的身份和管理范围导出")

    def handle(self, *args, **options):
        actor = actor_from_username(options["as_user"])
        org = Org.objects.filter(code=options["org"]).first()
        if org is None or (actor is not None and not org_in_scope(org, actor)):
            raise CommandError(f"组织代码“{options['org']}”不存在或不在管理范围内")
        path = Path(options["file"])
        if path.suffix.lower() != ".xlsx":
            raise CommandError("输出文件名应以 .xlsx 结尾")
        try:
            with audit_context(source="cli"):
                count = export_roster(
                    actor=actor, org=org, destination=path, reveal=options["reveal"], file_name=path.name
                )
        except PermissionDenied as exc:
            raise permission_error(exc) from None
        masked = "完整公民身份号码" if options["reveal"] else "公民身份号码已脱敏"
        self.stdout.write(f"已导出 {org.name} 的党员 {count} 名到 {path}({masked})")
