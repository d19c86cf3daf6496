"""Reads of 示范点/示范带: points with their visit counts (filters by township, level, theme, status), belts with their
points in order, the offline map's data (points, belts as lines, villages as grey dots, what has no coordinate), and
the village overview page whose panels each area registers in `PANELS`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from importlib import import_module
from typing import Any

import django_filters
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.http import Http404
from django.urls import reverse

from dangjian.core.choices import OrgLevel
from dangjian.core.models import Org
from dangjian.core.reminders import Reminder
from dangjian.core.scoping import get_scoped_or_404, published_to, scoped
from dangjian.members.selectors.transfers import OrgScopeFilterMixin
from dangjian.villages import rules
from dangjian.villages.choices import ShowcaseLevel, ShowcaseStatus, ShowcaseTheme, VisitKind
from dangjian.villages.models import ShowcaseBelt, ShowcasePhoto, ShowcasePoint, ShowcaseVisit, VillageLocation
from dangjian.villages.selectors.common import village_q

# Dotted paths of `panel(org, user, year) -> dict | None` functions shown on the village overview page after this
# area's own panel. A panel dict: {"title": str, "rows": [(label, value), ...], "link": url or "", "link_label": str}.
PANELS: list[str] = [
    "dangjian.villages.selectors.economy.panel",
    "dangjian.villages.selectors.classification.panel",
    "dangjian.villages.selectors.rectification.panel",
    "dangjian.villages.selectors.pairing.panel",
    "dangjian.villages.selectors.projects.panel",
    "dangjian.villages.selectors.secretaries.panel",
    "dangjian.villages.selectors.talent.panel",
    "dangjian.villages.selectors.elections.panel",
    "dangjian.villages.selectors.twonew.panel",
]
UNPLACED_LIMIT = 200


class PointFilter(OrgScopeFilterMixin):
    search = django_filters.CharFilter(method="filter_search", label="示范点或组织名称")
    level = django_filters.ChoiceFilter(choices=ShowcaseLevel.choices, label="级别")
    theme = django_filters.ChoiceFilter(choices=ShowcaseTheme.choices, label="示范主题")
    status = django_filters.ChoiceFilter(choices=ShowcaseStatus.choices, label="状态")
    belt = django_filters.NumberFilter(field_name="belt_id", label="示范带编号")
    year = django_filters.NumberFilter(field_name="year", label="命名年度")
    placed = django_filters.BooleanFilter(method="filter_placed", label="已标注坐标(true 已标注, false 未标注)")

    class Meta:
        model = ShowcasePoint
        fields = ["township", "org", "search", "level", "theme", "status", "belt", "year", "placed"]

    def filter_placed(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return queryset if value is None else queryset.filter(longitude__isnull=not value)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(name__contains=value) | Q(org__name__contains=value)) if value else queryset


class VisitFilter(OrgScopeFilterMixin):
    point = django_filters.NumberFilter(field_name="point_id", label="示范点编号")
    kind = django_filters.ChoiceFilter(choices=VisitKind.choices, label="形式")
    since = django_filters.DateFilter(field_name="visited_on", lookup_expr="gte", label="日期自")
    until = django_filters.DateFilter(field_name="visited_on", lookup_expr="lte", label="日期至")

    class Meta:
        model = ShowcaseVisit
        fields = ["township", "org", "point", "kind", "since", "until"]


class BeltFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="示范带名称")

    class Meta:
        model = ShowcaseBelt
        fields = ["search"]


# --- points -------------------------------------------------------------------------------------------------


def with_visits(points: QuerySet[ShowcasePoint]) -> QuerySet[ShowcasePoint]:
    return points.annotate(visit_count=Count("visits", distinct=True), visitor_count=Sum("visits__visitors"))


def township_names(county_id: int | None) -> dict[str, str]:
    """The county's townships by path (to name the township of any org under them)."""
    towns = Org.objects.filter(county_id=county_id, level=OrgLevel.TOWNSHIP)
    return dict(towns.values_list("path", "name"))


def township_of(path: str, towns: Mapping[str, str]) -> str:
    return next((name for town_path, name in towns.items() if path.startswith(town_path)), "")


def with_township(point: ShowcasePoint, towns: Mapping[str, str]) -> ShowcasePoint:
    point.township_name = township_of(point.org_path, towns)
    return point


def name_townships(points: list[ShowcasePoint]) -> list[ShowcasePoint]:
    """Set `township_name` on each point of a page (or an export)."""
    cache: dict[int | None, dict[str, str]] = {}
    for point in points:
        if point.county_id not in cache:
            cache[point.county_id] = township_names(point.county_id)
        point.township_name = township_of(point.org_path, cache[point.county_id])
    return points


def point_list(user: Any, params: Mapping[str, Any], request: Any = None) -> tuple[PointFilter, QuerySet]:
    """Points in scope with their visit counts; revoked ones last."""
    points = with_visits(scoped(ShowcasePoint, user).select_related("org", "belt"))
    filterset = PointFilter(params or None, queryset=points, request=request)
    revoked = Case(When(status=ShowcaseStatus.REVOKED, then=Value(1)), default=Value(0), output_field=IntegerField())
    return filterset, filterset.qs.order_by(revoked, "org_path", "name", "id")


def point_detail(user: Any, pk: Any) -> ShowcasePoint:
    return get_scoped_or_404(ShowcasePoint.objects.select_related("org", "belt"), user, pk=pk)


def point_choices(user: Any, belt: ShowcaseBelt | None = None) -> QuerySet[ShowcasePoint]:
    """Points a belt may list: not revoked, in the user's scope and the belt's org's subtree, on no other belt."""
    points = scoped(ShowcasePoint, user).exclude(status=ShowcaseStatus.REVOKED).select_related("org", "belt")
    if belt is not None:
        points = points.filter(org_path__startswith=belt.org_path).filter(Q(belt__isnull=True) | Q(belt=belt))
    return points.order_by("org_path", "name")


def scoped_location(user: Any, org: Org) -> VillageLocation | None:
    return scoped(VillageLocation, user).filter(org=org).first()


def point_photos(point: ShowcasePoint) -> list[ShowcasePhoto]:
    return list(point.photos.order_by("uploaded_at", "id"))


def photo_detail(user: Any, pk: Any) -> ShowcasePhoto:
    return get_scoped_or_404(ShowcasePhoto.objects.select_related("point__org"), user, pk=pk)


# --- visits -------------------------------------------------------------------------------------------------


def visit_list(user: Any, params: Mapping[str, Any], request: Any = None) -> tuple[VisitFilter, QuerySet]:
    visits = scoped(ShowcaseVisit, user).select_related("point__org")
    filterset = VisitFilter(params or None, queryset=visits, request=request)
    return filterset, filterset.qs.order_by("-visited_on", "-id")


def visit_detail(user: Any, pk: Any) -> ShowcaseVisit:
    return get_scoped_or_404(ShowcaseVisit.objects.select_related("point__org"), user, pk=pk)


def visit_totals(visits: QuerySet[ShowcaseVisit]) -> dict[str, int]:
    """Times and visitors, in total and by kind (观摩 / 现场会)."""
    found = visits.aggregate(
        times=Count("id"),
        visitors=Sum("visitors"),
        tours=Count("id", filter=Q(kind=VisitKind.TOUR)),
        meetings=Count("id", filter=Q(kind=VisitKind.ONSITE)),
    )
    return {key: value or 0 for key, value in found.items()}


# --- belts --------------------------------------------------------------------------------------------------


def belts_visible(user: Any) -> QuerySet[ShowcaseBelt]:
    """Belts built in the user's subtree and those the orgs above built (a village sees the county's belt)."""
    return published_to(ShowcaseBelt, user)


def belt_list(user: Any, params: Mapping[str, Any]) -> tuple[BeltFilter, QuerySet[ShowcaseBelt]]:
    belts = belts_visible(user).select_related("org").annotate(point_count=Count("points"))
    filterset = BeltFilter(params or None, queryset=belts)
    return filterset, filterset.qs.order_by("org_path", "name", "id")


def belt_detail(user: Any, pk: Any) -> ShowcaseBelt:
    try:
        return belts_visible(user).select_related("org").get(pk=pk)
    except (ShowcaseBelt.DoesNotExist, ValueError, TypeError):
        raise Http404("对象不存在") from None


def belt_points(belt: ShowcaseBelt) -> list[ShowcasePoint]:
    """A belt's points in order along it (all of them: a belt is shown whole)."""
    return list(with_visits(belt.points.select_related("org")).order_by("belt_order"))


# --- map ----------------------------------------------------------------------------------------------------


def _coordinate(value: Any) -> float:
    return float(value)


def map_data(user: Any, params: Mapping[str, Any], request: Any = None) -> dict[str, Any]:
    """What the offline map draws: the points in scope (filtered like the table), the belts through them as lines in
    order, the villages in scope as grey dots, what has no coordinate, and square axes around it all."""
    _, points = point_list(user, params, request)
    rows = name_townships(list(points))
    placed = [p for p in rows if p.placed]
    belts: dict[int, dict[str, Any]] = {}
    for point in sorted((p for p in placed if p.belt_id), key=lambda p: (p.belt_id, p.belt_order)):
        line = belts.setdefault(point.belt_id, {"id": point.belt_id, "name": point.belt.name, "coords": []})
        line["coords"].append([_coordinate(point.longitude), _coordinate(point.latitude)])
    villages = scoped(Org, user).filter(village_q()).order_by("path")
    located = scoped(VillageLocation, user).select_related("org").order_by("org_path")
    dots = [
        {"name": loc.org.name, "lon": _coordinate(loc.longitude), "lat": _coordinate(loc.latitude)} for loc in located
    ]
    unplaced_villages = villages.exclude(pk__in=scoped(VillageLocation, user).values("org_id"))
    unplaced_count = unplaced_villages.count()
    coords = [(_coordinate(p.longitude), _coordinate(p.latitude)) for p in placed] + [
        (dot["lon"], dot["lat"]) for dot in dots
    ]
    return {
        "levels": [{"value": value, "label": label} for value, label in ShowcaseLevel.choices],
        "points": [
            {
                "id": p.pk,
                "name": p.name,
                "village": p.org.name,
                "township": p.township_name,
                "theme": p.get_theme_display(),
                "level": p.level,
                "level_label": p.get_level_display(),
                "status": p.get_status_display(),
                "belt": p.belt.name if p.belt else "",
                "lon": _coordinate(p.longitude),
                "lat": _coordinate(p.latitude),
                "visits": p.visit_count,
                "url": reverse("villages:showcase_point", args=[p.pk]),
            }
            for p in placed
        ],
        "belts": [line for line in belts.values() if len(line["coords"]) >= 2],
        "villages": dots,
        "unplaced_points": [{"id": p.pk, "name": p.name, "village": p.org.name} for p in rows if not p.placed],
        "unplaced_villages": [
            {"id": org.pk, "name": org.name} for org in unplaced_villages.only("pk", "name")[:UNPLACED_LIMIT]
        ],
        "unplaced_village_count": unplaced_count,
        "bounds": rules.square_bounds(coords),
    }


def figures(points: QuerySet[ShowcasePoint]) -> dict[str, Any]:
    """Counts of a filtered list: points by level and status, and how many lie on a belt."""
    found = points.order_by().aggregate(
        total=Count("id"),
        named=Count("id", filter=Q(status=ShowcaseStatus.NAMED)),
        cultivating=Count("id", filter=Q(status=ShowcaseStatus.CULTIVATING)),
        county=Count("id", filter=Q(level=ShowcaseLevel.COUNTY)),
        city=Count("id", filter=Q(level=ShowcaseLevel.CITY)),
        province=Count("id", filter=Q(level=ShowcaseLevel.PROVINCE)),
        on_belt=Count("id", filter=Q(belt__isnull=False)),
    )
    return found


# --- village overview ---------------------------------------------------------------------------------------


def overview_org(user: Any, org_id: Any) -> Org:
    """A village (or community or other grassroots org) in the user's scope; anything else is a 404."""
    return get_scoped_or_404(Org.objects.filter(level=OrgLevel.GRASSROOTS), user, pk=org_id)


def panel(org: Org, user: Any, year: int) -> dict[str, Any] | None:
    """This area's panel of a village: its demonstration points, tours and meetings of the year, its coordinate."""
    points = list(with_visits(scoped(ShowcasePoint, user).filter(org=org).select_related("belt")).order_by("name"))
    year_visits = visit_totals(scoped(ShowcaseVisit, user).filter(point__org=org, visited_on__year=year))
    location = scoped(VillageLocation, user).filter(org=org).first()
    rows: list[tuple[str, str]] = [
        (
            f"{p.name}",
            f"{p.get_level_display()} · {p.get_theme_display()} · {p.get_status_display()}"
            + (f" · {p.belt.name}第{p.belt_order}站" if p.belt else ""),
        )
        for p in points
    ]
    if not points:
        rows.append(("示范点", "暂无示范点"))
    rows.append((f"{year}年观摩及现场会", f"{year_visits['times']}次,{year_visits['visitors']}人"))
    rows.append(("坐标", f"东经{location.longitude},北纬{location.latitude}" if location else "未标注坐标"))
    return {
        "title": "示范点",
        "rows": rows,
        "link": reverse("villages:showcase_map") + f"?org={org.code}",
        "link_label": "查看示范点",
    }


def village_panels(org: Org, user: Any, year: int) -> list[dict[str, Any]]:
    """This area's panel first, then each registered panel that has something to say about the village."""
    panels: list[dict[str, Any]] = []
    for provider in [panel, *(_resolve(dotted) for dotted in PANELS)]:
        found = provider(org, user, year)
        if found:
            panels.append(found)
    return panels


def _resolve(dotted: str) -> Any:
    module, _, name = dotted.rpartition(".")
    return getattr(import_module(module), name)


# --- reminders ----------------------------------------------------------------------------------------------


def reminders(user: Any, today: dt.date) -> list[Reminder]:
    """Points in scope (not revoked) with no coordinate: the map cannot show them."""
    count = scoped(ShowcasePoint, user).exclude(status=ShowcaseStatus.REVOKED).filter(longitude__isnull=True).count()
    if not count:
        return []
    return [Reminder("示范点未标注坐标", count, reverse("villages:showcase_map") + "?placed=false")]
