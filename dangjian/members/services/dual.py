"""双报到 (F1.8): an in-service member registers with the community where they live. The home branch keeps them
(no roll change); the community sees the registration and records and confirms the service done there."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from dangjian.core import audit, clock
from dangjian.core.choices import COUNTED_STANDINGS, AuditAction, OrgLevel
from dangjian.core.models import Org, Person
from dangjian.members import rules
from dangjian.members.models import CommunityRegistration, CommunityService
from dangjian.members.permissions import can_manage_members, require


def _community_county(community: Org) -> Org | None:
    return community if community.level == OrgLevel.COUNTY else community.county


def _home_side(actor: Any, registration: CommunityRegistration) -> bool:
    return can_manage_members(actor, registration.person.org)


def _community_side(actor: Any, registration: CommunityRegistration) -> bool:
    return can_manage_members(actor, registration.community)


@transaction.atomic
def dual_register(
    *, actor: Any, person: Person, community: Org, registered_on: dt.date, skills: str = ""
) -> CommunityRegistration:
    """The home branch registers its member with the community where they live (any county of the deployment)."""
    person = Person.objects.select_for_update(of=("self",)).select_related("org").get(pk=person.pk)
    require(actor is None or can_manage_members(actor, person.org), "只有党员所在党组织可以办理到社区报到")
    errors: dict[str, str] = {}
    if person.standing not in COUNTED_STANDINGS:
        errors["person"] = f"{person.name}的党籍状态为“{person.get_standing_display()}”,不能到社区报到"
    problem = rules.community_problem(domain=community.domain, kind=community.kind, dissolved=community.is_dissolved)
    if problem:
        errors["community"] = problem
    elif person.org_path.startswith(community.path):
        errors["community"] = "报到社区应为居住地社区党组织,不能是本人所在党组织"
    if registered_on > clock.today():
        errors["registered_on"] = "报到日期不能晚于今天"
    elif registered_on < person.joined_on:
        errors["registered_on"] = "报到日期不能早于入党日期"
    current = CommunityRegistration.objects.filter(person=person, ended_on__isnull=True).select_related("community")
    if "person" not in errors and (existing := current.first()) is not None:
        errors["person"] = f"{person.name}已在“{existing.community.name}”报到,须先结束原报到"
    if errors:
        raise ValidationError(errors)
    registration = CommunityRegistration(
        county_id=person.county_id,
        person=person,
        home_path=person.org_path,
        community=community,
        community_county=_community_county(community),
        community_path=community.path,
        registered_on=registered_on,
        skills=(skills or "").strip(),
    )
    registration.full_clean(exclude=["county", "community_county"])
    registration.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=registration, after=audit.snapshot(registration))
    return registration


@transaction.atomic
def dual_end(*, actor: Any, registration: CommunityRegistration, ended_on: dt.date) -> CommunityRegistration:
    """End a registration (moved house, retired…); either side may record it. The history stays."""
    registration = (
        CommunityRegistration.objects.select_for_update(of=("self",))
        .select_related("person__org", "community")
        .get(pk=registration.pk)
    )
    require(
        actor is None or _home_side(actor, registration) or _community_side(actor, registration),
        "没有结束该报到的权限",
    )
    if registration.ended_on is not None:
        raise ValidationError({"ended_on": f"该报到已于{registration.ended_on:%Y-%m-%d}结束"})
    if ended_on < registration.registered_on:
        raise ValidationError({"ended_on": "结束日期不能早于报到日期"})
    if ended_on > clock.today():
        raise ValidationError({"ended_on": "结束日期不能晚于今天"})
    last = registration.services.order_by("-served_on").values_list("served_on", flat=True).first()
    if last is not None and ended_on < last:
        raise ValidationError({"ended_on": f"结束日期不能早于最后一次服务日期{last:%Y-%m-%d}"})
    before = audit.snapshot(registration)
    registration.ended_on = ended_on
    registration.save(update_fields=["ended_on"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=registration, before=before, after=audit.snapshot(registration)
    )
    return registration


@transaction.atomic
def dual_service_record(
    *, actor: Any, registration: CommunityRegistration, served_on: dt.date, hours: Decimal, content: str
) -> CommunityService:
    """Service done in the community: by the member themself or either side; a community entry is confirmed."""
    registration = (
        CommunityRegistration.objects.select_for_update(of=("self",))
        .select_related("person__org", "community")
        .get(pk=registration.pk)
    )
    own = actor is not None and getattr(actor, "person_id", None) == registration.person_id
    community_side = actor is None or _community_side(actor, registration)
    require(own or community_side or _home_side(actor, registration), "没有登记该党员社区服务的权限")
    errors: dict[str, str] = {}
    if served_on < registration.registered_on:
        errors["served_on"] = "服务日期不能早于报到日期"
    elif registration.ended_on is not None and served_on > registration.ended_on:
        errors["served_on"] = "服务日期不能晚于报到结束日期"
    elif served_on > clock.today():
        errors["served_on"] = "服务日期不能晚于今天"
    try:
        hours = Decimal(hours)
    except (InvalidOperation, TypeError, ValueError):
        errors["hours"] = "服务时长应为数字(小时)"
    else:
        problem = rules.service_hours_problem(hours)
        if problem:
            errors["hours"] = problem
    if not (content or "").strip():
        errors["content"] = "请填写服务内容"
    if errors:
        raise ValidationError(errors)
    service = CommunityService(
        registration=registration,
        served_on=served_on,
        hours=hours,
        content=content.strip(),
        confirmed_by_community=actor is not None and community_side and not own,
    )
    service.full_clean()
    service.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=service, after=audit.snapshot(service))
    return service


@transaction.atomic
def dual_service_confirm(*, actor: Any, service: CommunityService) -> CommunityService:
    """The community confirms a service entered by the member or their home branch."""
    service = (
        CommunityService.objects.select_for_update(of=("self",))
        .select_related("registration__community", "registration__person")
        .get(pk=service.pk)
    )
    require(actor is None or _community_side(actor, service.registration), "只有报到社区可以确认服务记录")
    if service.confirmed_by_community:
        raise ValidationError({"confirmed_by_community": "该服务记录已确认"})
    before = audit.snapshot(service)
    service.confirmed_by_community = True
    service.save(update_fields=["confirmed_by_community"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=service, before=before, after=audit.snapshot(service))
    return service
