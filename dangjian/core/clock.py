"""Today's date in Asia/Shanghai: the one place the platform asks for it.

Periods, due dates and alerts all count from `today()`. The setting `DANGJIAN_TODAY` (a date) fixes the clock;
tests move it forward to walk a year of probation in a minute. It is never set in production settings.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    fixed = getattr(settings, "DANGJIAN_TODAY", None)
    return fixed if isinstance(fixed, dt.date) else timezone.localdate()
