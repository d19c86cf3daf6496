"""软弱涣散整顿 data for tests: a round of the county with every branch scored, each branch listed (a1 and a2 by the
ranking or a criterion, b1 proposed by its township), each case with a team member, a ledger line, a visit and one
condition ticked (shared by the rectification tests and the API scope walk)."""

from __future__ import annotations

from dangjian.core import clock
from dangjian.villages.choices import ExitCondition, TeamRole, WeakCriterion
from dangjian.villages.models import (
    RectAssessment,
    RectCandidate,
    RectCase,
    RectEntry,
    RectExitCheck,
    RectTeamMember,
    RectVisit,
)
from dangjian.villages.services import rectification as services

PLACES = {"a1": "李庄村", "a2": "王庄村", "b1": "和平社区"}


def rectification_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    today = clock.today()
    round_ = services.round_create(actor=None, county=tree.county, year=today.year, opened_on=today)
    branches = {"a1": tree.village_a1, "a2": tree.village_a2, "b1": tree.community_b1}
    scores = {"a1": 61, "a2": 88, "b1": 90}
    assessments = {}
    for key, org in branches.items():
        criteria = [WeakCriterion.DISPUTES] if key == "a2" else []
        note = "土地流转纠纷信访集中" if criteria else ""
        assessments[key] = services.assessment_save(
            actor=None, round=round_, org=org, score=scores[key], criteria=criteria, note=note
        )
    services.candidates_propose(actor=None, round=round_)
    services.candidate_add(actor=None, round=round_, org=tree.community_b1, reason="社区两委班子长期不团结")
    found = {}
    for key, org in branches.items():
        candidate = RectCandidate.objects.get(round=round_, org=org)
        case = services.candidate_confirm(actor=None, candidate=candidate)
        member = services.team_member_add(
            actor=None, case=case, name=f"{PLACES[key]}包村干部", post="乡镇包村干部", role=TeamRole.MEMBER
        )
        entry = services.entry_add(
            actor=None,
            case=case,
            occurred_on=today,
            measure="召开村两委班子专题民主生活会",
            progress=f"{PLACES[key]}班子成员开展批评与自我批评,明确分工",
            responsible="张建国",
        )
        visit = services.visit_add(
            actor=None,
            case=case,
            visited_on=today,
            visitors="县委组织部督导组",
            findings="台账记录不够具体",
            requirements="每周更新整顿台账",
        )
        check = services.check_set(
            actor=None, case=case, condition=ExitCondition.TEAM_STRONG, met=True, evidence="补选村委委员2名"
        )
        found[key] = (assessments[key], candidate, case, member, entry, visit, check)
    assessment, candidate, case, member, entry, visit, check = found["a1"]
    return {
        RectAssessment: [assessment],
        RectCandidate: [candidate],
        RectCase: [case],
        RectTeamMember: [member],
        RectEntry: [entry],
        RectVisit: [visit],
        RectExitCheck: [check],
    }
