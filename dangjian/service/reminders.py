"""Service and transparency's reminders (待办提醒) on the workbench: each area's selector module may define
`reminders(user, today) -> list[Reminder]` (one count query each); they are listed in the order of the areas."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from dangjian.core import clock
from dangjian.core.choices import MANAGER_ROLES
from dangjian.core.reminders import Reminder
from dangjian.service.urls import AREAS


def reminders(user: Any, request: Any) -> list[Reminder]:
    """Only for secretaries and administrators (a member account manages nobody)."""
    if getattr(user, "role", None) not in MANAGER_ROLES or user.org is None:
        return []
    today = clock.today()
    found: list[Reminder] = []
    for area in AREAS:
        provider = getattr(import_module(f"dangjian.service.selectors.{area}"), "reminders", None)
        if provider is not None:
            found.extend(provider(user, today))
    return found
