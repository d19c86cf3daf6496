"""`manage.py escalate_requests`: run daily (cron or a timer) to escalate overdue open requests to their township."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dangjian.core import audit, clock
from dangjian.service.services.requests import requests_escalate


class Command(BaseCommand):
    help = "将逾期未办结的群众办事事项上报所属乡镇(街道),每天运行一次"

    def handle(self, *args: Any, **options: Any) -> None:
        with audit.audit_context(source="system"):
            count = requests_escalate(today=clock.today())
        self.stdout.write(f"已上报乡镇{count}件逾期事项")
