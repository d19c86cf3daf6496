"""Who may do what in service and transparency. Scope (which subtree) is the scoping helper's; these add roles.

A village's (or community's) own work — its centre, its duty roster, the requests at its counter, its 民情夜市, its
decisions, its expenditures before sign-off — is done by its secretary or anyone above it; what the level above
decides (the township paying an expenditure, an audit's findings, an escalated request) by township or county
administrators over the village, never the village itself; the county's standards and limits by the county."""

from __future__ import annotations

from dangjian.core.permissions import require
from dangjian.villages.permissions import can_approve, can_manage_village, can_set_county_rules

__all__ = ["can_approve", "can_manage_village", "can_set_county_rules", "require"]
