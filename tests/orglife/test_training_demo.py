"""The training demo builder on a small county: classes that obey the rules, enrolments of the class's group under
its org, the study ledger's hours for who attended, the county's targets; deterministic from the seed."""

import datetime as dt
import random

import pytest

from dangjian.core.choices import AuditAction, OrgDomain, OrgKind, OrgLevel, PostTitle
from dangjian.core.models import AuditEntry
from dangjian.core.services import post_create
from dangjian.orglife import rules
from dangjian.orglife.choices import EnrolmentStatus, StudySource, TrainingGroup
from dangjian.orglife.demo import training
from dangjian.orglife.models import Enrolment, RotationTarget, StudyLog, TrainingClass
from dangjian.orglife.selectors.training import group_people_under
from tests.core.factories import make_org, make_person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 9, 20)


@pytest.fixture
def county(tree):
    start = dt.date(2021, 1, 1)
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1)):
        post_create(actor=None, person=tree.people[key][0], org=org, title=PostTitle.SECRETARY, term_start=start)
        post_create(actor=None, person=tree.people[key][1], org=org, title=PostTitle.COMMITTEE_MEMBER, term_start=start)
    office = make_org(
        tree.county,
        "J001",
        "县委组织部机关党支部",
        kind=OrgKind.BRANCH,
        domain=OrgDomain.GOVERNMENT,
        level=OrgLevel.GRASSROOTS,
    )
    cadre = make_person(office)
    post_create(actor=None, person=cadre, org=tree.village_a1, title=PostTitle.FIRST_SECRETARY, term_start=start)
    return tree.county


def summary(county):
    return (
        TrainingClass.objects.count(),
        sorted(Enrolment.objects.values_list("person_id", "training__title", "status", "hours")),
        StudyLog.objects.count(),
    )


def test_demo_training_follows_the_rules(county):
    training.build(county, today=TODAY, rng=random.Random(1))
    classes = list(TrainingClass.objects.all())
    assert len(classes) == len(training.COUNTY_CLASSES) + 2  # the small county has two townships
    assert {c.place for c in classes} >= {"大别山干部学院", "红旗渠干部学院"}
    for klass in classes:
        assert rules.class_problems(starts_on=klass.starts_on, ends_on=klass.ends_on, hours=klass.hours) == {}
        assert TODAY - dt.timedelta(days=366) <= klass.ends_on <= TODAY
        group = set(
            group_people_under(klass.org_path, klass.group, county_id=county.pk, today=TODAY).values_list(
                "pk", flat=True
            )
        )
        for enrolment in klass.enrolments.all():
            assert enrolment.person_id in group
            assert enrolment.org_path.startswith(klass.org_path) and enrolment.class_path == klass.org_path
            assert rules.attended_hours_problem(enrolment.hours, klass.hours) is None or enrolment.status != "attended"
    attended = Enrolment.objects.filter(status=EnrolmentStatus.ATTENDED)
    assert attended.exists()
    logs = {log.ref: log for log in StudyLog.objects.filter(source=StudySource.TRAINING)}
    assert set(logs) == {f"enrolment:{e.pk}" for e in attended}
    for enrolment in attended.select_related("training"):
        log = logs[f"enrolment:{enrolment.pk}"]
        assert (log.person_id, log.hours, log.day) == (enrolment.person_id, enrolment.hours, enrolment.training.ends_on)
    assert set(RotationTarget.objects.values_list("group", flat=True)) == {
        TrainingGroup.VILLAGE_CADRES,
        TrainingGroup.SECRETARIES,
        TrainingGroup.FIRST_SECRETARIES,
    }
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, after__demo="training").count() == 1


def test_demo_training_is_deterministic(county):
    from django.db import transaction

    results = []
    for _ in range(2):
        with transaction.atomic():
            training.build(county, today=TODAY, rng=random.Random(7))
            results.append(summary(county))
            transaction.set_rollback(True)
    assert results[0] == results[1]
