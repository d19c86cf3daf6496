"""双报到 data for tests (shared by the 双报到 tests and the API scope walk).

A member of a2 registers with community b1, so branch a2 (home) and township b (community) both see it; a member
of a1 registers with a community of township a, which neither of them sees.
"""

from __future__ import annotations

from decimal import Decimal

from dangjian.core import clock
from dangjian.core.choices import OrgDomain
from dangjian.members.models import CommunityRegistration, CommunityService
from dangjian.members.services import dual as services
from tests.core.factories import make_org


def dual_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    today = clock.today()
    east = make_org(tree.town_a, "V903", "东城镇东关社区党支部", domain=OrgDomain.COMMUNITY)
    found = {}
    for key, community in (("a1", east), ("a2", tree.community_b1)):
        registration = services.dual_register(
            actor=None, person=tree.people[key][0], community=community, registered_on=today, skills="文艺宣传"
        )
        service = services.dual_service_record(
            actor=None, registration=registration, served_on=today, hours=Decimal("2.0"), content="社区环境整治"
        )
        found[key] = (registration, service)
    registration, service = found["a1"]
    return {CommunityRegistration: [registration], CommunityService: [service]}
