"""classification."""

from __future__ import annotations


def tags_by_org(county_id: int, year: int) -> dict[int, set[str]]:
    """Contract (used by pairing's suggestions): each village org's category tags (`choices.VillageTag` values) from
    the year's classification; villages in no category are left out."""
    raise NotImplementedError
