from typing import Any

from dangjian.core.io.console import ImportCommand
from dangjian.core.io.results import ImportResult
from dangjian.core.io.roster import roster_import


class Command(ImportCommand):
    help = (
        "导入党员花名册 (.xlsx): import_roster FILE [--dry-run] [--as USERNAME]。"
        "任何一行有错误则逐行列出(第N行 [列名] 原因),以非零状态退出,不导入任何数据。"
    )
    file_help = "花名册文件 (.xlsx)"

    def importer(self, **kwargs: Any) -> ImportResult:
        return roster_import(**kwargs)
