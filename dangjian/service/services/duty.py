"""Writes of 值班坐班 (F5.2): the county's duty settings, roster entries (one by one or a rota filling a month, days
already arranged skipped), and the sign-in / sign-out of each entry by the cadre on duty or, marked 代签, by a
manager."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from dangjian.core import audit, clock
from dangjian.core.choices import AuditAction
from dangjian.core.io.tables import Sheet, audited_xlsx
from dangjian.core.models import Org, Person
from dangjian.core.scoping import ancestor_paths
from dangjian.service import rules
from dangjian.service.choices import DutyKind, DutySlot
from dangjian.service.models import DutyEntry, DutySetting, DutySign, ServiceCentre
from dangjian.service.permissions import can_manage_village, can_set_county_rules, require

DEFAULT_GRACE = 15


def setting_for(org_path: str) -> DutySetting | None:
    """The duty settings that apply at an org: the nearest ones set above it (normally the county's)."""
    return DutySetting.objects.filter(org_path__in=ancestor_paths(org_path)).order_by("-org_path").first()


def weekends_required(org_path: str) -> bool:
    setting = setting_for(org_path)
    return bool(setting and setting.weekends_required)


def grace_minutes(org_path: str) -> int:
    setting = setting_for(org_path)
    return setting.grace_minutes if setting else DEFAULT_GRACE


@transaction.atomic
def setting_save(
    *, actor: Any, county: Org, weekends_required: bool, grace_minutes: int = DEFAULT_GRACE
) -> DutySetting:
    """The county sets whether weekends need someone on duty and the grace for a late sign-in."""
    require(actor is None or can_set_county_rules(actor, county), "只有县(区)委组织部可以设置值班规则")
    if not 0 <= int(grace_minutes) <= 240:
        raise ValidationError({"grace_minutes": "迟到宽限应在0至240分钟之间"})
    setting = DutySetting.objects.filter(org=county).first()
    before = audit.snapshot(setting) if setting else None
    if setting is None:
        setting = DutySetting(county_id=county.county_id or county.pk, org=county, org_path=county.path)
    setting.weekends_required = bool(weekends_required)
    setting.grace_minutes = int(grace_minutes)
    setting.save()
    if before is None:
        audit.record(actor=actor, action=AuditAction.CREATE, obj=setting, after=audit.snapshot(setting))
    else:
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=setting, before=before, after=audit.snapshot(setting))
    return setting


# --- roster -------------------------------------------------------------------------------------------------


def _person_problem(person: Person | None, centre: ServiceCentre) -> str | None:
    """The cadre must belong to the centre's org, one of its branches, or an org above it (a 带班 leader)."""
    if person is None:
        return None
    path = person.org_path
    if centre.org_path.startswith(path) or path.startswith(centre.org_path):
        return None
    return "值班干部应为本组织或上级党组织的党员"


def _entry_values(centre: ServiceCentre, values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    person = values.get("person")
    name = (values.get("name") or (person.name if person else "")).strip()
    if not name:
        errors["name"] = "请填写值班干部姓名"
    elif len(name) > 50:
        errors["name"] = "姓名不能超过50个字"
    if values.get("kind") not in DutyKind.values:
        errors["kind"] = "值班类别不是有效选项"
    if values.get("slot") not in DutySlot.values:
        errors["slot"] = "时段不是有效选项"
    if not isinstance(values.get("date"), dt.date):
        errors["date"] = "请填写值班日期"
    problem = rules.duty_phone_problem(values.get("phone") or "")
    if problem:
        errors["phone"] = problem
    problem = _person_problem(person, centre)
    if problem:
        errors["person"] = problem
    if errors:
        raise ValidationError(errors)
    return {
        "date": values["date"],
        "kind": values["kind"],
        "slot": values["slot"],
        "person": person,
        "name": name,
        "post": (values.get("post") or "").strip()[:100],
        "phone": (values.get("phone") or "").strip(),
        "note": (values.get("note") or "").strip()[:200],
    }


@transaction.atomic
def entry_create(
    *,
    actor: Any,
    centre: ServiceCentre,
    date: dt.date,
    kind: str = DutyKind.DUTY,
    slot: str = DutySlot.FULL_DAY,
    name: str = "",
    post: str = "",
    person: Person | None = None,
    phone: str = "",
    note: str = "",
) -> DutyEntry:
    """One cadre on the roster of a centre for a day and slot."""
    require(actor is None or can_manage_village(actor, centre.org), "没有安排该服务中心值班的权限")
    values = _entry_values(
        centre,
        {
            "date": date,
            "kind": kind,
            "slot": slot,
            "name": name,
            "post": post,
            "person": person,
            "phone": phone,
            "note": note,
        },
    )
    if DutyEntry.objects.filter(centre=centre, date=date, slot=slot, name=values["name"]).exists():
        raise ValidationError({"name": f"{values['name']}在{date:%Y-%m-%d}该时段已有值班安排"})
    entry = DutyEntry.objects.create(county_id=centre.county_id, org_path=centre.org_path, centre=centre, **values)
    audit.record(actor=actor, action=AuditAction.CREATE, obj=entry, after=audit.snapshot(entry))
    return entry


@transaction.atomic
def entry_delete(*, actor: Any, entry: DutyEntry) -> None:
    require(actor is None or can_manage_village(actor, entry.centre.org), "没有安排该服务中心值班的权限")
    if DutySign.objects.filter(entry=entry).exists():
        raise ValidationError({"entry": "已签到的值班安排不能删除"})
    audit.record(actor=actor, action=AuditAction.DELETE, obj=entry, before=audit.snapshot(entry))
    entry.delete()


@transaction.atomic
def rota_fill(
    *,
    actor: Any,
    centre: ServiceCentre,
    first: dt.date,
    last: dt.date,
    weekdays: set[int],
    cadres: list[dict[str, Any]],
    kind: str = DutyKind.DUTY,
    slot: str = DutySlot.FULL_DAY,
) -> int:
    """Fill [first, last] on the given weekdays with the cadres in turn (each cadre: name, post, person optional);
    a day that already has someone in the slot is skipped. Returns how many entries were added."""
    require(actor is None or can_manage_village(actor, centre.org), "没有安排该服务中心值班的权限")
    if last < first:
        raise ValidationError({"last": "结束日期不能早于开始日期"})
    if (last - first).days > 92:
        raise ValidationError({"last": "一次最多排三个月"})
    if not weekdays or not all(0 <= day <= 6 for day in weekdays):
        raise ValidationError({"weekdays": "请选择值班的星期"})
    if not cadres:
        raise ValidationError({"cadres": "请至少填写一名值班干部"})
    probe = first
    people = [_entry_values(centre, {**cadre, "date": probe, "kind": kind, "slot": slot}) for cadre in cadres]
    taken = set(
        DutyEntry.objects.filter(centre=centre, date__range=(first, last), slot=slot).values_list("date", flat=True)
    )
    rows = [
        DutyEntry(
            county_id=centre.county_id,
            org_path=centre.org_path,
            centre=centre,
            **(people[index] | {"date": day}),
        )
        for day, index in rules.rota_plan(first, last, set(weekdays), len(people))
        if day not in taken
    ]
    DutyEntry.objects.bulk_create(rows)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=centre,
        after={
            "duty_rota": f"{first:%Y-%m-%d}至{last:%Y-%m-%d}",
            "entries": len(rows),
            "cadres": [p["name"] for p in people],
        },
    )
    return len(rows)


# --- sign-in and sign-out -----------------------------------------------------------------------------------


def is_own(actor: Any, entry: DutyEntry) -> bool:
    """The account is the cadre rostered (its person is the entry's person)."""
    person_id = getattr(actor, "person_id", None)
    return person_id is not None and entry.person_id == person_id


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


@transaction.atomic
def sign_in(*, actor: Any, entry: DutyEntry, at: dt.datetime | None = None, note: str = "") -> DutySign:
    """Sign in for a roster entry: the cadre on their own account on the day, or a manager (代签, any day up to
    today)."""
    entry = DutyEntry.objects.select_for_update().select_related("centre__org").get(pk=entry.pk)
    own = actor is not None and is_own(actor, entry)
    require(actor is None or own or can_manage_village(actor, entry.centre.org), "只能为本人或所管理的服务中心签到")
    day = _local(at).date() if at is not None else clock.today()
    at = at or timezone.now()
    local = _local(at)
    if DutySign.objects.filter(entry=entry).exists():
        raise ValidationError({"entry": "该值班安排已签到,不能重复签到"})
    if own and day != entry.date:
        raise ValidationError({"entry": "只能在值班当天签到"})
    if day < entry.date:
        raise ValidationError({"entry": "值班日期未到,不能签到"})
    sign = DutySign.objects.create(
        county_id=entry.county_id,
        org_path=entry.org_path,
        entry=entry,
        signed_in_at=at,
        late=rules.is_late(entry.slot, entry.date, local, grace_minutes(entry.org_path)),
        by_proxy=not own and actor is not None,
        recorded_by=actor if actor is not None and getattr(actor, "pk", None) else None,
        note=(note or "").strip()[:200],
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=sign, after=audit.snapshot(sign))
    return sign


@transaction.atomic
def sign_out(*, actor: Any, sign: DutySign, at: dt.datetime | None = None) -> DutySign:
    """Sign out (not before the sign-in; once)."""
    sign = DutySign.objects.select_for_update().select_related("entry__centre__org").get(pk=sign.pk)
    own = actor is not None and is_own(actor, sign.entry)
    require(
        actor is None or own or can_manage_village(actor, sign.entry.centre.org), "只能为本人或所管理的服务中心签退"
    )
    if sign.signed_out_at is not None:
        raise ValidationError({"entry": "已签退,不能重复签退"})
    at = at or timezone.now()
    problem = rules.sign_out_problem(sign.signed_in_at, at)
    if problem:
        raise ValidationError({"signed_out_at": problem})
    before = audit.snapshot(sign)
    sign.signed_out_at = at
    sign.save(update_fields=["signed_out_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=sign, before=before, after=audit.snapshot(sign))
    return sign


# --- export -------------------------------------------------------------------------------------------------

ROSTER_HEADERS = ("日期", "星期", "时段", "类别", "姓名", "职务", "值班电话", "签到时间", "签退时间", "迟到", "代签")
WEEKDAYS = "一二三四五六日"


def roster_export(
    *, actor: Any, centre: ServiceCentre, entries: QuerySet[DutyEntry], month: dt.date, file_name: str
) -> bytes:
    """A month's roster of a centre with its sign-ins, as .xlsx (audited)."""
    rows = []
    for e in entries.select_related("sign"):
        sign = getattr(e, "sign", None) if hasattr(e, "sign") else None
        rows.append(
            [
                e.date,
                f"周{WEEKDAYS[e.date.weekday()]}",
                e.get_slot_display(),
                e.get_kind_display(),
                e.name,
                e.post,
                e.phone or centre.duty_phone,
                _local(sign.signed_in_at).strftime("%H:%M") if sign else "未签到",
                _local(sign.signed_out_at).strftime("%H:%M") if sign and sign.signed_out_at else "",
                "是" if sign and sign.late else "",
                "是" if sign and sign.by_proxy else "",
            ]
        )
    sheet = Sheet("值班表", ROSTER_HEADERS, rows, caption=f"{centre.name} {month:%Y年%m月}值班表")
    return audited_xlsx(sheet, actor=actor, org=centre.org, kind="service_duty_roster", file_name=file_name)
