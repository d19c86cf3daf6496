"""Organisational life's reminders (待办提醒) on the workbench: what a secretary or an administrator has to do in
their scope today. Each is one count query; the workbench fetches them after its figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from dangjian.core import clock
from dangjian.core.choices import MANAGER_ROLES
from dangjian.core.reminders import Reminder
from dangjian.core.scoping import scoped
from dangjian.orglife.choices import PointEntryStatus
from dangjian.orglife.models import Meeting, PointEntry
from dangjian.orglife.selectors import compliance, notices
from dangjian.orglife.services.settings import settings_for


def reminders(user: Any, request: Any) -> list[Reminder]:
    """Only for secretaries and administrators (a member account manages nobody)."""
    if getattr(user, "role", None) not in MANAGER_ROLES or user.org is None:
        return []
    today = clock.today()
    late_days = settings_for(user.org.county_id or user.org.pk).late_entry_days
    unrecorded = (
        scoped(Meeting, user)
        .filter(held=False, cancelled=False, ends_at__lt=timezone.now() - dt.timedelta(days=late_days))
        .count()
    )
    _filters, absent = compliance.absence_list(user, {}, today=today)
    return [
        Reminder(
            f"会议:结束超过{late_days}天仍未登记召开情况",
            unrecorded,
            reverse("orglife:meeting_list") + "?status=finished&held=false",
        ),
        Reminder("组织生活:连续6个月未参加组织生活的党员", absent.count(), reverse("orglife:absence_list")),
        Reminder(
            "积分:党员申报待审核",
            scoped(PointEntry, user).filter(status=PointEntryStatus.PENDING).count(),
            reverse("orglife:point_review"),
        ),
        Reminder("通知:本组织待签收", notices.inbox_pending(user), reverse("orglife:notice_list") + "?tab=inbox"),
        Reminder("信息报送:下级报送待审核", notices.reports_pending_review(user), reverse("orglife:report_list")),
    ]
