"""The demo builders of 民主评议, 党内关爱 and 双报到 on a small county: records that obey the rules."""

import datetime as dt
import random
from collections import Counter

import pytest

from dangjian.core.choices import MemberCategory, MemberStatus, Occupation, OrgDomain
from dangjian.core.models import Person
from dangjian.members import rules
from dangjian.members.demo import care, dual, evaluation
from dangjian.members.models import (
    CareVisit,
    CommunityRegistration,
    CommunityService,
    EvaluationCampaign,
    EvaluationEntry,
    Hardship,
)
from tests.core.factories import make_org, make_person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def county(tree):
    for _ in range(12):
        make_person(tree.village_a1)
    make_person(tree.village_a1, status=MemberStatus.PROBATIONARY, joined_on=dt.date(2025, 9, 1), confirmed_on=None)
    make_person(tree.village_a2, birth_date=dt.date(1940, 2, 1), in_hardship=True)
    make_person(tree.village_a2, category=MemberCategory.VETERAN)
    office = make_org(tree.county, "J001", "县财政局机关党支部", domain=OrgDomain.GOVERNMENT)
    for _ in range(10):
        make_person(office, occupation=Occupation.CIVIL_SERVANT)
    return tree.county


def test_demo_evaluation_follows_the_rules(county):
    evaluation.build(county, today=TODAY, rng=random.Random(1))
    campaigns = list(EvaluationCampaign.objects.all())
    assert {c.org.code for c in campaigns} == {"V001", "V002", "V003", "J001"}
    assert all(c.year == 2025 and c.started_on == dt.date(2026, 1, 10) for c in campaigns)
    for campaign in campaigns:
        entries = list(campaign.entries.all())
        graded = Counter(e.grade for e in entries if not e.probationary)
        assert all(e.grade == "" for e in entries if e.probationary)
        if campaign.decided_on:
            assert "" not in graded
            assert graded["excellent"] <= rules.excellent_quota(sum(graded.values()))
        for entry in entries:
            mutual = entry.mutual_excellent + entry.mutual_qualified + entry.mutual_basic + entry.mutual_unqualified
            assert mutual <= len(entries)
    assert EvaluationEntry.objects.filter(probationary=True).count() == 1


def test_demo_care_and_dual(county):
    care.build(county, today=TODAY, rng=random.Random(1))
    hardship_people = set(Person.objects.filter(in_hardship=True).values_list("id", flat=True))
    assert set(Hardship.objects.values_list("person_id", flat=True)) == hardship_people
    assert CareVisit.objects.filter(visited_on__gt=TODAY).count() == 0
    assert all(v.amount == v.amount.quantize(rules.FEN) for v in CareVisit.objects.all())
    dual.build(county, today=TODAY, rng=random.Random(1))
    registrations = list(CommunityRegistration.objects.select_related("community", "person"))
    assert registrations
    assert all(r.community.domain == OrgDomain.COMMUNITY for r in registrations)
    assert all(r.person.occupation == Occupation.CIVIL_SERVANT for r in registrations)
    assert all(
        r.registered_on <= s.served_on <= TODAY
        for r in registrations
        for s in CommunityService.objects.filter(registration=r)
    )
