"""Reads of the county's settings of organisational life. The county publishes them to its whole subtree, so every
township and branch account reads its county's rows (`published_to`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.http import Http404

from dangjian.core import clock
from dangjian.core.choices import OrgLevel
from dangjian.core.models import Org
from dangjian.core.scoping import published_to, scope_of
from dangjian.orglife import rules
from dangjian.orglife.choices import Cycle, MeetingKind, OrgCategory
from dangjian.orglife.models import MeetingRequirement, OrgLifeSetting
from dangjian.orglife.services.settings import settings_for


def county_of(user: Any) -> Org | None:
    """The county-level org of the user's scope (None for a whole-tree account above any county)."""
    county_id = scope_of(user).county_id
    return Org.objects.filter(pk=county_id, level=OrgLevel.COUNTY).first() if county_id else None


def setting_for_user(user: Any) -> tuple[Org | None, OrgLifeSetting]:
    """The user's county and its settings (the defaults, unsaved, when it has saved none)."""
    county = county_of(user)
    return county, settings_for(county.pk if county else None)


def _in_force_on(day: dt.date) -> Q:
    return Q(effective_from__lte=day) & (Q(effective_until__isnull=True) | Q(effective_until__gte=day))


class RequirementFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, label="活动类型")
    org_category = django_filters.ChoiceFilter(choices=OrgCategory.choices, label="适用组织")
    cycle = django_filters.ChoiceFilter(choices=Cycle.choices, label="周期")
    current = django_filters.ChoiceFilter(
        choices=[("true", "执行中"), ("false", "已截止或未生效")], method="filter_current", label="今天是否执行"
    )
    search = django_filters.CharFilter(field_name="note", lookup_expr="contains", label="依据或说明")

    class Meta:
        model = MeetingRequirement
        fields = ["kind", "org_category", "cycle", "current", "search"]

    def filter_current(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        in_force = _in_force_on(clock.today())
        return queryset.filter(in_force) if value == "true" else queryset.exclude(in_force)


def requirements(user: Any) -> QuerySet[MeetingRequirement]:
    """The requirements of the user's county (published to its subtree)."""
    return published_to(MeetingRequirement, user).order_by("kind", "org_category", "-effective_from", "id")


def requirement_list(
    user: Any, params: Mapping[str, Any] | None = None
) -> tuple[RequirementFilter, QuerySet[MeetingRequirement]]:
    filterset = RequirementFilter(params or None, queryset=requirements(user))
    return filterset, filterset.qs


def requirement_detail(user: Any, pk: Any) -> MeetingRequirement:
    """One requirement of the user's county; another county's answers like a missing one (404)."""
    try:
        return requirements(user).get(pk=pk)
    except (MeetingRequirement.DoesNotExist, ValueError, TypeError):
        raise Http404("对象不存在") from None


def in_force(requirement: MeetingRequirement, day: dt.date) -> bool:
    return requirement.effective_from <= day and (
        requirement.effective_until is None or day <= requirement.effective_until
    )


def county_set(requirement: MeetingRequirement) -> bool:
    """Whether rules.md leaves this requirement to the county (ORG-06 党课): the pages say so."""
    return requirement.kind in rules.COUNTY_SET_KINDS
