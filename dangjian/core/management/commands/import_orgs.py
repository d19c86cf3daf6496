from typing import Any

from dangjian.core.io.console import ImportCommand
from dangjian.core.io.orgs import org_import
from dangjian.core.io.results import ImportResult


class Command(ImportCommand):
    help = (
        "导入党组织 (.xlsx): import_orgs FILE [--dry-run] [--as USERNAME]。上级组织在前、下级在后建立;"
        "任何一行有错误则逐行列出,以非零状态退出,不导入任何数据。"
    )
    file_help = "党组织文件 (.xlsx)"

    def importer(self, **kwargs: Any) -> ImportResult:
        return org_import(**kwargs)
