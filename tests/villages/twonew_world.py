"""两新 data for tests: in each branch's area an enterprise with an instructor and a yearly assessment (branch a1's
objects returned by model, for the API scope walk)."""

from __future__ import annotations

import datetime as dt

from dangjian.villages.models import TwoNewAssessment, TwoNewInstructor, TwoNewOrganisation
from dangjian.villages.services import twonew as services

NAMES = {"a1": "李庄村宏达建材有限公司", "a2": "王庄村绿源农业合作社", "b1": "和平社区养老服务中心"}


def twonew_world(tree) -> dict[type, list]:
    found = {}
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1)):
        kind = "social" if key == "b1" else "enterprise"
        organisation = services.organisation_create(
            actor=None, org=org, name=NAMES[key], kind=kind, employees=30, formal_members=0
        )
        instructor = services.instructor_assign(
            actor=None,
            organisation=organisation,
            name=f"{key}指导员",
            from_unit="县非公党委",
            starts_on=dt.date(2025, 1, 1),
        )
        assessment = services.assessment_record(
            actor=None, organisation=organisation, year=2025, items=["activities"], assessed_on=dt.date(2025, 12, 1)
        )
        found[key] = (organisation, instructor, assessment)
    organisation, instructor, assessment = found["a1"]
    return {TwoNewOrganisation: [organisation], TwoNewInstructor: [instructor], TwoNewAssessment: [assessment]}
