"""The county's settings of organisational life: the 主题党日 days and checklist, the check-in minutes and the 补录
threshold (`OrgLifeSetting`), and the routine requirements compliance is computed from (`MeetingRequirement`).
Only the county organisation department changes them; every branch and township reads them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from dangjian.core import audit, clock
from dangjian.core.choices import AuditAction, OrgLevel
from dangjian.core.io.tables import Sheet, record_export, table_xlsx
from dangjian.core.models import Org
from dangjian.orglife import rules
from dangjian.orglife.choices import Cycle, MeetingKind, OrgCategory
from dangjian.orglife.models import MeetingRequirement, OrgLifeSetting
from dangjian.orglife.permissions import can_set_county_rules, require

SETTING_FIELDS = (
    "theme_days",
    "agenda_items",
    "late_entry_days",
    "checkin_before_minutes",
    "checkin_after_minutes",
    "late_after_minutes",
)
REQUIREMENT_FIELDS = ("kind", "org_category", "expected", "cycle", "effective_from", "effective_until", "note")
NOT_COUNTY_ADMIN = "只有县(区)委组织部管理员可以修改组织生活设置"
NOTE_LENGTH = 200


def settings_for(county_id: int | None) -> OrgLifeSetting:
    """The county's saved settings, or an unsaved row holding the defaults when it has saved none."""
    setting = OrgLifeSetting.objects.filter(county_id=county_id).first() if county_id else None
    return setting or OrgLifeSetting(county_id=county_id)


def _require_county(county: Org, actor: Any) -> None:
    if county.level != OrgLevel.COUNTY:
        raise ValidationError({"county": "组织生活设置属于县(区)一级党组织"})
    require(actor is None or can_set_county_rules(actor, county), NOT_COUNTY_ADMIN)


def _setting_errors(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if "theme_days" in values and (problem := rules.theme_days_problem(values["theme_days"])):
        errors["theme_days"] = problem
    if "agenda_items" in values and (problem := rules.agenda_problem(values["agenda_items"])):
        errors["agenda_items"] = problem
    for name, label, lowest, highest, unit in rules.SETTING_BOUNDS:
        if name not in values:
            continue
        value = values[name]
        if not isinstance(value, int) or isinstance(value, bool) or not lowest <= value <= highest:
            errors[name] = f"{label}应为{lowest}至{highest}{unit}"
    return errors


@transaction.atomic
def orglife_setting_update(*, actor: Any, county: Org, **values: Any) -> OrgLifeSetting:
    """Save the county's settings; values not given keep theirs (the defaults on the first save). Theme days are
    sorted; agenda items keep their order."""
    _require_county(county, actor)
    unknown = set(values) - set(SETTING_FIELDS)
    if unknown:
        raise ValidationError({name: "该项目不能在此修改" for name in sorted(unknown)})
    if "agenda_items" in values and isinstance(values["agenda_items"], list | tuple):
        values["agenda_items"] = [item.strip() if isinstance(item, str) else item for item in values["agenda_items"]]
    errors = _setting_errors(values)
    if errors:
        raise ValidationError(errors)
    if "theme_days" in values:
        values["theme_days"] = sorted(values["theme_days"])
    setting = OrgLifeSetting.objects.select_for_update().filter(county=county).first()
    before = audit.snapshot(setting) if setting else None
    if setting is None:
        setting = OrgLifeSetting(county=county)
    for name, value in values.items():
        setattr(setting, name, value)
    setting.full_clean()
    setting.save()
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit.record(actor=actor, action=action, obj=setting, before=before, after=audit.snapshot(setting))
    return setting


# --- routine requirements -------------------------------------------------------------------------------------


def _requirement_errors(county: Org, values: dict[str, Any], *, excluding: int | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if values.get("kind") not in MeetingKind.values:
        errors["kind"] = "请选择活动类型"
    if values.get("org_category") not in OrgCategory.values:
        errors["org_category"] = "请选择适用组织"
    if values.get("cycle") not in Cycle.values:
        errors["cycle"] = "请选择周期"
    expected = values.get("expected")
    lowest, highest = rules.EXPECTED_RANGE
    if not isinstance(expected, int) or isinstance(expected, bool) or not lowest <= expected <= highest:
        errors["expected"] = f"应开展次数应为{lowest}至{highest}次"
    starts, ends = values.get("effective_from"), values.get("effective_until")
    if not isinstance(starts, dt.date):
        errors["effective_from"] = "请填写起始日期"
    elif ends is not None and ends < starts:
        errors["effective_until"] = "截止日期不能早于起始日期"
    if len((values.get("note") or "").strip()) > NOTE_LENGTH:
        errors["note"] = f"依据或说明不超过{NOTE_LENGTH}个字"
    if errors:
        return errors
    others = MeetingRequirement.objects.filter(
        county=county, kind=values["kind"], org_category=values["org_category"]
    ).order_by("effective_from")
    if excluding is not None:
        others = others.exclude(pk=excluding)
    for other in others:
        if rules.ranges_overlap(starts, ends, other.effective_from, other.effective_until):
            until = f"至{other.effective_until:%Y-%m-%d}" if other.effective_until else "起长期有效"
            errors["effective_from"] = (
                f"本县已有“{other}”自{other.effective_from:%Y-%m-%d}{until},与此期间重叠;请先为原要求设置截止日期"
            )
            break
    return errors


def _write(actor: Any, requirement: MeetingRequirement, before: dict | None) -> MeetingRequirement:
    requirement.full_clean(exclude=["county"])
    requirement.save()
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit.record(actor=actor, action=action, obj=requirement, before=before, after=audit.snapshot(requirement))
    return requirement


@transaction.atomic
def requirement_create(
    *,
    actor: Any,
    county: Org,
    kind: str,
    org_category: str,
    expected: int,
    cycle: str,
    effective_from: dt.date,
    effective_until: dt.date | None = None,
    note: str = "",
) -> MeetingRequirement:
    """A routine requirement (activity type × org category × expected count × cycle) in force from a date; at
    most one of each type × category is in force on any day."""
    _require_county(county, actor)
    values = {
        "kind": kind,
        "org_category": org_category,
        "expected": expected,
        "cycle": cycle,
        "effective_from": effective_from,
        "effective_until": effective_until,
        "note": note,
    }
    errors = _requirement_errors(county, values, excluding=None)
    if errors:
        raise ValidationError(errors)
    values["note"] = (note or "").strip()
    requirement = MeetingRequirement(county=county, county_path=county.path, **values)
    return _write(actor, requirement, None)


def _county(requirement: MeetingRequirement) -> Org:
    return Org.objects.get(pk=requirement.county_id)


@transaction.atomic
def requirement_update(*, actor: Any, requirement: MeetingRequirement, **changes: Any) -> MeetingRequirement:
    """Correct a requirement. To change a rule from a date on, end it (`requirement_end`) and create the new one,
    so that the periods it judged keep their verdicts."""
    requirement = MeetingRequirement.objects.select_for_update().get(pk=requirement.pk)
    county = _county(requirement)
    _require_county(county, actor)
    unknown = set(changes) - set(REQUIREMENT_FIELDS)
    if unknown:
        raise ValidationError({name: "该项目不能在此修改" for name in sorted(unknown)})
    values = {name: getattr(requirement, name) for name in REQUIREMENT_FIELDS} | changes
    errors = _requirement_errors(county, values, excluding=requirement.pk)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(requirement)
    for name, value in changes.items():
        setattr(requirement, name, (value or "").strip() if name == "note" else value)
    return _write(actor, requirement, before)


@transaction.atomic
def requirement_end(*, actor: Any, requirement: MeetingRequirement, effective_until: dt.date) -> MeetingRequirement:
    """Stop a requirement from a date on (the last day it is in force); the periods it judged keep it."""
    requirement = MeetingRequirement.objects.select_for_update().get(pk=requirement.pk)
    _require_county(_county(requirement), actor)
    if not isinstance(effective_until, dt.date):
        raise ValidationError({"effective_until": "请填写截止日期"})
    if effective_until < requirement.effective_from:
        raise ValidationError({"effective_until": "截止日期不能早于起始日期"})
    if requirement.effective_until is not None and requirement.effective_until <= effective_until:
        raise ValidationError({"effective_until": f"该要求已于{requirement.effective_until:%Y-%m-%d}截止"})
    before = audit.snapshot(requirement)
    requirement.effective_until = effective_until
    return _write(actor, requirement, before)


@transaction.atomic
def requirement_delete(*, actor: Any, requirement: MeetingRequirement) -> None:
    """Remove a requirement entered by mistake, only before it comes into force (after that, end it instead)."""
    requirement = MeetingRequirement.objects.select_for_update().get(pk=requirement.pk)
    _require_county(_county(requirement), actor)
    if requirement.effective_from <= clock.today():
        raise ValidationError({"effective_from": "该要求已经生效,不能删除;如不再执行,请设置截止日期"})
    before = audit.snapshot(requirement)
    audit.record(actor=actor, action=AuditAction.DELETE, obj=requirement, before=before)
    requirement.delete()


@transaction.atomic
def requirements_seed_defaults(
    county: Org, *, actor: Any = None, effective_from: dt.date | None = None
) -> list[MeetingRequirement]:
    """The requirements of rules.md ORGLIFE (ORG-05…09, 党课 as the county's own setting), for a county that has
    none yet, in force from `effective_from` (default: January 1 of this year)."""
    _require_county(county, actor)
    if MeetingRequirement.objects.filter(county=county).exists():
        raise ValidationError({"county": "本县已设置组织生活要求,不能再次导入默认要求"})
    starts = effective_from or dt.date(clock.today().year, 1, 1)
    created = []
    for default in rules.DEFAULT_REQUIREMENTS:
        requirement = MeetingRequirement(
            county=county,
            county_path=county.path,
            kind=default.kind,
            org_category=default.org_category,
            expected=default.expected,
            cycle=default.cycle,
            effective_from=starts,
            note=default.note,
        )
        created.append(_write(actor, requirement, None))
    return created


REQUIREMENT_HEADERS = ["活动类型", "适用组织", "周期", "应开展次数", "起始日期", "截止日期", "依据或说明"]


def requirements_export(
    *, actor: Any, county: Org, requirements: Any, setting: OrgLifeSetting, file_name: str
) -> bytes:
    """The county's routine requirements and settings as one .xlsx (the export is audited)."""
    rows = [
        [
            requirement.get_kind_display(),
            requirement.get_org_category_display(),
            requirement.get_cycle_display(),
            requirement.expected,
            requirement.effective_from,
            requirement.effective_until or "长期有效",
            requirement.note or (rules.COUNTY_SET_NOTE if requirement.kind in rules.COUNTY_SET_KINDS else ""),
        ]
        for requirement in requirements
    ]
    settings_rows = [
        ["主题党日固定日期", "、".join(f"每月{day}日" for day in setting.theme_days)],
        ["主题党日规定议程", "、".join(setting.agenda_items)],
        *([label, f"{getattr(setting, name)}{unit}"] for name, label, _low, _high, unit in rules.SETTING_BOUNDS),
    ]
    caption = f"{county.name} 组织生活要求({clock.today():%Y-%m-%d})"
    content = table_xlsx(
        [
            Sheet("组织生活要求", REQUIREMENT_HEADERS, rows, caption=caption),
            Sheet("组织生活设置", ["项目", "设置"], settings_rows, caption=caption),
        ]
    )
    record_export(actor=actor, org=county, kind="orglife_requirements", rows=len(rows), file_name=file_name)
    return content
