"""Who may do what in organisational life. Scope (which subtree) is the scoping helper's; these add roles."""

from __future__ import annotations

from typing import Any

from dangjian.core.permissions import require
from dangjian.members.permissions import can_approve, can_manage_members, can_set_county_rules

__all__ = ["can_act_for", "can_approve", "can_manage_branch", "can_set_county_rules", "require"]


def can_manage_branch(user: Any, org: Any) -> bool:
    """Branch work (plan a meeting, take attendance, approve a claim, publish to the subtree): a manager (secretary
    or above) over the org."""
    return can_manage_members(user, org)


def can_act_for(user: Any, person: Any) -> bool:
    """What a member does for themself (check in, claim points, sign up, read, answer a quiz): the member's own
    account, or a manager over the member's org."""
    if person.pk is not None and getattr(user, "person_id", None) == person.pk:
        return True
    return can_manage_members(user, person.org)
