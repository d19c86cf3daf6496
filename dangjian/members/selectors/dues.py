"""Reads of the member lifecycle; each starts from the user's scope."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from dangjian.core.scoping import scope_of
from dangjian.members import rules
from dangjian.members.models import DuesSetting


def farmer_monthly_for(user: Any) -> Decimal:
    """The farmers' monthly dues of the user's county (the regulation's floor where the county set none)."""
    county_id = scope_of(user).county_id
    if county_id is None:
        return rules.FIXED_MONTHLY
    setting = DuesSetting.objects.filter(county_id=county_id).only("farmer_monthly").first()
    return setting.farmer_monthly if setting else rules.FIXED_MONTHLY
