"""The demo builder of 两新 coverage on a small county: own branches linked, joint branches, instructors, assessments."""

import datetime as dt
import random

import pytest

from dangjian.core.choices import OrgDomain, OrgKind
from dangjian.core.models import AuditEntry
from dangjian.villages.demo import twonew
from dangjian.villages.models import TwoNewAssessment, TwoNewOrganisation
from dangjian.villages.selectors import twonew as selectors
from tests.core.factories import make_org, make_person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


def test_twonew_demo(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    own = make_org(tree.town_a, "E001", "东城镇恒达食品有限公司党支部", domain=OrgDomain.PRIVATE_ENTERPRISE)
    for _ in range(4):
        make_person(own)
    joint = make_org(
        tree.town_a, "J001", "东城镇非公企业联合党支部", kind=OrgKind.JOINT_BRANCH, domain=OrgDomain.PRIVATE_ENTERPRISE
    )
    twonew.build(tree.county, today=TODAY, rng=random.Random(5))
    linked = TwoNewOrganisation.objects.get(branch=own)
    assert (linked.name, linked.formal_members, linked.branch_status) == ("东城镇恒达食品有限公司", 4, "own")
    assert 2 <= TwoNewOrganisation.objects.filter(branch=joint).count() <= 5
    assert all(1 <= o.formal_members <= 2 for o in TwoNewOrganisation.objects.filter(branch=joint))
    assert TwoNewAssessment.objects.count() == 2 * TwoNewOrganisation.objects.count()
    figures = {f.kind: f for f in selectors.figures(tree.accounts["county"], TODAY, 2026)}
    assert figures["all"].total == TwoNewOrganisation.objects.count() and figures["all"].tangible > 0
    assert AuditEntry.objects.filter(after__demo="twonew").count() == 1
