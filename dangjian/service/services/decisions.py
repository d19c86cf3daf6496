"""Writes of 四议两公开: matters, their six steps (in order, each attempt kept), closing a matter that failed, and the
county's disclosure setting.

A meeting step (1–4) is judged by its own rule (`rules.meeting_verdict`); a failed attempt leaves the matter at
that step, to be held again or closed as 未通过. The matter's status and dates (`resolved_on` for finance and the
民情 figures, `disclosed_on`, `completed_on`) are set here and nowhere else."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, QuerySet

from dangjian.core import audit, clock
from dangjian.core.choices import AuditAction, OrgLevel
from dangjian.core.io.tables import Sheet, audited_xlsx
from dangjian.core.models import Org
from dangjian.core.validation import optional_amount
from dangjian.orglife.rules import attachment_problem
from dangjian.service import rules
from dangjian.service.choices import DecisionCategory, DecisionStatus, DisclosureChannel
from dangjian.service.models import Decision, DecisionStep, DisclosurePolicy
from dangjian.service.permissions import can_manage_village, can_set_county_rules, require
from dangjian.service.selectors.common import place_q

DECISION_FIELDS = ("title", "category", "description", "amount")
POLICY_FIELDS = ("period_days", "on_time_days")
MONEY_MAX = Decimal("9999999999.99")
NO_MANAGE = "没有管理该村(社区)四议两公开事项的权限"
NOT_COUNTY_ADMIN = "只有县(区)委组织部管理员可以修改四议两公开公开设置"
CLOSED = (DecisionStatus.COMPLETED, DecisionStatus.FAILED)
EXPORT_HEADERS = (
    "事项名称",
    "村(社区)",
    "类别",
    "涉及金额(元)",
    "状态",
    "提议日期",
    "决议日期",
    "决议公开日期",
    "实施结果公开日期",
)


# --- the county's setting -----------------------------------------------------------------------------------


def policy_for(county_id: int | None) -> DisclosurePolicy:
    """The county's saved setting, or an unsaved row with the defaults (30 days public, on time within 7 days)."""
    policy = DisclosurePolicy.objects.filter(county_id=county_id).first() if county_id else None
    return policy or DisclosurePolicy(county_id=county_id)


@transaction.atomic
def policy_update(*, actor: Any, county: Org, **values: Any) -> DisclosurePolicy:
    """Save the county's disclosure setting; values not given keep theirs."""
    if county.level != OrgLevel.COUNTY:
        raise ValidationError({"county": "四议两公开公开设置属于县(区)一级党组织"})
    require(actor is None or can_set_county_rules(actor, county), NOT_COUNTY_ADMIN)
    unknown = set(values) - set(POLICY_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "该项目不能在此修改"))
    errors: dict[str, str] = {}
    for field, check in (("period_days", rules.policy_period_problem), ("on_time_days", rules.on_time_days_problem)):
        if field in values:
            value = values[field]
            if not isinstance(value, int) or isinstance(value, bool):
                errors[field] = "请填写整数天数"
            elif problem := check(value):
                errors[field] = problem
    if errors:
        raise ValidationError(errors)
    policy = DisclosurePolicy.objects.select_for_update().filter(county=county).first()
    before = audit.snapshot(policy) if policy else None
    policy = policy or DisclosurePolicy(county=county)
    for name, value in values.items():
        setattr(policy, name, value)
    policy.save()
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit.record(actor=actor, action=action, obj=policy, before=before, after=audit.snapshot(policy))
    return policy


# --- matters ------------------------------------------------------------------------------------------------


def _amount(value: Any) -> Decimal | None:
    return optional_amount(value, "amount", "涉及金额", MONEY_MAX, places=Decimal("0.01"))


def _decision_errors(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    title = (values.get("title") or "").strip()
    if not title:
        errors["title"] = "请填写事项名称"
    elif len(title) > 100:
        errors["title"] = "事项名称不能超过100个字"
    if values.get("category") not in DecisionCategory.values:
        errors["category"] = "请选择事项类别"
    try:
        _amount(values.get("amount"))
    except ValidationError as exc:
        errors |= {key: messages[0] for key, messages in exc.message_dict.items()}
    return errors


def is_place(org: Org) -> bool:
    return Org.objects.filter(place_q(), pk=org.pk).exists()


@transaction.atomic
def decision_create(
    *,
    actor: Any,
    org: Org,
    title: str,
    category: str,
    description: str = "",
    amount: Decimal | int | str | None = None,
) -> Decision:
    """A major matter of a village or community, waiting for its first step (党支部会提议)."""
    require(actor is None or can_manage_village(actor, org), NO_MANAGE)
    if not is_place(org):
        raise ValidationError({"org": "四议两公开事项只能由村(社区)党组织登记"})
    errors = _decision_errors({"title": title, "category": category, "amount": amount})
    if errors:
        raise ValidationError(errors)
    decision = Decision.objects.create(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        title=title.strip(),
        category=category,
        description=(description or "").strip(),
        amount=_amount(amount),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=decision, after=audit.snapshot(decision))
    return decision


def _locked(decision: Decision) -> Decision:
    return Decision.objects.select_for_update(of=("self",)).select_related("org").get(pk=decision.pk)


@transaction.atomic
def decision_update(*, actor: Any, decision: Decision, **changes: Any) -> Decision:
    """Change a matter's title, category, description or amount — only until the villagers' representatives have
    resolved it (what they voted on is fixed after that)."""
    decision = _locked(decision)
    require(actor is None or can_manage_village(actor, decision.org), NO_MANAGE)
    unknown = set(changes) - set(DECISION_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "该项目不能在此修改"))
    if decision.resolved_on is not None or decision.status == DecisionStatus.FAILED:
        raise ValidationError({"status": "事项已决议或已终止,不能修改"})
    values = {field: getattr(decision, field) for field in DECISION_FIELDS} | changes
    errors = _decision_errors(values)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(decision)
    for field, value in changes.items():
        if field == "amount":
            value = _amount(value)
        setattr(decision, field, value.strip() if isinstance(value, str) else value)
    decision.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=decision, before=before, after=audit.snapshot(decision))
    return decision


@transaction.atomic
def decision_delete(*, actor: Any, decision: Decision) -> None:
    """Remove a matter entered by mistake: only before any step is recorded (the audit trail keeps it)."""
    decision = _locked(decision)
    require(actor is None or can_manage_village(actor, decision.org), NO_MANAGE)
    if decision.steps.exists():
        raise ValidationError({"steps": "已登记步骤的事项不能删除,可在表决未通过后终止"})
    audit.record(actor=actor, action=AuditAction.DELETE, obj=decision, before=audit.snapshot(decision))
    decision.delete()


@transaction.atomic
def decision_close(*, actor: Any, decision: Decision, reason: str, closed_on: dt.date | None = None) -> Decision:
    """Close a matter as 未通过 after its current step's meeting failed (the attempts are kept)."""
    decision = _locked(decision)
    require(actor is None or can_manage_village(actor, decision.org), NO_MANAGE)
    if decision.status in CLOSED or decision.resolved_on is not None:
        raise ValidationError({"status": "事项已决议或已结束,不能终止"})
    last = decision.steps.filter(step=decision.current_step).order_by("-attempt").first()
    if last is None or last.passed:
        name = rules.DECISION_STEP_NAMES[decision.current_step]
        raise ValidationError({"status": f"第{decision.current_step}步'{name}'未表决未通过,不能终止事项"})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写未通过说明"})
    closed_on = closed_on or clock.today()
    if problem := rules.step_date_problem(closed_on, last.held_on, clock.today()):
        raise ValidationError({"closed_on": problem})
    before = audit.snapshot(decision)
    decision.status = DecisionStatus.FAILED
    decision.failed_on = closed_on
    decision.closing_note = reason[:300]
    decision.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=decision, before=before, after=audit.snapshot(decision))
    return decision


# --- steps --------------------------------------------------------------------------------------------------


def _count(value: Any, field: str, label: str, errors: dict[str, str], *, default: int | None = None) -> int:
    if value is None or value == "":
        if default is not None:
            return default
        errors[field] = f"请填写{label}"
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value))
        except ValueError:
            errors[field] = f"{label}应为整数"
            return 0
    if value > 1_000_000:
        errors[field] = f"{label}过大"
    return value


def _minutes_problem(minutes: Any) -> str | None:
    if minutes in (None, ""):
        return None
    if not isinstance(minutes, UploadedFile):
        return "会议记录应为上传的文件"
    return attachment_problem(minutes.name or "", minutes.size or 0)


def passed_steps(decision: Decision) -> dict[int, DecisionStep]:
    """The passed attempt of each step (disclosures always pass)."""
    return {s.step: s for s in decision.steps.filter(passed=True).order_by("step")}


def status_after(step: int, passed: bool) -> tuple[str, int]:
    """The matter's status and current step once an attempt at `step` is recorded."""
    if not passed:
        return f"step{step}", step
    following = {
        1: (DecisionStatus.STEP2, 2),
        2: (DecisionStatus.STEP3, 3),
        3: (DecisionStatus.STEP4, 4),
        4: (DecisionStatus.RESOLVED, 5),
        5: (DecisionStatus.DISCLOSED, 6),
        6: (DecisionStatus.COMPLETED, 6),
    }
    status, current = following[step]
    return str(status), current


@transaction.atomic
def step_record(
    *,
    actor: Any,
    decision: Decision,
    step: int,
    held_on: dt.date | None,
    place: str = "",
    expected: int | None = None,
    present: int | None = None,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    channel: str = "",
    content: str = "",
    period_days: int | None = None,
    notes: str = "",
    minutes: Any = None,
) -> DecisionStep:
    """Record an attempt at a step. Meetings (1–4) carry attendance and votes, judged by the step's rule; a failed
    attempt keeps the matter at that step. Disclosures (5–6) carry the channel, the published content and the
    period (the county's at least), and are public from their date through date + period − 1."""
    decision = _locked(decision)
    require(actor is None or can_manage_village(actor, decision.org), NO_MANAGE)
    if step not in rules.DECISION_STEP_NAMES:
        raise ValidationError({"step": "步骤应为1至6"})
    if decision.status in CLOSED:
        raise ValidationError({"step": f"事项{decision.get_status_display()},不能再登记步骤"})
    passed = passed_steps(decision)
    if problem := rules.step_order_problem(step, set(passed)):
        raise ValidationError({"step": problem})
    today = clock.today()
    errors: dict[str, str] = {}
    earlier_dates = [s.held_on for s in decision.steps.all()]
    if held_on is None:
        errors["held_on"] = "请填写日期"
    elif problem := rules.step_date_problem(held_on, max(earlier_dates, default=None), today):
        errors["held_on"] = problem
    if len((place or "").strip()) > 100:
        errors["place"] = "地点不能超过100个字"
    if problem := _minutes_problem(minutes):
        errors["minutes"] = problem
    fields: dict[str, Any] = {"place": (place or "").strip(), "notes": (notes or "").strip()}
    if step in rules.MEETING_STEPS:
        counts = {
            "expected": _count(expected, "expected", "应到人数", errors),
            "present": _count(present, "present", "实到人数", errors),
            "votes_for": _count(votes_for, "votes_for", "赞成票", errors),
            "votes_against": _count(votes_against, "votes_against", "反对票", errors, default=0),
            "abstentions": _count(abstentions, "abstentions", "弃权票", errors, default=0),
        }
        if not errors:
            errors |= rules.attendance_errors(*counts.values())
        if errors:
            raise ValidationError(errors)
        verdict = rules.meeting_verdict(step, counts["expected"], counts["present"], counts["votes_for"])
        fields |= counts | {"valid": verdict.valid, "passed": verdict.passed, "verdict": verdict.reason}
    else:
        policy = policy_for(decision.county_id)
        days = _count(period_days, "period_days", "公开期限", errors, default=policy.period_days)
        if "period_days" not in errors and (problem := rules.disclosure_period_problem(days, policy.period_days)):
            errors["period_days"] = problem
        if channel not in DisclosureChannel.values:
            errors["channel"] = "请选择公开形式"
        if not (content or "").strip():
            errors["content"] = "请填写公开内容"
        elif len(content.strip()) > 2000:
            errors["content"] = "公开内容不能超过2000个字"
        if errors:
            raise ValidationError(errors)
        assert held_on is not None
        fields |= {
            "channel": channel,
            "content": content.strip(),
            "period_days": days,
            "public_until": rules.disclosure_last_day(held_on, days),
            "passed": True,
            "verdict": f"已公开,公开期至{rules.disclosure_last_day(held_on, days):%Y-%m-%d}",
        }
    attempt = (decision.steps.filter(step=step).aggregate(n=Max("attempt"))["n"] or 0) + 1
    row = DecisionStep(
        county_id=decision.county_id,
        org_id=decision.org_id,
        org_path=decision.org_path,
        decision=decision,
        step=step,
        attempt=attempt,
        held_on=held_on,
        recorded_by=actor if getattr(actor, "pk", None) else None,
        **fields,
    )
    if minutes not in (None, ""):
        row.minutes = minutes
    row.save()
    before = audit.snapshot(decision)
    decision.status, decision.current_step = status_after(step, row.passed)
    if step == 1 and decision.started_on is None:
        decision.started_on = held_on
    if row.passed:
        if step == 4:
            decision.resolved_on = held_on
        elif step == 5:
            decision.disclosed_on = held_on
            decision.disclosure_lag = (held_on - decision.resolved_on).days if decision.resolved_on else None
        elif step == 6:
            decision.completed_on = held_on
    decision.save()
    after = audit.snapshot(row) | {"minutes": row.minutes.name if row.minutes else ""}
    audit.record(actor=actor, action=AuditAction.CREATE, obj=row, after=after)
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=decision, before=before, after=audit.snapshot(decision))
    return row


# --- export -------------------------------------------------------------------------------------------------


def decisions_export(*, actor: Any, org: Org | None, decisions: QuerySet[Decision], file_name: str) -> bytes:
    """The listed matters as .xlsx (audited)."""
    rows = [
        [
            d.title,
            d.org.name,
            d.get_category_display(),
            d.amount,
            d.get_status_display(),
            d.started_on,
            d.resolved_on,
            d.disclosed_on,
            d.completed_on,
        ]
        for d in decisions.select_related("org").iterator(chunk_size=2000)
    ]
    total = sum((r[3] for r in rows if r[3] is not None), Decimal("0.00"))
    sheet = Sheet(
        "四议两公开",
        EXPORT_HEADERS,
        rows,
        caption=org.name if org else "",
        totals=["合计", f"{len(rows)}件", "", total],
    )
    return audited_xlsx(sheet, actor=actor, org=org, kind="service_decisions", file_name=file_name)
