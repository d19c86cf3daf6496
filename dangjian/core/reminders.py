"""The workbench's reminders (待办提醒): each app names a function in its AppConfig (`reminders`, a dotted path) that
counts its soft alerts in the user's scope today; the workbench fetches them all by htmx after the figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Reminder:
    label: str
    count: int
    url: str


def _providers() -> list[Callable[[Any, Any], list[Reminder]]]:
    paths = [getattr(config, "reminders", None) for config in apps.get_app_configs()]
    return [import_string(path) for path in paths if path]


def collect(user: Any, request: Any) -> list[Reminder]:
    """Every app's reminders that have something to do (count > 0), in the order of INSTALLED_APPS."""
    return [reminder for provider in _providers() for reminder in provider(user, request) if reminder.count]
