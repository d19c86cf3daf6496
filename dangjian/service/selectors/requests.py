"""Reads of 群众办事代办: the list with its filters, a request with its progress, the township's queue (escalated and
overdue), the figures for any scope and period (SQL aggregates), the public tracking by receipt code and the place's
public block."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import django_filters
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr
from django.urls import reverse

from dangjian.core import clock
from dangjian.core.choices import OrgLevel, Role
from dangjian.core.filters import IntegerFilter, subtree_filter
from dangjian.core.models import Org
from dangjian.core.reminders import Reminder
from dangjian.core.scoping import get_scoped_or_404, scoped, subtree
from dangjian.orglife.rules import ratio_text
from dangjian.service import rules
from dangjian.service.choices import RequestCategory, RequestStatus, Satisfaction, ServiceMode
from dangjian.service.models import RequestProgress, ServiceRequest

OPEN = (RequestStatus.PENDING, RequestStatus.HANDLING)
GOOD = (Satisfaction.SATISFIED, Satisfaction.BASIC)


def overdue_q(today: dt.date) -> Q:
    """Open and past the deadline (overdue from the day after it)."""
    return Q(status__in=OPEN, deadline__lt=today)


def queue_q(today: dt.date) -> Q:
    """What the township's queue lists: open requests escalated to it, or overdue and not yet escalated."""
    return Q(status__in=OPEN) & (Q(escalated_at__isnull=False) | Q(deadline__lt=today))


def townships(user: Any) -> QuerySet[Org]:
    return scoped(Org, user).filter(level=OrgLevel.TOWNSHIP, is_dissolved=False).order_by("path")


def town_names(county_id: int | None) -> dict[str, str]:
    rows = Org.objects.filter(level=OrgLevel.TOWNSHIP)
    if county_id is not None:
        rows = rows.filter(county_id=county_id)
    return dict(rows.values_list("path", "name"))


# --- the list -----------------------------------------------------------------------------------------------


class RequestFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    township = IntegerFilter(method="filter_township", label="所属乡镇(编号)")
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices, label="状态")
    mode = django_filters.ChoiceFilter(choices=ServiceMode.choices, label="办理方式")
    category = django_filters.ChoiceFilter(choices=RequestCategory.choices, label="事项类别")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="逾期未办结(true 仅这些)")
    escalated = django_filters.BooleanFilter(method="filter_escalated", label="已上报乡镇(true 仅这些)")
    since = django_filters.DateFilter(field_name="filed_on", lookup_expr="gte", label="提交日期自")
    until = django_filters.DateFilter(field_name="filed_on", lookup_expr="lte", label="提交日期至")
    search = django_filters.CharFilter(method="filter_search", label="回执码或办事内容")

    class Meta:
        model = ServiceRequest
        fields = ["org", "township", "status", "mode", "category", "overdue", "escalated", "since", "until", "search"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset

    def filter_township(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value in (None, ""):
            return queryset
        town = Org.objects.filter(pk=int(value), level=OrgLevel.TOWNSHIP).first()
        return queryset.filter(**subtree("org_path", town.path)) if town else queryset.none()

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        overdue = overdue_q(clock.today())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_escalated(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(escalated_at__isnull=not value)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        code = rules.receipt_code_normalise(value)
        return queryset.filter(Q(receipt_code=code) if code else Q(content__contains=value))


def request_list(user: Any, params: Mapping[str, Any]) -> tuple[RequestFilter, QuerySet[ServiceRequest]]:
    rows = scoped(ServiceRequest, user).select_related("org", "escalated_to")
    filterset = RequestFilter(params or None, queryset=rows)
    return filterset, filterset.qs.order_by("-filed_at", "-id")


def request_detail(user: Any, pk: Any) -> ServiceRequest:
    rows = ServiceRequest.objects.select_related("org", "escalated_to", "handler_person")
    return get_scoped_or_404(rows, user, pk=pk)


def request_progress(request: ServiceRequest) -> QuerySet[RequestProgress]:
    return request.progress.order_by("occurred_at", "id")


def queue(user: Any, params: Mapping[str, Any] | None = None) -> tuple[RequestFilter, QuerySet[ServiceRequest]]:
    """The township's queue: escalated and overdue open requests in the user's scope, the longest overdue first."""
    filterset, rows = request_list(user, params or {})
    return filterset, rows.filter(queue_q(clock.today())).order_by("deadline", "id")


# --- figures ------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    """The figures of one group (the whole scope, a township, a mode, a category)."""

    name: str = ""
    key: str = ""
    filed: int = 0
    finished: int = 0
    in_time: int = 0
    returned: int = 0
    open: int = 0
    overdue: int = 0
    escalated: int = 0
    rated: int = 0
    good: int = 0

    @property
    def in_time_text(self) -> str:
        return ratio_text(self.in_time, self.finished)

    @property
    def done_text(self) -> str:
        return ratio_text(self.finished, self.filed)

    @property
    def satisfaction_text(self) -> str:
        return ratio_text(self.good, self.rated)


@dataclass
class Figures:
    start: dt.date
    end: dt.date
    total: Tally
    modes: list[Tally] = field(default_factory=list)
    categories: list[Tally] = field(default_factory=list)
    towns: list[Tally] = field(default_factory=list)

    @property
    def sentence(self) -> str:
        t = self.total
        return (
            f"受理群众办事{t.filed}件,办结{t.finished}件,{rules.in_time_text(t.in_time, t.finished)},"
            f"{rules.satisfaction_text(t.good, t.rated)}"
        )


def _aggregates(today: dt.date) -> dict[str, Any]:
    return {
        "filed": Count("id"),
        "finished": Count("id", filter=Q(status=RequestStatus.DONE)),
        "in_time": Count("id", filter=Q(status=RequestStatus.DONE, finished_on__lte=F("deadline"))),
        "returned": Count("id", filter=Q(status=RequestStatus.RETURNED)),
        "open": Count("id", filter=Q(status__in=OPEN)),
        "overdue": Count("id", filter=overdue_q(today)),
        "escalated": Count("id", filter=Q(escalated_at__isnull=False)),
        "rated": Count("id", filter=~Q(rating="")),
        "good": Count("id", filter=Q(rating__in=GOOD)),
    }


def period_requests(user: Any, start: dt.date, end: dt.date, org: Org | None = None) -> QuerySet[ServiceRequest]:
    """The requests filed in [start, end] in the user's scope (or under an org)."""
    rows = scoped(ServiceRequest, user).filter(filed_on__gte=start, filed_on__lte=end)
    if org is not None:
        rows = rows.filter(**subtree("org_path", org.path))
    return rows


COUNTS = ("filed", "finished", "in_time", "returned", "open", "overdue", "escalated", "rated", "good")


def _summed(groups: list[dict[str, Any]], key: str, labels: Mapping[str, Any]) -> list[Tally]:
    """The groups' counts added up by one of their keys, in the order of `labels` (values without rows left out)."""
    found: dict[str, dict[str, int]] = {}
    for group in groups:
        value = group[key]
        if value in labels:
            into = found.setdefault(value, dict.fromkeys(COUNTS, 0))
            for name in COUNTS:
                into[name] += group[name]
    return [Tally(name=str(label), key=value, **found[value]) for value, label in labels.items() if value in found]


def figures(user: Any, start: dt.date, end: dt.date, org: Org | None = None) -> Figures:
    """Count filed, finished, finished in time, overdue open, escalated, satisfaction: in total, by mode, by category
    and per township, for the requests filed in the period. One GROUP BY (mode, category, township) over the period's
    requests; the four views are sums of its groups (every figure is a count)."""
    today = clock.today()
    rows = period_requests(user, start, end, org)
    keys = ["mode", "category"]
    town_rows = list(townships(user).values_list("path", "name"))
    if org is not None:
        town_rows = [(p, n) for p, n in town_rows if p.startswith(org.path) or org.path.startswith(p)]
    names: dict[str, str] = {}
    if town_rows:
        width = len(town_rows[0][0])
        names = {p: n for p, n in town_rows if len(p) == width}
        rows = rows.annotate(town=Substr("org_path", 1, width))
        keys.append("town")
    groups = list(rows.order_by().values(*keys).annotate(**_aggregates(today)))
    whole = {name: sum(group[name] for group in groups) for name in COUNTS}
    total = Tally(name=org.name if org is not None else "合计", **whole)
    modes = _summed(groups, "mode", dict(ServiceMode.choices))
    categories = _summed(groups, "category", dict(RequestCategory.choices))
    towns_found = _summed(groups, "town", names) if names else []
    return Figures(start=start, end=end, total=total, modes=modes, categories=categories, towns=towns_found)


def year_period(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# --- public -------------------------------------------------------------------------------------------------


def track(code: str) -> ServiceRequest | None:
    """The request a receipt code (as typed) names, or None."""
    bare = rules.receipt_code_normalise(code)
    if bare is None:
        return None
    return ServiceRequest.objects.select_related("org").filter(receipt_code=bare).first()


def public_progress(request: ServiceRequest) -> list[tuple[dt.datetime, str]]:
    """The progress texts (no author) for the holder of the receipt code."""
    return list(request.progress.order_by("occurred_at", "id").values_list("occurred_at", "text"))


def public_block(org: Org, today: dt.date) -> dict[str, Any] | None:
    """The place's block: file a request, follow one, and this year's 办结率 and 满意率 (one aggregate query)."""
    start, end = year_period(today.year)
    rows = ServiceRequest.objects.filter(org=org, filed_on__gte=start, filed_on__lte=end)
    figures = rows.aggregate(
        filed=Count("id"),
        finished=Count("id", filter=Q(status=RequestStatus.DONE)),
        in_time=Count("id", filter=Q(status=RequestStatus.DONE, finished_on__lte=F("deadline"))),
        rated=Count("id", filter=~Q(rating="")),
        good=Count("id", filter=Q(rating__in=GOOD)),
    )
    return {
        "year": today.year,
        "filed": figures["filed"],
        "done_text": ratio_text(figures["finished"], figures["filed"]),
        "in_time_text": ratio_text(figures["in_time"], figures["finished"]),
        "satisfaction_text": ratio_text(figures["good"], figures["rated"]),
        "new_url": reverse("service:public_request_new", args=[org.code]),
        "track_url": reverse("service:public_request_track"),
    }


# --- reminders ----------------------------------------------------------------------------------------------


def reminders(user: Any, today: dt.date) -> list[Reminder]:
    """Requests waiting to be accepted, overdue ones, and (for the township and county) the escalated queue."""
    home = reverse("service:request_list")
    rows = scoped(ServiceRequest, user)
    found = [
        Reminder("群众办事待受理", rows.filter(status=RequestStatus.PENDING).count(), f"{home}?status=pending"),
        Reminder("群众办事逾期未办结", rows.filter(overdue_q(today)).count(), f"{home}?overdue=true"),
    ]
    if getattr(user, "role", None) in (Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN):
        escalated = rows.filter(status__in=OPEN, escalated_at__isnull=False).count()
        found.append(Reminder("群众办事已上报乡镇待处理", escalated, reverse("service:request_queue")))
    return found
