"""County settings for tests: the county's settings saved and the rules.md requirements in force from January 1 of
last year. Requirements belong to the county, not to a branch: branch a1 has none of its own (every branch reads
the county's), so the API scope walk finds no a1 object to hide."""

from __future__ import annotations

import datetime as dt

from dangjian.core import clock
from dangjian.orglife.models import MeetingRequirement
from dangjian.orglife.services import settings as services


def seed_requirements(county, *, since: dt.date | None = None) -> list[MeetingRequirement]:
    """The default requirements (once per county)."""
    if MeetingRequirement.objects.filter(county=county).exists():
        return list(MeetingRequirement.objects.filter(county=county))
    start = since or dt.date(clock.today().year - 1, 1, 1)
    return services.requirements_seed_defaults(county, actor=None, effective_from=start)


def settings_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    services.orglife_setting_update(actor=None, county=tree.county, theme_days=[5, 10])
    seed_requirements(tree.county)
    return {MeetingRequirement: []}
