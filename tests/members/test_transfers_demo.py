"""Demo transfers and mobile members: plausible, consistent with the roll, deterministic, visible on the pages."""

import datetime as dt
import random

import pytest
from django.test import RequestFactory

from dangjian.core import audit
from dangjian.core.demo import CountyShape
from dangjian.core.demo.places import LINYING, LINYING_TOWNSHIPS
from dangjian.core.demo.plan import plan_county
from dangjian.core.demo.writer import write_county
from dangjian.core.models import Person
from dangjian.members.choices import MobileStatus, TransferKind, TransferStatus
from dangjian.members.demo import transfers as demo
from dangjian.members.models import MobileMember, MobileRecord, MobileReport, Transfer
from dangjian.members.selectors import mobile as mobile_selectors
from dangjian.members.selectors import transfers as transfer_selectors

pytestmark = pytest.mark.django_db
ANCHOR = dt.date(2026, 3, 10)


@pytest.fixture
def county(settings):
    settings.DANGJIAN_TODAY = ANCHOR
    plan = plan_county(
        seed=7, place=LINYING, anchor=ANCHOR, shape=CountyShape.small(30), townships=list(LINYING_TOWNSHIPS)
    )
    with audit.audit_context(source="system"):
        return write_county(plan, parent=None, summary={"seed": 7})


def build(county):
    with audit.audit_context(source="system"):
        demo.build(county, today=ANCHOR, rng=random.Random("7-transfers"))


def test_demo_letters_and_mobile_members_fit_the_roll(county):
    build(county)
    transfers = list(Transfer.objects.select_related("person"))
    assert transfers and MobileMember.objects.exists() and MobileReport.objects.exists()
    numbers = [t.letter_no for t in transfers if t.kind != TransferKind.INCOMING]
    assert len(numbers) == len(set(numbers))
    for transfer in transfers:
        if transfer.kind == TransferKind.INTERNAL and transfer.status == TransferStatus.PENDING:
            assert transfer.person.org_id == transfer.from_org_id
        if transfer.kind == TransferKind.INTERNAL and transfer.status == TransferStatus.ACCEPTED:
            assert transfer.person.org_id == transfer.to_org_id
        assert transfer.issued_on <= ANCHOR and transfer.valid_until >= transfer.issued_on
    away = MobileMember.objects.filter(status=MobileStatus.AWAY)
    assert away.count() > MobileMember.objects.filter(status=MobileStatus.RETURNED).count()
    assert not away.filter(person__in=Person.objects.exclude(standing="normal")).exists()
    for report in MobileReport.objects.select_related("mobile")[:200]:
        assert report.mobile.left_on < report.due_on <= ANCHOR


def test_the_pages_have_something_to_show(county):
    build(county)
    user = type("System", (), {"is_authenticated": True, "is_active": True, "is_superuser": True, "org_id": None})()
    request = RequestFactory().get("/")
    request.user = user
    alerts = mobile_selectors.alerts(user, {}, request=request, today=ANCHOR)
    assert {alert.kind for alert in alerts} >= {"report_overdue", "should_transfer"}
    counts = transfer_selectors.roll_counts(user, {}, request=request, today=ANCHOR)
    assert counts["overdue"] > 0 and counts["pocket"] > 0


def test_the_same_seed_gives_the_same_records(county):
    build(county)
    first = sorted(Transfer.objects.values_list("letter_no", "person_id", "status"))
    mobiles = sorted(MobileMember.objects.values_list("person_id", "left_on", "destination"))
    Transfer.objects.all().delete()
    MobileReport.objects.all().delete()
    MobileRecord.objects.all().delete()
    MobileMember.objects.all().delete()
    build(county)
    assert sorted(Transfer.objects.values_list("letter_no", "person_id", "status")) == first
    assert sorted(MobileMember.objects.values_list("person_id", "left_on", "destination")) == mobiles
