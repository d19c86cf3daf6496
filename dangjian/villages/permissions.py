"""Who may do what in village governance. Scope (which subtree) is the scoping helper's; these add roles.

A village's own work (its ledger entries, its sign-ins, its figures) is done by its secretary or anyone above it;
what the level above decides (confirming a weak branch, approving a step, accepting an exit) by township or county
administrators over the village, never the village itself; the county's lists and rules by the county."""

from __future__ import annotations

from typing import Any

from dangjian.core.permissions import require
from dangjian.members.permissions import can_approve, can_manage_members, can_set_county_rules

__all__ = ["can_approve", "can_manage_village", "can_set_county_rules", "require"]


def can_manage_village(user: Any, org: Any) -> bool:
    """A village's (or any org's) own records: a manager (secretary or above) over the org."""
    return can_manage_members(user, org)
