"""Demo recruitment on a small demo county: deterministic, every record within the rules, ready to continue."""

import datetime as dt
import random
from collections import Counter, defaultdict

import pytest

from dangjian.core import audit
from dangjian.core.choices import MemberStatus
from dangjian.core.demo.places import LINYING, LINYING_TOWNSHIPS
from dangjian.core.demo.plan import CountyShape, plan_county
from dangjian.core.demo.writer import write_county
from dangjian.core.models import Person
from dangjian.core.rules import is_adult_on
from dangjian.members import rules
from dangjian.members.choices import ApplicantStatus, RecruitRole
from dangjian.members.demo import recruitment
from dangjian.members.models import Applicant, CandidateScore, RecruitPerson, RecruitStep, TownshipQuota
from dangjian.members.selectors.recruitment import next_steps
from dangjian.members.services.recruitment import step_record, township_of
from dangjian.members.services.recruitment_settings import quota_used

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 20)


def build(seed=1):
    plan = plan_county(
        seed=seed, place=LINYING, anchor=TODAY, shape=CountyShape.small(12), townships=list(LINYING_TOWNSHIPS)
    )
    with audit.audit_context(source="system"):
        county = write_county(plan, parent=None, summary={"seed": seed})
        recruitment.build(county, today=TODAY, rng=random.Random(f"{seed}-recruitment"))
    return county


def snapshot():
    return sorted(RecruitStep.objects.values_list("applicant__name", "number", "done_on", "note"))


def test_demo_recruitment_keeps_every_rule(settings):
    settings.DANGJIAN_TODAY = TODAY
    county = build()
    applicants = list(Applicant.objects.filter(county=county).prefetch_related("steps"))
    statuses = Counter(a.status for a in applicants)
    assert statuses[ApplicantStatus.IN_PROGRESS] > 5
    assert statuses[ApplicantStatus.PROBATIONARY] > 0
    probationers = set(
        Person.objects.filter(county=county, status=MemberStatus.PROBATIONARY).values_list("id", flat=True)
    )
    without_history = probationers - {a.person_id for a in applicants}
    assert len(without_history) <= len(probationers) // 10  # only those too young to have applied in time
    assert {rules.stage_of(a.step) for a in applicants} >= {1, 2, 3}

    for applicant in applicants:
        steps = sorted(applicant.steps.all(), key=lambda step: step.pk)
        last, previous = 0, None
        for step in steps:
            assert step.number == 1 or step.number in rules.steps_open(last), (applicant.name, step.number, last)
            assert previous is None or step.done_on >= previous
            assert step.done_on <= TODAY
            last, previous = max(last, step.number), step.done_on
        assert last == applicant.step
        assert is_adult_on(applicant.birth_date, applicant.applied_on)
        if applicant.candidate_on:
            assert rules.candidate_date_problem(applicant.activist_on, applicant.candidate_on) is None
        for step in steps:
            if step.number in rules.VOTE_STEPS:
                vote = rules.Vote(entitled=step.vote_entitled, present=step.vote_present, yes=step.vote_yes)
                assert rules.vote_problems(vote) == []
            if step.number == 11:
                assert rules.training_problem(step.training_days, step.training_hours) is None
            if step.number == 23:
                assert step.done_on >= applicant.probation_ends_on
        if applicant.person_id:
            person = applicant.person
            assert (person.joined_on, person.id_number_index) == (applicant.resolution_on, applicant.id_number_index)
        if applicant.step >= 12:
            assert applicant.inspected_on and rules.score_passes(applicant.score, recruitment.PASS_MARK)
        if applicant.step >= 15:
            assert applicant.nominated_on and applicant.quota_year == applicant.nominated_on.year

    introducers = defaultdict(set)
    for link in RecruitPerson.objects.filter(role=RecruitRole.INTRODUCER).select_related("person", "applicant"):
        introducers[link.applicant_id].add(link.person_id)
        assert link.person.status == MemberStatus.FULL
        assert link.person.confirmed_on <= link.since  # a formal member on the day of step 9
        assert link.person_id != link.applicant.person_id
    assert introducers and all(len(people) == 2 for people in introducers.values())
    for quota in TownshipQuota.objects.filter(county=county).select_related("township"):
        assert quota_used(quota.township, quota.year) <= quota.quota

    first = snapshot()
    RecruitPerson.objects.all().delete()
    CandidateScore.objects.all().delete()
    RecruitStep.objects.all().delete()
    Applicant.objects.all().delete()
    TownshipQuota.objects.all().delete()
    recruitment.build(county, today=TODAY, rng=random.Random("1-recruitment"))
    assert snapshot() == first


def test_a_demo_applicant_continues_through_the_services(settings):
    settings.DANGJIAN_TODAY = TODAY
    build()
    waiting = Applicant.objects.filter(status=ApplicantStatus.IN_PROGRESS, step=1).select_related("org").first()
    on = max(TODAY - dt.timedelta(days=1), waiting.applied_on)
    step = step_record(actor=None, applicant=waiting, number=2, done_on=on)
    assert step.org == waiting.org
    assert next_steps(Applicant.objects.get(pk=waiting.pk), today=TODAY)[0].number == 3
    village = Applicant.objects.filter(org__domain="rural").select_related("org").first()
    assert township_of(village.org).level == "township"
