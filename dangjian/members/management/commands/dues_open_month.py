"""Open a month's dues ledger for an org's subtree (a county at the start of each month, say)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from dangjian.core import audit, clock
from dangjian.core.models import Org
from dangjian.members.selectors.dues import parse_month
from dangjian.members.services.dues import dues_month_open


class Command(BaseCommand):
    help = "建立党费收缴台账:为组织(含全部下级)中当月在册且已核定缴纳标准的党员建立该月记录;已有的不变"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--org", required=True, help="党组织代码(县、乡镇或支部)")
        parser.add_argument("--month", default="", help="月份,格式 年-月(如 2026-03);不填为本月")

    def handle(self, *args: Any, **options: Any) -> None:
        org = Org.objects.filter(code=options["org"].strip()).first()
        if org is None:
            raise CommandError(f"组织代码“{options['org']}”不存在")
        month = parse_month(options["month"]) if options["month"] else clock.today().replace(day=1)
        if month is None:
            raise CommandError(f"月份“{options['month']}”格式应为 年-月,如 2026-03")
        try:
            with audit.audit_context(source="cli"):
                result = dues_month_open(actor=None, org=org, month=month)
        except ValidationError as exc:
            raise CommandError(";".join(exc.messages)) from None
        self.stdout.write(
            f"{org.name} {month:%Y年%m月}:新增 {result.created} 条,已有 {result.existing} 条,"
            f"未核定缴纳标准 {len(result.unassessed)} 人"
        )
        for person in result.unassessed[:20]:
            self.stdout.write(f"  未核定:{person.name}({person.org.name})")
