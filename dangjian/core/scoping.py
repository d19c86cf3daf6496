"""The one scoping helper: every queryset a user reaches goes through `scoped()`.

An account is bound to an org and sees that org's subtree: one indexed prefix match on the materialised
path, plus the county id (the shard key) so that composite indexes such as (county_id, id) apply.
A member account sees only its own person (and its own org). Out of scope answers exactly like missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import Http404

if TYPE_CHECKING:
    from dangjian.core.models import Org, User


@dataclass(frozen=True)
class ScopeRule:
    """How a model is scoped: the lookup of its org path, of its county id, and of its person (if any).

    `own_org`: for a member account, the model's own row is visible when it is the member's org.
    `also_path`: a second org path that also brings the row into scope (a transfer is seen by both sides; a
    双报到 registration by the home branch and by the community).
    """

    path: str
    county: str | None = None
    person: str | None = None
    own_org: bool = False
    also_path: str | None = None
    also_county: str | None = None


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    path: str | None = None
    county_id: int | None = None
    org_id: int | None = None
    person_id: int | None = None
    member_only: bool = False

    @property
    def nothing(self) -> bool:
        return not self.everything and self.path is None


# Paths are drawn from 0-9A-Z (treebeard's alphabet); "~" sorts after all of them in bytes and in the "C" collation.
PATH_END = "~"


def subtree(field: str, path: str) -> dict[str, str]:
    """Lookups for the rows whose `field` path lies under `path` (itself included), as a range: both SQLite (whose
    case-insensitive LIKE cannot use an index) and PostgreSQL serve it from a b-tree index on the path."""
    return {f"{field}__gte": path, f"{field}__lt": path + PATH_END}


def scope_of(user: User | Any) -> Scope:
    from dangjian.core.choices import Role

    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    if user.is_superuser and user.org_id is None:
        return Scope(everything=True)
    org: Org | None = user.org
    if org is None:
        return Scope()
    if user.role == Role.MEMBER:
        return Scope(path=org.path, county_id=org.county_id, org_id=org.pk, person_id=user.person_id, member_only=True)
    return Scope(path=org.path, county_id=org.county_id, org_id=org.pk)


def scoped[M: models.Model](queryset: models.QuerySet[M] | type[M], user: User | Any) -> models.QuerySet[M]:
    """Limit a queryset (or a model's default manager) to what `user` may see."""
    qs: models.QuerySet[M] = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    rule: ScopeRule | None = getattr(qs.model, "scope", None)
    if not isinstance(rule, ScopeRule):
        raise TypeError(f"{qs.model.__name__} declares no ScopeRule: it cannot be read through scoped()")
    scope = scope_of(user)
    if scope.everything:
        return qs
    if scope.nothing:
        return qs.none()
    if scope.member_only:
        if rule.person is not None and scope.person_id is not None:
            return qs.filter(**{rule.person: scope.person_id})
        if rule.own_org:
            return qs.filter(pk=scope.org_id)
        return qs.none()
    filters: dict[str, Any] = subtree(rule.path, scope.path or "")
    if rule.county and scope.county_id is not None:
        filters[rule.county] = scope.county_id
    if rule.also_path is None:
        return qs.filter(**filters)
    also: dict[str, Any] = subtree(rule.also_path, scope.path or "")
    if rule.also_county and scope.county_id is not None:
        also[rule.also_county] = scope.county_id
    return qs.filter(models.Q(**filters) | models.Q(**also))


def ancestor_paths(path: str, steplen: int = 4) -> list[str]:
    """The paths of an org and of every org above it (treebeard's fixed-width steps)."""
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


def published_to[M: models.Model](queryset: models.QuerySet[M] | type[M], user: User | Any) -> models.QuerySet[M]:
    """What an org publishes to its whole subtree (微党建 content, quizzes, the county's settings): the rows in the
    user's scope, and the rows published by the user's own org or any org above it (in the same county)."""
    qs: models.QuerySet[M] = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    rule: ScopeRule | None = getattr(qs.model, "scope", None)
    if not isinstance(rule, ScopeRule):
        raise TypeError(f"{qs.model.__name__} declares no ScopeRule: it cannot be read through published_to()")
    scope = scope_of(user)
    if scope.everything:
        return qs
    if scope.nothing:
        return qs.none()
    above = models.Q(**{f"{rule.path}__in": ancestor_paths(scope.path or "")})
    if scope.member_only:
        return qs.filter(above)
    return qs.filter(above | models.Q(**subtree(rule.path, scope.path or "")))


def get_scoped_or_404[M: models.Model](queryset: models.QuerySet[M] | type[M], user: User | Any, **lookup: Any) -> M:
    """Fetch one object within scope; out of scope raises the same 404 as a missing object."""
    try:
        return scoped(queryset, user).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError):
        raise Http404("对象不存在") from None


def org_in_scope(org: Org, user: User | Any) -> bool:
    """Whether an org lies in the user's subtree (no query: compares paths)."""
    scope = scope_of(user)
    if scope.everything:
        return True
    if scope.nothing or scope.member_only:
        return scope.member_only and org.pk == scope.org_id
    return org.path.startswith(scope.path or "")
