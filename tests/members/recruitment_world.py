"""Recruitment data for the API scope walk: one applicant per branch, each with an overdue talk (an alert)."""

from __future__ import annotations

import datetime as dt

from dangjian.core import clock
from dangjian.core.choices import Education
from dangjian.members.models import Applicant
from dangjian.members.services.recruitment import applicant_create
from tests.core.factories import id_number


def recruitment_world(tree) -> dict[type, list]:
    """Branch a1's applicant (named after the village, so any leak shows) by model; a2 and b1 get their own."""
    applied_on = clock.today() - dt.timedelta(days=90)
    made = {
        key: applicant_create(
            actor=None,
            org=org,
            applied_on=applied_on,
            name=f"{org.name.removesuffix('党支部')}申请人",
            id_number=id_number(birth=dt.date(1998, 4, 1)),
            education=Education.BACHELOR,
        )
        for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1))
    }
    return {Applicant: [made["a1"]]}
