"""Writes of dues (党费): the county setting, profiles, the monthly ledger, payments, reductions, the exports.

Each checks permission, validates with the regulation's words, writes and audits in one transaction. Nothing
here ever marks a month paid by itself (DUES-10: the organisation may not pay for a member): a payment is
recorded only when a user records it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from dangjian.core import audit, clock
from dangjian.core.choices import AuditAction, OrgLevel, Role
from dangjian.core.io.tables import Sheet, table_xlsx
from dangjian.core.models import Org, Person
from dangjian.core.permissions import can_manage_orgs
from dangjian.members import rules
from dangjian.members.choices import ApprovalStatus, DuesKindChoice, PaymentMethod, ReductionKind
from dangjian.members.models import DuesProfile, DuesRecord, DuesReduction, DuesSetting
from dangjian.members.permissions import can_approve, can_manage_members, require
from dangjian.members.rules import Month
from dangjian.members.selectors import dues as selectors
from dangjian.members.selectors.dues import ZERO

MAX_MONTHS_AT_ONCE = 12
BRANCH_ALONE_NOTE = "离退休党员生活困难,由党支部研究决定(无需上级审批)"


@transaction.atomic
def dues_setting_save(*, actor: Any, county: Org, farmer_monthly: Decimal) -> DuesSetting:
    """The county organisation department sets the farmers' monthly dues within the regulation's range."""
    if county.level != OrgLevel.COUNTY:
        raise ValidationError({"county": "党费设置属于县(区)一级党组织"})
    require(
        actor is None or (can_manage_orgs(actor, county) and actor.role == Role.COUNTY_ADMIN),
        "只有县(区)委组织部管理员可以修改党费设置",
    )
    if not rules.FARMER_MIN <= farmer_monthly <= rules.FARMER_MAX:
        raise ValidationError(
            {"farmer_monthly": f"农民党员每月党费应在{rules.FARMER_MIN}至{rules.FARMER_MAX}元之间(中组发〔2008〕3号)"}
        )
    setting = DuesSetting.objects.select_for_update().filter(county=county).first()
    before = audit.snapshot(setting) if setting else None
    if setting is None:
        setting = DuesSetting(county=county)
    setting.farmer_monthly = rules.round_fen(farmer_monthly)
    setting.full_clean()
    setting.save()
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit.record(actor=actor, action=action, obj=setting, before=before, after=audit.snapshot(setting))
    return setting


# --- helpers ---------------------------------------------------------------------------------------------


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _expected(profile: DuesProfile | None, reduction: DuesReduction | None, month: dt.date) -> Decimal | None:
    """What a member owes for a month: an approved reduction's amount, else the profile's (None: 未核定)."""
    if reduction is not None:
        return rules.reduced_monthly(Decimal("0.00"), kind=reduction.kind, monthly=reduction.monthly)
    if profile is None or profile.from_month > month:
        return None
    return profile.monthly


def _approved_reductions(person_ids: Iterable[int], month: dt.date) -> dict[int, DuesReduction]:
    reductions = DuesReduction.objects.filter(
        person_id__in=list(person_ids), status=ApprovalStatus.APPROVED, from_month__lte=month, to_month__gte=month
    ).order_by("id")
    return {reduction.person_id: reduction for reduction in reductions}


def _append_row_audit(actor: Any, changed: list[tuple[DuesRecord, dict[str, Any]]]) -> None:
    """One audit entry per changed ledger row (before/after of the fields that changed)."""
    entries = []
    for record, before in changed:
        old, new = audit.changes(before, audit.snapshot(record))
        if new:
            entries.append(audit.build_entry(actor=actor, action=AuditAction.UPDATE, obj=record, before=old, after=new))
    audit.append(entries)


def _recompute_rows(actor: Any, rows: Iterable[DuesRecord], expected_of: Any) -> int:
    """Set each row's expected amount (and reduction) from `expected_of(row) -> (expected, reduction)`."""
    changed = []
    for record in rows:
        expected, reduction = expected_of(record)
        if record.expected == expected and record.reduction_id == (reduction.pk if reduction else None):
            continue
        before = audit.snapshot(record)
        record.expected, record.reduction = expected, reduction
        changed.append((record, before))
    DuesRecord.objects.bulk_update([record for record, _ in changed], ["expected", "reduction", "updated_at"])
    _append_row_audit(actor, changed)
    return len(changed)


# --- profiles (DUES-01…04, -07) ------------------------------------------------------------------------------


@transaction.atomic
def dues_profile_save(
    *,
    actor: Any,
    person: Person,
    kind: str,
    base: Decimal | None = None,
    from_month: dt.date,
    note: str = "",
) -> DuesProfile:
    """Set a member's dues kind and base; the monthly amount follows the brackets (farmers: the county's amount).

    DUES-07: the new amount applies from `from_month` (the month the new wage is first paid): ledger rows of that
    month and later that carry no approved reduction are recomputed, so a difference shows as still to be paid.
    """
    require(actor is None or can_manage_members(actor, person.org), "没有设置该党员党费缴纳标准的权限")
    errors: dict[str, str] = {}
    if kind not in DuesKindChoice.values:
        errors["kind"] = "请选择有效的缴费类别"
    from_month = first_of_month(from_month)
    today = clock.today()
    if from_month > first_of_month(today):
        errors["from_month"] = "起始月份不能晚于本月:新的工资收入从实际领取的月份起计算党费"
    elif Month.of(from_month) < rules.dues_first_month(person.joined_on):
        errors["from_month"] = f"起始月份不能早于入党(支部大会通过)的月份{person.joined_on:%Y年%m月}"
    needs_base = kind in (DuesKindChoice.EMPLOYED, DuesKindChoice.RETIRED)
    if not needs_base:
        base = None
    quote = None
    if "kind" not in errors:
        try:
            quote = rules.dues_quote(kind, base=base, farmer_amount=selectors.farmer_monthly_of(person.county_id))
        except rules.DuesError as exc:
            errors["base"] = str(exc)
    if errors:
        raise ValidationError(errors)
    assert quote is not None
    note = (note or "").strip()
    if len(note) > 200:
        raise ValidationError({"note": "备注不超过200个字"})

    profile = DuesProfile.objects.select_for_update().filter(person=person).first()
    before = audit.snapshot(profile) if profile else None
    if profile is None:
        profile = DuesProfile(person=person)
    profile.county_id, profile.org_path = person.county_id, person.org_path
    profile.kind = kind
    profile.base = rules.round_fen(base) if base is not None else None
    profile.rate = quote.rate
    profile.monthly = quote.monthly
    profile.from_month = from_month
    profile.note = note
    profile.save()
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit.record(actor=actor, action=action, obj=profile, before=before, after=audit.snapshot(profile))

    rows = (
        DuesRecord.objects.select_for_update()
        .filter(person=person, month__gte=from_month, reduction__isnull=True)
        .select_related("person")
    )
    _recompute_rows(actor, rows, lambda record: (profile.monthly, None))
    return profile


# --- the monthly ledger (DUES-06, -09) -----------------------------------------------------------------------


@dataclass
class MonthOpened:
    """What opening a month did: rows created, rows that existed, members left out for want of a standard."""

    month: dt.date
    created: int = 0
    existing: int = 0
    unassessed: list[Person] = field(default_factory=list)


@transaction.atomic
def dues_month_open(*, actor: Any, org: Org, month: dt.date) -> MonthOpened:
    """Create the month's ledger rows for every member of the org's subtree counted that month (set-based).

    Rows that exist are kept as they are; a member without a dues standard for the month gets no row and is
    returned as 未核定, never silently owing 0.
    """
    require(actor is None or can_manage_members(actor, org), "没有为该党组织建立党费台账的权限")
    month = first_of_month(month)
    if month > first_of_month(clock.today()):
        raise ValidationError({"month": "不能建立以后月份的党费台账;预交党费请在党员的党费页面一次登记多个月"})
    result = MonthOpened(month=month)
    people = selectors.counted_in_month(selectors.subtree_people(org), month)
    result.existing = DuesRecord.objects.filter(month=month, person__in=people.values("pk")).count()
    todo = list(people.exclude(dues_records__month=month).select_related("org").order_by("org_path", "id"))
    profiles = {p.person_id: p for p in DuesProfile.objects.filter(person_id__in=[p.pk for p in todo])}
    reductions = _approved_reductions([p.pk for p in todo], month)
    rows = []
    for person in todo:
        expected = _expected(profiles.get(person.pk), reductions.get(person.pk), month)
        if expected is None:
            result.unassessed.append(person)
            continue
        reduction = reductions.get(person.pk)
        rows.append(
            DuesRecord(
                county_id=person.county_id,
                org=person.org,
                org_path=person.org_path,
                person=person,
                month=month,
                expected=expected,
                reduction=reduction,
            )
        )
    created = DuesRecord.objects.bulk_create(rows, batch_size=1000)
    audit.append(
        audit.build_entry(actor=actor, action=AuditAction.CREATE, obj=record, after=audit.snapshot(record))
        for record in created
    )
    result.created = len(created)
    # A profile follows its member: keep its scope path in step after a transfer.
    people_by_id = {person.pk: person for person in todo}
    stale = [p for p in profiles.values() if p.org_path != people_by_id[p.person_id].org_path]
    for profile in stale:
        profile.org_path = people_by_id[profile.person_id].org_path
        profile.county_id = people_by_id[profile.person_id].county_id
    DuesProfile.objects.bulk_update(stale, ["org_path", "county"])
    return result


def _payment_errors(
    *, month: dt.date, paid_on: dt.date | None, method: str, receipt_no: str, note: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if paid_on is None:
        errors["paid_on"] = "请填写缴纳日期"
    else:
        problem = rules.payment_problem(Month.of(month), paid_on=paid_on, today=clock.today())
        if problem:
            errors["paid_on"] = problem
    if method not in PaymentMethod.values:
        errors["method"] = "请选择有效的缴纳方式"
    if len(receipt_no) > 40:
        errors["receipt_no"] = "收据号不超过40个字符"
    if len(note) > 200:
        errors["note"] = "备注不超过200个字"
    return errors


def _locked_record(record: DuesRecord) -> DuesRecord:
    return DuesRecord.objects.select_for_update().select_related("org", "person").get(pk=record.pk)


@transaction.atomic
def dues_payment_record(
    *,
    actor: Any,
    record: DuesRecord,
    paid: Decimal,
    paid_on: dt.date,
    method: str,
    receipt_no: str = "",
    extra: Decimal = Decimal("0.00"),
    note: str = "",
) -> DuesRecord:
    """Record what a member paid for one month (a later call corrects it; the audit trail keeps both).

    DUES-09: at most 6 months late. DUES-08: a voluntary extra of 1000 元 or more is flagged 全额上缴.
    """
    record = _locked_record(record)
    require(actor is None or can_manage_members(actor, record.org), "没有登记该党员党费的权限")
    receipt_no, note = (receipt_no or "").strip(), (note or "").strip()
    errors = _payment_errors(month=record.month, paid_on=paid_on, method=method, receipt_no=receipt_no, note=note)
    paid = rules.round_fen(Decimal(paid if paid is not None else 0))
    extra = rules.round_fen(Decimal(extra if extra is not None else 0))
    if paid < 0:
        errors["paid"] = "实缴金额不能为负数"
    elif paid > record.expected:
        errors["paid"] = f"实缴金额不能超过应缴的{record.expected}元;多交的部分请填入“自愿多交”"
    if extra < 0:
        errors["extra"] = "自愿多交金额不能为负数"
    if paid == 0 and extra == 0 and "paid" not in errors:
        errors["paid"] = "请填写实缴金额"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(record)
    record.paid, record.extra, record.paid_on = paid, extra, paid_on
    record.method, record.receipt_no, record.note = method, receipt_no, note
    if not rules.month_owed(expected=record.expected, paid=paid, excused=False):
        record.excused, record.excuse_reason = False, ""
    fields = ["paid", "extra", "paid_on", "method", "receipt_no", "note", "excused", "excuse_reason", "updated_at"]
    record.save(update_fields=fields)
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=record, before=before, after=audit.snapshot(record))
    return record


@transaction.atomic
def dues_payments_record(
    *,
    actor: Any,
    person: Person,
    months: Iterable[dt.date],
    paid_on: dt.date,
    method: str,
    receipt_no: str = "",
    note: str = "",
) -> list[DuesRecord]:
    """Several months paid in full at once (DUES-09: quarterly, or in advance, with the branch's consent).

    Months not yet in the ledger get their row here; every month must have a dues standard and none may be
    more than 6 months late. All months are recorded, or none.
    """
    require(actor is None or can_manage_members(actor, person.org), "没有登记该党员党费的权限")
    months = sorted({first_of_month(month) for month in months})
    receipt_no, note = (receipt_no or "").strip(), (note or "").strip()
    if not months:
        raise ValidationError({"months": "请选择要缴纳的月份"})
    if len(months) > MAX_MONTHS_AT_ONCE:
        raise ValidationError({"months": f"一次最多登记{MAX_MONTHS_AT_ONCE}个月的党费"})
    errors: dict[str, list[str]] = {}
    for key, message in _payment_errors(
        month=months[0], paid_on=paid_on, method=method, receipt_no=receipt_no, note=note
    ).items():
        errors.setdefault(key, []).append(message)
    first_due = rules.dues_first_month(person.joined_on)
    existing = {r.month: r for r in DuesRecord.objects.select_for_update().filter(person=person, month__in=months)}
    profile = DuesProfile.objects.filter(person=person).first()
    reductions = DuesReduction.objects.filter(
        person=person, status=ApprovalStatus.APPROVED, from_month__lte=months[-1], to_month__gte=months[0]
    )
    plan: list[tuple[dt.date, DuesRecord | None, Decimal, DuesReduction | None]] = []
    for month in months:
        label = Month.of(month)
        if label < first_due:
            errors.setdefault("months", []).append(f"{label}早于入党(支部大会通过)的月份,无需缴纳党费")
            continue
        record = existing.get(month)
        if record is not None:
            if not rules.month_owed(expected=record.expected, paid=record.paid, excused=False):
                errors.setdefault("months", []).append(f"{label}的党费已缴清")
            plan.append((month, record, record.expected, record.reduction))
            continue
        reduction = next((r for r in reductions if r.from_month <= month <= r.to_month), None)
        expected = _expected(profile, reduction, month)
        if expected is None:
            errors.setdefault("months", []).append(f"{label}尚未核定该党员的党费缴纳标准")
            continue
        plan.append((month, None, expected, reduction))
    if errors:
        raise ValidationError(errors)

    results = []
    for month, record, expected, reduction in plan:
        values = {"paid": expected, "paid_on": paid_on, "method": method, "receipt_no": receipt_no, "note": note}
        if record is None:
            record = DuesRecord.objects.create(
                county_id=person.county_id,
                org_id=person.org_id,
                org_path=person.org_path,
                person=person,
                month=month,
                expected=expected,
                reduction=reduction,
                **values,
            )
            audit.record(actor=actor, action=AuditAction.CREATE, obj=record, after=audit.snapshot(record))
        else:
            before = audit.snapshot(record)
            for name, value in values.items():
                setattr(record, name, value)
            record.excused, record.excuse_reason = False, ""
            record.save(update_fields=[*values, "excused", "excuse_reason", "updated_at"])
            audit.record(
                actor=actor, action=AuditAction.UPDATE, obj=record, before=before, after=audit.snapshot(record)
            )
        results.append(record)
    return results


@transaction.atomic
def dues_excuse(*, actor: Any, record: DuesRecord, reason: str) -> DuesRecord:
    """Record a good reason for an unpaid month: it then does not count towards DUES-10's six months."""
    record = _locked_record(record)
    require(actor is None or can_manage_members(actor, record.org), "没有登记该党员党费的权限")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写未缴党费的正当理由"})
    if len(reason) > 200:
        raise ValidationError({"reason": "理由不超过200个字"})
    if not rules.month_owed(expected=record.expected, paid=record.paid, excused=False):
        raise ValidationError({"reason": f"{Month.of(record.month)}的党费已缴清,无需登记未缴理由"})
    before = audit.snapshot(record)
    record.excused, record.excuse_reason = True, reason
    record.save(update_fields=["excused", "excuse_reason", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=record, before=before, after=audit.snapshot(record))
    return record


# --- reductions (DUES-05) ------------------------------------------------------------------------------------


def _apply_reduction(actor: Any, reduction: DuesReduction) -> int:
    """An approved reduction sets the expected amount of the months it covers, rows already opened included."""
    amount = rules.reduced_monthly(Decimal("0.00"), kind=reduction.kind, monthly=reduction.monthly)
    rows = (
        DuesRecord.objects.select_for_update()
        .filter(person_id=reduction.person_id, month__gte=reduction.from_month, month__lte=reduction.to_month)
        .select_related("person")
    )
    return _recompute_rows(actor, rows, lambda record: (amount, reduction))


@transaction.atomic
def dues_reduction_request(
    *,
    actor: Any,
    person: Person,
    kind: str,
    monthly: Decimal | None,
    from_month: dt.date,
    to_month: dt.date,
    reason: str,
    branch_decided_on: dt.date,
) -> DuesReduction:
    """The branch's decision to reduce or waive a member's dues in hardship, sent to the committee above.

    DUES-05: a retiree in hardship — the branch alone decides, so the reduction is approved at once.
    """
    require(actor is None or can_manage_members(actor, person.org), "没有为该党员提出党费减免的权限")
    errors: dict[str, str] = {}
    profile = DuesProfile.objects.filter(person=person).first()
    if kind not in ReductionKind.values:
        errors["kind"] = "请选择减交或免交"
    monthly = Decimal("0.00") if kind == ReductionKind.WAIVE else rules.round_fen(monthly or Decimal("0"))
    if "kind" not in errors:
        problem = rules.reduction_problem(kind, monthly, standard=profile.monthly if profile else None)
        if problem:
            errors["monthly"] = problem
    from_month, to_month = first_of_month(from_month), first_of_month(to_month)
    if to_month < from_month:
        errors["to_month"] = "截止月份不能早于起始月份"
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = "请填写生活困难等减免理由"
    elif len(reason) > 200:
        errors["reason"] = "理由不超过200个字"
    today = clock.today()
    if branch_decided_on is None:
        errors["branch_decided_on"] = "请填写支部决定日期"
    elif branch_decided_on > today:
        errors["branch_decided_on"] = "支部决定日期不能晚于今天"
    if "to_month" not in errors:
        overlapping = DuesReduction.objects.filter(
            person=person,
            status__in=[ApprovalStatus.PENDING, ApprovalStatus.APPROVED],
            from_month__lte=to_month,
            to_month__gte=from_month,
        ).first()
        if overlapping is not None:
            errors["from_month"] = (
                f"该党员{overlapping.from_month:%Y年%m月}至{overlapping.to_month:%Y年%m月}"
                f"已有{overlapping.get_status_display()}的党费减免,期间不能重叠"
            )
    if errors:
        raise ValidationError(errors)

    dues_kind = profile.kind if profile else (rules.suggested_dues_kind(person.occupation) or "")
    branch_alone = rules.reduction_by_branch_alone(dues_kind)
    reduction = DuesReduction(
        county_id=person.county_id,
        org_path=person.org_path,
        person=person,
        kind=kind,
        monthly=monthly,
        from_month=from_month,
        to_month=to_month,
        reason=reason,
        branch_decided_on=branch_decided_on,
    )
    if branch_alone:
        reduction.status = ApprovalStatus.APPROVED
        reduction.approved_by = actor
        reduction.approved_on = today
        reduction.approval_note = BRANCH_ALONE_NOTE
    reduction.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=reduction, after=audit.snapshot(reduction))
    if branch_alone:
        _apply_reduction(actor, reduction)
    return reduction


@transaction.atomic
def dues_reduction_decide(*, actor: Any, reduction: DuesReduction, approve: bool, note: str = "") -> DuesReduction:
    """The committee above the branch approves or refuses a reduction (DUES-05); approval applies it."""
    reduction = DuesReduction.objects.select_for_update().select_related("person__org").get(pk=reduction.pk)
    require(
        actor is None or can_approve(actor, selectors.reduction_org(reduction)),
        "党费减免须由上级党委审批,党支部不能自行批准",
    )
    if reduction.status != ApprovalStatus.PENDING:
        raise ValidationError({"approve": f"该减免申请{reduction.get_status_display()},不能重复审批"})
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": "不批准时请填写审批意见"})
    if len(note) > 200:
        raise ValidationError({"note": "审批意见不超过200个字"})
    before = audit.snapshot(reduction)
    reduction.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
    reduction.approved_by = actor
    reduction.approved_on = clock.today()
    reduction.approval_note = note
    reduction.save(update_fields=["status", "approved_by", "approved_on", "approval_note"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=reduction, before=before, after=audit.snapshot(reduction))
    if approve:
        _apply_reduction(actor, reduction)
    return reduction


# --- exports (.xlsx) -----------------------------------------------------------------------------------------


def special_check_file_name(org: Org, first: dt.date, last: dt.date) -> str:
    return f"党费收缴专项检查-{org.name}-{first:%Y%m}至{last:%Y%m}.xlsx"


def _check_member_sheet(check: selectors.SpecialCheck) -> Sheet:
    month_headers = []
    for month in check.months:
        month_headers += [f"{Month.of(month)}应缴", f"{Month.of(month)}实缴"]
    headers = ["序号", "所在党组织", "姓名", "缴费类别", *month_headers]
    headers += ["应缴合计", "实缴合计", "自愿多交", "少缴金额", "欠缴月数", "欠缴月份", "最长连续欠缴月数", "备注"]
    month_sums = {month: [ZERO, ZERO] for month in check.months}
    rows = []
    for number, member in enumerate(check.members, start=1):
        cells: list[Any] = [number, member.org_name, member.person.name, member.kind or None]
        for month in check.months:
            amounts = member.months.get(month)
            if amounts is None:
                cells += [None, None]
                continue
            cells += list(amounts)
            month_sums[month][0] += amounts[0]
            month_sums[month][1] += amounts[1]
        cells += [member.expected, member.paid, member.extra, member.shortfall, len(member.owed)]
        cells += [",".join(str(m) for m in member.owed) or None, member.longest_run, member.note or None]
        rows.append(cells)
    totals: list[Any] = ["合计", f"{len(check.members)}名党员", None, None]
    for month in check.months:
        totals += month_sums[month]
    totals += [check.total("expected"), check.total("paid"), check.total("extra"), check.total("shortfall")]
    totals += [check.owed_months, f"欠缴{check.in_arrears}人", None, f"{rules.LAPSE_FLAG}{check.lapsed}人"]
    caption = (
        f"党费收缴专项检查:{check.org.name}及全部下级党组织,{check.first}至{check.last}"
        f"(欠缴计至{check.overdue_through},当月党费可在当月内交纳;生成日期 {clock.today():%Y-%m-%d})"
    )
    return Sheet(title="党员明细", caption=caption, headers=headers, rows=rows, totals=totals)


def _check_branch_sheet(check: selectors.SpecialCheck) -> Sheet:
    headers = ["党组织代码", "党组织", "党员人数", "应缴合计", "实缴合计", "自愿多交", "少缴金额", "收缴率(%)"]
    headers += ["欠缴人数", "欠缴人月数", "未核定人数"]
    rows = [
        [
            branch.org.code,
            branch.org.name,
            len(branch.members),
            branch.expected,
            branch.paid,
            branch.extra,
            branch.shortfall,
            branch.rate,
            len(branch.in_arrears),
            branch.owed_months,
            branch.unassessed,
        ]
        for branch in check.branches
    ]
    expected, paid = check.total("expected"), check.total("paid")
    totals = [
        "合计",
        f"{len(check.branches)}个党组织",
        sum(len(branch.members) for branch in check.branches),
        expected,
        paid,
        check.total("extra"),
        check.total("shortfall"),
        rules.round_fen(paid * 100 / expected) if expected else None,
        check.in_arrears,
        check.owed_months,
        check.unassessed,
    ]
    caption = f"党费收缴专项检查(按党组织汇总):{check.org.name},{check.first}至{check.last}"
    return Sheet(title="按党组织汇总", caption=caption, headers=headers, rows=rows, totals=totals)


def dues_special_check_export(
    *, actor: Any, org: Org, first: dt.date, last: dt.date
) -> tuple[selectors.SpecialCheck, bytes]:
    """党费收缴专项检查 as an .xlsx: every member's expected and paid dues per month and in total, the shortfall
    and the overdue months, one row per member and a totals row; a second sheet per branch. A read: like the
    other member lists' downloads it writes nothing (the roster export, with its ID numbers, is the audited one)."""
    require(actor is not None and can_manage_members(actor, org), "没有对该党组织进行党费专项检查的权限")
    first_month, last_month = Month.of(first), Month.of(last)
    problem = rules.check_period_problem(first_month, last_month)
    if problem:
        raise ValidationError({"to_month": problem})
    check = selectors.special_check(actor, org, first_month, last_month, today=clock.today())
    content = table_xlsx([_check_member_sheet(check), _check_branch_sheet(check)])
    return check, content


def dues_ledger_export(*, actor: Any, org: Org, rows: Any, caption: str) -> tuple[selectors.LedgerTotals, bytes]:
    """The ledger rows as listed (already scoped and filtered) with a totals row."""
    require(actor is not None and can_manage_members(actor, org), "没有导出该党组织党费台账的权限")
    totals = selectors.ledger_totals(rows)
    headers = ["月份", "所在党组织", "姓名", "应缴(元)", "实缴(元)", "自愿多交(元)", "缴纳日期", "缴纳方式"]
    headers += ["收据号", "状态", "备注"]

    def lines() -> Any:
        for record in rows.iterator(chunk_size=2000):
            notes = [record.note]
            if record.extra_passed_up:
                notes.insert(0, "自愿多交1000元以上,全额上缴")
            if record.excused:
                notes.insert(0, f"未缴理由:{record.excuse_reason}")
            yield [
                f"{record.month:%Y-%m}",
                record.org.name,
                record.person.name,
                record.expected,
                record.paid,
                record.extra,
                record.paid_on,
                record.get_method_display() or None,
                record.receipt_no or None,
                record.status_label,
                ";".join(filter(None, notes)) or None,
            ]

    totals_row = ["合计", f"{totals.rows}条", None, totals.expected, totals.paid, totals.extra, None, None, None]
    totals_row += [f"未缴清{totals.unpaid_rows}条", None]
    content = table_xlsx(
        [Sheet(title="党费收缴台账", caption=caption, headers=headers, rows=lines(), totals=totals_row)]
    )
    return totals, content
