"""Demo dues on a small demo county: deterministic, within the rules, with every case the pages show."""

import datetime as dt
import random

import pytest
from django.db.models import F

from dangjian.core import audit
from dangjian.core.demo.places import LINYING, LINYING_TOWNSHIPS
from dangjian.core.demo.plan import CountyShape, plan_county
from dangjian.core.demo.writer import write_county
from dangjian.core.models import Person
from dangjian.members import rules
from dangjian.members.demo import dues
from dangjian.members.models import DuesProfile, DuesRecord, DuesReduction
from dangjian.members.rules import Month
from dangjian.members.selectors.dues import arrears

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 20)


def build(seed=1):
    plan = plan_county(
        seed=seed, place=LINYING, anchor=TODAY, shape=CountyShape.small(8), townships=list(LINYING_TOWNSHIPS)
    )
    with audit.audit_context(source="system"):
        county = write_county(plan, parent=None, summary={"seed": seed})
        dues.build(county, today=TODAY, rng=random.Random(f"{seed}-dues"))
    return county


def snapshot():
    return sorted(DuesRecord.objects.values_list("person__name", "month", "expected", "paid", "paid_on", "extra"))


def test_demo_dues_are_deterministic_and_keep_the_rules(settings):
    settings.DANGJIAN_TODAY = TODAY
    county = build()
    people = Person.objects.filter(county=county).count()
    profiles = DuesProfile.objects.count()
    assert people > 200 and 0.95 * people <= profiles < people  # a few 未核定
    months = set(DuesRecord.objects.values_list("month", flat=True))
    assert months == {rules.month_first_day(Month(2024, 12).plus(m)) for m in range(7)}
    paid = DuesRecord.objects.exclude(paid_on=None)
    assert paid.filter(paid_on__gt=TODAY).count() == 0
    assert not paid.filter(paid__gt=F("expected")).exists()
    for record in paid.iterator():
        assert rules.payment_problem(Month.of(record.month), paid_on=record.paid_on, today=TODAY) is None
    assert DuesRecord.objects.filter(paid__lt=F("expected"), excused=False).exists()
    assert DuesReduction.objects.filter(status="approved").exists()
    assert DuesRecord.objects.filter(reduction__isnull=False).exists()
    assert not DuesRecord.objects.exclude(org_path=F("person__org_path")).exists()

    first = snapshot()
    DuesRecord.objects.all().delete()
    DuesReduction.objects.all().delete()
    DuesProfile.objects.all().delete()
    dues.build(county, today=TODAY, rng=random.Random("1-dues"))
    assert snapshot() == first


def test_demo_county_has_a_member_flagged_for_six_months(settings, django_user_model):
    settings.DANGJIAN_TODAY = TODAY
    build(seed=3)
    admin = django_user_model.objects.create_superuser("root", password="x")
    rows = arrears(admin, today=TODAY)
    flagged = [row for row in rows if row.lapsed]
    assert flagged and all(row.longest_run >= 6 and row.flag for row in flagged)
    assert any(not row.lapsed for row in rows)  # and others merely behind
