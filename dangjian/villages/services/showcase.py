"""示范点/示范带 (F4.10): the level above names demonstration points (a village does not name itself); the point's own
org adds photos and records tours and on-site meetings; the county or a township builds belts of points in order
(a point lies on one belt at most); villages record their own coordinates for the offline map."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from dangjian.core import audit, clock
from dangjian.core.choices import AuditAction, OrgLevel
from dangjian.core.io.tables import Sheet, audited_xlsx
from dangjian.core.models import Org
from dangjian.villages import rules
from dangjian.villages.choices import ShowcaseLevel, ShowcaseStatus, ShowcaseTheme, VisitKind
from dangjian.villages.models import ShowcaseBelt, ShowcasePhoto, ShowcasePoint, ShowcaseVisit, VillageLocation
from dangjian.villages.permissions import can_approve, can_manage_village, require

POINT_FIELDS = ("name", "theme", "level", "year", "status", "description", "longitude", "latitude")
BELT_FIELDS = ("name", "description")
MAX_PHOTOS = 30
EARLIEST_YEAR = 1949
MAX_VISITORS = 100_000
POINT_HEADERS = (
    "示范点名称",
    "所在组织",
    "所在乡镇",
    "示范主题",
    "级别",
    "命名年度",
    "状态",
    "所属示范带",
    "经度",
    "纬度",
    "观摩及现场会(次)",
    "参加人数",
)


def _text(value: Any) -> str:
    return (value or "").strip() if isinstance(value, str) or value is None else str(value)


def _locked_point(point: ShowcasePoint) -> ShowcasePoint:
    return ShowcasePoint.objects.select_for_update(of=("self",)).select_related("org", "belt").get(pk=point.pk)


def _locked_belt(belt: ShowcaseBelt) -> ShowcaseBelt:
    return ShowcaseBelt.objects.select_for_update(of=("self",)).select_related("org").get(pk=belt.pk)


# --- points -------------------------------------------------------------------------------------------------


def _point_errors(values: dict[str, Any], org: Org, *, exclude: int | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = _text(values.get("name"))
    if not name:
        errors["name"] = "请填写示范点名称"
    elif len(name) > 100:
        errors["name"] = "示范点名称不能超过100个字"
    else:
        clash = ShowcasePoint.objects.filter(org=org, name=name)
        if exclude is not None:
            clash = clash.exclude(pk=exclude)
        if clash.exists():
            errors["name"] = f"{org.name}已有名为“{name}”的示范点"
    if values.get("theme") not in ShowcaseTheme.values:
        errors["theme"] = "请选择示范主题"
    if values.get("level") not in ShowcaseLevel.values:
        errors["level"] = "请选择级别"
    if values.get("status") not in ShowcaseStatus.values:
        errors["status"] = "请选择状态"
    year = values.get("year")
    this_year = clock.today().year
    if year is None:
        errors["year"] = "请填写命名年度"
    elif not EARLIEST_YEAR <= int(year) <= this_year:
        errors["year"] = f"命名年度应在{EARLIEST_YEAR}年至{this_year}年之间"
    errors |= rules.coordinate_problems(values.get("longitude"), values.get("latitude"))
    return errors


def _org_problem(org: Org) -> str | None:
    if org.is_dissolved:
        return f"{org.name}已撤销,不能设立示范点"
    if org.level not in (OrgLevel.TOWNSHIP, OrgLevel.GRASSROOTS):
        return "示范点应设在乡镇(街道)或基层党组织"
    return None


@transaction.atomic
def point_create(
    *,
    actor: Any,
    org: Org,
    name: str,
    theme: str,
    year: int,
    level: str = ShowcaseLevel.COUNTY,
    status: str = ShowcaseStatus.CULTIVATING,
    description: str = "",
    longitude: Decimal | None = None,
    latitude: Decimal | None = None,
) -> ShowcasePoint:
    """Name a demonstration point: decided by the township or the county over the org, never by the org itself."""
    require(actor is None or can_approve(actor, org), "没有为该组织设立示范点的权限(示范点由上级党组织确定)")
    values = {
        "name": name,
        "theme": theme,
        "level": level,
        "year": year,
        "status": status,
        "longitude": longitude,
        "latitude": latitude,
    }
    errors = _point_errors(values, org)
    problem = _org_problem(org)
    if problem:
        errors["org"] = problem
    if errors:
        raise ValidationError(errors)
    point = ShowcasePoint(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        name=_text(name),
        theme=theme,
        level=level,
        year=int(year),
        status=status,
        description=_text(description),
        longitude=longitude,
        latitude=latitude,
    )
    point.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=point, after=audit.snapshot(point))
    return point


@transaction.atomic
def point_update(*, actor: Any, point: ShowcasePoint, **changes: Any) -> ShowcasePoint:
    """Change a point's name, theme, level, status, description or coordinates. A revoked point leaves its belt
    (the points after it move up)."""
    point = _locked_point(point)
    require(actor is None or can_approve(actor, point.org), "没有修改该示范点的权限(示范点由上级党组织确定)")
    unknown = set(changes) - set(POINT_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "该项目不能在此修改"))
    values = {field: getattr(point, field) for field in POINT_FIELDS} | changes
    errors = _point_errors(values, point.org, exclude=point.pk)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(point)
    for field, value in changes.items():
        setattr(point, field, _text(value) if field in ("name", "description") else value)
    point.save()
    if point.status == ShowcaseStatus.REVOKED and point.belt_id is not None:
        _leave_belt(point)
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=point, before=before, after=audit.snapshot(point))
    return point


def _leave_belt(point: ShowcasePoint) -> None:
    """Take a point off its belt and close the gap in the order."""
    belt_id = point.belt_id
    point.belt, point.belt_order = None, None
    point.save(update_fields=["belt", "belt_order"])
    rest = list(ShowcasePoint.objects.filter(belt_id=belt_id).order_by("belt_order", "id"))
    _renumber(rest)


def _renumber(points: list[ShowcasePoint]) -> None:
    """Orders 1..n in the given order, moved out of the way first so the unique (belt, order) never clashes."""
    if not points:
        return
    ShowcasePoint.objects.filter(pk__in=[p.pk for p in points]).update(belt_order=None, belt=None)
    belt_id = points[0].belt_id
    for index, point in enumerate(points, start=1):
        point.belt_id, point.belt_order = belt_id, index
    ShowcasePoint.objects.bulk_update(points, ["belt", "belt_order"])


# --- photos -------------------------------------------------------------------------------------------------


def _photo_problem(image: Any) -> str | None:
    if not isinstance(image, UploadedFile):
        return "请选择要上传的照片"
    image.seek(0)
    head = image.read(12)
    image.seek(0)
    return rules.showcase_photo_problem(image.name or "", image.size or 0, head)


def _photo_snapshot(photo: ShowcasePhoto) -> dict[str, Any]:
    """A photo as the audit trail keeps it: the stored file's name, not the file."""
    return {"point": photo.point_id, "image": photo.image.name or "", "caption": photo.caption}


@transaction.atomic
def photo_add(*, actor: Any, point: ShowcasePoint, image: Any, caption: str = "") -> ShowcasePhoto:
    """A photo of the point (jpg, png or webp, at most 5 MB; at most 30 per point)."""
    point = _locked_point(point)
    require(actor is None or can_manage_village(actor, point.org), "没有为该示范点上传照片的权限")
    problem = _photo_problem(image)
    if problem:
        raise ValidationError({"image": problem})
    caption = _text(caption)
    if len(caption) > 100:
        raise ValidationError({"caption": "照片说明不能超过100个字"})
    if point.photos.count() >= MAX_PHOTOS:
        raise ValidationError({"image": f"每个示范点最多上传{MAX_PHOTOS}张照片"})
    photo = ShowcasePhoto(point=point, caption=caption)
    photo.image.save(f"showcase-{point.pk}{PurePath(image.name).suffix.lower()}", image, save=False)
    photo.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=photo, after=_photo_snapshot(photo))
    return photo


@transaction.atomic
def photo_delete(*, actor: Any, photo: ShowcasePhoto) -> None:
    """Remove a photo; the audit trail keeps its name and caption, the file is deleted after commit."""
    photo = ShowcasePhoto.objects.select_related("point__org").get(pk=photo.pk)
    require(actor is None or can_manage_village(actor, photo.point.org), "没有删除该示范点照片的权限")
    audit.record(actor=actor, action=AuditAction.DELETE, obj=photo, before=_photo_snapshot(photo))
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- visits -------------------------------------------------------------------------------------------------


@transaction.atomic
def visit_create(
    *,
    actor: Any,
    point: ShowcasePoint,
    visited_on: dt.date | None,
    visitors: int | None,
    host: str,
    kind: str = VisitKind.TOUR,
    note: str = "",
) -> ShowcaseVisit:
    """A tour or on-site meeting held at the point, recorded by the point's org or anyone above it."""
    point = ShowcasePoint.objects.select_related("org").get(pk=point.pk)
    require(actor is None or can_manage_village(actor, point.org), "没有为该示范点登记观摩的权限")
    errors: dict[str, str] = {}
    if point.status == ShowcaseStatus.REVOKED:
        errors["point"] = "该示范点已撤销,不能登记观摩"
    if kind not in VisitKind.values:
        errors["kind"] = "请选择形式"
    if visited_on is None:
        errors["visited_on"] = "请填写日期"
    elif visited_on > clock.today():
        errors["visited_on"] = "日期不能晚于今天"
    elif visited_on.year < point.year - 1:
        errors["visited_on"] = f"日期不能早于示范点命名年度的上一年({point.year - 1}年)"
    if visitors is None:
        errors["visitors"] = "请填写参加人数"
    elif not 1 <= int(visitors) <= MAX_VISITORS:
        errors["visitors"] = f"参加人数应在1至{MAX_VISITORS}之间"
    host = _text(host)
    if not host:
        errors["host"] = "请填写组织单位"
    elif len(host) > 100:
        errors["host"] = "组织单位不能超过100个字"
    note = _text(note)
    if len(note) > 200:
        errors["note"] = "备注不能超过200个字"
    if errors:
        raise ValidationError(errors)
    visit = ShowcaseVisit.objects.create(
        county_id=point.county_id,
        org_path=point.org_path,
        point=point,
        kind=kind,
        visited_on=visited_on,
        visitors=int(visitors or 0),
        host=host,
        note=note,
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=visit, after=audit.snapshot(visit))
    return visit


@transaction.atomic
def visit_delete(*, actor: Any, visit: ShowcaseVisit) -> None:
    visit = ShowcaseVisit.objects.select_related("point__org").get(pk=visit.pk)
    require(actor is None or can_manage_village(actor, visit.point.org), "没有删除该观摩记录的权限")
    audit.record(actor=actor, action=AuditAction.DELETE, obj=visit, before=audit.snapshot(visit))
    visit.delete()


# --- belts --------------------------------------------------------------------------------------------------


def _belt_errors(values: dict[str, Any], org: Org, *, exclude: int | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = _text(values.get("name"))
    if not name:
        errors["name"] = "请填写示范带名称"
    elif len(name) > 100:
        errors["name"] = "示范带名称不能超过100个字"
    else:
        clash = ShowcaseBelt.objects.filter(county_id=org.county_id, name=name)
        if exclude is not None:
            clash = clash.exclude(pk=exclude)
        if clash.exists():
            errors["name"] = f"已有名为“{name}”的示范带"
    return errors


def _points_problem(belt: ShowcaseBelt, points: list[ShowcasePoint]) -> str | None:
    """Why these points, in this order, cannot be the belt's (see rules.belt_sequence_problem)."""
    taken = {p.pk: p.belt.name for p in points if p.belt_id is not None and p.belt_id != belt.pk and p.belt}
    problem = rules.belt_sequence_problem([p.pk for p in points], taken)
    if problem:
        return problem
    for point in points:
        if point.status == ShowcaseStatus.REVOKED:
            return f"示范点“{point.name}”已撤销,不能列入示范带"
        if not point.org_path.startswith(belt.org_path):
            return f"示范点“{point.name}”不在{belt.org.name}范围内"
    return None


@transaction.atomic
def belt_create(
    *, actor: Any, org: Org, name: str, description: str = "", points: list[ShowcasePoint] | None = None
) -> ShowcaseBelt:
    """A belt built by the county, a township (or a large village across its own points); `points` in order along
    it (at least two, within the org's subtree, each on no other belt)."""
    require(actor is None or can_manage_village(actor, org), "没有为该组织打造示范带的权限")
    errors = _belt_errors({"name": name}, org)
    if org.is_dissolved:
        errors["org"] = f"{org.name}已撤销,不能打造示范带"
    if errors:
        raise ValidationError(errors)
    belt = ShowcaseBelt.objects.create(
        county_id=org.county_id, org=org, org_path=org.path, name=_text(name), description=_text(description)
    )
    after = audit.snapshot(belt)
    if points is not None:
        _place_points(belt, points)
        after["points"] = [p.pk for p in points]
    audit.record(actor=actor, action=AuditAction.CREATE, obj=belt, after=after)
    return belt


@transaction.atomic
def belt_update(*, actor: Any, belt: ShowcaseBelt, **changes: Any) -> ShowcaseBelt:
    belt = _locked_belt(belt)
    require(actor is None or can_manage_village(actor, belt.org), "没有修改该示范带的权限")
    unknown = set(changes) - set(BELT_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "该项目不能在此修改"))
    values = {field: getattr(belt, field) for field in BELT_FIELDS} | changes
    errors = _belt_errors(values, belt.org, exclude=belt.pk)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(belt)
    for field, value in changes.items():
        setattr(belt, field, _text(value))
    belt.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=belt, before=before, after=audit.snapshot(belt))
    return belt


def _place_points(belt: ShowcaseBelt, points: list[ShowcasePoint]) -> None:
    fresh = {p.pk: p for p in ShowcasePoint.objects.select_related("belt").filter(pk__in=[p.pk for p in points])}
    ordered = [fresh.get(p.pk, p) for p in points]
    problem = _points_problem(belt, ordered)
    if problem:
        raise ValidationError({"points": problem})
    ShowcasePoint.objects.filter(belt=belt).update(belt=None, belt_order=None)
    for point in ordered:
        point.belt = belt
    _renumber(ordered)


@transaction.atomic
def belt_set_points(*, actor: Any, belt: ShowcaseBelt, points: list[ShowcasePoint]) -> ShowcaseBelt:
    """Replace the belt's points by `points`, in that order along it."""
    belt = _locked_belt(belt)
    require(actor is None or can_manage_village(actor, belt.org), "没有调整该示范带的权限")
    before = [p.pk for p in belt.points.order_by("belt_order")]
    _place_points(belt, points)
    after = [p.pk for p in points]
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=belt, before={"points": before}, after={"points": after})
    return belt


@transaction.atomic
def belt_delete(*, actor: Any, belt: ShowcaseBelt) -> None:
    """Remove a belt; its points stay (on no belt)."""
    belt = _locked_belt(belt)
    require(actor is None or can_manage_village(actor, belt.org), "没有删除该示范带的权限")
    before = audit.snapshot(belt) | {"points": [p.pk for p in belt.points.order_by("belt_order")]}
    ShowcasePoint.objects.filter(belt=belt).update(belt=None, belt_order=None)
    audit.record(actor=actor, action=AuditAction.DELETE, obj=belt, before=before)
    belt.delete()


# --- village coordinates ------------------------------------------------------------------------------------


@transaction.atomic
def location_set(
    *, actor: Any, org: Org, longitude: Decimal | None, latitude: Decimal | None
) -> VillageLocation | None:
    """A village's (or community's) coordinate for the map; both empty removes it."""
    require(actor is None or can_manage_village(actor, org), "没有标注该组织坐标的权限")
    if org.level != OrgLevel.GRASSROOTS:
        raise ValidationError({"org": "只能为村(社区)等基层党组织标注坐标"})
    errors = rules.coordinate_problems(longitude, latitude)
    if errors:
        raise ValidationError(errors)
    found = VillageLocation.objects.select_for_update().filter(org=org).first()
    if longitude is None:
        if found is not None:
            audit.record(actor=actor, action=AuditAction.DELETE, obj=found, before=audit.snapshot(found))
            found.delete()
        return None
    if found is None:
        found = VillageLocation.objects.create(
            county_id=org.county_id, org=org, org_path=org.path, longitude=longitude, latitude=latitude
        )
        audit.record(actor=actor, action=AuditAction.CREATE, obj=found, after=audit.snapshot(found))
        return found
    before = audit.snapshot(found)
    found.longitude, found.latitude = longitude, latitude
    found.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=found, before=before, after=audit.snapshot(found))
    return found


# --- export -------------------------------------------------------------------------------------------------


def points_export(*, actor: Any, org: Org | None, points: Iterable[ShowcasePoint], file_name: str) -> bytes:
    """The listed points with their visit counts, as .xlsx (audited). `points` come from selectors.point_list, each
    with its `township_name`."""
    rows = [
        [
            point.name,
            point.org.name,
            point.township_name or "",
            point.get_theme_display(),
            point.get_level_display(),
            point.year,
            point.get_status_display(),
            point.belt.name if point.belt else "",
            point.longitude,
            point.latitude,
            point.visit_count,
            point.visitor_count or 0,
        ]
        for point in points
    ]
    content = audited_xlsx(
        Sheet("示范点", POINT_HEADERS, rows, caption=org.name if org else ""),
        actor=actor,
        org=org,
        kind="showcase_points",
        file_name=file_name,
    )
    return content
