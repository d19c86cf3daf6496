"""Writes of 组织关系转接 (F1.3, rules.md MOB-01, MOB-03, MOB-04).

Inside the deployment the sending side issues the letter and the receiving side accepts it (the member then moves
to the new branch) or returns it with a reason; until it is accepted the old branch still manages the member.
To outside: the member stays on the roll until the receipt (回执) comes back, then joins the historical roll.
From outside: the letter is recorded, and accepting it registers the member on the roll.
Each service checks permission, validates, writes and audits in one transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from dangjian.core import audit, clock
from dangjian.core import services as core_services
from dangjian.core.choices import BRANCH_KINDS, HISTORICAL_STANDINGS, MANAGER_ROLES, AuditAction, OrgLevel, Role
from dangjian.core.models import Org, Person, User
from dangjian.core.scoping import org_in_scope
from dangjian.members import rules
from dangjian.members.choices import TransferKind, TransferReason, TransferStatus
from dangjian.members.models.transfers import Transfer, TransferSetting
from dangjian.members.permissions import can_manage_members, can_set_county_rules, require
from dangjian.members.services.mobile import mobile_end_for_transfer
from dangjian.members.services.standing import person_transferred_out

# --- guards: which side may do what (templates and the API ask the same questions) -----------------------


def is_sending_side(user: Any, transfer: Transfer) -> bool:
    """The org that issued (internal, outgoing) or recorded (incoming) the letter."""
    org = transfer.to_org if transfer.kind == TransferKind.INCOMING else transfer.from_org
    return user is None or (org is not None and can_manage_members(user, org))


def is_receiving_side(user: Any, transfer: Transfer) -> bool:
    org = transfer.to_org
    return user is None or (org is not None and can_manage_members(user, org))


def can_audit_roll(user: Any) -> bool:
    """The roll audit is the managers' work (secretaries and the committees above)."""
    return can_manage_members(user, getattr(user, "org", None))


def _pending(transfer: Transfer) -> bool:
    return transfer.status == TransferStatus.PENDING


def can_accept(user: Any, transfer: Transfer) -> bool:
    return transfer.kind == TransferKind.INTERNAL and _pending(transfer) and is_receiving_side(user, transfer)


def can_reject(user: Any, transfer: Transfer) -> bool:
    return transfer.kind != TransferKind.OUTGOING and _pending(transfer) and is_receiving_side(user, transfer)


def can_cancel(user: Any, transfer: Transfer) -> bool:
    return _pending(transfer) and is_sending_side(user, transfer)


def can_confirm_receipt(user: Any, transfer: Transfer) -> bool:
    return transfer.kind == TransferKind.OUTGOING and _pending(transfer) and is_sending_side(user, transfer)


def can_register(user: Any, transfer: Transfer) -> bool:
    return transfer.kind == TransferKind.INCOMING and _pending(transfer) and is_receiving_side(user, transfer)


# --- the county's setting (MOB-04) -----------------------------------------------------------------------


def setting_of(county_id: int | None) -> TransferSetting:
    """The county's setting, or the defaults of rules.md when the county has set none (unsaved)."""
    setting = TransferSetting.objects.filter(county_id=county_id).first() if county_id else None
    return setting or TransferSetting(county_id=county_id)


@transaction.atomic
def transfer_setting_save(
    *, actor: Any, county: Org, letter_valid_months: int, letter_valid_months_across_provinces: int
) -> TransferSetting:
    """MOB-04 is unverified (sources differ: 3 months, 6 across provinces): the county organisation department
    sets the validity of its letters."""
    if county.level != OrgLevel.COUNTY:
        raise ValidationError({"county": "组织关系转接设置属于县(区)一级党组织"})
    require(actor is None or can_set_county_rules(actor, county), "只有县(区)委组织部管理员可以修改组织关系转接设置")
    errors = {}
    for field, months in (
        ("letter_valid_months", letter_valid_months),
        ("letter_valid_months_across_provinces", letter_valid_months_across_provinces),
    ):
        if problem := rules.letter_validity_problem(months):
            errors[field] = problem
    if errors:
        raise ValidationError(errors)
    setting = TransferSetting.objects.select_for_update().filter(county=county).first()
    before = audit.snapshot(setting) if setting else None
    if setting is None:
        setting = TransferSetting(county=county)
    setting.letter_valid_months = letter_valid_months
    setting.letter_valid_months_across_provinces = letter_valid_months_across_provinces
    setting.full_clean()
    setting.save()
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit.record(actor=actor, action=action, obj=setting, before=before, after=audit.snapshot(setting))
    return setting


# --- shared checks ---------------------------------------------------------------------------------------


def _county_of(org: Org) -> Org:
    return org if org.level == OrgLevel.COUNTY else org.county


def _province_path(org: Org) -> str | None:
    """The path of the province the org lies in, when the tree holds provinces."""
    prefixes = [org.path[:end] for end in range(Org.steplen, len(org.path) + 1, Org.steplen)]
    return Org.objects.filter(path__in=prefixes, level=OrgLevel.PROVINCE).values_list("path", flat=True).first()


def across_provinces(from_org: Org, to_org: Org) -> bool:
    """Between two provinces of the deployment (unknown provinces count as the same one)."""
    here, there = _province_path(from_org), _province_path(to_org)
    return here is not None and there is not None and here != there


def _next_letter_no(county: Org, year: int) -> str:
    """The next number of the county's letters of that year; the county row is locked so two letters never share one."""
    Org.objects.select_for_update().filter(pk=county.pk).first()
    prefix = rules.letter_number(county.code, year, 0)[: -len("0000号")]
    pattern = re.compile(re.escape(prefix) + r"(\d+)号$")
    used = Transfer.objects.filter(county=county, letter_no__startswith=prefix).values_list("letter_no", flat=True)
    highest = max((int(m.group(1)) for no in used if (m := pattern.match(no))), default=0)
    return rules.letter_number(county.code, year, highest + 1)


def _check_branch(org: Org | None, field: str, label: str) -> dict[str, str]:
    if org is None:
        return {field: f"请选择{label}"}
    if org.kind not in BRANCH_KINDS:
        return {field: f"{label}须为党支部(含联合党支部、临时党支部):党员编入党支部管理"}
    if org.is_dissolved:
        return {field: f"{label}“{org.name}”已撤销"}
    return {}


def _check_person(person: Person) -> dict[str, str]:
    if person.standing in HISTORICAL_STANDINGS:
        return {"person": f"{person.name}已列入历史名册,不能转接组织关系"}
    open_transfer = (
        Transfer.objects.filter(person=person, status=TransferStatus.PENDING)
        .values_list("letter_no", flat=True)
        .first()
    )
    if open_transfer is not None:
        return {"person": f"{person.name}已有未办结的组织关系转接(介绍信{open_transfer}),请先办结或撤销"}
    return {}


def _owner_of(actor: Any, owner: User | None, org: Org) -> tuple[User | None, dict[str, str]]:
    """The user in charge of a pending transfer: the issuing user, or a named manager of the org."""
    if owner is None:
        return (actor if getattr(actor, "pk", None) else None), {}
    if not owner.is_active or owner.role not in MANAGER_ROLES or not org_in_scope(org, owner):
        return None, {"owner": f"经办人须为管理“{org.name}”的书记或管理员"}
    return owner, {}


def _check_dates(
    issued_on: dt.date, valid_until: dt.date, deadline: dt.date, *, today: dt.date, entered_validity: bool = False
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if issued_on > today:
        errors["issued_on"] = "开具日期不能晚于今天"
    if valid_until < issued_on:
        errors["valid_until"] = "有效期不能早于开具日期"
    elif deadline < issued_on:
        errors["deadline"] = "办理期限不能早于开具日期"
    elif deadline > valid_until and not entered_validity:
        errors["deadline"] = f"办理期限不能晚于介绍信有效期({valid_until:%Y-%m-%d})"
    return errors


def _letter_terms(
    actor: Any,
    owner: User | None,
    org: Org,
    issued_on: dt.date,
    valid_until: dt.date,
    deadline: dt.date | None,
    *,
    entered_validity: bool = False,
) -> tuple[User | None, dt.date, dict[str, str]]:
    """The owner, the deadline (the letter's validity unless given) and what is wrong with them or the dates."""
    owner, errors = _owner_of(actor, owner, org)
    deadline = deadline or valid_until
    errors |= _check_dates(issued_on, valid_until, deadline, today=clock.today(), entered_validity=entered_validity)
    return owner, deadline, errors


def _valid_until(county: Org, issued_on: dt.date, *, across: bool) -> dt.date:
    """How long a letter issued in the county is valid, by the county's setting."""
    setting = setting_of(county.pk)
    return rules.letter_valid_until(
        issued_on,
        across_provinces=across,
        months=setting.letter_valid_months,
        months_across_provinces=setting.letter_valid_months_across_provinces,
    )


def _sending(actor: Any, person: Person) -> Person:
    """The member a letter is issued for, locked, once the actor may manage them."""
    person = Person.objects.select_for_update(of=("self",)).select_related("org", "org__county").get(pk=person.pk)
    require(actor is None or can_manage_members(actor, person.org), "没有为该党员开具组织关系介绍信的权限")
    return person


def _sent_by(person: Person) -> dict[str, Any]:
    """The fields of a letter that say whom it is for and where from."""
    return {"person": person, "person_name": person.name, "from_org": person.org, "from_path": person.org.path}


def _check_reason(reason: str) -> dict[str, str]:
    return {} if reason in TransferReason.values else {"reason": "请选择转接原因"}


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _locked(transfer: Transfer) -> Transfer:
    return (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("person", "from_org", "to_org")
        .get(pk=transfer.pk)
    )


def _require_pending(transfer: Transfer, verb: str) -> None:
    if transfer.status != TransferStatus.PENDING:
        raise ValidationError({"status": f"该转接{transfer.get_status_display()},不能再{verb}"})


def _require_valid_letter(transfer: Transfer, today: dt.date) -> None:
    if rules.letter_expired(transfer.valid_until, today):
        raise ValidationError(
            {
                "valid_until": f"介绍信有效期至{transfer.valid_until:%Y-%m-%d},已过期,"
                "请撤销后重新开具(介绍信须在有效期内办理)"
            }
        )


def _save_new(actor: Any, transfer: Transfer) -> Transfer:
    transfer.full_clean(exclude=["county", "to_county", "person", "from_org", "to_org", "owner"])
    transfer.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=transfer, after=audit.snapshot(transfer))
    return transfer


def _decide(actor: Any, transfer: Transfer, before: dict[str, Any], fields: list[str]) -> Transfer:
    transfer.save(update_fields=fields)
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=transfer, before=before, after=audit.snapshot(transfer))
    return transfer


def _move_person(actor: Any, person: Person, to_org: Org) -> Person:
    """Put the member on the receiving branch's roll. The receiving side has no say over the old branch, so the
    core update service (which asks for both) is not used; the move is recorded with the accepting user."""
    before = audit.snapshot(person)
    old_county_id = person.county_id
    person.org, person.org_path, person.county_id = to_org, to_org.path, core_services.county_id_of(to_org)
    person.save(update_fields=["org", "org_path", "county", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=person, before=before, after=audit.snapshot(person))
    for account in User.objects.filter(person=person, role=Role.MEMBER).exclude(org=to_org):
        account_before = audit.snapshot(account)
        account.org = to_org
        account.save(update_fields=["org"])
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=account, before=account_before, after=audit.snapshot(account)
        )
    core_services.schedule_county_refresh(person.county_id)
    if old_county_id != person.county_id:
        core_services.schedule_county_refresh(old_county_id)
    return person


def _end_mobile_spells(actor: Any, person: Person, on: dt.date, where: str) -> None:
    mobile_end_for_transfer(actor=actor, person=person, on=on, where=where)


# --- inside the deployment -------------------------------------------------------------------------------


@transaction.atomic
def transfer_issue(
    *,
    actor: Any,
    person: Person,
    to_org: Org,
    reason: str,
    issued_on: dt.date,
    note: str = "",
    owner: User | None = None,
    deadline: dt.date | None = None,
) -> Transfer:
    """The sending branch issues a letter to another branch of the platform (any county). Nothing changes on the
    roll until the receiving branch accepts it (MOB-01)."""
    person = _sending(actor, person)
    errors = _check_person(person) | _check_branch(to_org, "to_org", "转入党组织") | _check_reason(reason)
    if not errors and to_org.pk == person.org_id:
        errors["to_org"] = "转入党组织不能是党员现在所在的党组织"
    county = _county_of(person.org)
    across = not errors and across_provinces(person.org, to_org)
    valid_until = _valid_until(county, issued_on, across=across)
    owner, deadline, term_errors = _letter_terms(actor, owner, person.org, issued_on, valid_until, deadline)
    errors |= term_errors
    _raise(errors)
    transfer = Transfer(
        county=county,
        kind=TransferKind.INTERNAL,
        **_sent_by(person),
        to_org=to_org,
        to_path=to_org.path,
        to_county=_county_of(to_org),
        reason=reason,
        letter_no=_next_letter_no(county, issued_on.year),
        issued_on=issued_on,
        valid_until=valid_until,
        across_provinces=across,
        owner=owner,
        deadline=deadline,
        note=(note or "").strip(),
    )
    return _save_new(actor, transfer)


@transaction.atomic
def transfer_accept(*, actor: Any, transfer: Transfer) -> Transfer:
    """The receiving branch accepts with one click: the member moves to its roll (the audit trail records the
    move), and a spell as a mobile member away from the old branch ends."""
    transfer = _locked(transfer)
    require(is_receiving_side(actor, transfer), "只有转入党组织可以接收该组织关系")
    require(transfer.kind == TransferKind.INTERNAL, "系统外的转接不在此接收")
    _require_pending(transfer, "接收")
    today = clock.today()
    _require_valid_letter(transfer, today)
    person = Person.objects.select_for_update().get(pk=transfer.person_id)
    if person.standing in HISTORICAL_STANDINGS:
        raise ValidationError({"person": f"{person.name}已列入历史名册,不能接收"})
    if person.org_id != transfer.from_org_id:
        raise ValidationError({"person": f"{person.name}现已不在{transfer.from_org},请转出党组织撤销后重新开具"})
    before = audit.snapshot(transfer)
    _move_person(actor, person, transfer.to_org)
    _end_mobile_spells(actor, person, today, str(transfer.to_org))
    transfer.status, transfer.decided_on = TransferStatus.ACCEPTED, today
    return _decide(actor, transfer, before, ["status", "decided_on"])


@transaction.atomic
def transfer_reject(*, actor: Any, transfer: Transfer, reason: str) -> Transfer:
    """The receiving side returns the letter. MOB-01: a transfer may not be refused without cause."""
    transfer = _locked(transfer)
    require(is_receiving_side(actor, transfer), "只有转入党组织可以退回该组织关系")
    require(transfer.kind != TransferKind.OUTGOING, "转出本系统的介绍信由对方党组织办理,不在此退回")
    _require_pending(transfer, "退回")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "退回须写明理由:组织关系转接不得无故拒收"})
    before = audit.snapshot(transfer)
    transfer.status, transfer.decided_on, transfer.decision_note = TransferStatus.REJECTED, clock.today(), reason
    return _decide(actor, transfer, before, ["status", "decided_on", "decision_note"])


@transaction.atomic
def transfer_cancel(*, actor: Any, transfer: Transfer, reason: str = "") -> Transfer:
    """The side that issued (or recorded) a pending letter withdraws it; the member stays where they are."""
    transfer = _locked(transfer)
    require(is_sending_side(actor, transfer), "只有开具(登记)介绍信的党组织可以撤销")
    _require_pending(transfer, "撤销")
    before = audit.snapshot(transfer)
    transfer.status, transfer.decided_on = TransferStatus.CANCELLED, clock.today()
    transfer.decision_note = (reason or "").strip()
    return _decide(actor, transfer, before, ["status", "decided_on", "decision_note"])


# --- out of the deployment ------------------------------------------------------------------------------


@transaction.atomic
def transfer_out_issue(
    *,
    actor: Any,
    person: Person,
    external_org_name: str,
    reason: str,
    issued_on: dt.date,
    across_provinces: bool = False,
    letter_no: str = "",
    note: str = "",
    owner: User | None = None,
    deadline: dt.date | None = None,
) -> Transfer:
    """A letter to an org outside the platform. The member stays on the roll until the receipt comes back (MOB-03);
    the letter number is the county's next one unless the paper letter's own number is given."""
    person = _sending(actor, person)
    errors = _check_person(person) | _check_reason(reason)
    external_org_name = (external_org_name or "").strip()
    if not external_org_name:
        errors["external_org_name"] = "请填写转入的系统外党组织名称"
    county = _county_of(person.org)
    valid_until = _valid_until(county, issued_on, across=across_provinces)
    owner, deadline, term_errors = _letter_terms(actor, owner, person.org, issued_on, valid_until, deadline)
    errors |= term_errors
    letter_no = (letter_no or "").strip()
    if letter_no and Transfer.objects.filter(county=county, letter_no=letter_no).exists():
        errors["letter_no"] = f"介绍信编号“{letter_no}”已使用"
    _raise(errors)
    transfer = Transfer(
        county=county,
        kind=TransferKind.OUTGOING,
        **_sent_by(person),
        external_org_name=external_org_name,
        reason=reason,
        letter_no=letter_no or _next_letter_no(county, issued_on.year),
        issued_on=issued_on,
        valid_until=valid_until,
        across_provinces=across_provinces,
        owner=owner,
        deadline=deadline,
        note=(note or "").strip(),
    )
    return _save_new(actor, transfer)


@transaction.atomic
def transfer_receipt_confirm(*, actor: Any, transfer: Transfer, receipt_on: dt.date) -> Transfer:
    """The receipt (回执) came back: the member leaves this roll for the historical roll."""
    transfer = _locked(transfer)
    require(is_sending_side(actor, transfer), "只有开具介绍信的党组织可以确认回执")
    require(transfer.kind == TransferKind.OUTGOING, "只有转出本系统的介绍信有回执")
    _require_pending(transfer, "确认回执")
    today = clock.today()
    if receipt_on > today:
        raise ValidationError({"receipt_on": "回执日期不能晚于今天"})
    if receipt_on < transfer.issued_on:
        raise ValidationError({"receipt_on": f"回执日期不能早于介绍信开具日期{transfer.issued_on:%Y-%m-%d}"})
    before = audit.snapshot(transfer)
    person_transferred_out(
        actor=actor,
        person=transfer.person,
        on=receipt_on,
        letter_no=transfer.letter_no,
        external_org_name=transfer.external_org_name,
    )
    _end_mobile_spells(actor, transfer.person, receipt_on, transfer.external_org_name)
    transfer.status, transfer.decided_on, transfer.receipt_on = TransferStatus.ACCEPTED, today, receipt_on
    return _decide(actor, transfer, before, ["status", "decided_on", "receipt_on"])


# --- into the deployment ---------------------------------------------------------------------------------


@transaction.atomic
def transfer_in_record(
    *,
    actor: Any,
    to_org: Org,
    person_name: str,
    external_org_name: str,
    letter_no: str,
    issued_on: dt.date,
    valid_until: dt.date,
    reason: str,
    across_provinces: bool = False,
    note: str = "",
    owner: User | None = None,
    deadline: dt.date | None = None,
) -> Transfer:
    """A letter from an org outside the platform, as it reads (number, issuing org, validity, the member's name).
    The member is put on the roll when the letter is accepted (`transfer_in_register`)."""
    require(actor is None or can_manage_members(actor, to_org), "没有在该党组织登记转入介绍信的权限")
    errors = _check_branch(to_org, "to_org", "转入党组织") | _check_reason(reason)
    person_name, letter_no = (person_name or "").strip(), (letter_no or "").strip()
    external_org_name = (external_org_name or "").strip()
    if not person_name:
        errors["person_name"] = "请填写介绍信上的党员姓名"
    if not external_org_name:
        errors["external_org_name"] = "请填写开具介绍信的党组织名称"
    if not letter_no:
        errors["letter_no"] = "请填写介绍信编号"
    county = _county_of(to_org)
    duplicate = Transfer.objects.filter(
        county=county, kind=TransferKind.INCOMING, letter_no=letter_no, external_org_name=external_org_name
    ).exclude(status=TransferStatus.CANCELLED)
    if letter_no and duplicate.exists():
        errors["letter_no"] = f"“{external_org_name}”开具的介绍信{letter_no}已登记"
    owner, deadline, term_errors = _letter_terms(
        actor, owner, to_org, issued_on, valid_until, deadline, entered_validity=True
    )
    errors |= term_errors
    _raise(errors)
    transfer = Transfer(
        county=county,
        kind=TransferKind.INCOMING,
        person_name=person_name,
        to_org=to_org,
        to_path=to_org.path,
        to_county=county,
        external_org_name=external_org_name,
        reason=reason,
        letter_no=letter_no,
        issued_on=issued_on,
        valid_until=valid_until,
        across_provinces=across_provinces,
        owner=owner,
        deadline=deadline,
        note=(note or "").strip(),
    )
    return _save_new(actor, transfer)


@transaction.atomic
def transfer_in_register(*, actor: Any, transfer: Transfer, **person_data: Any) -> Person:
    """Accept a letter from outside: the member is registered on the receiving branch's roll (core person_create,
    with the roster's fields) and the letter is linked to them."""
    transfer = _locked(transfer)
    require(is_receiving_side(actor, transfer), "只有转入党组织可以接收该介绍信")
    require(transfer.kind == TransferKind.INCOMING, "只有从系统外转入的介绍信在此登记")
    _require_pending(transfer, "接收")
    _require_valid_letter(transfer, clock.today())
    name = (person_data.get("name") or "").strip()
    if name and name != transfer.person_name:
        raise ValidationError({"name": f"姓名与介绍信上的姓名“{transfer.person_name}”不一致"})
    person_data["name"] = name or transfer.person_name
    person = core_services.person_create(actor=actor, org=transfer.to_org, **person_data)
    before = audit.snapshot(transfer)
    transfer.person, transfer.status, transfer.decided_on = person, TransferStatus.ACCEPTED, clock.today()
    _decide(actor, transfer, before, ["person", "status", "decided_on"])
    return person


# --- exports ------------------------------------------------------------------------------------------------
