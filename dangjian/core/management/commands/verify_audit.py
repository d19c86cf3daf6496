from django.core.management.base import BaseCommand, CommandError

from dangjian.core.audit import verify_chain


class Command(BaseCommand):
    help = "校验工作轨迹的哈希链: 任何一条被改动或删除,以非零状态退出并指出第一条有问题的记录。"

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"工作轨迹校验失败: 第 {report.bad_entry_id} 号记录 — {report.reason}(已校验 {report.checked} 条)"
            )
        self.stdout.write(f"工作轨迹完整: 共 {report.checked} 条记录,哈希链无误。")
