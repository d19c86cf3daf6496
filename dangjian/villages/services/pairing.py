"""结对共建/帮扶 (F4.3): every write of pairing. The county organisation department (or a township for its own) keeps
the units; the township or county pairs a village with one or more units and ends a pair (a village never pairs
itself); the village (or anyone above it) records the "四项制度" activities, the "五个一" checklist and the outputs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from dangjian.core import audit, clock
from dangjian.core.choices import ADMIN_ROLES, AuditAction, OrgLevel
from dangjian.core.models import Org
from dangjian.core.scoping import org_in_scope, published_to
from dangjian.villages import rules
from dangjian.villages.choices import DepartmentType, FiveOneItem, OutputKind, PairActivityKind
from dangjian.villages.models import PairActivity, PairChecklistItem, PairingUnit, PairOutput, PairUnit, VillagePair
from dangjian.villages.permissions import can_approve, can_manage_village, require
from dangjian.villages.selectors.common import village_q

UNIT_FIELDS = ("name", "department_type", "affiliation", "contact_name", "contact_phone", "linked_org")
FIRST_YEAR = 2000


def can_keep_units(user: Any, org: Org) -> bool:
    """Units are kept by the county organisation department, or by a township for its own list."""
    return (
        getattr(user, "role", None) in ADMIN_ROLES
        and org.level in (OrgLevel.COUNTY, OrgLevel.TOWNSHIP)
        and org_in_scope(org, user)
    )


def _text(value: Any) -> str:
    return (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()


# --- units --------------------------------------------------------------------------------------------------


def _unit_errors(values: dict[str, Any], county_id: int | None, *, exclude: int | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = _text(values.get("name"))
    if not name:
        errors["name"] = "请填写单位名称"
    elif len(name) > 100:
        errors["name"] = "单位名称不能超过100个字"
    else:
        clash = PairingUnit.objects.filter(county_id=county_id, name=name)
        if exclude is not None:
            clash = clash.exclude(pk=exclude)
        if clash.exists():
            errors["name"] = f"已有名为“{name}”的结对单位"
    if values.get("department_type") not in DepartmentType.values:
        errors["department_type"] = "请选择部门类型"
    for field, label, limit in (
        ("affiliation", "隶属层级", 30),
        ("contact_name", "联系人", 30),
        ("contact_phone", "联系电话", 30),
    ):
        if len(_text(values.get(field))) > limit:
            errors[field] = f"{label}不能超过{limit}个字"
    return errors


@transaction.atomic
def unit_create(
    *,
    actor: Any,
    org: Org,
    name: str,
    department_type: str,
    affiliation: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    linked_org: Org | None = None,
) -> PairingUnit:
    """A unit that pairs with villages, kept on the list of the county (or of a township)."""
    require(actor is None or can_keep_units(actor, org), "只有县(区)委组织部或乡镇(街道)党委可以维护结对单位")
    county_id = org.county_id or org.pk
    values = {"name": name, "department_type": department_type, "affiliation": affiliation}
    values |= {"contact_name": contact_name, "contact_phone": contact_phone}
    errors = _unit_errors(values, county_id)
    if linked_org is not None and (linked_org.county_id or linked_org.pk) != county_id:
        errors["linked_org"] = "对应党组织应在本县(区)内"
    if errors:
        raise ValidationError(errors)
    unit = PairingUnit(
        county_id=county_id,
        org=org,
        org_path=org.path,
        name=_text(name),
        department_type=department_type,
        affiliation=_text(affiliation),
        contact_name=_text(contact_name),
        contact_phone=_text(contact_phone),
        linked_org=linked_org,
    )
    unit.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=unit, after=audit.snapshot(unit))
    return unit


@transaction.atomic
def unit_update(*, actor: Any, unit: PairingUnit, **changes: Any) -> PairingUnit:
    """Correct a unit's name, type, affiliation, contact or linked org."""
    unit = PairingUnit.objects.select_for_update(of=("self",)).select_related("org").get(pk=unit.pk)
    require(actor is None or can_keep_units(actor, unit.org), "没有修改该结对单位的权限")
    unknown = set(changes) - set(UNIT_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "该项目不能在此修改"))
    values = {f: getattr(unit, f) for f in UNIT_FIELDS} | changes
    errors = _unit_errors(values, unit.county_id, exclude=unit.pk)
    linked = changes.get("linked_org")
    if linked is not None and (linked.county_id or linked.pk) != unit.county_id:
        errors["linked_org"] = "对应党组织应在本县(区)内"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(unit)
    for field, value in changes.items():
        setattr(unit, field, _text(value) if isinstance(value, str) else value)
    unit.save(update_fields=[*changes, "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=unit, before=before, after=audit.snapshot(unit))
    return unit


@transaction.atomic
def unit_set_active(*, actor: Any, unit: PairingUnit, active: bool) -> PairingUnit:
    """Take a unit off the list (it takes no new pairs; its records stay) or back on. A unit still in an active
    pair cannot be taken off."""
    unit = PairingUnit.objects.select_for_update(of=("self",)).select_related("org").get(pk=unit.pk)
    require(actor is None or can_keep_units(actor, unit.org), "没有停用该结对单位的权限")
    if unit.active == active:
        raise ValidationError({"active": "该结对单位已在册" if active else "该结对单位已停用"})
    if not active:
        live = PairUnit.objects.filter(unit=unit, pair__active=True).count()
        if live:
            raise ValidationError({"active": f"该单位还在{live}个村的结对中,请先结束结对或将其移出"})
    before = audit.snapshot(unit)
    unit.active = active
    unit.save(update_fields=["active", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=unit, before=before, after=audit.snapshot(unit))
    return unit


# --- pairs --------------------------------------------------------------------------------------------------


def _unit_problem(actor: Any, unit: PairingUnit, village: Org) -> str | None:
    if not unit.active:
        return f"结对单位“{unit.name}”已停用"
    if unit.county_id != (village.county_id or village.pk):
        return f"结对单位“{unit.name}”不属于本县(区)"
    if actor is not None and not published_to(PairingUnit, actor).filter(pk=unit.pk).exists():
        return f"结对单位“{unit.name}”不在您的单位名单中"
    return None


def _add_member(actor: Any, pair: VillagePair, unit: PairingUnit, year: int) -> PairUnit:
    member = PairUnit(county_id=pair.county_id, org_path=pair.org_path, pair=pair, unit=unit, joined_year=year)
    member.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=member, after=audit.snapshot(member))
    return member


@transaction.atomic
def pair_create(
    *, actor: Any, village: Org, units: list[PairingUnit], started_year: int | None = None, note: str = ""
) -> VillagePair:
    """Pair a village with one unit (一对一) or several (多对一): decided by the township or county, never the
    village itself; a village has one active pair at a time."""
    village = Org.objects.get(pk=village.pk)
    message = "结对共建由乡镇(街道)或县(区)委组织部确定,村党组织不能自行结对"
    require(actor is None or can_approve(actor, village), message)
    today = clock.today()
    year = started_year if started_year is not None else today.year
    errors: dict[str, str] = {}
    if not Org.objects.filter(village_q(), pk=village.pk).exists():
        errors["village"] = f"{village.name}不是行政村党组织,不能结对"
    elif VillagePair.objects.filter(village=village, active=True).exists():
        errors["village"] = f"{village.name}已有结对,可在原结对中增加结对单位"
    if not isinstance(year, int) or year < FIRST_YEAR or year > today.year:
        errors["started_year"] = f"结对年度应在{FIRST_YEAR}年至{today.year}年之间"
    unique = list({unit.pk: unit for unit in units}.values())
    if not unique:
        errors["units"] = "请至少选择一个结对单位"
    else:
        fresh = list(PairingUnit.objects.filter(pk__in=[u.pk for u in unique]).order_by("id"))
        problems = [p for unit in fresh if (p := _unit_problem(actor, unit, village))]
        if problems:
            errors["units"] = ";".join(problems)
        unique = fresh
    if len(_text(note)) > 200:
        errors["note"] = "备注不能超过200个字"
    if errors:
        raise ValidationError(errors)
    pair = VillagePair(
        county_id=village.county_id or village.pk,
        village=village,
        org_path=village.path,
        started_year=year,
        note=_text(note),
    )
    pair.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=pair, after=audit.snapshot(pair))
    for unit in unique:
        _add_member(actor, pair, unit, year)
    return pair


def _locked_pair(pair: VillagePair) -> VillagePair:
    return VillagePair.objects.select_for_update(of=("self",)).select_related("village").get(pk=pair.pk)


@transaction.atomic
def pair_add_unit(*, actor: Any, pair: VillagePair, unit: PairingUnit) -> PairUnit:
    """Another unit joins an active pair (making it many-to-one)."""
    pair = _locked_pair(pair)
    require(actor is None or can_approve(actor, pair.village), "结对单位由乡镇(街道)或县(区)委组织部调整")
    if not pair.active:
        raise ValidationError({"unit": "该结对已结束,不能增加结对单位"})
    unit = PairingUnit.objects.get(pk=unit.pk)
    problem = _unit_problem(actor, unit, pair.village)
    if problem:
        raise ValidationError({"unit": problem})
    if PairUnit.objects.filter(pair=pair, unit=unit).exists():
        raise ValidationError({"unit": f"“{unit.name}”已在该结对中"})
    return _add_member(actor, pair, unit, clock.today().year)


@transaction.atomic
def pair_remove_unit(*, actor: Any, member: PairUnit) -> None:
    """A unit leaves an active pair; a pair keeps at least one unit (end the pair instead)."""
    member = PairUnit.objects.select_related("unit").get(pk=member.pk)
    pair = _locked_pair(member.pair)
    require(actor is None or can_approve(actor, pair.village), "结对单位由乡镇(街道)或县(区)委组织部调整")
    if not pair.active:
        raise ValidationError({"unit": "该结对已结束,不能调整结对单位"})
    if PairUnit.objects.filter(pair=pair).count() <= 1:
        raise ValidationError({"unit": "结对至少要有一个结对单位;如不再结对,请结束结对"})
    if PairOutput.objects.filter(pair=pair, unit=member.unit).exists():
        raise ValidationError({"unit": f"“{member.unit.name}”已有帮扶成效记录,不能移出;如不再结对,请结束结对"})
    audit.record(actor=actor, action=AuditAction.DELETE, obj=member, before=audit.snapshot(member))
    member.delete()


@transaction.atomic
def pair_end(*, actor: Any, pair: VillagePair, reason: str, ended_on: dt.date | None = None) -> VillagePair:
    """End a pair on a day with the reason; its records stay and keep counting in the periods it covered."""
    pair = _locked_pair(pair)
    require(actor is None or can_approve(actor, pair.village), "结束结对由乡镇(街道)或县(区)委组织部确定")
    today = clock.today()
    ended_on = ended_on or today
    errors: dict[str, str] = {}
    if not pair.active:
        errors["reason"] = "该结对已结束"
    if not _text(reason):
        errors["reason"] = "请填写结束原因"
    elif len(_text(reason)) > 200:
        errors["reason"] = "结束原因不能超过200个字"
    if ended_on > today:
        errors["ended_on"] = "结束日期不能晚于今天"
    elif ended_on < dt.date(pair.started_year, 1, 1):
        errors["ended_on"] = f"结束日期不能早于结对年度({pair.started_year}年)"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(pair)
    pair.active, pair.ended_on, pair.end_reason = False, ended_on, _text(reason)
    pair.save(update_fields=["active", "ended_on", "end_reason", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=pair, before=before, after=audit.snapshot(pair))
    return pair


# --- records of a pair --------------------------------------------------------------------------------------


def _day_problem(pair: VillagePair, day: dt.date | None, label: str) -> str | None:
    """A record's day lies within the pair's time (from its first year to its end) and not after today."""
    if day is None:
        return f"请填写{label}"
    if day > clock.today():
        return f"{label}不能晚于今天"
    if day < dt.date(pair.started_year, 1, 1):
        return f"{label}不能早于结对年度({pair.started_year}年)"
    if pair.ended_on is not None and day > pair.ended_on:
        return f"{label}不能晚于结对结束日期({pair.ended_on:%Y-%m-%d})"
    return None


def _record_pair(actor: Any, pair: VillagePair, message: str) -> VillagePair:
    pair = VillagePair.objects.select_related("village").get(pk=pair.pk)
    require(actor is None or can_manage_village(actor, pair.village), message)
    return pair


@transaction.atomic
def activity_record(
    *, actor: Any, pair: VillagePair, kind: str, held_on: dt.date, content: str, participants: int = 0
) -> PairActivity:
    """A 集体活动日, 结对共建分析会议, 交流挂职 or 日常党建互助 held by the pair."""
    pair = _record_pair(actor, pair, "没有为该结对登记活动的权限")
    errors: dict[str, str] = {}
    if kind not in PairActivityKind.values:
        errors["kind"] = "请选择制度类别"
    if problem := _day_problem(pair, held_on, "活动日期"):
        errors["held_on"] = problem
    if not _text(content):
        errors["content"] = "请填写活动内容"
    elif len(_text(content)) > 500:
        errors["content"] = "活动内容不能超过500个字"
    if not isinstance(participants, int) or participants < 0 or participants > 100000:
        errors["participants"] = "参加人数应为0或正整数"
    if errors:
        raise ValidationError(errors)
    activity = PairActivity(
        county_id=pair.county_id,
        org_path=pair.org_path,
        pair=pair,
        kind=kind,
        held_on=held_on,
        content=_text(content),
        participants=participants,
    )
    activity.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=activity, after=audit.snapshot(activity))
    return activity


@transaction.atomic
def activity_delete(*, actor: Any, activity: PairActivity) -> None:
    """Delete an activity entered by mistake (the audit trail keeps it)."""
    activity = PairActivity.objects.select_related("pair__village").get(pk=activity.pk)
    require(actor is None or can_manage_village(actor, activity.pair.village), "没有删除该活动记录的权限")
    audit.record(actor=actor, action=AuditAction.DELETE, obj=activity, before=audit.snapshot(activity))
    activity.delete()


def _year_problem(pair: VillagePair, year: Any) -> str | None:
    last = pair.ended_on.year if pair.ended_on else clock.today().year
    if not isinstance(year, int) or year < pair.started_year or year > last:
        return f"年度应在{pair.started_year}年至{last}年之间(结对期间)"
    return None


@transaction.atomic
def checklist_mark(
    *, actor: Any, pair: VillagePair, year: int, item: str, done_on: dt.date, evidence: str = ""
) -> PairChecklistItem:
    """Tick one of the "五个一" of a pair's year, with the day it was done and the evidence (a second tick corrects
    the day and the evidence)."""
    pair = _record_pair(actor, pair, "没有为该结对登记“五个一”的权限")
    errors: dict[str, str] = {}
    if item not in FiveOneItem.values:
        errors["item"] = "请选择“五个一”事项"
    if problem := _year_problem(pair, year):
        errors["year"] = problem
    elif problem := _day_problem(pair, done_on, "完成日期"):
        errors["done_on"] = problem
    elif done_on.year != year:
        errors["done_on"] = f"完成日期应在{year}年内"
    if not _text(evidence):
        errors["evidence"] = "请填写佐证材料(如协议名称、活动记录、照片编号)"
    elif len(_text(evidence)) > 500:
        errors["evidence"] = "佐证材料不能超过500个字"
    if errors:
        raise ValidationError(errors)
    row = PairChecklistItem.objects.select_for_update().filter(pair=pair, year=year, item=item).first()
    if row is None:
        row = PairChecklistItem(
            county_id=pair.county_id,
            org_path=pair.org_path,
            pair=pair,
            year=year,
            item=item,
            done=True,
            done_on=done_on,
            evidence=_text(evidence),
        )
        row.save()
        audit.record(actor=actor, action=AuditAction.CREATE, obj=row, after=audit.snapshot(row))
        return row
    before = audit.snapshot(row)
    row.done, row.done_on, row.evidence = True, done_on, _text(evidence)
    row.save(update_fields=["done", "done_on", "evidence", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=row, before=before, after=audit.snapshot(row))
    return row


@transaction.atomic
def checklist_unmark(*, actor: Any, item: PairChecklistItem) -> PairChecklistItem:
    """Take a tick back (ticked by mistake): the item is not done again; the audit trail keeps the old tick."""
    row = PairChecklistItem.objects.select_for_update(of=("self",)).select_related("pair__village").get(pk=item.pk)
    require(actor is None or can_manage_village(actor, row.pair.village), "没有修改该结对“五个一”的权限")
    if not row.done:
        raise ValidationError({"item": "该事项尚未完成"})
    before = audit.snapshot(row)
    row.done, row.done_on = False, None
    row.save(update_fields=["done", "done_on", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=row, before=before, after=audit.snapshot(row))
    return row


def _quantity(value: Any) -> Decimal:
    try:
        quantity = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"quantity": "数量应为数字"}) from None
    if not quantity.is_finite():
        raise ValidationError({"quantity": "数量应为数字"})
    return quantity


@transaction.atomic
def output_record(
    *,
    actor: Any,
    pair: VillagePair,
    kind: str,
    quantity: Decimal | int | str,
    occurred_on: dt.date,
    description: str = "",
    unit: PairingUnit | None = None,
    label: str = "",
    measure: str = "",
) -> PairOutput:
    """One output of a pair (帮扶资金 in 元, 解决实际困难 in 个…): the unit of measure follows the kind; a 其他 output
    names its own kind and unit of measure."""
    pair = _record_pair(actor, pair, "没有为该结对登记帮扶成效的权限")
    errors: dict[str, str] = {}
    if kind not in OutputKind.values:
        errors["kind"] = "请选择成效类别"
    elif kind == OutputKind.OTHER:
        label, measure = _text(label), _text(measure)
        if not label:
            errors["label"] = "其他成效请填写成效名称"
        elif len(label) > 30:
            errors["label"] = "成效名称不能超过30个字"
        if not measure:
            errors["measure"] = "其他成效请填写计量单位"
        elif len(measure) > 10:
            errors["measure"] = "计量单位不能超过10个字"
    else:
        label, measure = str(OutputKind(kind).label), rules.OUTPUT_UNITS[kind]
    try:
        amount = _quantity(quantity)
    except ValidationError as exc:
        errors |= {"quantity": exc.message_dict["quantity"][0]}
        amount = None
    if amount is not None and "kind" not in errors and (problem := rules.output_quantity_problem(kind, amount)):
        errors["quantity"] = problem
    if problem := _day_problem(pair, occurred_on, "日期"):
        errors["occurred_on"] = problem
    if unit is not None and not PairUnit.objects.filter(pair=pair, unit=unit).exists():
        errors["unit"] = "帮扶单位应为该结对的结对单位"
    if len(_text(description)) > 500:
        errors["description"] = "说明不能超过500个字"
    if errors:
        raise ValidationError(errors)
    output = PairOutput(
        county_id=pair.county_id,
        org_path=pair.org_path,
        pair=pair,
        unit=unit,
        occurred_on=occurred_on,
        kind=kind,
        label=label,
        measure=measure,
        quantity=amount.quantize(Decimal("0.01")),
        description=_text(description),
    )
    output.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=output, after=audit.snapshot(output))
    return output


@transaction.atomic
def output_delete(*, actor: Any, output: PairOutput) -> None:
    """Delete an output entered by mistake (the audit trail keeps it)."""
    output = PairOutput.objects.select_related("pair__village").get(pk=output.pk)
    require(actor is None or can_manage_village(actor, output.pair.village), "没有删除该帮扶成效记录的权限")
    audit.record(actor=actor, action=AuditAction.DELETE, obj=output, before=audit.snapshot(output))
    output.delete()
