"""Transfers and mobile members for tests of other modules (the API scope walk)."""

from __future__ import annotations

import datetime as dt

from dangjian.core import clock
from dangjian.core.choices import OrgKind, Standing
from dangjian.members.choices import MobileSystem, StandingBasis, TransferReason
from dangjian.members.models import MobileMember, Transfer
from dangjian.members.services import mobile as mobile_services
from dangjian.members.services import transfers as services
from dangjian.members.services.standing import standing_change
from tests.core.factories import make_org, make_person


def _mobile(person, *, left_on):
    mobile = mobile_services.mobile_register(
        actor=None, person=person, left_on=left_on, destination="广东省深圳市", contact="13600000000"
    )
    mobile_services.mobile_report_submit(
        actor=None, mobile=mobile, submitted_on=clock.today(), content="在外务工,情况良好"
    )
    mobile_services.mobile_record_add(
        actor=None, mobile=mobile, system=MobileSystem.FIRST_CONTACT, done_on=clock.today(), content="外出前谈话"
    )
    return mobile


def transfers_world(tree) -> dict[type, list]:
    """Branch a1's transfer and mobile member (no one else sees them), and for the other branches an overdue
    transfer from a2 to b1 (both sides see it) and mobile members with overdue reports (alerts).

    Returns branch a1's objects by model, for the API scope walk.
    """
    long_ago = clock.today() - dt.timedelta(days=400)
    a1_out = services.transfer_out_issue(
        actor=None,
        person=tree.people["a1"][2],
        external_org_name="外省某社区党委",
        reason=TransferReason.RESIDENCE,
        issued_on=long_ago,
    )
    services.transfer_issue(
        actor=None,
        person=tree.people["a2"][1],
        to_org=tree.community_b1,
        reason=TransferReason.WORK,
        issued_on=long_ago,
    )
    a1_mobile = _mobile(tree.people["a1"][1], left_on=long_ago)
    for key in ("a2", "b1"):
        _mobile(tree.people[key][0], left_on=long_ago)
    # For the roll audit of the other branches: a member on a party group under a2 and one attached straight to
    # township b (not on a branch), both lost, both with an outgoing letter whose receipt never came back.
    group = make_org(tree.village_a2, "G902", "王庄村第二党小组", kind=OrgKind.PARTY_GROUP)
    for org in (group, tree.town_b):
        person = make_person(org)
        standing_change(
            actor=None,
            person=person,
            to_standing=Standing.LOST_CONTACT,
            changed_on=long_ago,
            basis=StandingBasis.LOST_CONTACT,
            reason="外出后失去联系",
        )
        services.transfer_out_issue(
            actor=None,
            person=person,
            external_org_name="外省某街道党工委",
            reason=TransferReason.AWAY,
            issued_on=long_ago,
        )
    return {Transfer: [a1_out], MobileMember: [a1_mobile]}
