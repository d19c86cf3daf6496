"""Writes of 党群服务中心 (F5.1): centres (the tier follows the owning org; one main centre per org), their function
rooms, building works, the county's standard checklist, and the yearly compliance check (items naming a room or an
area are computed from the centre's own data; the rest are ticked by the township)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from dangjian.core import audit
from dangjian.core.choices import AuditAction
from dangjian.core.io.tables import Sheet, audited_xlsx
from dangjian.core.models import Org
from dangjian.core.validation import optional_amount
from dangjian.service import rules
from dangjian.service.choices import CentreStatus, RoomKind, WorksKind, WorksStatus
from dangjian.service.models import (
    CentreCheck,
    CentreCheckItem,
    CentreRoom,
    CentreStandardItem,
    CentreWorks,
    ServiceCentre,
)
from dangjian.service.permissions import can_approve, can_manage_village, can_set_county_rules, require

CENTRE_FIELDS = (
    "name",
    "is_main",
    "address",
    "building_area",
    "square_area",
    "opened_on",
    "duty_phone",
    "hours",
    "status",
    "note",
)
WORKS_FIELDS = ("year", "kind", "planned_funds", "actual_funds", "started_on", "completed_on", "status", "note")
ITEM_FIELDS = ("position", "text", "room_kind", "min_area", "required", "is_active")
AREA_MAX = Decimal("999999.9")
MONEY_MAX = Decimal("9999999999.99")


def _record_update(actor: Any, obj: Any, before: dict[str, Any]) -> None:
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=obj, before=before, after=audit.snapshot(obj))


def _decimal(value: Any, field: str, label: str, maximum: Decimal) -> Decimal | None:
    return optional_amount(value, field, label, maximum)


# --- centres ------------------------------------------------------------------------------------------------


def _centre_errors(values: dict[str, Any], org: Org, *, exclude: int | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = (values.get("name") or "").strip()
    others = ServiceCentre.objects.filter(org=org)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if not name:
        errors["name"] = "请填写中心名称"
    elif len(name) > 100:
        errors["name"] = "中心名称不能超过100个字"
    elif others.filter(name=name).exists():
        errors["name"] = f"本组织已有名为“{name}”的服务中心"
    if values.get("is_main", True) and others.filter(is_main=True).exists():
        errors["is_main"] = "本组织已有主阵地,一个组织只能有一个主阵地"
    problem = rules.duty_phone_problem(values.get("duty_phone") or "")
    if problem:
        errors["duty_phone"] = problem
    status = values.get("status") or CentreStatus.IN_USE
    if status not in CentreStatus.values:
        errors["status"] = "阵地状态不是有效选项"
    opened_on = values.get("opened_on")
    if opened_on is not None and not isinstance(opened_on, dt.date):
        errors["opened_on"] = "投用日期不是有效日期"
    return errors


def _clean_centre(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    for field, label in (("building_area", "建筑面积"), ("square_area", "广场面积")):
        if field in cleaned:
            cleaned[field] = _decimal(cleaned[field], field, label, AREA_MAX)
    for field in ("name", "address", "duty_phone", "hours", "note"):
        if field in cleaned:
            cleaned[field] = (cleaned[field] or "").strip()
    return cleaned


@transaction.atomic
def centre_create(*, actor: Any, org: Org, name: str, **values: Any) -> ServiceCentre:
    """A centre of an org (county, township, village or community); its tier follows the org."""
    require(actor is None or can_manage_village(actor, org), "没有为该组织登记服务中心的权限")
    level = rules.centre_level(org.level, org.domain)
    if level is None:
        raise ValidationError({"org": "只有县(区)、乡镇(街道)、村(社区)党组织可以登记党群服务中心"})
    unknown = set(values) - set(CENTRE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    values = _clean_centre({"name": name, **values})
    errors = _centre_errors(values, org)
    if errors:
        raise ValidationError(errors)
    centre = ServiceCentre.objects.create(
        county_id=org.county_id or org.pk, org=org, org_path=org.path, level=level, **values
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=centre, after=audit.snapshot(centre))
    return centre


@transaction.atomic
def centre_update(*, actor: Any, centre: ServiceCentre, **changes: Any) -> ServiceCentre:
    centre = ServiceCentre.objects.select_for_update().select_related("org").get(pk=centre.pk)
    require(actor is None or can_manage_village(actor, centre.org), "没有修改该服务中心的权限")
    unknown = set(changes) - set(CENTRE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    changes = _clean_centre(changes)
    values = {name: getattr(centre, name) for name in CENTRE_FIELDS} | changes
    errors = _centre_errors(values, centre.org, exclude=centre.pk)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(centre)
    for name, value in changes.items():
        setattr(centre, name, value)
    centre.save()
    _record_update(actor, centre, before)
    return centre


@transaction.atomic
def centre_delete(*, actor: Any, centre: ServiceCentre) -> None:
    """Remove a centre registered by mistake (its rooms, works, checks and roster go with it)."""
    require(actor is None or can_manage_village(actor, centre.org), "没有删除该服务中心的权限")
    if centre.duty_entries.filter(sign__isnull=False).exists():
        raise ValidationError({"centre": "该服务中心已有值班签到记录,不能删除"})
    before = audit.snapshot(centre)
    audit.record(actor=actor, action=AuditAction.DELETE, obj=centre, before=before)
    centre.delete()


# --- rooms --------------------------------------------------------------------------------------------------


@transaction.atomic
def room_create(*, actor: Any, centre: ServiceCentre, kind: str, name: str = "", area: Any = None) -> CentreRoom:
    require(actor is None or can_manage_village(actor, centre.org), "没有修改该服务中心的权限")
    name = (name or "").strip()
    if kind not in RoomKind.values:
        raise ValidationError({"kind": "功能室不是有效选项"})
    if kind == RoomKind.OTHER and not name:
        raise ValidationError({"name": "其他功能室请填写名称"})
    if len(name) > 50:
        raise ValidationError({"name": "名称不能超过50个字"})
    if kind != RoomKind.OTHER and centre.rooms.filter(kind=kind).exists():
        raise ValidationError({"kind": f"该中心已有{RoomKind(kind).label}"})
    room = CentreRoom.objects.create(
        county_id=centre.county_id,
        org_path=centre.org_path,
        centre=centre,
        kind=kind,
        name=name if kind == RoomKind.OTHER else "",
        area=_decimal(area, "area", "面积", AREA_MAX),
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=room, after=audit.snapshot(room))
    return room


@transaction.atomic
def room_delete(*, actor: Any, room: CentreRoom) -> None:
    require(actor is None or can_manage_village(actor, room.centre.org), "没有修改该服务中心的权限")
    audit.record(actor=actor, action=AuditAction.DELETE, obj=room, before=audit.snapshot(room))
    room.delete()


# --- works --------------------------------------------------------------------------------------------------


def _works_values(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    year = values.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2099:
        errors["year"] = "年度应为2000至2099之间的年份"
    if values.get("kind") not in WorksKind.values:
        errors["kind"] = "建设类别不是有效选项"
    status = values.get("status") or WorksStatus.PLANNED
    if status not in WorksStatus.values:
        errors["status"] = "进度不是有效选项"
    started, completed = values.get("started_on"), values.get("completed_on")
    if started and completed and completed < started:
        errors["completed_on"] = "竣工日期不能早于开工日期"
    if status in (WorksStatus.DONE, WorksStatus.IMPROVING) and not completed:
        errors["completed_on"] = "建成投用的项目请填写竣工日期"
    if errors:
        raise ValidationError(errors)
    values = dict(values, status=status, note=(values.get("note") or "").strip())
    values["planned_funds"] = _decimal(values.get("planned_funds"), "planned_funds", "计划资金", MONEY_MAX)
    values["actual_funds"] = _decimal(values.get("actual_funds"), "actual_funds", "实际投入", MONEY_MAX)
    return values


@transaction.atomic
def works_create(*, actor: Any, centre: ServiceCentre, **values: Any) -> CentreWorks:
    """The building works of a centre in a year (one record per centre per year)."""
    require(actor is None or can_manage_village(actor, centre.org), "没有修改该服务中心的权限")
    values = _works_values({name: values.get(name) for name in WORKS_FIELDS})
    if CentreWorks.objects.filter(centre=centre, year=values["year"]).exists():
        raise ValidationError({"year": f"该中心{values['year']}年已有建设项目,请修改原记录"})
    works = CentreWorks.objects.create(county_id=centre.county_id, org_path=centre.org_path, centre=centre, **values)
    audit.record(actor=actor, action=AuditAction.CREATE, obj=works, after=audit.snapshot(works))
    return works


@transaction.atomic
def works_update(*, actor: Any, works: CentreWorks, **changes: Any) -> CentreWorks:
    works = CentreWorks.objects.select_for_update().select_related("centre__org").get(pk=works.pk)
    require(actor is None or can_manage_village(actor, works.centre.org), "没有修改该服务中心的权限")
    values = _works_values({name: getattr(works, name) for name in WORKS_FIELDS} | changes)
    if CentreWorks.objects.filter(centre=works.centre, year=values["year"]).exclude(pk=works.pk).exists():
        raise ValidationError({"year": f"该中心{values['year']}年已有建设项目"})
    before = audit.snapshot(works)
    for name, value in values.items():
        setattr(works, name, value)
    works.save()
    _record_update(actor, works, before)
    return works


@transaction.atomic
def works_delete(*, actor: Any, works: CentreWorks) -> None:
    require(actor is None or can_manage_village(actor, works.centre.org), "没有修改该服务中心的权限")
    audit.record(actor=actor, action=AuditAction.DELETE, obj=works, before=audit.snapshot(works))
    works.delete()


# --- the county's standard ----------------------------------------------------------------------------------


POSITION_MAX = 999  # an item's 序号 on the checklist


def _item_values(values: dict[str, Any]) -> dict[str, Any]:
    text = (values.get("text") or "").strip()
    if not text:
        raise ValidationError({"text": "请填写标准内容"})
    if len(text) > 300:
        raise ValidationError({"text": "标准内容不能超过300个字"})
    room_kind = values.get("room_kind") or ""
    if room_kind and room_kind not in RoomKind.values:
        raise ValidationError({"room_kind": "要求功能室不是有效选项"})
    min_area = _decimal(values.get("min_area"), "min_area", "最低建筑面积", AREA_MAX)
    if min_area is not None and min_area == 0:
        raise ValidationError({"min_area": "最低建筑面积应大于0"})
    position = int(values.get("position") or 1)
    if not 1 <= position <= POSITION_MAX:
        raise ValidationError({"position": f"序号应在1至{POSITION_MAX}之间"})
    return {
        "position": position,
        "text": text,
        "room_kind": room_kind,
        "min_area": min_area,
        "required": bool(values.get("required", True)),
        "is_active": bool(values.get("is_active", True)),
    }


@transaction.atomic
def standard_item_create(*, actor: Any, county: Org, **values: Any) -> CentreStandardItem:
    """An item of the county's 规范化建设标准 (published to the whole county)."""
    require(actor is None or can_set_county_rules(actor, county), "只有县(区)委组织部可以制定规范化建设标准")
    if "position" not in values or not values["position"]:
        last = CentreStandardItem.objects.filter(org=county).order_by("-position").first()
        values["position"] = min(last.position + 1, POSITION_MAX) if last else 1
    item = CentreStandardItem.objects.create(
        county_id=county.county_id or county.pk, org=county, org_path=county.path, **_item_values(values)
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=item, after=audit.snapshot(item))
    return item


@transaction.atomic
def standard_item_update(*, actor: Any, item: CentreStandardItem, **changes: Any) -> CentreStandardItem:
    item = CentreStandardItem.objects.select_for_update().select_related("org").get(pk=item.pk)
    require(actor is None or can_set_county_rules(actor, item.org), "只有县(区)委组织部可以修改规范化建设标准")
    values = _item_values({name: getattr(item, name) for name in ITEM_FIELDS} | changes)
    before = audit.snapshot(item)
    for name, value in values.items():
        setattr(item, name, value)
    item.save()
    _record_update(actor, item, before)
    return item


@transaction.atomic
def standard_item_delete(*, actor: Any, item: CentreStandardItem) -> bool:
    """Delete an item; one already used in a check is switched off instead (the checks keep it). Returns whether
    it was deleted."""
    require(actor is None or can_set_county_rules(actor, item.org), "只有县(区)委组织部可以修改规范化建设标准")
    if item.results.exists():
        if item.is_active:
            standard_item_update(actor=actor, item=item, is_active=False)
        return False
    audit.record(actor=actor, action=AuditAction.DELETE, obj=item, before=audit.snapshot(item))
    item.delete()
    return True


def standard_for(centre: ServiceCentre) -> QuerySet[CentreStandardItem]:
    """The active standard items published to a centre (by its county, or any org above it)."""
    from dangjian.core.scoping import ancestor_paths

    return CentreStandardItem.objects.filter(org_path__in=ancestor_paths(centre.org_path), is_active=True).order_by(
        "position", "id"
    )


def auto_results(centre: ServiceCentre, items: list[CentreStandardItem]) -> dict[int, bool]:
    """The items judged from the centre's own rooms and area (item id → met)."""
    kinds = set(centre.rooms.values_list("kind", flat=True))
    found: dict[int, bool] = {}
    for item in items:
        met = rules.item_met(item.room_kind, item.min_area, kinds, centre.building_area)
        if met is not None:
            found[item.pk] = met
    return found


@transaction.atomic
def check_record(
    *,
    actor: Any,
    centre: ServiceCentre,
    year: int,
    checked_on: dt.date,
    ticks: dict[int, tuple[bool, str]] | None = None,
    checker: str = "",
    note: str = "",
) -> CentreCheck:
    """Record (or redo) a centre's compliance check of a year: the items naming a room or an area are computed
    from the centre's data, the others take `ticks` (item id → (met, note)); 达标 when every required item is met."""
    centre = ServiceCentre.objects.select_related("org").get(pk=centre.pk)  # the rooms and area as they are now
    require(actor is None or can_approve(actor, centre.org), "规范化建设检查由上级党组织进行")
    if not 2000 <= int(year) <= 2099:
        raise ValidationError({"year": "年度应为2000至2099之间的年份"})
    if checked_on.year < int(year):
        raise ValidationError({"checked_on": "检查日期不能早于检查年度"})
    items = list(standard_for(centre))
    if not items:
        raise ValidationError({"year": "县(区)尚未制定规范化建设标准,无法检查"})
    ticks = ticks or {}
    computed = auto_results(centre, items)
    check = CentreCheck.objects.filter(centre=centre, year=year).select_for_update().first()
    before = audit.snapshot(check) if check else None
    if check is None:
        check = CentreCheck(county_id=centre.county_id, org_path=centre.org_path, centre=centre, year=year)
    rows: list[CentreCheckItem] = []
    for item in items:
        auto = item.pk in computed
        met, item_note = (computed[item.pk], "") if auto else ticks.get(item.pk, (False, ""))
        if auto and item.pk in ticks:
            item_note = ticks[item.pk][1]
        rows.append(
            CentreCheckItem(
                county_id=centre.county_id,
                org_path=centre.org_path,
                item=item,
                met=bool(met),
                auto=auto,
                note=(item_note or "").strip()[:300],
            )
        )
    check.checked_on = checked_on
    check.checker = (checker or "").strip()[:50]
    check.note = (note or "").strip()[:500]
    check.items_total = len(rows)
    check.items_met = sum(1 for row in rows if row.met)
    check.passed = rules.check_passed([(item.required, row.met) for item, row in zip(items, rows, strict=True)])
    check.save()
    check.items.all().delete()
    for row in rows:
        row.inspection = check
    CentreCheckItem.objects.bulk_create(rows)
    after = audit.snapshot(check) | {"items": {str(row.item_id): row.met for row in rows}}
    if before is None:
        audit.record(actor=actor, action=AuditAction.CREATE, obj=check, after=after)
    else:
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=check, before=before, after=after)
    return check


# --- export -------------------------------------------------------------------------------------------------

CENTRE_HEADERS = (
    "中心名称",
    "所属党组织",
    "层级",
    "主阵地",
    "地址",
    "建筑面积(㎡)",
    "广场面积(㎡)",
    "投用日期",
    "固定值班电话",
    "开放时间",
    "阵地状态",
    "功能室数",
    "规范化检查",
)


def centres_export(
    *, actor: Any, org: Org | None, centres: QuerySet[ServiceCentre], year: int, file_name: str
) -> bytes:
    """The listed centres as .xlsx (audited)."""
    rows = [
        [
            c.name,
            c.org.name,
            c.get_level_display(),
            "是" if c.is_main else "否",
            c.address,
            c.building_area,
            c.square_area,
            c.opened_on,
            c.duty_phone,
            c.hours,
            c.get_status_display(),
            getattr(c, "room_count", None),
            {True: "达标", False: "未达标"}.get(getattr(c, "check_passed", None), "未检查"),
        ]
        for c in centres.iterator(chunk_size=2000)
    ]
    sheet = Sheet("党群服务中心", CENTRE_HEADERS, rows, caption=f"{org.name if org else ''} {year}年规范化检查")
    return audited_xlsx(sheet, actor=actor, org=org, kind="service_centres", file_name=file_name)
