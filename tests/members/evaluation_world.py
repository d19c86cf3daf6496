"""民主评议 data for tests: a decided campaign in every branch with one member graded 不合格 and a follow-up
(shared by the evaluation tests and the API scope walk)."""

from __future__ import annotations

import datetime as dt

from dangjian.core import clock
from dangjian.members.choices import FollowupMeasure, Grade
from dangjian.members.models import EvaluationCampaign, EvaluationEntry, EvaluationFollowup
from dangjian.members.services import evaluation as services


def decided_campaign(org, *, actor=None, today: dt.date | None = None) -> EvaluationCampaign:
    """This year's campaign, decided today: the first formal member 不合格, the others 合格."""
    today = today or clock.today()
    campaign = services.evaluation_start(actor=actor, org=org, year=today.year, started_on=today)
    formal = list(campaign.entries.filter(probationary=False).order_by("person__name", "id"))
    grades = {entry.person_id: Grade.QUALIFIED for entry in formal}
    grades[formal[0].person_id] = Grade.UNQUALIFIED
    services.evaluation_decide(actor=actor, campaign=campaign, grades=grades, decided_on=today)
    return campaign


def evaluation_world(tree) -> dict[type, list]:
    """Every branch evaluated, each 不合格 member under 限期改正. Returns branch a1's objects by model."""
    today = clock.today()
    found: dict[str, tuple] = {}
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1)):
        campaign = decided_campaign(org, today=today)
        entry = campaign.entries.get(grade=Grade.UNQUALIFIED)
        followup = services.evaluation_followup_create(
            actor=None,
            entry=entry,
            measure=FollowupMeasure.CORRECT,
            decided_on=today,
            deadline=today + dt.timedelta(days=90),
        )
        found[key] = (campaign, followup)
    campaign, followup = found["a1"]
    return {
        EvaluationCampaign: [campaign],
        EvaluationEntry: list(EvaluationEntry.objects.filter(campaign=campaign)),
        EvaluationFollowup: [followup],
    }
