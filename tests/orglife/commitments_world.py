"""五亮 data for tests: in every branch a member with this year's 亮身份 approved and shown on the card and 亮承诺
waiting for review (shared by the 五亮 tests and the API scope walk)."""

from __future__ import annotations

from dangjian.core import clock
from dangjian.orglife.choices import CommitmentKind
from dangjian.orglife.models import Commitment
from dangjian.orglife.services import commitments as services


def commitments_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    year = clock.today().year
    found: dict[str, list[Commitment]] = {}
    for key in ("a1", "a2", "b1"):
        person = tree.people[key][0]
        identity = services.commitment_create(
            actor=None,
            person=person,
            year=year,
            kind=CommitmentKind.IDENTITY,
            content="中共党员,在村党群服务中心亮明身份、接受群众监督。",
            submit=True,
        )
        services.commitment_review(actor=None, commitment=identity, approve=True)
        services.commitment_consent(actor=None, person=person, year=year, public=True)
        promise = services.commitment_create(
            actor=None,
            person=person,
            year=year,
            kind=CommitmentKind.PROMISE,
            content="年内结对帮扶一户困难群众。",
            submit=True,
        )
        found[key] = [identity, promise]
    return {Commitment: found["a1"]}
