"""Reads of the platform core for the pages. Each takes the user and starts from `scoping.scoped()`.

Query counts stay bounded whatever the size of the scope: lists are paged, the tree loads one level per
request, and figures rolled up over a subtree come from the summary table (OrgStats), not from scans.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone

from dangjian.core import crypto, rules
from dangjian.core.filters import AuditFilter, OrgFilter, PersonFilter
from dangjian.core.models import AuditEntry, Org, OrgStats, Person, Post, Unit, UnitYearFigure, User
from dangjian.core.paging import DeferredJoinPaginator
from dangjian.core.scoping import get_scoped_or_404, scope_of, scoped

# How many children one request of the tree renders; the rest load on demand.
CHILDREN_PAGE_SIZE = 100
PAGE_SIZE = 50


@dataclass
class PageOf:
    """One page of a list with the numbers to show (first, last, and two either side of the current)."""

    page: Page
    page_numbers: list[int | str]

    @property
    def count(self) -> int:
        return self.page.paginator.count


def paginate(queryset: QuerySet | list, page_number: Any, per_page: int = PAGE_SIZE) -> PageOf:
    """A page of `queryset`; a page number out of range gives the last page, a bad one the first."""
    paginator_class = DeferredJoinPaginator if isinstance(queryset, QuerySet) else Paginator
    paginator = paginator_class(queryset, per_page)
    page = paginator.get_page(page_number)
    numbers = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return PageOf(page=page, page_numbers=numbers)


# --- organisations -----------------------------------------------------------------------------------


def stats_of(org: Org) -> OrgStats | None:
    """The org's rolled-up figures, or None when the summary has not been computed yet."""
    return getattr(org, "stats", None)


@dataclass
class OrgNode:
    """One org in the browsable tree; `children` is filled for expanded nodes only."""

    org: Org
    member_count: int | None
    has_children: bool
    children: list[OrgNode] = field(default_factory=list)
    expanded: bool = False

    @classmethod
    def of(cls, org: Org, member_only: bool = False) -> OrgNode:
        stats = stats_of(org)
        return cls(
            org=org,
            member_count=stats.member_count if stats is not None else None,
            has_children=org.numchild > 0 and not member_only,
        )


def _orgs(user: Any) -> QuerySet[Org]:
    return scoped(Org, user).select_related("stats")


def org_roots(user: Any) -> list[Org]:
    """The top of what the user sees: the account's own org, or the tree's roots for a system account."""
    scope = scope_of(user)
    if scope.everything:
        return list(_orgs(user).filter(depth=1).order_by("path"))
    if scope.nothing:
        return []
    return list(_orgs(user).filter(pk=scope.org_id))


def org_children(user: Any, org: Org) -> QuerySet[Org]:
    """The direct children of `org` within scope, in tree order."""
    return _orgs(user).filter(path__startswith=org.path, depth=org.depth + 1).order_by("path")


def org_tree_for(user: Any) -> list[OrgNode]:
    """The tree's first two levels from the user's root(s); deeper levels load on demand (one query each)."""
    member_only = scope_of(user).member_only
    nodes = [OrgNode.of(org, member_only) for org in org_roots(user)]
    for node in nodes:
        if node.has_children:
            node.children = [OrgNode.of(child) for child in org_children(user, node.org)[:CHILDREN_PAGE_SIZE]]
            node.expanded = True
    return nodes


def org_search(user: Any, params: Mapping[str, Any]) -> tuple[OrgFilter, QuerySet[Org]]:
    filterset = OrgFilter(params or None, queryset=_orgs(user))
    return filterset, filterset.qs.order_by("path")


def org_detail(user: Any, pk: Any) -> Org:
    return get_scoped_or_404(Org.objects.select_related("stats", "county"), user, pk=pk)


def org_in_scope(user: Any, pk: Any) -> Org | None:
    return _orgs(user).filter(pk=pk).first()


def org_parent(user: Any, org: Org) -> Org | None:
    """The org's parent when the user may see it (an account's own root has its parent out of sight)."""
    if org.depth <= 1:
        return None
    return _orgs(user).filter(path=org.path[: -Org.steplen]).first()


def org_direct_member_count(user: Any, org: Org) -> int:
    return scoped(Person, user).filter(org=org).count()


def org_unit(org: Org) -> Unit | None:
    """The unit an org serves; call with an org already read through scope."""
    return Unit.objects.filter(org=org).first()


def unit_year_figures(unit: Unit | None) -> list[UnitYearFigure]:
    if unit is None:
        return []
    return list(UnitYearFigure.objects.filter(unit=unit).order_by("-year"))


def move_targets(user: Any, org: Org, search: str = "", limit: int = 100) -> list[Org]:
    """Orgs in scope that `org` could move under: not itself, its subtree, or its current parent."""
    qs = _orgs(user).exclude(path__startswith=org.path).exclude(path=org.path[: -Org.steplen])
    search = search.strip()
    if search:
        qs = qs.filter(Q(name__contains=search) | Q(code__iexact=search))
    return list(qs.order_by("path")[:limit])


def subtree_size(user: Any, org: Org) -> tuple[int, int | None]:
    """Orgs below `org` (one indexed prefix count) and its rolled-up member count (from the summary)."""
    below = scoped(Org, user).filter(path__startswith=org.path).exclude(pk=org.pk).count()
    stats = stats_of(org)
    return below, stats.member_count if stats is not None else None


def org_by_code(user: Any, code: str) -> Org | None:
    code = (code or "").strip()
    if not code:
        return None
    return scoped(Org, user).filter(code=code).first()


# --- people and posts --------------------------------------------------------------------------------


def people_list(user: Any, filters: Mapping[str, Any]) -> tuple[PersonFilter, QuerySet[Person]]:
    """People in scope, filtered; ordered by (org_path, id) so the (org_path, id) index serves the pages."""
    filterset = PersonFilter(filters or None, queryset=scoped(Person, user).select_related("org"))
    return filterset, filterset.qs.order_by("org_path", "id")


def person_detail(user: Any, pk: Any) -> Person:
    return get_scoped_or_404(Person.objects.select_related("org"), user, pk=pk)


def person_in_scope(user: Any, pk: Any) -> Person | None:
    return scoped(Person, user).select_related("org").filter(pk=pk).first()


def _current(qs: QuerySet[Post]) -> QuerySet[Post]:
    return qs.filter(Q(term_end__isnull=True) | Q(term_end__gte=timezone.localdate()))


def posts_for(
    user: Any, *, person: Person | None = None, org: Org | None = None, current: bool | None = None
) -> QuerySet[Post]:
    qs = scoped(Post, user).select_related("person", "org")
    if person is not None:
        qs = qs.filter(person=person)
    if org is not None:
        qs = qs.filter(org=org)
    if current:
        qs = _current(qs)
    return qs.order_by("-term_start", "id")


def post_detail(user: Any, pk: Any) -> Post:
    return get_scoped_or_404(Post.objects.select_related("person", "org"), user, pk=pk)


def person_by_id_number(user: Any, id_number: str) -> Person | None:
    number = rules.normalize_id_number(id_number or "")
    if not number:
        return None
    return scoped(Person, user).filter(id_number_index=crypto.blind_index(number)).select_related("org").first()


# --- audit trail -------------------------------------------------------------------------------------


def audit_list(user: Any, filters: Mapping[str, Any]) -> tuple[AuditFilter, QuerySet[AuditEntry]]:
    filterset = AuditFilter(filters or None, queryset=scoped(AuditEntry, user))
    return filterset, filterset.qs.order_by("-id")


def audit_for_object(user: Any, object_type: str, object_id: Any) -> QuerySet[AuditEntry]:
    return scoped(AuditEntry, user).filter(object_type=object_type, object_id=str(object_id)).order_by("-id")


def audit_for_org(user: Any, org: Org) -> QuerySet[AuditEntry]:
    """Entries recorded against `org` or anything in its subtree, within scope."""
    return scoped(AuditEntry, user).filter(org_path__startswith=org.path).order_by("-id")


def model_of(object_type: str) -> Any:
    """The model class behind an audit entry's `object_type` ("core.person"), or None."""
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def names_of(user: Any, model: Any, ids: Iterable[Any]) -> dict[str, str]:
    """Display names of related objects, read through scope (objects out of sight keep their id)."""
    ids = {str(i) for i in ids if i not in (None, "")}
    if not ids or model is None or getattr(model, "scope", None) is None:
        return {}
    return {str(obj.pk): str(obj) for obj in scoped(model, user).filter(pk__in=ids)}


# --- accounts ----------------------------------------------------------------------------------------


def accounts_list(user: Any, search: str = "", role: str = "") -> QuerySet[User]:
    qs = scoped(User, user).select_related("org", "person")
    search = (search or "").strip()
    if search:
        qs = qs.filter(Q(username__contains=search) | Q(display_name__contains=search))
    if role:
        qs = qs.filter(role=role)
    return qs.order_by("org__path", "username")
