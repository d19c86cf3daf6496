"""Writes of 流动党员 (F1.4, rules.md MOB-02, MOB-03; seed 001's five systems).

The home branch registers a member who is away (where, how to reach them, the host org, the 流动党员活动证), records
the periodic situation reports and the work done under the five systems, and ends the spell when they return.
Each service checks permission, validates, writes and audits in one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from dangjian.core import audit, clock
from dangjian.core.choices import HISTORICAL_STANDINGS, AuditAction
from dangjian.core.models import Org, Person
from dangjian.members import rules
from dangjian.members.choices import MobileStatus, MobileSystem
from dangjian.members.models.transfers import MobileMember, MobileRecord, MobileReport
from dangjian.members.permissions import can_manage_members, require

MOBILE_EDITABLE = (
    "left_on",
    "destination",
    "address",
    "workplace",
    "contact",
    "fixed_place",
    "host_org",
    "host_org_name",
    "certificate_no",
    "certificate_issued_on",
    "certificate_checked_on",
    "report_every_months",
    "note",
)
_TEXT = ("destination", "address", "workplace", "contact", "host_org_name", "certificate_no", "note")


def _normalised(values: dict[str, Any]) -> dict[str, Any]:
    """Texts trimmed; an empty optional text is "" (never None)."""
    return {k: ((v or "").strip() if k in _TEXT else v) for k, v in values.items()}


def can_manage_mobile(user: Any, mobile: MobileMember) -> bool:
    """The home branch (and the committees above it) manage a mobile member (MOB-02)."""
    return user is None or can_manage_members(user, mobile.org)


def _check(values: dict[str, Any], *, person: Person, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    left_on: dt.date | None = values.get("left_on")
    if left_on is None:
        errors["left_on"] = "请填写外出日期"
    elif left_on > today:
        errors["left_on"] = "外出日期不能晚于今天"
    for field, label in (("destination", "流入地"), ("contact", "联系方式")):
        if not values.get(field):
            errors[field] = f"请填写{label}"
    host: Org | None = values.get("host_org")
    if host is not None and host.pk == person.org_id:
        errors["host_org"] = "流入地党组织不能是党员所在的党支部"
    issued, checked = values.get("certificate_issued_on"), values.get("certificate_checked_on")
    if issued and issued > today:
        errors["certificate_issued_on"] = "活动证发放日期不能晚于今天"
    if checked and checked > today:
        errors["certificate_checked_on"] = "活动证年检日期不能晚于今天"
    elif checked and issued and checked < issued:
        errors["certificate_checked_on"] = "活动证年检日期不能早于发放日期"
    if (issued or checked) and not values.get("certificate_no"):
        errors["certificate_no"] = "请填写流动党员活动证编号"
    months = values.get("report_every_months")
    if months is None:
        errors["report_every_months"] = "请填写情况报告周期"
    elif problem := rules.report_period_problem(months):
        errors["report_every_months"] = problem
    return errors


@transaction.atomic
def mobile_register(*, actor: Any, person: Person, **values: Any) -> MobileMember:
    """Register a member as mobile. MOB-02: one member, one managing branch — a member already away is refused."""
    person = Person.objects.select_for_update(of=("self",)).select_related("org").get(pk=person.pk)
    require(actor is None or can_manage_members(actor, person.org), "没有登记该党员为流动党员的权限")
    unknown = set(values) - set(MOBILE_EDITABLE)
    if unknown:
        raise ValidationError({field: "该项目不能在此填写" for field in unknown})
    values = _normalised(values)
    values.setdefault("report_every_months", MobileMember._meta.get_field("report_every_months").default)
    values.setdefault("fixed_place", True)
    errors = _check(values, person=person, today=clock.today())
    if person.standing in HISTORICAL_STANDINGS:
        errors["person"] = f"{person.name}已列入历史名册,不能登记为流动党员"
    elif MobileMember.objects.filter(person=person, status=MobileStatus.AWAY).exists():
        errors["person"] = f"{person.name}已登记为流动党员(外出中),一名党员只由一个党支部管理"
    if errors:
        raise ValidationError(errors)
    mobile = MobileMember(county_id=person.county_id, org=person.org, org_path=person.org_path, person=person, **values)
    mobile.full_clean(exclude=["county", "org", "person", "host_org"])
    mobile.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=mobile, after=audit.snapshot(mobile))
    return mobile


@transaction.atomic
def mobile_update(*, actor: Any, mobile: MobileMember, **changes: Any) -> MobileMember:
    mobile = MobileMember.objects.select_for_update(of=("self",)).select_related("org", "person").get(pk=mobile.pk)
    require(can_manage_mobile(actor, mobile), "没有修改该流动党员信息的权限")
    unknown = set(changes) - set(MOBILE_EDITABLE)
    if unknown:
        raise ValidationError({field: "该项目不能在此修改" for field in unknown})
    changes = _normalised(changes)
    values = {field: getattr(mobile, field) for field in MOBILE_EDITABLE} | changes
    errors = _check(values, person=mobile.person, today=clock.today())
    if mobile.returned_on and values["left_on"] and values["left_on"] > mobile.returned_on:
        errors["left_on"] = "外出日期不能晚于返回日期"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(mobile)
    for field, value in changes.items():
        setattr(mobile, field, value)
    mobile.full_clean(exclude=["county", "org", "person", "host_org"])
    mobile.save(update_fields=list(changes))
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=mobile, before=before, after=audit.snapshot(mobile))
    return mobile


@transaction.atomic
def mobile_return(*, actor: Any, mobile: MobileMember, returned_on: dt.date) -> MobileMember:
    """The member is back: the spell ends; its reports and records stay."""
    mobile = MobileMember.objects.select_for_update(of=("self",)).select_related("org").get(pk=mobile.pk)
    require(can_manage_mobile(actor, mobile), "没有办理该流动党员返回的权限")
    if mobile.status != MobileStatus.AWAY:
        raise ValidationError({"status": "该流动党员已返回"})
    if returned_on > clock.today():
        raise ValidationError({"returned_on": "返回日期不能晚于今天"})
    if returned_on < mobile.left_on:
        raise ValidationError({"returned_on": f"返回日期不能早于外出日期{mobile.left_on:%Y-%m-%d}"})
    before = audit.snapshot(mobile)
    mobile.status, mobile.returned_on = MobileStatus.RETURNED, returned_on
    mobile.save(update_fields=["status", "returned_on"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=mobile, before=before, after=audit.snapshot(mobile))
    return mobile


def mobile_end_for_transfer(*, actor: Any, person: Person, on: dt.date, where: str) -> None:
    """The member's relation was transferred (MOB-01): the old branch no longer manages them as mobile.

    Called by the transfer services inside their transaction, after their own permission check.
    """
    for mobile in MobileMember.objects.select_for_update().filter(person=person, status=MobileStatus.AWAY):
        before = audit.snapshot(mobile)
        mobile.status, mobile.returned_on = MobileStatus.RETURNED, max(on, mobile.left_on)
        mobile.note = f"组织关系已转至{where}"[:200]
        mobile.save(update_fields=["status", "returned_on", "note"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=mobile, before=before, after=audit.snapshot(mobile))


def last_reported_due(mobile: MobileMember) -> dt.date | None:
    return mobile.reports.order_by("-due_on").values_list("due_on", flat=True).first()


@transaction.atomic
def mobile_report_submit(
    *, actor: Any, mobile: MobileMember, submitted_on: dt.date, content: str, due_on: dt.date | None = None
) -> MobileReport:
    """Record a situation report (seed 001 情况报告制度). It answers the next report date of the schedule unless
    a date of the schedule is named."""
    mobile = MobileMember.objects.select_for_update(of=("self",)).select_related("org").get(pk=mobile.pk)
    require(can_manage_mobile(actor, mobile), "没有记录该流动党员情况报告的权限")
    errors: dict[str, str] = {}
    if mobile.status != MobileStatus.AWAY:
        errors["status"] = "该流动党员已返回,不再报告"
    content = (content or "").strip()
    if not content:
        errors["content"] = "请填写报告内容"
    if submitted_on > clock.today():
        errors["submitted_on"] = "报告日期不能晚于今天"
    elif submitted_on < mobile.left_on:
        errors["submitted_on"] = f"报告日期不能早于外出日期{mobile.left_on:%Y-%m-%d}"
    every = mobile.report_every_months
    if due_on is None:
        due_on = rules.next_report_due(
            left_on=mobile.left_on, every_months=every, last_due_on=last_reported_due(mobile)
        )
    elif (
        due_on <= mobile.left_on
        or rules.next_report_due(left_on=mobile.left_on, every_months=every, last_due_on=due_on - dt.timedelta(days=1))
        != due_on
    ):
        errors["due_on"] = f"{due_on:%Y-%m-%d}不是应报告日期(自外出日期起每{every}个月报告一次)"
    if "due_on" not in errors and mobile.reports.filter(due_on=due_on).exists():
        errors["due_on"] = f"{due_on:%Y-%m-%d}这一期的情况报告已记录"
    if errors:
        raise ValidationError(errors)
    report = MobileReport(
        county_id=mobile.county_id,
        org_path=mobile.org_path,
        mobile=mobile,
        due_on=due_on,
        submitted_on=submitted_on,
        content=content,
    )
    report.full_clean(exclude=["county", "mobile"])
    report.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=report, after=audit.snapshot(report))
    return report


@transaction.atomic
def mobile_record_add(
    *, actor: Any, mobile: MobileMember, system: str, done_on: dt.date, content: str, handled_by: str = ""
) -> MobileRecord:
    """A record under one of seed 001's five systems (首问责任, 情况报告, 学习评议, 定期活动, 培养教育)."""
    mobile = MobileMember.objects.select_related("org").get(pk=mobile.pk)
    require(can_manage_mobile(actor, mobile), "没有记录该流动党员管理工作的权限")
    errors: dict[str, str] = {}
    if system not in MobileSystem.values:
        errors["system"] = "请选择制度(首问责任、情况报告、学习评议、定期活动、培养教育)"
    if done_on > clock.today():
        errors["done_on"] = "日期不能晚于今天"
    content = (content or "").strip()
    if not content:
        errors["content"] = "请填写内容"
    if errors:
        raise ValidationError(errors)
    record = MobileRecord(
        county_id=mobile.county_id,
        org_path=mobile.org_path,
        mobile=mobile,
        system=system,
        done_on=done_on,
        content=content,
        handled_by=(handled_by or "").strip(),
    )
    record.full_clean(exclude=["county", "mobile"])
    record.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=record, after=audit.snapshot(record))
    return record
