import unicodedata

from django.core.management.base import BaseCommand

from dangjian.core.audit import audit_context
from dangjian.core.demo import DEMO_PASSWORD, DemoAccount, ensure_demo_accounts


def _pad(text: str, width: int) -> str:
    """Left-align for a terminal: CJK characters take two columns."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - used)


def print_accounts(stdout, accounts: list[DemoAccount]) -> None:
    if not accounts:
        stdout.write("没有示范数据, 未建立演示账号(先运行 manage.py demo_county)。")
        return
    stdout.write(f"演示账号(共用密码: {DEMO_PASSWORD})")
    stdout.write(_pad("用户名", 18) + _pad("角色", 24) + "所属党组织")
    for account in accounts:
        note = " (新建)" if account.created else ""
        stdout.write(_pad(account.username, 18) + _pad(account.role_label, 24) + account.org.name + note)


class Command(BaseCommand):
    help = "建立(如缺)并列出各角色的演示账号, 共用一个演示密码"

    def handle(self, *args, **options):
        with audit_context(source="cli"):
            accounts = ensure_demo_accounts()
        print_accounts(self.stdout, accounts)
