"""The workbench's reminders (待办提醒): how many soft alerts each area of the member lifecycle raises in the user's
scope today, each linking to the page that lists them. Loaded after the workbench, so the figures never wait."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from dangjian.core import clock
from dangjian.core.choices import MANAGER_ROLES
from dangjian.core.reminders import Reminder
from dangjian.core.scoping import scoped
from dangjian.members.models import Transfer
from dangjian.members.selectors import dues, evaluation, mobile, recruitment, standing, transfers


def reminders(user: Any, request: Any) -> list[Reminder]:
    """Only for secretaries and administrators (a member account manages nobody)."""
    if getattr(user, "role", None) not in MANAGER_ROLES or user.org is None:
        return []
    today = clock.today()
    overdue_transfers = transfers.with_overdue(scoped(Transfer, user), today).filter(overdue=True).count()
    found = [
        Reminder(
            "发展党员:谈话、考察、审批或转正讨论逾期",
            len(recruitment.alerts(user, user.org, today=today)),
            reverse("members:recruit_pipeline"),
        ),
        Reminder(
            "党费:连续6个月未交纳",
            dues.lapsed_count(user, today=today),
            reverse("members:dues_ledger"),
        ),
        Reminder("组织关系转接:超过办理期限", overdue_transfers, reverse("members:transfer_list")),
        Reminder(
            "流动党员:情况报告、活动证年检或应转接",
            len(mobile.alerts(user, {}, request=request, today=today)),
            reverse("members:mobile_list"),
        ),
        Reminder(
            "民主评议:不合格党员待处置或逾期",
            len(evaluation.evaluation_alerts(user, today=today, limit=1000)),
            reverse("members:evaluation_list"),
        ),
        Reminder("党籍:失联党员到期处置", len(standing.alerts(user, today=today)), reverse("members:standing_list")),
    ]
    return [reminder for reminder in found if reminder.count]
