"""Who may do what in the member lifecycle. Scope (which subtree) is the scoping helper's; these add roles."""

from __future__ import annotations

from typing import Any

from dangjian.core.choices import ADMIN_ROLES, MANAGER_ROLES, Role
from dangjian.core.permissions import _role, require
from dangjian.core.scoping import org_in_scope

__all__ = ["can_approve", "can_manage_members", "can_set_county_rules", "require"]


def can_manage_members(user: Any, org: Any) -> bool:
    """Branch work (record a step, a payment, a visit…): a manager (secretary or above) over the org."""
    return _role(user) in MANAGER_ROLES and org_in_scope(org, user)


def can_approve(user: Any, org: Any) -> bool:
    """What the committee above the branch decides (审批, 备案, 预审, approval of reductions): township or county
    administrators over the org, never the branch itself."""
    return _role(user) in ADMIN_ROLES and org_in_scope(org, user) and getattr(user, "org_id", None) != org.pk


def can_set_county_rules(user: Any, county: Any) -> bool:
    """County settings (periods, 六评三定 items, quotas, the farmers' dues): the county organisation department."""
    return _role(user) == Role.COUNTY_ADMIN and org_in_scope(county, user)
