"""Reads of 党群服务中心: the centres in scope (filtered, with their rooms and this year's check), the 清零 figures of
seed 002 ("全区19个城市社区,已有8个建成并投入使用,6个正在升级改造,5个社区正在完善提升"), the works of a period as
seed 003 says them ("新建党员群众服务中心22个,改扩建58个,维修120个"), compliance "达标XX个/YY个 (ZZ%)", and the public
block of a place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.urls import NoReverseMatch, reverse

from dangjian.core import clock
from dangjian.core.choices import OrgDomain, OrgLevel
from dangjian.core.filters import subtree_filter
from dangjian.core.models import Org
from dangjian.core.scoping import get_scoped_or_404, published_to, scoped, subtree
from dangjian.orglife.rules import percent, ratio_text
from dangjian.service import rules
from dangjian.service.choices import CentreLevel, CentreStatus, WorksKind
from dangjian.service.models import CentreCheck, CentreStandardItem, CentreWorks, DutyEntry, ServiceCentre
from dangjian.service.selectors.common import place_q

COMPLIANCE_CHOICES = (("passed", "达标"), ("failed", "未达标"), ("unchecked", "未检查"))


class CentreFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    township = django_filters.ModelChoiceFilter(
        queryset=Org.objects.none(), method="filter_township", label="乡镇(街道)"
    )
    level = django_filters.ChoiceFilter(choices=CentreLevel.choices, label="层级")
    status = django_filters.ChoiceFilter(choices=CentreStatus.choices, label="阵地状态")
    compliance = django_filters.ChoiceFilter(choices=COMPLIANCE_CHOICES, method="filter_compliance", label="规范化检查")
    search = django_filters.CharFilter(method="filter_search", label="名称或地址")

    class Meta:
        model = ServiceCentre
        fields = ["org", "township", "level", "status", "compliance", "search"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = user if user is not None else getattr(self.request, "user", None)
        if user is not None:
            field: Any = self.filters["township"]
            field.queryset = scoped(Org, user).filter(level=OrgLevel.TOWNSHIP).order_by("path")

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset

    def filter_township(self, queryset: QuerySet, name: str, value: Org | None) -> QuerySet:
        return queryset.filter(org_path__startswith=value.path) if value is not None else queryset

    def filter_compliance(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """By the check of the list's year; a list without one (the API) reads this year's check."""
        if value in ("passed", "failed", "unchecked") and "check_passed" not in queryset.query.annotations:
            queryset = with_check(queryset, clock.today().year)
        if value == "passed":
            return queryset.filter(check_passed=True)
        if value == "failed":
            return queryset.filter(check_passed=False)
        if value == "unchecked":
            return queryset.filter(check_passed__isnull=True)
        return queryset

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(name__contains=value) | Q(address__contains=value)) if value else queryset


def with_check(centres: QuerySet[ServiceCentre], year: int) -> QuerySet[ServiceCentre]:
    """Each centre's room count and whether its check of `year` passed (None: not checked)."""
    passed = CentreCheck.objects.filter(centre=OuterRef("pk"), year=year).values("passed")[:1]
    return centres.annotate(room_count=Count("rooms", distinct=True), check_passed=Subquery(passed))


def centre_list(user: Any, params: Mapping[str, Any], year: int) -> tuple[CentreFilter, QuerySet[ServiceCentre]]:
    centres = with_check(scoped(ServiceCentre, user).select_related("org"), year)
    filterset = CentreFilter(params or None, queryset=centres, user=user)
    return filterset, filterset.qs.order_by("org_path", "-is_main", "id")


def centre_detail(user: Any, pk: Any) -> ServiceCentre:
    return get_scoped_or_404(ServiceCentre.objects.select_related("org"), user, pk=pk)


def centres_of_org(org: Org) -> QuerySet[ServiceCentre]:
    return ServiceCentre.objects.filter(org=org).order_by("-is_main", "id")


def standard_visible(user: Any) -> QuerySet[CentreStandardItem]:
    """The county's standard items as published to the user's subtree."""
    return published_to(CentreStandardItem, user).select_related("org").order_by("org_path", "position", "id")


# --- figures ------------------------------------------------------------------------------------------------


@dataclass
class Clearance:
    kind: str
    total: int
    in_use: int
    upgrading: int
    improving: int
    none: int
    sentence: str


def _scope_word(org: Org) -> str:
    return rules.scope_word(org.name, org.level)


def clearance(org: Org, kind: str) -> Clearance:
    """The 清零 figures of the places (kind "village" or "community") under `org`: each place counts once, by the
    best state of its centres (in use > being improved > being upgraded > none), in one aggregate query."""
    domain = OrgDomain.RURAL if kind == "village" else OrgDomain.COMMUNITY
    of_place = ServiceCentre.objects.filter(org=OuterRef("pk"))
    places = Org.objects.filter(place_q(), domain=domain, path__startswith=org.path).annotate(
        in_use=Exists(of_place.filter(status=CentreStatus.IN_USE)),
        repair=Exists(of_place.filter(status=CentreStatus.REPAIR)),
        expand=Exists(of_place.filter(status=CentreStatus.EXPAND)),
    )
    figures = places.aggregate(
        total=Count("pk"),
        in_use_n=Count("pk", filter=Q(in_use=True)),
        improving_n=Count("pk", filter=Q(in_use=False, repair=True)),
        upgrading_n=Count("pk", filter=Q(in_use=False, repair=False, expand=True)),
    )
    total, in_use = figures["total"], figures["in_use_n"]
    improving, upgrading = figures["improving_n"], figures["upgrading_n"]
    none = total - in_use - improving - upgrading
    sentence = rules.clearance_sentence(_scope_word(org), kind, total, in_use, upgrading, improving, none)
    return Clearance(kind, total, in_use, upgrading, improving, none, sentence)


@dataclass
class WorksFigures:
    first: dt.date
    last: dt.date
    new: int
    expand: int
    repair: int
    funds: Decimal
    sentence: str


def works_figures(user: Any, org: Org, first: dt.date, last: dt.date) -> WorksFigures:
    """The works completed in [first, last] under `org` (seed 003's sentence), with their actual funds."""
    works = scoped(CentreWorks, user).filter(**subtree("org_path", org.path)).filter(completed_on__range=(first, last))
    figures = works.aggregate(
        new=Count("pk", filter=Q(kind=WorksKind.NEW)),
        expand=Count("pk", filter=Q(kind=WorksKind.EXPAND)),
        repair=Count("pk", filter=Q(kind=WorksKind.REPAIR)),
        funds=Sum("actual_funds"),
    )
    return WorksFigures(
        first,
        last,
        figures["new"],
        figures["expand"],
        figures["repair"],
        figures["funds"] or Decimal("0.00"),
        rules.works_sentence(figures["new"], figures["expand"], figures["repair"]),
    )


@dataclass
class Compliance:
    year: int
    centres: int
    checked: int
    passed: int
    text: str

    @property
    def sentence(self) -> str:
        """ "达标45个/52个 (86.5%)"."""
        share = percent(self.passed, self.centres)
        return f"达标{self.passed}个/{self.centres}个 ({'—' if share is None else f'{share}%'})"


def compliance(user: Any, org: Org, year: int) -> Compliance:
    """规范化建设 of `year` under `org`: centres (built ones, 未建成 left out), how many were checked and passed."""
    centres = scoped(ServiceCentre, user).filter(**subtree("org_path", org.path)).exclude(status=CentreStatus.NONE)
    figures = centres.aggregate(
        total=Count("pk", distinct=True),
        checked=Count("checks", filter=Q(checks__year=year)),
        passed=Count("checks", filter=Q(checks__year=year, checks__passed=True)),
    )
    return Compliance(
        year, figures["total"], figures["checked"], figures["passed"], ratio_text(figures["passed"], figures["total"])
    )


# --- public -------------------------------------------------------------------------------------------------


def request_link(org: Org) -> str | None:
    """Where a resident files a request at the place (the requests area's public form), when it exists."""
    try:
        return reverse("service:public_request_new", kwargs={"code": org.code})
    except NoReverseMatch:
        try:
            return reverse("service:public_request_new", args=[org.code])
        except NoReverseMatch:
            return None


def duty_today(centre_ids: list[int], today: dt.date) -> dict[int, list[DutyEntry]]:
    """Who is on duty today at each centre (names, posts, kinds, slots — nothing personal)."""
    found: dict[int, list[DutyEntry]] = {pk: [] for pk in centre_ids}
    entries = DutyEntry.objects.filter(centre_id__in=centre_ids, date=today).only(
        "id", "centre_id", "date", "kind", "slot", "name", "post", "phone"
    )
    for entry in entries.order_by("slot", "id"):
        found[entry.centre_id].append(entry)
    return found


def public_block(org: Org, today: dt.date) -> dict[str, Any] | None:
    """The place's own centres with who is on duty today and links to their public pages (two queries)."""
    centres = list(
        ServiceCentre.objects.filter(org=org)
        .exclude(status=CentreStatus.NONE)
        .only("id", "name", "address", "hours", "duty_phone", "is_main", "status")
        .order_by("-is_main", "id")
    )
    if not centres:
        return None
    duty = duty_today([c.pk for c in centres], today)
    rows = [{"centre": c, "duty": duty[c.pk], "url": reverse("service:public_centre", args=[c.pk])} for c in centres]
    return {"centres": rows, "today": today, "request_url": request_link(org)}
