"""Summary figures per org (rolled up over its subtree), refreshed in the background.

Placeholder interface: `schedule_refresh(county_id)` is called by services after a change commits.
"""

from __future__ import annotations


def schedule_refresh(county_id: int | None) -> None:
    return None
