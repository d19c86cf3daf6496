"""党内关爱 (F1.6): 困难党员 and the visits that help them, the sick and the old ("平时有人访、难时有人帮、
病时有人探", seed 001). The roll's 困难党员 flag (`Person.in_hardship`) follows the hardship records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from dangjian.core import audit, clock
from dangjian.core import services as core_services
from dangjian.core.choices import HISTORICAL_STANDINGS, AuditAction
from dangjian.core.io.tables import Sheet, record_export, table_xlsx
from dangjian.core.models import Org, Person
from dangjian.members import rules
from dangjian.members.choices import HardshipKind, VisitKind
from dangjian.members.models import CareVisit, Hardship
from dangjian.members.permissions import can_manage_members, require

VISIT_FIELDS = ("kind", "visited_on", "visitors", "amount", "goods", "note")


def _on_roll(person: Person, field: str = "person") -> None:
    if person.standing in HISTORICAL_STANDINGS:
        raise ValidationError({field: f"{person.name}已列入历史名册,不再登记关爱记录"})


def _sync_flag(*, actor: Any, person: Person) -> None:
    """Keep the roll's 困难党员 flag in step with the hardship records active today (through the core service)."""
    today = clock.today()
    active = any(
        rules.hardship_active(since, until, today)
        for since, until in Hardship.objects.filter(person=person).values_list("since", "until")
    )
    if Person.objects.filter(pk=person.pk).values_list("in_hardship", flat=True).get() != active:
        core_services.person_update(actor=actor, person=person, in_hardship=active)


def _check_period(since: dt.date | None, until: dt.date | None, errors: dict[str, str]) -> None:
    if since is None:
        errors["since"] = "请填写起始日期"
    elif since > clock.today():
        errors["since"] = "起始日期不能晚于今天"
    if since is not None and until is not None and until < since:
        errors["until"] = "解除日期不能早于起始日期"


@transaction.atomic
def hardship_create(
    *,
    actor: Any,
    person: Person,
    kind: str,
    since: dt.date,
    until: dt.date | None = None,
    description: str = "",
) -> Hardship:
    """Record a member's difficulty (困难党员); the roll's flag follows."""
    person = Person.objects.select_related("org").get(pk=person.pk)
    require(actor is None or can_manage_members(actor, person.org), "没有登记该党员困难情况的权限")
    _on_roll(person)
    errors: dict[str, str] = {}
    if kind not in HardshipKind.values:
        errors["kind"] = "请选择困难类型"
    _check_period(since, until, errors)
    if not errors and Hardship.objects.filter(person=person, kind=kind, until__isnull=True).exists():
        errors["kind"] = f"该党员已有未解除的“{HardshipKind(kind).label}”记录"
    if errors:
        raise ValidationError(errors)
    hardship = Hardship(
        county_id=person.county_id,
        org_path=person.org_path,
        person=person,
        kind=kind,
        since=since,
        until=until,
        description=(description or "").strip(),
    )
    hardship.full_clean(exclude=["county"])
    hardship.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=hardship, after=audit.snapshot(hardship))
    _sync_flag(actor=actor, person=person)
    return hardship


@transaction.atomic
def hardship_end(*, actor: Any, hardship: Hardship, until: dt.date) -> Hardship:
    """The difficulty is over (解除): dated; the record stays."""
    hardship = Hardship.objects.select_for_update(of=("self",)).select_related("person__org").get(pk=hardship.pk)
    require(actor is None or can_manage_members(actor, hardship.person.org), "没有修改该党员困难情况的权限")
    if hardship.until is not None:
        raise ValidationError({"until": f"该困难情况已于{hardship.until:%Y-%m-%d}解除"})
    if until < hardship.since:
        raise ValidationError({"until": "解除日期不能早于起始日期"})
    if until > clock.today():
        raise ValidationError({"until": "解除日期不能晚于今天"})
    before = audit.snapshot(hardship)
    hardship.until = until
    hardship.save(update_fields=["until"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=hardship, before=before, after=audit.snapshot(hardship))
    _sync_flag(actor=actor, person=hardship.person)
    return hardship


def _visit_errors(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if values.get("kind") not in VisitKind.values:
        errors["kind"] = "请选择走访类型"
    visited_on = values.get("visited_on")
    if visited_on is None:
        errors["visited_on"] = "请填写走访日期"
    elif visited_on > clock.today():
        errors["visited_on"] = "走访日期不能晚于今天"
    if not (values.get("visitors") or "").strip():
        errors["visitors"] = "请填写走访人"
    amount = values.get("amount")
    try:
        amount = Decimal(amount if amount is not None else "0")
    except (InvalidOperation, TypeError, ValueError):
        errors["amount"] = "慰问金应为金额(元)"
    else:
        problem = rules.money_problem(amount)
        if problem:
            errors["amount"] = f"慰问金{problem}"
    return errors


@transaction.atomic
def care_visit_create(
    *,
    actor: Any,
    person: Person,
    kind: str,
    visited_on: dt.date,
    visitors: str,
    amount: Decimal = Decimal("0.00"),
    goods: str = "",
    note: str = "",
) -> CareVisit:
    """A visit (困难帮扶, 生病探望, 节日慰问…) with who went and the money (Decimal, to the fen) or goods."""
    person = Person.objects.select_related("org").get(pk=person.pk)
    require(actor is None or can_manage_members(actor, person.org), "没有为该党员登记走访的权限")
    _on_roll(person)
    values = {"kind": kind, "visited_on": visited_on, "visitors": visitors, "amount": amount}
    errors = _visit_errors(values)
    if visited_on is not None and "visited_on" not in errors and visited_on < person.joined_on:
        errors["visited_on"] = "走访日期不能早于入党日期"
    if errors:
        raise ValidationError(errors)
    visit = CareVisit(
        county_id=person.county_id,
        org_path=person.org_path,
        person=person,
        kind=kind,
        visited_on=visited_on,
        visitors=visitors.strip(),
        amount=Decimal(amount).quantize(rules.FEN),
        goods=(goods or "").strip(),
        note=(note or "").strip(),
    )
    visit.full_clean(exclude=["county"])
    visit.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=visit, after=audit.snapshot(visit))
    return visit


@transaction.atomic
def care_visit_update(*, actor: Any, visit: CareVisit, **changes: Any) -> CareVisit:
    """Correct a visit's record (date, visitors, amount, goods…)."""
    visit = CareVisit.objects.select_for_update(of=("self",)).select_related("person__org").get(pk=visit.pk)
    require(actor is None or can_manage_members(actor, visit.person.org), "没有修改该走访记录的权限")
    unknown = set(changes) - set(VISIT_FIELDS)
    if unknown:
        raise ValidationError({field: "该项目不能在此修改" for field in unknown})
    values = {field: getattr(visit, field) for field in VISIT_FIELDS} | changes
    errors = _visit_errors(values)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(visit)
    for field, value in changes.items():
        setattr(visit, field, value.strip() if isinstance(value, str) and field != "kind" else value)
    visit.amount = Decimal(visit.amount).quantize(rules.FEN)
    visit.full_clean(exclude=["county"])
    visit.save(update_fields=list(changes))
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=visit, before=before, after=audit.snapshot(visit))
    return visit


@transaction.atomic
def care_visit_delete(*, actor: Any, visit: CareVisit) -> None:
    """Remove a visit entered by mistake; the audit trail keeps what it said."""
    visit = CareVisit.objects.select_for_update(of=("self",)).select_related("person__org").get(pk=visit.pk)
    require(actor is None or can_manage_members(actor, visit.person.org), "没有删除该走访记录的权限")
    before = audit.snapshot(visit)
    audit.record(actor=actor, action=AuditAction.DELETE, obj=visit, before=before)
    visit.delete()


VISIT_HEADERS = ["走访日期", "所在党组织", "姓名", "走访类型", "走访人", "慰问金(元)", "慰问物品", "备注"]
TOTAL_HEADERS = ["党组织", "层级", "走访次数", "走访人数", "慰问金合计(元)"]
DUE_HEADERS = ["所在党组织", "姓名", "出生日期", "关爱对象", "联系电话"]


def care_export(
    *,
    actor: Any,
    org: Org,
    year: int,
    visits: QuerySet[CareVisit],
    totals: tuple[list[Any], list[Any]],
    due: QuerySet[Person],
    file_name: str,
) -> bytes:
    """The year's visits, the help given per township and branch, and who is still to be visited, as one .xlsx."""
    require(actor is None or can_manage_members(actor, org), "没有导出该党组织关爱记录的权限")
    townships, branches = totals
    visit_rows = [
        [
            visit.visited_on,
            visit.person.org.name,
            visit.person.name,
            visit.get_kind_display(),
            visit.visitors,
            visit.amount,
            visit.goods,
            visit.note,
        ]
        for visit in visits.select_related("person__org").iterator(chunk_size=2000)
    ]
    total_rows = [
        [total.org.name, label, total.visits, total.people, total.amount]
        for label, group in (("乡镇(街道)", townships), ("党组织", branches))
        for total in group
    ]
    reasons = {"is_hardship": "困难党员", "is_elderly": "80岁以上", "is_veteran": "老党员"}
    due_rows = [
        [
            person.org.name,
            person.name,
            person.birth_date,
            "、".join(label for key, label in reasons.items() if getattr(person, key, False)),
            person.phone,
        ]
        for person in due.iterator(chunk_size=2000)
    ]
    amount = sum((row[5] for row in visit_rows), Decimal("0.00"))
    caption = f"{org.name} {year}年度"
    content = table_xlsx(
        [
            Sheet("走访记录", VISIT_HEADERS, visit_rows, caption=caption, totals=["合计", "", "", "", "", amount]),
            Sheet("帮扶汇总", TOTAL_HEADERS, total_rows, caption=caption),
            Sheet("本年度未走访", DUE_HEADERS, due_rows, caption=caption),
        ]
    )
    rows = len(visit_rows) + len(total_rows) + len(due_rows)
    record_export(actor=actor, org=org, kind="care", rows=rows, file_name=file_name)
    return content
