"""Who may do what. Scope (which subtree) is the scoping helper's; these add the role checks."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from dangjian.core.choices import ADMIN_ROLES, MANAGER_ROLES, Role
from dangjian.core.scoping import org_in_scope, scope_of


def _role(user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser and user.org_id is None:
        return Role.COUNTY_ADMIN
    return user.role


def can_manage_orgs(user: Any, org: Any) -> bool:
    return _role(user) in ADMIN_ROLES and org_in_scope(org, user)


def can_move_org(user: Any, org: Any, new_parent: Any) -> bool:
    """Both ends in the user's subtree, and never the user's own root org."""
    scope = scope_of(user)
    return (
        can_manage_orgs(user, org)
        and can_manage_orgs(user, new_parent)
        and (scope.everything or org.pk != scope.org_id)
    )


def can_manage_people(user: Any, org: Any) -> bool:
    return _role(user) in MANAGER_ROLES and org_in_scope(org, user)


def can_reveal_id_number(user: Any, person: Any) -> bool:
    if _role(user) in MANAGER_ROLES:
        return org_in_scope(person.org, user)
    return person.pk is not None and getattr(user, "person_id", None) == person.pk


def can_import(user: Any) -> bool:
    return _role(user) in MANAGER_ROLES


def can_manage_accounts(user: Any, org: Any) -> bool:
    return _role(user) in ADMIN_ROLES and org_in_scope(org, user)


def can_view_audit(user: Any) -> bool:
    return _role(user) in MANAGER_ROLES


def require(allowed: bool, message: str = "没有权限执行此操作") -> None:
    if not allowed:
        raise PermissionDenied(message)
