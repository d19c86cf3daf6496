"""Writes of 村财镇管: the county's limit, a village's expenditures (enter → 联合审签 by the secretary and the director
→ the township pays, or sends it back), and the 三资 registers.

Each signature is given by the signer's own account, whose person must hold the post now (`rules.signer_role`).
Editing an expenditure, or sending it back to the village, voids the signatures given (kept with `cleared_at`);
the expenditure then waits for both signatures again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from dangjian.core import audit, clock
from dangjian.core.choices import AuditAction, OrgLevel, PostTitle
from dangjian.core.io.tables import Sheet, audited_xlsx
from dangjian.core.models import Org, Post
from dangjian.orglife.rules import attachment_problem
from dangjian.service import rules
from dangjian.service.choices import (
    AssetKind,
    AssetStatus,
    ExpenseCategory,
    ExpenseStatus,
    FundKind,
    ResourceKind,
    ResourceStatus,
    SignVerdict,
)
from dangjian.service.models import (
    Asset,
    Decision,
    Expenditure,
    ExpenditureSignature,
    FinancePolicy,
    FundAccount,
    FundBalance,
    LeaseContract,
    LeasePayment,
    Resource,
)
from dangjian.service.permissions import can_approve, can_manage_village, can_set_county_rules, require

EXPENDITURE_FIELDS = ("spent_on", "purpose", "category", "amount", "payee", "decision")
MONEY_MAX = Decimal("9999999999.99")
OTHER_POSTS = (
    PostTitle.DEPUTY_SECRETARY,
    PostTitle.COMMITTEE_MEMBER,
    PostTitle.ORGANISATION_MEMBER,
    PostTitle.PUBLICITY_MEMBER,
    PostTitle.DISCIPLINE_MEMBER,
)
NOT_COUNTY_ADMIN = "只有县(区)委组织部可以设置村财镇管限额"


def _text(value: Any) -> str:
    return (value or "").strip()


def _money(value: Any, field: str, label: str, *, positive: bool = True) -> Decimal:
    try:
        amount = Decimal(str(value)) if value is not None and str(value).strip() != "" else None
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite():
        raise ValidationError({field: f"请填写{label}"})
    if amount < 0 or (positive and amount == 0):
        raise ValidationError({field: f"{label}应大于0" if positive else f"{label}不能为负数"})
    if amount > MONEY_MAX or amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: f"{label}应为不超过两位小数的金额"})
    return amount


def _place_problem(org: Org) -> str | None:
    from dangjian.service.selectors.common import place_q

    if not Org.objects.filter(place_q(), pk=org.pk).exists():
        return "只能为村(社区)党组织登记"
    return None


# --- the county's limit -------------------------------------------------------------------------------------


def policy_for(county_id: int | None) -> FinancePolicy:
    """The county's saved policy, or an unsaved one with the default limit (5,000 元)."""
    policy = FinancePolicy.objects.filter(county_id=county_id).first() if county_id else None
    return policy or FinancePolicy(county_id=county_id)


def limit_for(org: Org) -> Decimal:
    return policy_for(org.county_id).decision_limit


@transaction.atomic
def policy_update(*, actor: Any, county: Org, decision_limit: Any) -> FinancePolicy:
    """Set the county's limit above which an expenditure must come from a 四议两公开 decision."""
    if county.level != OrgLevel.COUNTY:
        raise ValidationError({"county": "村财镇管限额属于县(区)一级党组织"})
    require(actor is None or can_set_county_rules(actor, county), NOT_COUNTY_ADMIN)
    try:
        value = Decimal(str(decision_limit))
    except (InvalidOperation, ValueError):
        value = None
    problem = rules.finance_limit_problem(value)
    if problem:
        raise ValidationError({"decision_limit": problem})
    assert value is not None
    policy = FinancePolicy.objects.select_for_update().filter(county=county).first()
    before = audit.snapshot(policy) if policy else None
    policy = policy or FinancePolicy(county=county)
    policy.decision_limit = value.quantize(Decimal("0.01"))
    policy.save()
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit.record(actor=actor, action=action, obj=policy, before=before, after=audit.snapshot(policy))
    return policy


# --- expenditures -------------------------------------------------------------------------------------------


def resolved_decisions(org: Org) -> QuerySet[Decision]:
    """The place's decisions whose 村民代表会议决议 passed (the decisions area's contract)."""
    from dangjian.service.selectors import decisions

    return decisions.resolved_decisions(org)


def decision_used(decision: Decision, *, exclude: int | None = None) -> Decimal:
    """What the expenditures citing a decision already take (元)."""
    rows = Expenditure.objects.filter(decision=decision)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return (rows.aggregate(total=Sum("amount"))["total"] or Decimal("0")).quantize(Decimal("0.01"))


def _expenditure_errors(values: dict[str, Any], org: Org, *, exclude: int | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if values.get("spent_on") is None:
        errors["spent_on"] = "请填写支出日期"
    elif values["spent_on"] > clock.today():
        errors["spent_on"] = "支出日期不能晚于今天"
    purpose = _text(values.get("purpose"))
    if not purpose:
        errors["purpose"] = "请填写用途"
    elif len(purpose) > 200:
        errors["purpose"] = "用途不能超过200个字"
    if values.get("category") not in ExpenseCategory.values:
        errors["category"] = "请选择支出类别"
    payee = _text(values.get("payee"))
    if not payee:
        errors["payee"] = "请填写收款人(单位)"
    elif len(payee) > 100:
        errors["payee"] = "收款人(单位)不能超过100个字"
    amount: Decimal = values["amount"]
    limit = limit_for(org)
    decision = values.get("decision")
    if decision is not None:
        if not resolved_decisions(org).filter(pk=decision.pk).exists():
            errors["decision"] = f"“{decision.title}”不是本村(社区)村民代表会议已通过的四议两公开事项"
        else:
            problem = rules.decision_overrun_problem(decision.amount, decision_used(decision, exclude=exclude), amount)
            if problem:
                errors["amount"] = problem
    elif rules.needs_decision(amount, limit):
        errors["decision"] = f"金额超过{limit}元,须选择本村(社区)已经村民代表会议决议的四议两公开事项"
    return errors


def _voucher_problem(voucher: Any) -> str | None:
    if voucher is None:
        return None
    if not isinstance(voucher, UploadedFile):
        return "票据附件无效"
    return attachment_problem(voucher.name or "", voucher.size or 0)


def _lock_decision(decision: Decision | None) -> Decision | None:
    """Lock the cited decision so two expenditures cannot both take its last yuan."""
    if decision is None:
        return None
    return Decision.objects.select_for_update().get(pk=decision.pk)


@transaction.atomic
def expenditure_create(
    *,
    actor: Any,
    org: Org,
    spent_on: dt.date,
    purpose: str,
    category: str,
    amount: Any,
    payee: str,
    decision: Decision | None = None,
    voucher: Any = None,
) -> Expenditure:
    """The village enters an expenditure (报账); it then waits for the secretary's and the director's signatures."""
    require(actor is None or can_manage_village(actor, org), "没有为该村(社区)登记财务支出的权限")
    problem = _place_problem(org)
    if problem:
        raise ValidationError({"org": problem})
    value = _money(amount, "amount", "金额")
    decision = _lock_decision(decision)
    values = {
        "spent_on": spent_on,
        "purpose": purpose,
        "category": category,
        "amount": value,
        "payee": payee,
        "decision": decision,
    }
    errors = _expenditure_errors(values, org)
    if problem := _voucher_problem(voucher):
        errors["voucher"] = problem
    if errors:
        raise ValidationError(errors)
    expenditure = Expenditure(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        spent_on=spent_on,
        purpose=_text(purpose),
        category=category,
        amount=value,
        payee=_text(payee),
        decision=decision,
        above_limit=rules.needs_decision(value, limit_for(org)),
        entered_by=actor,
    )
    if voucher is not None:
        expenditure.voucher = voucher
    expenditure.save()
    after = audit.snapshot(expenditure) | {"voucher": expenditure.voucher.name}
    audit.record(actor=actor, action=AuditAction.CREATE, obj=expenditure, after=after)
    return expenditure


def _locked(expenditure: Expenditure) -> Expenditure:
    return Expenditure.objects.select_for_update(of=("self",)).select_related("org").get(pk=expenditure.pk)


def active_signatures(expenditure: Expenditure) -> list[ExpenditureSignature]:
    return list(
        ExpenditureSignature.objects.filter(expenditure=expenditure, cleared_at__isnull=True)
        .select_related("person", "signer")
        .order_by("signed_at", "id")
    )


def _clear_signatures(actor: Any, expenditure: Expenditure, why: str) -> int:
    """Void the signatures given (kept as history), audited on the expenditure."""
    given = active_signatures(expenditure)
    if not given:
        return 0
    now = timezone.now()
    ExpenditureSignature.objects.filter(pk__in=[s.pk for s in given]).update(cleared_at=now)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=expenditure,
        before={"signatures": [f"{s.get_role_display()}:{s.person.name}" for s in given]},
        after={"signatures": [], "cleared": why},
    )
    return len(given)


@transaction.atomic
def expenditure_update(*, actor: Any, expenditure: Expenditure, voucher: Any = None, **changes: Any) -> Expenditure:
    """Correct an expenditure before it is paid; any signature already given is voided (both must sign again)."""
    expenditure = _locked(expenditure)
    require(actor is None or can_manage_village(actor, expenditure.org), "没有修改该支出的权限")
    unknown = set(changes) - set(EXPENDITURE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "该项目不能在此修改"))
    if expenditure.status == ExpenseStatus.PAID:
        raise ValidationError({"status": "已支付的支出不能修改"})
    if "amount" in changes:
        changes["amount"] = _money(changes["amount"], "amount", "金额")
    if "decision" in changes:
        changes["decision"] = _lock_decision(changes["decision"])
    values = {field: getattr(expenditure, field) for field in EXPENDITURE_FIELDS} | changes
    errors = _expenditure_errors(values, expenditure.org, exclude=expenditure.pk)
    if problem := _voucher_problem(voucher):
        errors["voucher"] = problem
    if errors:
        raise ValidationError(errors)
    if not changes and voucher is None:
        return expenditure
    before = audit.snapshot(expenditure) | {"voucher": expenditure.voucher.name}
    for field, value in changes.items():
        setattr(expenditure, field, value.strip() if isinstance(value, str) else value)
    if voucher is not None:
        expenditure.voucher = voucher
    expenditure.above_limit = rules.needs_decision(expenditure.amount, limit_for(expenditure.org))
    expenditure.status = ExpenseStatus.SIGNING
    expenditure.return_reason = ""
    expenditure.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=expenditure,
        before=before,
        after=audit.snapshot(expenditure) | {"voucher": expenditure.voucher.name},
    )
    _clear_signatures(actor, expenditure, "支出修改后须重新签字")
    return expenditure


@transaction.atomic
def expenditure_resubmit(*, actor: Any, expenditure: Expenditure) -> Expenditure:
    """Send a returned expenditure for signing again (unchanged); the earlier signatures stay void."""
    expenditure = _locked(expenditure)
    require(actor is None or can_manage_village(actor, expenditure.org), "没有提交该支出的权限")
    if expenditure.status != ExpenseStatus.RETURNED:
        raise ValidationError({"status": "只有已退回的支出需要重新提交"})
    before = audit.snapshot(expenditure)
    expenditure.status = ExpenseStatus.SIGNING
    expenditure.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=expenditure, before=before, after=audit.snapshot(expenditure)
    )
    return expenditure


@transaction.atomic
def expenditure_delete(*, actor: Any, expenditure: Expenditure) -> None:
    """Delete an expenditure entered by mistake, before anyone signed it."""
    expenditure = _locked(expenditure)
    require(actor is None or can_manage_village(actor, expenditure.org), "没有删除该支出的权限")
    if (
        expenditure.status == ExpenseStatus.PAID
        or ExpenditureSignature.objects.filter(expenditure=expenditure).exists()
    ):
        raise ValidationError({"status": "已有签字记录或已支付的支出不能删除,请修改或退回"})
    audit.record(actor=actor, action=AuditAction.DELETE, obj=expenditure, before=audit.snapshot(expenditure))
    expenditure.delete()


def post_holders(org: Org, today: dt.date) -> dict[str, set[int]]:
    """The people holding the village's posts today: {"secretaries", "directors", "others"} → person ids."""
    current = Q(term_start__lte=today) & (Q(term_end__isnull=True) | Q(term_end__gte=today))
    rows = Post.objects.filter(current, org=org).values_list("title", "person_id")
    holders: dict[str, set[int]] = {"secretaries": set(), "directors": set(), "others": set()}
    for title, person in rows:
        if title == PostTitle.SECRETARY:
            holders["secretaries"].add(person)
        elif title == PostTitle.VILLAGE_DIRECTOR:
            holders["directors"].add(person)
        elif title in OTHER_POSTS:
            holders["others"].add(person)
    return holders


def sign_problem(actor: Any, expenditure: Expenditure) -> tuple[str | None, str | None]:
    """(role, None) when the account may sign the expenditure now, else (None, why not)."""
    if expenditure.status != ExpenseStatus.SIGNING:
        return None, f"该支出{expenditure.get_status_display()},不在审签中"
    if actor is None or getattr(actor, "person_id", None) is None:
        return None, "账号未关联人员信息,不能签字"
    holders = post_holders(expenditure.org, clock.today())
    signed = {s.role: s.person_id for s in active_signatures(expenditure)}
    return rules.signer_role(
        signer=actor.person_id,
        secretaries=holders["secretaries"],
        directors=holders["directors"],
        others=holders["others"],
        signed=signed,
    )


def _signature(actor: Any, expenditure: Expenditure, verdict: str, reason: str) -> ExpenditureSignature:
    role, problem = sign_problem(actor, expenditure)
    if problem or role is None:
        raise ValidationError({"signature": problem or "不能签字"})
    signature = ExpenditureSignature.objects.create(
        county_id=expenditure.county_id,
        org_path=expenditure.org_path,
        expenditure=expenditure,
        role=role,
        verdict=verdict,
        reason=reason,
        signer=actor,
        person_id=actor.person_id,
        signed_at=timezone.now(),
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=signature, after=audit.snapshot(signature))
    return signature


@transaction.atomic
def expenditure_sign(*, actor: Any, expenditure: Expenditure) -> ExpenditureSignature:
    """Sign (同意) as the secretary, the director, or 代主任签 when one person holds both posts; the second signature
    makes the expenditure payable by the township."""
    expenditure = _locked(expenditure)
    signature = _signature(actor, expenditure, SignVerdict.APPROVE, "")
    roles = {s.role for s in active_signatures(expenditure) if s.verdict == SignVerdict.APPROVE}
    if rules.pay_problem(roles) is None:
        before = audit.snapshot(expenditure)
        expenditure.status = ExpenseStatus.PAYABLE
        expenditure.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=expenditure, before=before, after=audit.snapshot(expenditure)
        )
    return signature


@transaction.atomic
def expenditure_reject(*, actor: Any, expenditure: Expenditure, reason: str) -> ExpenditureSignature:
    """A signer refuses (不同意) with a reason: the expenditure goes back to the village to correct, and the
    signatures given are voided."""
    expenditure = _locked(expenditure)
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": "请填写不同意的理由"})
    signature = _signature(actor, expenditure, SignVerdict.REJECT, reason[:300])
    _send_back(actor, expenditure, f"{signature.get_role_display()}不同意:{reason}")
    return signature


def _send_back(actor: Any, expenditure: Expenditure, reason: str) -> None:
    before = audit.snapshot(expenditure)
    expenditure.status = ExpenseStatus.RETURNED
    expenditure.return_reason = reason[:300]
    expenditure.save(update_fields=["status", "return_reason", "updated_at"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=expenditure, before=before, after=audit.snapshot(expenditure)
    )
    _clear_signatures(actor, expenditure, "退回村(社区)修改")


@transaction.atomic
def expenditure_pay(*, actor: Any, expenditure: Expenditure, paid_on: dt.date, voucher_no: str) -> Expenditure:
    """The township pays (村财镇管): only after both signatures, never the village itself."""
    expenditure = _locked(expenditure)
    require(actor is None or can_approve(actor, expenditure.org), "只有乡镇(街道)可以支付村级财务支出")
    if expenditure.status == ExpenseStatus.PAID:
        raise ValidationError({"status": "该支出已支付"})
    if expenditure.status == ExpenseStatus.RETURNED:
        raise ValidationError({"status": "该支出已退回村(社区)修改,不能支付"})
    roles = {s.role for s in active_signatures(expenditure) if s.verdict == SignVerdict.APPROVE}
    problem = rules.pay_problem(roles)
    if problem:
        raise ValidationError({"signature": problem})
    errors: dict[str, str] = {}
    if paid_on is None:
        errors["paid_on"] = "请填写支付日期"
    elif paid_on > clock.today():
        errors["paid_on"] = "支付日期不能晚于今天"
    elif paid_on < expenditure.spent_on:
        errors["paid_on"] = "支付日期不能早于支出日期"
    voucher_no = _text(voucher_no)
    if not voucher_no:
        errors["voucher_no"] = "请填写记账凭证号"
    elif len(voucher_no) > 40:
        errors["voucher_no"] = "记账凭证号不能超过40个字"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(expenditure)
    expenditure.status = ExpenseStatus.PAID
    expenditure.paid_on = paid_on
    expenditure.voucher_no = voucher_no
    expenditure.paid_by = actor
    expenditure.save(update_fields=["status", "paid_on", "voucher_no", "paid_by", "updated_at"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=expenditure, before=before, after=audit.snapshot(expenditure)
    )
    return expenditure


@transaction.atomic
def expenditure_return(*, actor: Any, expenditure: Expenditure, reason: str) -> Expenditure:
    """The township sends an unpaid expenditure back to the village (with the reason); signatures are voided."""
    expenditure = _locked(expenditure)
    require(actor is None or can_approve(actor, expenditure.org), "只有乡镇(街道)可以退回村级财务支出")
    if expenditure.status == ExpenseStatus.PAID:
        raise ValidationError({"status": "该支出已支付,不能退回"})
    if expenditure.status == ExpenseStatus.RETURNED:
        raise ValidationError({"status": "该支出已退回"})
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": "请填写退回原因"})
    _send_back(actor, expenditure, f"乡镇退回:{reason}")
    return expenditure


EXPENDITURE_HEADERS = [
    "村(社区)",
    "支出日期",
    "用途",
    "类别",
    "金额(元)",
    "收款人(单位)",
    "四议两公开事项",
    "超过限额",
    "状态",
    "支付日期",
    "记账凭证号",
]


def expenditures_export(*, actor: Any, org: Org | None, rows: QuerySet[Expenditure], file_name: str) -> bytes:
    """The listed expenditures as .xlsx (audited; the payee is in it, so it stays inside)."""
    data = [
        [
            e.org.name,
            e.spent_on,
            e.purpose,
            e.get_category_display(),
            e.amount,
            e.payee,
            e.decision.title if e.decision_id else "",
            "是" if e.above_limit else "否",
            e.get_status_display(),
            e.paid_on,
            e.voucher_no,
        ]
        for e in rows.select_related("org", "decision").iterator(chunk_size=2000)
    ]
    total = sum((r[4] for r in data), Decimal("0.00"))
    sheet = Sheet(
        "村级财务支出",
        EXPENDITURE_HEADERS,
        data,
        caption=org.name if org else "",
        totals=["合计", f"{len(data)}笔", "", "", total],
    )
    return audited_xlsx(sheet, actor=actor, org=org, kind="service_finance", file_name=file_name)


# --- 三资 registers -----------------------------------------------------------------------------------------


def _register_prelude(actor: Any, org: Org) -> None:
    require(actor is None or can_manage_village(actor, org), "没有管理该村(社区)三资台账的权限")
    problem = _place_problem(org)
    if problem:
        raise ValidationError({"org": problem})


def _required(values: dict[str, Any], labels: dict[str, str]) -> dict[str, str]:
    return {field: f"请填写{label}" for field, label in labels.items() if values.get(field) in (None, "")}


def _choice(errors: dict[str, str], value: Any, field: str, choices: Any, label: str) -> None:
    if value not in choices.values:
        errors[field] = f"请选择{label}"


def _save_new(actor: Any, obj: Any) -> Any:
    obj.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=obj, after=audit.snapshot(obj))
    return obj


def _save_changes(actor: Any, obj: Any, changes: dict[str, Any]) -> Any:
    before = audit.snapshot(obj)
    for field, value in changes.items():
        setattr(obj, field, value.strip() if isinstance(value, str) else value)
    obj.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=obj, before=before, after=audit.snapshot(obj))
    return obj


@transaction.atomic
def fund_account_create(*, actor: Any, org: Org, name: str, kind: str, bank: str = "") -> FundAccount:
    _register_prelude(actor, org)
    errors = _required({"name": _text(name)}, {"name": "账户名称"})
    _choice(errors, kind, "kind", FundKind, "账户类型")
    if not errors and FundAccount.objects.filter(org=org, name=_text(name)).exists():
        errors["name"] = f"已有名为“{_text(name)}”的资金账户"
    if errors:
        raise ValidationError(errors)
    account = FundAccount(
        county_id=org.county_id, org=org, org_path=org.path, name=_text(name), kind=kind, bank=_text(bank)
    )
    return _save_new(actor, account)


@transaction.atomic
def fund_balance_record(*, actor: Any, account: FundAccount, month: dt.date, balance: Any) -> FundBalance:
    """Record (or correct) an account's balance at the end of a month."""
    require(actor is None or can_manage_village(actor, account.org), "没有管理该村(社区)三资台账的权限")
    value = _money(balance, "balance", "月末余额", positive=False)
    if month is None:
        raise ValidationError({"month": "请填写月份"})
    month = month.replace(day=1)
    if month > clock.today().replace(day=1):
        raise ValidationError({"month": "不能登记以后月份的余额"})
    row = FundBalance.objects.select_for_update().filter(account=account, month=month).first()
    if row is None:
        row = FundBalance(
            county_id=account.county_id, org_path=account.org_path, account=account, month=month, balance=value
        )
        return _save_new(actor, row)
    return _save_changes(actor, row, {"balance": value})


ASSET_FIELDS = ("name", "kind", "acquired_on", "original_value", "location", "status", "note")
RESOURCE_FIELDS = ("name", "kind", "area_mu", "location", "status", "note")
CONTRACT_FIELDS = ("code", "lessee", "starts_on", "ends_on", "annual_rent", "note")


def _asset_errors(values: dict[str, Any]) -> dict[str, str]:
    errors = _required(values, {"name": "资产名称", "acquired_on": "取得日期"})
    _choice(errors, values.get("kind"), "kind", AssetKind, "资产类别")
    _choice(errors, values.get("status"), "status", AssetStatus, "资产状态")
    if values.get("acquired_on") and values["acquired_on"] > clock.today():
        errors["acquired_on"] = "取得日期不能晚于今天"
    return errors


@transaction.atomic
def asset_create(*, actor: Any, org: Org, **values: Any) -> Asset:
    _register_prelude(actor, org)
    unknown = set(values) - set(ASSET_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "该项目不能在此填写"))
    values.setdefault("status", AssetStatus.IN_USE)
    values["original_value"] = _money(values.get("original_value"), "original_value", "原值", positive=False)
    errors = _asset_errors(values)
    if errors:
        raise ValidationError(errors)
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    return _save_new(actor, Asset(county_id=org.county_id, org=org, org_path=org.path, **clean))


@transaction.atomic
def asset_update(*, actor: Any, asset: Asset, **changes: Any) -> Asset:
    asset = Asset.objects.select_for_update(of=("self",)).select_related("org").get(pk=asset.pk)
    require(actor is None or can_manage_village(actor, asset.org), "没有管理该村(社区)三资台账的权限")
    unknown = set(changes) - set(ASSET_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "该项目不能在此修改"))
    if "original_value" in changes:
        changes["original_value"] = _money(changes["original_value"], "original_value", "原值", positive=False)
    errors = _asset_errors({f: getattr(asset, f) for f in ASSET_FIELDS} | changes)
    if errors:
        raise ValidationError(errors)
    return _save_changes(actor, asset, changes)


def _resource_errors(values: dict[str, Any]) -> dict[str, str]:
    errors = _required(values, {"name": "资源名称"})
    _choice(errors, values.get("kind"), "kind", ResourceKind, "资源类别")
    _choice(errors, values.get("status"), "status", ResourceStatus, "资源状态")
    return errors


def _area(value: Any) -> Decimal:
    try:
        area = Decimal(str(value)) if value not in (None, "") else None
    except (InvalidOperation, ValueError):
        area = None
    if area is None or not area.is_finite() or area <= 0:
        raise ValidationError({"area_mu": "面积(亩)应大于0"})
    if area > Decimal("9999999999.99") or area != area.quantize(Decimal("0.01")):
        raise ValidationError({"area_mu": "面积(亩)应为不超过两位小数的数"})
    return area


@transaction.atomic
def resource_create(*, actor: Any, org: Org, **values: Any) -> Resource:
    _register_prelude(actor, org)
    unknown = set(values) - set(RESOURCE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "该项目不能在此填写"))
    values.setdefault("status", ResourceStatus.SELF_RUN)
    values["area_mu"] = _area(values.get("area_mu"))
    errors = _resource_errors(values)
    if errors:
        raise ValidationError(errors)
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    return _save_new(actor, Resource(county_id=org.county_id, org=org, org_path=org.path, **clean))


@transaction.atomic
def resource_update(*, actor: Any, resource: Resource, **changes: Any) -> Resource:
    resource = Resource.objects.select_for_update(of=("self",)).select_related("org").get(pk=resource.pk)
    require(actor is None or can_manage_village(actor, resource.org), "没有管理该村(社区)三资台账的权限")
    unknown = set(changes) - set(RESOURCE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "该项目不能在此修改"))
    if "area_mu" in changes:
        changes["area_mu"] = _area(changes["area_mu"])
    errors = _resource_errors({f: getattr(resource, f) for f in RESOURCE_FIELDS} | changes)
    if errors:
        raise ValidationError(errors)
    return _save_changes(actor, resource, changes)


def _contract_errors(values: dict[str, Any], org: Org, *, exclude: int | None = None) -> dict[str, str]:
    errors = _required(values, {"code": "合同编号", "lessee": "承包(承租)方"})
    problem = rules.contract_dates_problem(values.get("starts_on"), values.get("ends_on"))
    if problem:
        errors["ends_on"] = problem
    code = _text(values.get("code"))
    if code:
        same = LeaseContract.objects.filter(org=org, code=code)
        if exclude is not None:
            same = same.exclude(pk=exclude)
        if same.exists():
            errors["code"] = f"合同编号“{code}”已存在"
    return errors


@transaction.atomic
def contract_create(
    *, actor: Any, org: Org, asset: Asset | None = None, resource: Resource | None = None, **values: Any
) -> LeaseContract:
    """A contract leasing one asset or one resource of the village; the subject's status follows (出租/发包)."""
    _register_prelude(actor, org)
    unknown = set(values) - set(CONTRACT_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "该项目不能在此填写"))
    if (asset is None) == (resource is None):
        raise ValidationError({"subject": "请选择一项资产或一项资源(只能选一项)"})
    subject = asset or resource
    assert subject is not None
    if subject.org_id != org.pk:
        raise ValidationError({"subject": "只能选择本村(社区)的资产或资源"})
    values["annual_rent"] = _money(values.get("annual_rent"), "annual_rent", "年租金", positive=False)
    errors = _contract_errors(values, org)
    if errors:
        raise ValidationError(errors)
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    contract = LeaseContract(
        county_id=org.county_id, org=org, org_path=org.path, asset=asset, resource=resource, **clean
    )
    _save_new(actor, contract)
    if asset is not None and asset.status in (AssetStatus.IN_USE, AssetStatus.IDLE):
        _save_changes(actor, asset, {"status": AssetStatus.LEASED})
    if resource is not None and resource.status in (ResourceStatus.SELF_RUN, ResourceStatus.IDLE):
        _save_changes(actor, resource, {"status": ResourceStatus.CONTRACTED})
    return contract


@transaction.atomic
def contract_update(*, actor: Any, contract: LeaseContract, **changes: Any) -> LeaseContract:
    contract = LeaseContract.objects.select_for_update(of=("self",)).select_related("org").get(pk=contract.pk)
    require(actor is None or can_manage_village(actor, contract.org), "没有管理该村(社区)三资台账的权限")
    unknown = set(changes) - set(CONTRACT_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "该项目不能在此修改"))
    if "annual_rent" in changes:
        changes["annual_rent"] = _money(changes["annual_rent"], "annual_rent", "年租金", positive=False)
    errors = _contract_errors(
        {f: getattr(contract, f) for f in CONTRACT_FIELDS} | changes, contract.org, exclude=contract.pk
    )
    if errors:
        raise ValidationError(errors)
    return _save_changes(actor, contract, changes)


@transaction.atomic
def payment_record(
    *, actor: Any, contract: LeaseContract, received_on: dt.date, amount: Any, note: str = ""
) -> LeasePayment:
    """Rent received on a contract."""
    require(actor is None or can_manage_village(actor, contract.org), "没有管理该村(社区)三资台账的权限")
    value = _money(amount, "amount", "金额")
    if received_on is None:
        raise ValidationError({"received_on": "请填写收款日期"})
    if received_on > clock.today():
        raise ValidationError({"received_on": "收款日期不能晚于今天"})
    payment = LeasePayment(
        county_id=contract.county_id,
        org_path=contract.org_path,
        contract=contract,
        received_on=received_on,
        amount=value,
        note=_text(note)[:200],
    )
    return _save_new(actor, payment)


REGISTER_HEADERS = {
    "funds": ["村(社区)", "账户名称", "类型", "开户行", "最近月份", "月末余额(元)"],
    "assets": ["村(社区)", "资产名称", "类别", "取得日期", "原值(元)", "坐落位置", "状态"],
    "resources": ["村(社区)", "资源名称", "类别", "面积(亩)", "坐落位置", "状态"],
    "contracts": [
        "村(社区)",
        "合同编号",
        "标的",
        "承包(承租)方",
        "起始日期",
        "截止日期",
        "年租金(元)",
        "已收租金(元)",
        "提示",
    ],
}
REGISTER_TITLES = {"funds": "资金", "assets": "资产", "resources": "资源", "contracts": "合同"}


def register_export(*, actor: Any, org: Org | None, tab: str, rows: list[list[Any]], file_name: str) -> bytes:
    """One 三资 register as .xlsx (audited)."""
    sheet = Sheet(REGISTER_TITLES[tab], REGISTER_HEADERS[tab], rows, caption=org.name if org else "")
    return audited_xlsx(sheet, actor=actor, org=org, kind=f"service_{tab}", file_name=file_name)
