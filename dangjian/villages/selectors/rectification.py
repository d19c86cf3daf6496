"""rectification."""

from __future__ import annotations


def listed_org_ids(county_id: int, year: int) -> set[int]:
    """Contract (used by classification and pairing): the orgs the county confirmed as 软弱涣散 in the year's
    identification (whether or not they have exited since)."""
    raise NotImplementedError
