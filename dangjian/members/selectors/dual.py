"""Reads of 双报到. A registration is seen from two sides: the home branch (its members' registrations) and the
community (the members registered with it). The community sees the registration and the member's name and
phone, nothing else of the home roll."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from dangjian.core import clock
from dangjian.core.choices import OrgDomain
from dangjian.core.filters import IntegerFilter
from dangjian.core.models import Org
from dangjian.core.scoping import get_scoped_or_404, scope_of, scoped
from dangjian.members.models import CommunityRegistration, CommunityService
from dangjian.members.selectors.evaluation import YearFilter

SIDES = [("home", "本组织党员到社区报到"), ("community", "到本社区报到的党员")]
ZERO_HOURS = Value(Decimal("0.0"), output_field=DecimalField(max_digits=7, decimal_places=1))


def _org_subtree(queryset: QuerySet, value: str) -> QuerySet:
    """Registrations whose home org or community lies under the org with this code."""
    org = Org.objects.filter(code=value.strip()).only("path").first()
    if org is None:
        return queryset.none()
    return queryset.filter(Q(home_path__startswith=org.path) | Q(community_path__startswith=org.path))


class RegistrationFilter(django_filters.FilterSet):
    side = django_filters.ChoiceFilter(choices=SIDES, method="filter_side", label="查看")
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(所在组织或报到社区,含下级)")
    person = IntegerFilter(field_name="person_id", label="党员编号")
    search = django_filters.CharFilter(field_name="person__name", lookup_expr="contains", label="姓名")
    active = django_filters.BooleanFilter(method="filter_active", label="报到中(true 仅未结束, false 仅已结束)")

    class Meta:
        model = CommunityRegistration
        fields = ["side", "org", "person", "search", "active"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def filter_side(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        path = scope_of(self.user).path
        if not value or path is None:
            return queryset
        column = "home_path" if value == "home" else "community_path"
        return queryset.filter(**{f"{column}__startswith": path})

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_subtree(queryset, value) if value.strip() else queryset

    def filter_active(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(ended_on__isnull=value)


class ServiceFilter(django_filters.FilterSet):
    registration = IntegerFilter(field_name="registration_id", label="报到记录编号")
    person = IntegerFilter(field_name="registration__person_id", label="党员编号")
    year = YearFilter(field_name="served_on__year", label="年度")
    confirmed = django_filters.BooleanFilter(field_name="confirmed_by_community", label="社区已确认")

    class Meta:
        model = CommunityService
        fields = ["registration", "person", "year", "confirmed"]


def default_side(user: Any) -> str:
    """A community's account starts on the members registered with it; any other on its own members."""
    org = getattr(user, "org", None)
    return "community" if org is not None and org.domain == OrgDomain.COMMUNITY else "home"


def with_hours(registrations: QuerySet, year: int) -> QuerySet:
    """Each registration with its service hours in `year` (all, and those the community confirmed)."""
    in_year = Q(services__served_on__year=year)
    return registrations.annotate(
        hours=Coalesce(Sum("services__hours", filter=in_year), ZERO_HOURS),
        confirmed_hours=Coalesce(
            Sum("services__hours", filter=in_year & Q(services__confirmed_by_community=True)), ZERO_HOURS
        ),
    )


def registration_list(
    user: Any, params: Mapping[str, Any], *, year: int | None = None
) -> tuple[RegistrationFilter, QuerySet[CommunityRegistration]]:
    registrations = scoped(CommunityRegistration, user).select_related("person", "person__org", "community")
    filterset = RegistrationFilter(params or None, queryset=registrations, user=user)
    ordered = filterset.qs.order_by("ended_on", "-registered_on", "id")
    return filterset, with_hours(ordered, year or clock.today().year)


def registration_detail(user: Any, pk: Any) -> CommunityRegistration:
    queryset = CommunityRegistration.objects.select_related("person", "person__org", "community")
    return get_scoped_or_404(queryset, user, pk=pk)


def registration_services(user: Any, registration: CommunityRegistration) -> QuerySet[CommunityService]:
    return scoped(CommunityService, user).filter(registration=registration).order_by("-served_on", "-id")


def service_list(user: Any, params: Mapping[str, Any]) -> tuple[ServiceFilter, QuerySet[CommunityService]]:
    services = scoped(CommunityService, user).select_related("registration__person", "registration__community")
    filterset = ServiceFilter(params or None, queryset=services)
    return filterset, filterset.qs.order_by("-served_on", "-id")


def service_detail(user: Any, pk: Any) -> CommunityService:
    queryset = CommunityService.objects.select_related("registration__person", "registration__community")
    return get_scoped_or_404(queryset, user, pk=pk)


def sees_home_side(user: Any, registration: CommunityRegistration) -> bool:
    """Whether the user sees the member's home roll (and may open their record), not only the registration."""
    scope = scope_of(user)
    if scope.everything:
        return True
    if scope.member_only:
        return registration.person_id == scope.person_id
    return scope.path is not None and registration.home_path.startswith(scope.path)


def hours_this_year(user: Any, *, today: dt.date | None = None) -> dict[str, Decimal]:
    """Service hours of the year in the user's view, from each side."""
    year = (today or clock.today()).year
    path = scope_of(user).path or ""
    services = scoped(CommunityService, user).filter(served_on__year=year)
    return {
        "home": services.filter(registration__home_path__startswith=path).aggregate(h=Sum("hours"))["h"]
        or Decimal("0.0"),
        "community": services.filter(registration__community_path__startswith=path).aggregate(h=Sum("hours"))["h"]
        or Decimal("0.0"),
    }
