"""积分管理 (F2.2): schemes per member category, automatic entries from other records, claims approved by the
branch ("双量双评"), branch entries, month closing, and what rankings and star ratings read.

Points are copied onto each entry when it is written (after the item's cap), and a closed month's totals are frozen
in `PointTotal`, so a later scheme version never changes what an earlier month earned."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Min, QuerySet, Sum
from django.utils import timezone

from dangjian.core import audit, clock
from dangjian.core.choices import ON_ROLL_STANDINGS, AuditAction, MemberCategory, OrgLevel
from dangjian.core.io.tables import Sheet, record_export, table_xlsx
from dangjian.core.models import Org, Person
from dangjian.members.models import DuesRecord
from dangjian.orglife import rules
from dangjian.orglife.choices import AUTO_SOURCES, Cycle, PointEntryStatus, PointSource
from dangjian.orglife.models import PointEntry, PointItem, PointMonth, PointScheme, PointSetting, PointTotal
from dangjian.orglife.permissions import can_act_for, can_manage_branch, can_set_county_rules, require

CLOSED = "该月积分已结账,不能再修改"
NOT_COUNTY_ADMIN = "只有县(区)委组织部管理员可以修改积分方案和评星设置"
IN_FORCE = "该方案版本已经生效,不能再修改积分项目;请修订方案,从以后的月份起生效"
ITEM_FIELDS = ("name", "source", "points", "cap", "cap_cycle", "order")
SETTING_FIELDS = (
    "star_thresholds",
    "red_flag_min_average",
    "red_flag_min_compliance",
    "red_flag_min_attendance",
    "red_flag_min_star_share",
)
MAX_QUANTITY = Decimal("100")
MAX_POINTS = Decimal("999.9")


def _user(actor: Any) -> Any:
    """The account to name on a row (reviewer, closer); None for the system."""
    return actor if getattr(actor, "is_authenticated", False) else None


def _county_id_of(county: Org) -> int:
    return county.county_id or county.pk


# --- months ---------------------------------------------------------------------------------------------------


def month_closed(county_id: int | None, month: dt.date) -> bool:
    return PointMonth.objects.filter(county_id=county_id, month=rules.month_start(month)).exists()


def last_closed(county_id: int | None) -> dt.date | None:
    """The county's latest closed month (months close in order, so every earlier month with a scheme is closed)."""
    return PointMonth.objects.filter(county_id=county_id).order_by("-month").values_list("month", flat=True).first()


def first_open(county_id: int | None) -> dt.date | None:
    """The next month to close: the one after the last closed month, else the first month of any scheme."""
    closed = last_closed(county_id)
    if closed is not None:
        return rules.next_month(closed)
    return PointScheme.objects.filter(county_id=county_id).aggregate(first=Min("effective_from"))["first"]


def _refuse_closed(county_id: int | None, month: dt.date, field: str | None = None) -> None:
    if month_closed(county_id, month):
        raise ValidationError({field: CLOSED} if field else CLOSED)


# --- schemes --------------------------------------------------------------------------------------------------


def scheme_in_force(county_id: int | None, category: str, day: dt.date) -> PointScheme | None:
    """The category's scheme version in force on `day` (the latest that started by then)."""
    return (
        PointScheme.objects.filter(county_id=county_id, category=category or MemberCategory.ORDINARY)
        .filter(effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )


def _require_county(county: Org, actor: Any) -> None:
    if county.level != OrgLevel.COUNTY:
        raise ValidationError({"county": "积分方案和评星设置属于县(区)一级党组织"})
    require(actor is None or can_set_county_rules(actor, county), NOT_COUNTY_ADMIN)


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def _clean_item(values: Mapping[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    """An item's values checked and normalised; problems go to `errors`, keyed by field."""
    name = str(values.get("name") or "").strip()
    source = values.get("source") or ""
    cycle = values.get("cap_cycle") or Cycle.MONTH
    problems: dict[str, str] = {}
    if not name:
        problems["name"] = "请填写积分项目名称"
    elif len(name) > 100:
        problems["name"] = "积分项目名称不能超过100个字"
    if source not in PointSource.values:
        problems["source"] = "请选择计分方式"
    if cycle not in Cycle.values:
        problems["cap_cycle"] = "请选择上限周期"
    problems |= rules.item_problems(source, values.get("points"), values.get("cap"))
    points, cap = _decimal(values.get("points")), _decimal(values.get("cap"))
    if "points" not in problems and points is not None and abs(points) > MAX_POINTS:
        problems["points"] = f"分值不能超过{MAX_POINTS}"
    if "cap" not in problems and cap is not None and cap > Decimal("99999.9"):
        problems["cap"] = "周期上限过大"
    order = values.get("order") or 0
    if not isinstance(order, int) or not 0 <= order <= 32767:
        problems["order"] = "排序应为0至32767之间的整数"
    errors.update(problems)
    return {
        "name": name,
        "source": source,
        "points": points,
        "cap": cap.quantize(rules.POINTS_STEP) if cap is not None else None,
        "cap_cycle": cycle,
        "order": order,
    }


def _clean_items(items: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A version's items: at least one, each valid, no two with the same name (caps are kept per item name)."""
    items = list(items)
    if not items:
        raise ValidationError({"items": "积分方案至少应有一个积分项目"})
    cleaned, problems, seen = [], [], set()
    for number, values in enumerate(items, start=1):
        errors: dict[str, str] = {}
        item = _clean_item(values, errors)
        label = f"第{number}项" + (f"“{item['name']}”" if item["name"] else "")
        problems.extend(f"{label}:{message}" for message in errors.values())
        if item["name"] and item["name"] in seen:
            problems.append(f"{label}:积分项目名称重复")
        seen.add(item["name"])
        item["order"] = item["order"] or number
        cleaned.append(item)
    if problems:
        raise ValidationError({"items": problems})
    return cleaned


def _items_snapshot(scheme: PointScheme) -> list[dict[str, Any]]:
    return [audit.snapshot(item) for item in scheme.items.order_by("order", "id")]


def _write_items(scheme: PointScheme, items: list[dict[str, Any]]) -> None:
    PointItem.objects.bulk_create([PointItem(scheme=scheme, **item) for item in items])


def _check_month(county_id: int, effective_from: Any) -> dt.date:
    if not isinstance(effective_from, dt.date):
        raise ValidationError({"effective_from": "请填写起始月份"})
    problem = rules.effective_from_problem(effective_from, last_closed=last_closed(county_id))
    if problem:
        raise ValidationError({"effective_from": problem})
    return effective_from


@transaction.atomic
def scheme_create(
    *,
    actor: Any,
    county: Org,
    category: str,
    name: str,
    effective_from: dt.date,
    items: Iterable[Mapping[str, Any]],
) -> PointScheme:
    """The first version of a category's scheme (later changes are revisions: new versions from a later month)."""
    _require_county(county, actor)
    errors: dict[str, str] = {}
    if category not in MemberCategory.values:
        errors["category"] = "请选择党员类别"
    if not (name or "").strip():
        errors["name"] = "请填写方案名称"
    elif len(name.strip()) > 100:
        errors["name"] = "方案名称不能超过100个字"
    if errors:
        raise ValidationError(errors)
    if PointScheme.objects.filter(county=county, category=category).exists():
        raise ValidationError({"category": f"“{MemberCategory(category).label}”已有积分方案,请在现有方案基础上修订"})
    month = _check_month(county.pk, effective_from)
    cleaned = _clean_items(items)
    scheme = PointScheme.objects.create(
        county=county, county_path=county.path, category=category, name=name.strip(), effective_from=month
    )
    _write_items(scheme, cleaned)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=scheme,
        after=audit.snapshot(scheme) | {"items": _items_snapshot(scheme)},
    )
    return scheme


@transaction.atomic
def scheme_revise(
    *,
    actor: Any,
    scheme: PointScheme,
    effective_from: dt.date,
    items: Iterable[Mapping[str, Any]] | None = None,
    name: str | None = None,
) -> PointScheme:
    """A new version of the category's scheme from a later month, with the given items (a copy of `scheme`'s when
    none are given). Earlier months keep the version they had; a closed month is never touched."""
    scheme = PointScheme.objects.select_related("county").get(pk=scheme.pk)
    _require_county(scheme.county, actor)
    month = _check_month(scheme.county_id, effective_from)
    if month <= scheme.effective_from:
        raise ValidationError(
            {"effective_from": f"修订后的方案应晚于原方案的起始月份({scheme.effective_from:%Y年%m月})生效"}
        )
    if PointScheme.objects.filter(county_id=scheme.county_id, category=scheme.category, effective_from=month).exists():
        raise ValidationError({"effective_from": f"该类别在{month:%Y年%m月}已有方案版本,请直接修改该版本的项目"})
    if items is None:
        items = [{field: getattr(item, field) for field in ITEM_FIELDS} for item in scheme.items.all()]
    cleaned = _clean_items(items)
    new_name = (name or "").strip() or scheme.name
    if len(new_name) > 100:
        raise ValidationError({"name": "方案名称不能超过100个字"})
    revised = PointScheme.objects.create(
        county_id=scheme.county_id,
        county_path=scheme.county_path,
        category=scheme.category,
        name=new_name,
        effective_from=month,
    )
    _write_items(revised, cleaned)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=revised,
        after=audit.snapshot(revised) | {"revises": scheme.pk, "items": _items_snapshot(revised)},
    )
    return revised


def _editable_scheme(scheme_pk: int, actor: Any) -> PointScheme:
    scheme = PointScheme.objects.select_for_update(of=("self",)).select_related("county").get(pk=scheme_pk)
    _require_county(scheme.county, actor)
    if scheme.effective_from <= rules.month_start(clock.today()):
        raise ValidationError(IN_FORCE)
    return scheme


@transaction.atomic
def point_item_create(*, actor: Any, scheme: PointScheme, **values: Any) -> PointItem:
    """Add an item to a version that is not yet in force."""
    scheme = _editable_scheme(scheme.pk, actor)
    unknown = set(values) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"unknown item fields: {sorted(unknown)}")
    errors: dict[str, str] = {}
    cleaned = _clean_item(values, errors)
    if not errors and scheme.items.filter(name=cleaned["name"]).exists():
        errors["name"] = "该方案已有同名积分项目"
    if errors:
        raise ValidationError(errors)
    if not cleaned["order"]:
        cleaned["order"] = scheme.items.count() + 1
    item = PointItem.objects.create(scheme=scheme, **cleaned)
    audit.record(actor=actor, action=AuditAction.CREATE, obj=item, after=audit.snapshot(item))
    return item


@transaction.atomic
def point_item_update(*, actor: Any, item: PointItem, **changes: Any) -> PointItem:
    """Change an item of a version that is not yet in force; a version in force is changed by a revision."""
    item = PointItem.objects.select_for_update().get(pk=item.pk)
    _editable_scheme(item.scheme_id, actor)
    unknown = set(changes) - set(ITEM_FIELDS)
    if unknown:
        raise ValidationError({field: "该项目不能在此修改" for field in unknown})
    values = {field: getattr(item, field) for field in ITEM_FIELDS} | changes
    errors: dict[str, str] = {}
    cleaned = _clean_item(values, errors)
    if (
        not errors
        and PointItem.objects.filter(scheme_id=item.scheme_id, name=cleaned["name"]).exclude(pk=item.pk).exists()
    ):
        errors["name"] = "该方案已有同名积分项目"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(item)
    for field in ITEM_FIELDS:
        setattr(item, field, cleaned[field])
    item.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=item, before=before, after=audit.snapshot(item))
    return item


@transaction.atomic
def point_item_delete(*, actor: Any, item: PointItem) -> None:
    """Remove an item from a version that is not yet in force (it cannot have earned anything yet)."""
    item = PointItem.objects.select_for_update().get(pk=item.pk)
    scheme = _editable_scheme(item.scheme_id, actor)
    if item.entries.exists():
        raise ValidationError("该积分项目已有积分记录,不能删除")
    if scheme.items.count() <= 1:
        raise ValidationError("积分方案至少应有一个积分项目")
    audit.record(actor=actor, action=AuditAction.DELETE, obj=item, before=audit.snapshot(item))
    item.delete()


def default_items(category: str) -> list[dict[str, Any]]:
    """The items a county starts from (seed 002 召陵's 党员积分制管理): the common items, and each category's own
    claimed work."""
    month, year = Cycle.MONTH, Cycle.YEAR
    own = {
        MemberCategory.CENTRE_HOUSEHOLD: ("联系服务群众(走访联系户)", Decimal("2"), Decimal("10")),
        MemberCategory.GRID_LEADER: ("网格服务(矛盾调解、信息上报)", Decimal("2"), Decimal("10")),
        MemberCategory.CADRE: ("履职尽责、领办实事", Decimal("3"), Decimal("9")),
        MemberCategory.MOBILE: ("按时向党组织报告思想工作情况", Decimal("3"), Decimal("3")),
        MemberCategory.VETERAN: ("传帮带、讲党课", Decimal("3"), Decimal("6")),
    }
    items: list[dict[str, Any]] = [
        {"name": "参加组织生活", "source": PointSource.ATTENDANCE, "points": Decimal("2"), "cap": Decimal("10")},
        {"name": "按时交纳党费", "source": PointSource.DUES, "points": Decimal("5"), "cap": Decimal("5")},
        {"name": "志愿服务", "source": PointSource.VOLUNTEER, "points": Decimal("1"), "cap": Decimal("10")},
        {"name": "学习测试合格", "source": PointSource.STUDY, "points": Decimal("3"), "cap": None},
        {"name": "参加培训", "source": PointSource.TRAINING, "points": Decimal("2"), "cap": None},
        {"name": "为民办实事", "source": PointSource.CLAIM, "points": Decimal("5"), "cap": Decimal("10")},
    ]
    if category in own:
        name, points, cap = own[category]
        items.append({"name": name, "source": PointSource.CLAIM, "points": points, "cap": cap})
    items += [
        {
            "name": "受到表彰奖励",
            "source": PointSource.BRANCH,
            "points": Decimal("10"),
            "cap": Decimal("20"),
            "cap_cycle": year,
        },
        {"name": "违反纪律扣分", "source": PointSource.BRANCH, "points": Decimal("-10"), "cap": None},
    ]
    return [{"cap_cycle": month, **item, "order": number} for number, item in enumerate(items, start=1)]


def default_name(category: str) -> str:
    return f"{MemberCategory(category).label}积分管理办法"


@transaction.atomic
def schemes_seed_defaults(*, actor: Any, county: Org, month: dt.date) -> list[PointScheme]:
    """One scheme per member category with the default items, from `month`; categories that already have a
    scheme keep it."""
    _require_county(county, actor)
    return [
        scheme_create(
            actor=actor,
            county=county,
            category=category,
            name=default_name(category),
            effective_from=month,
            items=default_items(category),
        )
        for category in MemberCategory.values
        if not PointScheme.objects.filter(county=county, category=category).exists()
    ]


# --- settings -------------------------------------------------------------------------------------------------


def point_setting(county_id: int | None) -> PointSetting:
    """The county's star thresholds and 红旗支部 criteria; unsaved defaults where the county has set none."""
    if county_id is None:
        return PointSetting()
    return PointSetting.objects.filter(county_id=county_id).first() or PointSetting(county_id=county_id)


@transaction.atomic
def point_setting_update(*, actor: Any, county: Org, **values: Any) -> PointSetting:
    """Save the county's star thresholds and 红旗支部 criteria; fields not given keep their value."""
    _require_county(county, actor)
    unknown = set(values) - set(SETTING_FIELDS)
    if unknown:
        raise TypeError(f"unknown point settings: {sorted(unknown)}")
    errors: dict[str, str] = {}
    if "star_thresholds" in values:
        thresholds = values["star_thresholds"]
        problem = rules.thresholds_problem(thresholds if isinstance(thresholds, list | tuple) else [])
        if problem:
            errors["star_thresholds"] = problem
        else:
            values["star_thresholds"] = [
                int(value) if Decimal(str(value)) == int(Decimal(str(value))) else float(value) for value in thresholds
            ]
    if "red_flag_min_average" in values:
        average = _decimal(values["red_flag_min_average"])
        if average is None or not 0 <= average <= Decimal("99999.9"):
            errors["red_flag_min_average"] = "平均积分标准应在0至99999.9之间"
        else:
            values["red_flag_min_average"] = average.quantize(rules.POINTS_STEP)
    labels = {
        "red_flag_min_compliance": "组织生活达标率",
        "red_flag_min_attendance": "参会率",
        "red_flag_min_star_share": "三星及以上党员占比",
    }
    for field, label in labels.items():
        if field in values and not (isinstance(values[field], int) and 0 <= values[field] <= 100):
            errors[field] = f"{label}标准应为0至100之间的整数(%)"
    if errors:
        raise ValidationError(errors)
    setting = PointSetting.objects.select_for_update().filter(county=county).first()
    before = audit.snapshot(setting) if setting else None
    if setting is None:
        setting = PointSetting(county=county)
    for field, value in values.items():
        setattr(setting, field, value)
    setting.save()
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit.record(actor=actor, action=action, obj=setting, before=before, after=audit.snapshot(setting))
    return setting


# --- entries --------------------------------------------------------------------------------------------------


def _used(person: Person, item: PointItem, day: dt.date, *, excluding: int | None) -> Decimal:
    """What the item's cap period already holds for the member (approved entries of items of the same name in the
    member's category, across versions, so a revision mid-period does not reset the cap)."""
    period = rules.period_of(day, item.cap_cycle)
    entries = PointEntry.objects.filter(
        person=person,
        item__scheme__category=item.scheme.category,
        item__name=item.name,
        occurred_on__range=(period.first, period.last),
        status=PointEntryStatus.APPROVED,
    )
    if excluding is not None:
        entries = entries.exclude(pk=excluding)
    return entries.aggregate(total=Sum("points"))["total"] or Decimal("0")


@transaction.atomic
def award_auto(
    *,
    actor: Any,
    person: Person,
    source: str,
    ref: str,
    occurred_on: dt.date,
    quantity: Decimal = Decimal("1"),
    note: str = "",
) -> PointEntry | None:
    """The automatic entry of a source record (an attendance, a volunteer service, a quiz…), written once per
    (person, source, ref) and updated when the record changes. Nothing is written when the month is closed (nor is
    an entry of a closed month moved), when no scheme is in force for the member's category, or when the scheme
    has no item of this source. The points are the item's points × quantity under the item's cap for its period."""
    assert source in AUTO_SOURCES and ref, "automatic points need an automatic source and a source record"
    person = Person.objects.select_related("org").get(pk=person.pk)
    if month_closed(person.county_id, occurred_on):
        return None
    existing = PointEntry.objects.select_for_update().filter(person=person, source=source, ref=ref).first()
    if existing is not None and month_closed(existing.county_id, existing.month):
        return None
    scheme = scheme_in_force(person.county_id, person.category, occurred_on)
    item = scheme.items.filter(source=source).order_by("order", "id").first() if scheme else None
    if item is None:
        if existing is not None:
            revoke_auto(actor=actor, person=person, source=source, ref=ref)
        return None
    quantity = Decimal(quantity).quantize(rules.POINTS_STEP)
    points = rules.capped_points(
        item.points * quantity,
        cap=item.cap,
        used=_used(person, item, occurred_on, excluding=existing.pk if existing else None),
    )
    values = {
        "item": item,
        "month": rules.month_start(occurred_on),
        "occurred_on": occurred_on,
        "quantity": quantity,
        "points": points.quantize(rules.POINTS_STEP),
        "note": note,
    }
    if existing is not None:
        before = audit.snapshot(existing)
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save()
        after = audit.snapshot(existing)
        if after != before:
            audit.record(actor=actor, action=AuditAction.UPDATE, obj=existing, before=before, after=after)
        return existing
    entry = PointEntry.objects.create(
        county_id=person.county_id,
        org_path=person.org_path,
        person=person,
        source=source,
        ref=ref,
        status=PointEntryStatus.APPROVED,
        **values,
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=entry, after=audit.snapshot(entry))
    return entry


@transaction.atomic
def revoke_auto(*, actor: Any, person: Person, source: str, ref: str) -> bool:
    """Remove the automatic entry of a source record that no longer earns it (an attendance corrected to absent, a
    signup withdrawn); a closed month keeps it. Returns whether an entry was removed."""
    entry = PointEntry.objects.select_for_update().filter(person=person, source=source, ref=ref).first()
    if entry is None or month_closed(entry.county_id, entry.month):
        return False
    audit.record(actor=actor, action=AuditAction.DELETE, obj=entry, before=audit.snapshot(entry))
    entry.delete()
    return True


def _entry_errors(
    person: Person, item: Any, occurred_on: Any, quantity: Any, note: str, *, source: str
) -> tuple[dict[str, str], Decimal]:
    """What a claim or a branch entry is checked for: the member on the roll, an item of the right kind from the
    scheme in force on the day, a day not in the future nor in a closed month, a positive quantity, a reason."""
    errors: dict[str, str] = {}
    if person.standing not in ON_ROLL_STANDINGS:
        errors["person"] = f"{person.name}已不在党员名册上,不能登记积分"
    today = clock.today()
    if not isinstance(occurred_on, dt.date):
        errors["occurred_on"] = "请填写发生日期"
    elif occurred_on > today:
        errors["occurred_on"] = "发生日期不能晚于今天"
    elif occurred_on < person.joined_on:
        errors["occurred_on"] = "发生日期不能早于入党日期"
    elif month_closed(person.county_id, occurred_on):
        errors["occurred_on"] = CLOSED
    if not isinstance(item, PointItem):
        errors["item"] = "请选择积分项目"
    elif item.source != source:
        errors["item"] = "该项目不是党员申报项目" if source == PointSource.CLAIM else "该项目不是支部登记项目"
    elif "occurred_on" not in errors:
        scheme = scheme_in_force(person.county_id, person.category, occurred_on)
        if scheme is None:
            errors["item"] = f"发生日期没有适用于{person.get_category_display()}的积分方案"
        elif item.scheme_id != scheme.pk:
            errors["item"] = f"该项目不属于发生日期适用的积分方案({scheme})"
    amount = _decimal(quantity)
    if amount is None or amount <= 0:
        errors["quantity"] = "数量应大于0"
    elif amount > MAX_QUANTITY:
        errors["quantity"] = f"数量不能超过{MAX_QUANTITY}"
    elif amount != amount.quantize(rules.POINTS_STEP):
        errors["quantity"] = "数量最多保留一位小数"
    if not (note or "").strip():
        errors["note"] = "请填写申报事由" if source == PointSource.CLAIM else "请填写登记事由"
    return errors, Decimal("0") if amount is None or "quantity" in errors else amount.quantize(rules.POINTS_STEP)


@transaction.atomic
def point_claim(
    *,
    actor: Any,
    person: Person,
    item: PointItem,
    occurred_on: dt.date,
    quantity: Decimal = Decimal("1"),
    note: str = "",
) -> PointEntry:
    """A member's claim ("双量双评": the member reports, the branch reviews): pending, with the points claimed;
    the points it finally adds are set under the cap when it is approved."""
    person = Person.objects.select_related("org").get(pk=person.pk)
    require(actor is None or can_act_for(actor, person), "只能为本人或所管理的党员申报积分")
    errors, amount = _entry_errors(person, item, occurred_on, quantity, note, source=PointSource.CLAIM)
    if errors:
        raise ValidationError(errors)
    entry = PointEntry.objects.create(
        county_id=person.county_id,
        org_path=person.org_path,
        person=person,
        item=item,
        source=PointSource.CLAIM,
        month=rules.month_start(occurred_on),
        occurred_on=occurred_on,
        quantity=amount,
        points=(item.points * amount).quantize(rules.POINTS_STEP),
        status=PointEntryStatus.PENDING,
        note=note.strip(),
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=entry, after=audit.snapshot(entry))
    return entry


def _locked_entry(entry: PointEntry) -> PointEntry:
    return (
        PointEntry.objects.select_for_update(of=("self",))
        .select_related("person__org", "item__scheme")
        .get(pk=entry.pk)
    )


@transaction.atomic
def point_claim_review(*, actor: Any, entry: PointEntry, approve: bool, note: str = "") -> PointEntry:
    """The branch's review of a claim: approved, it adds the item's points × quantity under the cap as it stands
    now; rejected, it adds nothing and says why."""
    entry = _locked_entry(entry)
    person = entry.person
    require(actor is None or can_manage_branch(actor, person.org), "没有审核该党员积分申报的权限")
    require(actor is None or getattr(actor, "person_id", None) != person.pk, "不能审核本人的积分申报")
    if entry.source != PointSource.CLAIM or entry.status != PointEntryStatus.PENDING:
        raise ValidationError(f"该申报已审核({entry.get_status_display()}),不能再次审核")
    _refuse_closed(entry.county_id, entry.month)
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": "不通过时请填写审核意见"})
    if len(note) > 200:
        raise ValidationError({"note": "审核意见不能超过200个字"})
    before = audit.snapshot(entry)
    if approve:
        raw = entry.item.points * entry.quantity
        used = _used(person, entry.item, entry.occurred_on, excluding=entry.pk)
        entry.points = rules.capped_points(raw, cap=entry.item.cap, used=used).quantize(rules.POINTS_STEP)
        entry.status = PointEntryStatus.APPROVED
    else:
        entry.status = PointEntryStatus.REJECTED
    entry.reviewed_by = _user(actor)
    entry.reviewed_at = timezone.now()
    entry.review_note = note
    entry.save(update_fields=["points", "status", "reviewed_by", "reviewed_at", "review_note"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=entry, before=before, after=audit.snapshot(entry))
    return entry


@transaction.atomic
def point_claim_withdraw(*, actor: Any, entry: PointEntry) -> None:
    """A claim not yet reviewed is withdrawn (by the member, or deleted by the branch); the audit trail keeps it."""
    entry = _locked_entry(entry)
    require(actor is None or can_act_for(actor, entry.person), "只能撤回本人或所管理党员的积分申报")
    if entry.source != PointSource.CLAIM or entry.status != PointEntryStatus.PENDING:
        raise ValidationError("只能撤回待审核的积分申报")
    _refuse_closed(entry.county_id, entry.month)
    audit.record(actor=actor, action=AuditAction.DELETE, obj=entry, before=audit.snapshot(entry))
    entry.delete()


@transaction.atomic
def point_entry_branch(
    *,
    actor: Any,
    person: Person,
    item: PointItem,
    occurred_on: dt.date,
    quantity: Decimal = Decimal("1"),
    note: str = "",
) -> PointEntry:
    """A reward or a deduction the branch enters (支部登记): counted at once, under the item's cap."""
    person = Person.objects.select_related("org").get(pk=person.pk)
    require(actor is None or can_manage_branch(actor, person.org), "没有为该党员登记积分的权限")
    errors, amount = _entry_errors(person, item, occurred_on, quantity, note, source=PointSource.BRANCH)
    if errors:
        raise ValidationError(errors)
    used = _used(person, item, occurred_on, excluding=None)
    entry = PointEntry.objects.create(
        county_id=person.county_id,
        org_path=person.org_path,
        person=person,
        item=item,
        source=PointSource.BRANCH,
        month=rules.month_start(occurred_on),
        occurred_on=occurred_on,
        quantity=amount,
        points=rules.capped_points(item.points * amount, cap=item.cap, used=used).quantize(rules.POINTS_STEP),
        status=PointEntryStatus.APPROVED,
        note=note.strip(),
        reviewed_by=_user(actor),
        reviewed_at=timezone.now(),
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=entry, after=audit.snapshot(entry))
    return entry


@transaction.atomic
def point_entry_delete(*, actor: Any, entry: PointEntry) -> None:
    """The branch removes an entry made by mistake (a branch entry or a reviewed claim) while its month is open.
    Automatic entries follow their source records and are not removed here."""
    entry = _locked_entry(entry)
    require(actor is None or can_manage_branch(actor, entry.person.org), "没有删除该积分记录的权限")
    if entry.source in AUTO_SOURCES:
        raise ValidationError("自动计分的记录随来源记录变化,不能直接删除")
    _refuse_closed(entry.county_id, entry.month)
    audit.record(actor=actor, action=AuditAction.DELETE, obj=entry, before=audit.snapshot(entry))
    entry.delete()


# --- dues and month closing -----------------------------------------------------------------------------------


def _items_in_force(county_id: int, month: dt.date, source: str) -> dict[str, PointItem]:
    """Per member category, the first item of `source` in the scheme version in force in `month`."""
    found: dict[str, PointItem] = {}
    for category in MemberCategory.values:
        scheme = scheme_in_force(county_id, category, month)
        item = scheme.items.filter(source=source).order_by("order", "id").first() if scheme else None
        if item is not None:
            item.scheme = scheme
            found[category] = item
    return found


def _used_by_person(county_id: int, item: PointItem, day: dt.date, people: Iterable[int]) -> dict[int, Decimal]:
    """What each member's cap period of the item already holds (one grouped query)."""
    period = rules.period_of(day, item.cap_cycle)
    rows = (
        PointEntry.objects.filter(
            county_id=county_id,
            item__scheme__category=item.scheme.category,
            item__name=item.name,
            occurred_on__range=(period.first, period.last),
            status=PointEntryStatus.APPROVED,
            person_id__in=list(people),
        )
        .values("person_id")
        .annotate(total=Sum("points"))
        .values_list("person_id", "total")
    )
    return {person_id: total or Decimal("0") for person_id, total in rows}


def dues_ref(person_id: int, month: dt.date) -> str:
    return f"dues:{person_id}:{month:%Y-%m}"


@transaction.atomic
def dues_points_sync(*, actor: Any, county: Org, month: dt.date) -> tuple[int, int]:
    """The DUES entries of a month, set-based: one for every member on the roll whose dues for the month were paid
    in full by the month's end (a month waived at 0 earns nothing), none for the others. Returns (added, removed);
    nothing changes in a closed month. One summary audit entry."""
    month = rules.month_start(month)
    county_id = _county_id_of(county)
    if month_closed(county_id, month):
        return 0, 0
    last = rules.next_month(month) - dt.timedelta(days=1)
    paid = (
        DuesRecord.objects.filter(
            county_id=county_id,
            month=month,
            paid_on__isnull=False,
            paid_on__lte=last,
            paid__gte=F("expected"),
            paid__gt=0,
            person__standing__in=ON_ROLL_STANDINGS,
        )
        .values_list("person_id", "paid_on", "person__category", "person__org_path")
        .order_by("person_id")
    )
    items = _items_in_force(county_id, month, PointSource.DUES)
    eligible: dict[str, tuple[int, dt.date, PointItem, str]] = {}
    for person_id, paid_on, category, org_path in paid:
        item = items.get(category or MemberCategory.ORDINARY)
        if item is not None:
            eligible[dues_ref(person_id, month)] = (person_id, max(paid_on, month), item, org_path)
    existing = dict(
        PointEntry.objects.filter(county_id=county_id, source=PointSource.DUES, month=month).values_list("ref", "pk")
    )
    stale = [pk for ref, pk in existing.items() if ref not in eligible]
    PointEntry.objects.filter(pk__in=stale).delete()
    fresh = [(ref, values) for ref, values in eligible.items() if ref not in existing]
    used: dict[tuple[int, int], Decimal] = {}
    for item in {values[2].pk: values[2] for _, values in fresh}.values():
        if item.cap is not None:
            people = [values[0] for _, values in fresh if values[2].pk == item.pk]
            for person_id, total in _used_by_person(county_id, item, month, people).items():
                used[(item.pk, person_id)] = total
    rows = []
    for ref, (person_id, day, item, org_path) in fresh:
        points = rules.capped_points(item.points, cap=item.cap, used=used.get((item.pk, person_id), Decimal("0")))
        rows.append(
            PointEntry(
                county_id=county_id,
                org_path=org_path,
                person_id=person_id,
                item=item,
                source=PointSource.DUES,
                ref=ref,
                month=month,
                occurred_on=day,
                quantity=Decimal("1"),
                points=points,
                status=PointEntryStatus.APPROVED,
            )
        )
    PointEntry.objects.bulk_create(rows, batch_size=5000)
    if rows or stale:
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=county,
            after={"dues_points": f"{month:%Y-%m}", "added": len(rows), "removed": len(stale)},
        )
    return len(rows), len(stale)


def month_totals(county_id: int, month: dt.date) -> dict[int, Decimal]:
    """Each member's approved points of a month, from the entries (what closing freezes)."""
    rows = (
        PointEntry.objects.filter(county_id=county_id, month=month, status=PointEntryStatus.APPROVED)
        .values("person_id")
        .annotate(total=Sum("points"))
        .values_list("person_id", "total")
    )
    return {person_id: total or Decimal("0") for person_id, total in rows}


@transaction.atomic
def point_month_close(*, actor: Any, county: Org, month: dt.date) -> PointMonth:
    """Close the next month (in order, once it is over): the month's dues points are brought up to date, every
    member on the roll gets a frozen total (with the member's category), and no entry of the month changes again.
    There is no reopening."""
    _require_county(county, actor)
    Org.objects.select_for_update().filter(pk=county.pk).first()  # one closing at a time per county
    month = month if isinstance(month, dt.date) else None
    if month is None:
        raise ValidationError({"month": "请选择结账月份"})
    problem = rules.close_problem(month, today=clock.today(), first_open=first_open(county.pk))
    if problem:
        raise ValidationError({"month": problem})
    pending = PointEntry.objects.filter(county_id=county.pk, month=month, status=PointEntryStatus.PENDING).count()
    if pending:
        raise ValidationError({"month": f"{month:%Y年%m月}还有{pending}条积分申报待审核,请先审核后再结账"})
    dues_points_sync(actor=actor, county=county, month=month)
    last = rules.next_month(month) - dt.timedelta(days=1)
    sums = month_totals(county.pk, month)
    people = (
        Person.objects.filter(county_id=county.pk, standing__in=ON_ROLL_STANDINGS, joined_on__lte=last)
        .values_list("pk", "org_path", "category")
        .order_by("pk")
    )
    totals = [
        PointTotal(
            county_id=county.pk,
            org_path=org_path,
            person_id=person_id,
            month=month,
            category=category or MemberCategory.ORDINARY,
            total=sums.get(person_id, Decimal("0")),
        )
        for person_id, org_path, category in people.iterator(chunk_size=5000)
    ]
    PointTotal.objects.bulk_create(totals, batch_size=5000)
    closed = PointMonth.objects.create(county=county, county_path=county.path, month=month, closed_by=_user(actor))
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=closed,
        after=audit.snapshot(closed)
        | {"members": len(totals), "points": str(sum((t.total for t in totals), Decimal("0")))},
    )
    return closed


# --- export ---------------------------------------------------------------------------------------------------

RANKING_HEADERS = ["排名(支部内)", "排名(乡镇内)", "姓名", "所在党组织", "党员类别", "积分", "星级"]
ENTRY_HEADERS = ["发生日期", "姓名", "所在党组织", "积分项目", "计分方式", "数量", "积分", "状态", "说明"]


def points_export(
    *,
    actor: Any,
    org: Org | None,
    caption: str,
    ranking: list[Any],
    entries: QuerySet[PointEntry] | None,
    file_name: str,
) -> bytes:
    """The ranking table (and the period's entries) as one .xlsx; the export is audited."""
    require(actor is None or (org is not None and can_manage_branch(actor, org)), "没有导出该党组织积分的权限")
    ranking_rows = [
        [
            row.branch_rank,
            row.township_rank,
            row.name,
            row.org_name,
            str(MemberCategory(row.category).label) if row.category in MemberCategory.values else "",
            row.total,
            "★" * row.stars if row.stars else "—",
        ]
        for row in ranking
    ]
    sheets = [Sheet("积分排名", RANKING_HEADERS, ranking_rows, caption=caption)]
    entry_count = 0
    if entries is not None:
        entry_rows = [
            [
                entry.occurred_on,
                entry.person.name,
                entry.person.org.name,
                entry.item.name,
                entry.get_source_display(),
                entry.quantity,
                entry.points,
                entry.get_status_display(),
                entry.note,
            ]
            for entry in entries.select_related("person__org", "item").iterator(chunk_size=2000)
        ]
        entry_count = len(entry_rows)
        sheets.append(Sheet("积分明细", ENTRY_HEADERS, entry_rows, caption=caption))
    content = table_xlsx(sheets)
    record_export(actor=actor, org=org, kind="points", rows=len(ranking_rows) + entry_count, file_name=file_name)
    return content
