"""Rules of service and transparency as pure functions (no database), one section per area; tested at their
boundaries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

# --- public --------------------------------------------------------------------------------------------------------

# How often one client may use a public form: (window in seconds, attempts allowed in it), every window must hold.
PUBLIC_LIMITS: dict[str, tuple[tuple[int, int], ...]] = {
    "request": ((600, 5), (86400, 20)),  # filing a request: 5 in ten minutes, 20 a day
    "track": ((600, 30), (86400, 200)),  # looking a request up by its receipt code
    "feedback": ((600, 10), (86400, 50)),  # rating a finished request
}
CAPTCHA_LENGTH = 4
CAPTCHA_TTL = 600  # seconds a captcha may be answered after it was drawn


def over_limit(ages: Sequence[float], limits: Sequence[tuple[int, int]]) -> int | None:
    """Whether one more attempt is refused, given the ages (seconds) of the client's earlier attempts: the window
    (seconds) that is full, or None. An attempt exactly `window` seconds old no longer counts."""
    for window, allowed in limits:
        if sum(1 for age in ages if 0 <= age < window) >= allowed:
            return window
    return None


def wait_text(window: int) -> str:
    """How long to wait, as the refusal says it: "10分钟", "1小时", "1天"."""
    if window >= 86400 and window % 86400 == 0:
        return f"{window // 86400}天"
    if window >= 3600 and window % 3600 == 0:
        return f"{window // 3600}小时"
    return f"{max(1, window // 60)}分钟"


def captcha_matches(expected: str, given: str, *, age: float) -> bool:
    """A captcha answer is right when it matches (spaces and full-width digits forgiven) within its lifetime."""
    if not expected or age < 0 or age > CAPTCHA_TTL:
        return False
    normalised = "".join(given.split()).translate(FULL_WIDTH_DIGITS)
    return normalised == expected


FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# --- centres -------------------------------------------------------------------------------------------------------

# --- duty ----------------------------------------------------------------------------------------------------------

# --- requests ------------------------------------------------------------------------------------------------------

# --- minqing -------------------------------------------------------------------------------------------------------

# --- decisions -----------------------------------------------------------------------------------------------------

# --- finance -------------------------------------------------------------------------------------------------------

# --- audits --------------------------------------------------------------------------------------------------------

__all__ = ["Decimal", "Sequence", "dt"]
