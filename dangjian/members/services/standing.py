"""党籍 changes (F1.7): each dated and reasoned; a member who leaves moves to the historical roll, never deleted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from dangjian.core import audit, clock
from dangjian.core.choices import AuditAction, MemberStatus, Standing
from dangjian.core.models import Person
from dangjian.core.services import schedule_county_refresh
from dangjian.members import rules
from dangjian.members.choices import StandingBasis
from dangjian.members.models import StandingChange
from dangjian.members.permissions import can_approve, can_manage_members, require


def _since(person: Person) -> dt.date | None:
    """When the current standing began: the last change's date, else the day they joined."""
    return person.standing_since or person.joined_on


@transaction.atomic
def standing_change(
    *,
    actor: Any,
    person: Person,
    to_standing: str,
    changed_on: dt.date,
    basis: str,
    reason: str,
    branch_resolution_on: dt.date | None = None,
    approved_on: dt.date | None = None,
) -> StandingChange:
    """Change a member's standing. Suspension, removal, expulsion and cancellation are decided by the branch
    meeting and approved by the committee above (ORG-10, ORG-11), so only that committee records them."""
    person = Person.objects.select_for_update().select_related("org").get(pk=person.pk)
    if to_standing in rules.NEEDS_APPROVAL:
        require(
            actor is None or can_approve(actor, person.org),
            "停止党籍、除名、开除党籍和取消预备党员资格须由上级党委办理",
        )
    else:
        require(actor is None or can_manage_members(actor, person.org), "没有变更该党员党籍状态的权限")
    errors: dict[str, str] = {}
    if to_standing not in Standing.values:
        errors["to_standing"] = "请选择有效的党籍状态"
    if basis not in StandingBasis.values:
        errors["basis"] = "请选择变更依据"
    if not (reason or "").strip():
        errors["reason"] = "请填写变更理由"
    if errors:
        raise ValidationError(errors)
    problems = rules.standing_problems(
        current=person.standing,
        new=to_standing,
        on=changed_on,
        since=_since(person),
        today=clock.today(),
        probationary=person.status == MemberStatus.PROBATIONARY,
        lost_contact_basis=basis in (StandingBasis.LOST_CONTACT, StandingBasis.LOST_CONTACT_LONG),
        branch_resolution_on=branch_resolution_on,
        approved_on=approved_on,
    )
    if problems:
        raise ValidationError({"to_standing": problems})
    return _apply(
        actor=actor,
        person=person,
        to_standing=to_standing,
        changed_on=changed_on,
        basis=basis,
        reason=reason.strip(),
        branch_resolution_on=branch_resolution_on,
        approved_on=approved_on,
    )


def _apply(*, actor: Any, person: Person, to_standing: str, changed_on: dt.date, **fields: Any) -> StandingChange:
    before = audit.snapshot(person)
    change = StandingChange.objects.create(
        county_id=person.county_id,
        org_path=person.org_path,
        person=person,
        changed_on=changed_on,
        from_standing=person.standing,
        to_standing=to_standing,
        recorded_by=actor if getattr(actor, "pk", None) else None,
        **fields,
    )
    person.standing, person.standing_since = to_standing, changed_on
    person.save(update_fields=["standing", "standing_since", "updated_at"])
    audit.record(actor=actor, action=AuditAction.CREATE, obj=change, after=audit.snapshot(change))
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=person, before=before, after=audit.snapshot(person))
    schedule_county_refresh(person.county_id)
    return change


@transaction.atomic
def person_transferred_out(
    *, actor: Any, person: Person, on: dt.date, letter_no: str, external_org_name: str
) -> StandingChange:
    """The receipt (回执) of a transfer out of the deployment came back: the member leaves this roll for the
    historical roll (MOB-01: until then the old branch still manages them)."""
    person = Person.objects.select_for_update().select_related("org").get(pk=person.pk)
    require(actor is None or can_manage_members(actor, person.org), "没有办理该党员组织关系转出的权限")
    if person.standing in rules.LEAVING_STANDINGS:
        raise ValidationError({"person": "该党员已列入历史名册"})
    if on > clock.today():
        raise ValidationError({"on": "回执日期不能晚于今天"})
    return _apply(
        actor=actor,
        person=person,
        to_standing=Standing.TRANSFERRED_OUT,
        changed_on=on,
        basis=StandingBasis.OTHER,
        reason=f"组织关系转至{external_org_name}(介绍信{letter_no}),已收到回执",
    )
