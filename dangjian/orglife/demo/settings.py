"""Demo settings of organisational life: the county's 主题党日 on the 10th with 西城's "六事联动" checklist, and the
routine requirements of rules.md in force from January 1 of last year (so last year's compliance is judged too)."""

from __future__ import annotations

import datetime as dt
import random

from dangjian.core import audit
from dangjian.core.choices import AuditAction
from dangjian.core.models import Org
from dangjian.members.rules import add_months
from dangjian.orglife import rules
from dangjian.orglife.demo.meetings import MONTHS_BACK
from dangjian.orglife.models import MeetingRequirement, OrgLifeSetting
from dangjian.orglife.models.settings import default_agenda


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    """Write the county's settings and default requirements (set-based; nothing random)."""
    OrgLifeSetting.objects.update_or_create(
        county=county, defaults={"theme_days": [10], "agenda_items": default_agenda(), "late_entry_days": 7}
    )
    # In force from the first month the demo's meetings cover (the county began recording then), so compliance judges
    # the months that have records rather than reporting the months before as missing.
    starts = add_months(rules.month_start(today), -MONTHS_BACK)
    requirements = [
        MeetingRequirement(
            county=county,
            county_path=county.path,
            kind=default.kind,
            org_category=default.org_category,
            expected=default.expected,
            cycle=default.cycle,
            effective_from=starts,
            note=default.note,
        )
        for default in rules.DEFAULT_REQUIREMENTS
    ]
    MeetingRequirement.objects.bulk_create(requirements, batch_size=5000)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={"demo": "settings", "theme_days": [10], "requirements": len(requirements), "since": starts.isoformat()},
    )
