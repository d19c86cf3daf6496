"""第一书记 data for tests: in each village (a1, a2) a 第一书记 with a sign-in, a leave and a work report (the community
b1 is not a village, so its row is a work-team posting made directly, as a township might record an urban team)."""

from __future__ import annotations

import datetime as dt

from dangjian.core import clock
from dangjian.villages.choices import PostingRole
from dangjian.villages.models import Posting, PostingLeave, PostingReport, PostingSignIn, WorkTeam
from dangjian.villages.services import secretaries as services

NAMES = {"a1": "张建国", "a2": "刘洋"}


def secretaries_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    today = clock.today()
    found = {}
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2)):
        posting = services.posting_create(
            actor=None,
            org=org,
            role=PostingRole.FIRST_SECRETARY,
            name=NAMES[key],
            sending_unit="县财政局",
            started_on=today - dt.timedelta(days=90),
        )
        member = services.posting_create(
            actor=None,
            org=org,
            role=PostingRole.TEAM_MEMBER,
            name=f"{NAMES[key]}队员",
            sending_unit="县农业农村局",
            started_on=today - dt.timedelta(days=90),
        )
        signin = services.signin_create(actor=None, posting=posting, day=today)
        leave = services.leave_create(
            actor=None,
            posting=posting,
            starts_on=today + dt.timedelta(days=3),
            ends_on=today + dt.timedelta(days=4),
            reason="参加县里培训",
        )
        report = services.report_submit(actor=None, posting=posting, period=today, content="走访农户30户")
        found[key] = (posting, member, signin, leave, report)
    # the community: a posting row written directly (a township's urban work team; services post to villages only)
    b1 = tree.community_b1
    Posting.objects.create(
        county_id=b1.county_id,
        org=b1,
        org_path=b1.path,
        role=PostingRole.TEAM_MEMBER,
        name="社区队员",
        sending_unit="县住建局",
        started_on=today - dt.timedelta(days=30),
        planned_end_on=today + dt.timedelta(days=300),
    )
    posting, member, signin, leave, report = found["a1"]
    return {
        Posting: [posting, member],
        WorkTeam: [member.team],
        PostingSignIn: [signin],
        PostingLeave: [leave],
        PostingReport: [report],
    }
