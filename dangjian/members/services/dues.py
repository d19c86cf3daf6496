"""Writes of the member lifecycle; each checks permission, validates, writes and audits in one transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from dangjian.core import audit
from dangjian.core.choices import AuditAction, OrgLevel, Role
from dangjian.core.models import Org
from dangjian.core.permissions import can_manage_orgs, require
from dangjian.members import rules
from dangjian.members.models import DuesSetting


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
