"""Demo 积分管理 on a small demo county: default schemes, automatic entries as the services would write them,
claims, closed months with frozen totals that add up."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.db.models import Count, Sum

from dangjian.core import audit
from dangjian.core.choices import ON_ROLL_STANDINGS, MemberCategory
from dangjian.core.demo.places import LINYING, LINYING_TOWNSHIPS
from dangjian.core.demo.plan import CountyShape, plan_county
from dangjian.core.demo.writer import write_county
from dangjian.core.models import AuditEntry, Person
from dangjian.members.demo import dues as dues_demo
from dangjian.orglife.choices import ATTENDED, PointEntryStatus, PointSource
from dangjian.orglife.demo import meetings as meetings_demo
from dangjian.orglife.demo import points as points_demo
from dangjian.orglife.models import Attendance, PointEntry, PointMonth, PointScheme, PointTotal
from dangjian.orglife.selectors import points as selectors
from dangjian.orglife.services import points as services

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 20)


def build(seed=1):
    plan = plan_county(
        seed=seed, place=LINYING, anchor=TODAY, shape=CountyShape.small(8), townships=list(LINYING_TOWNSHIPS)
    )
    with audit.audit_context(source="system"):
        county = write_county(plan, parent=None, summary={"seed": seed})
        dues_demo.build(county, today=TODAY, rng=random.Random(f"{seed}-dues"))
        meetings_demo.build(county, today=TODAY, rng=random.Random(f"{seed}-orglife-meetings"))
        points_demo.build(county, today=TODAY, rng=random.Random(f"{seed}-orglife-points"))
    return county


def test_demo_points_follow_the_rules_and_add_up(settings):
    settings.DANGJIAN_TODAY = TODAY
    county = build()
    schemes = PointScheme.objects.filter(county=county)
    assert sorted(schemes.values_list("category", flat=True)) == sorted(MemberCategory.values)
    assert set(schemes.values_list("effective_from", flat=True)) == {dt.date(2024, 1, 1)}

    # One attendance entry for every attended meeting of a member on the roll (+2, under 10 a month).
    attended = Attendance.objects.filter(
        county=county, status__in=ATTENDED, person__standing__in=ON_ROLL_STANDINGS, held_on__lte=TODAY
    )
    entries = PointEntry.objects.filter(county=county, source=PointSource.ATTENDANCE)
    assert attended.count() > 100 and entries.count() == attended.count()
    assert set(entries.values_list("ref", flat=True)) == {
        f"attendance:{pk}" for pk in attended.values_list("pk", flat=True)
    }
    per_month = entries.values("person_id", "month").annotate(total=Sum("points"))
    assert max(row["total"] for row in per_month) <= Decimal("10")
    sample = entries.select_related("item__scheme", "person").first()
    assert sample.item.scheme.category == sample.person.category and sample.month == sample.occurred_on.replace(day=1)

    # Dues entries are what the service's sync would write: syncing last month again changes nothing.
    may = dt.date(2025, 5, 1)
    assert PointEntry.objects.filter(county=county, source=PointSource.DUES, month=may).exists()
    assert not PointEntry.objects.filter(county=county, source=PointSource.DUES, month=dt.date(2025, 6, 1)).exists()
    assert services.dues_points_sync(actor=None, county=county, month=may) == (0, 0)

    # Claims: pending ones only in the open months.
    claims = PointEntry.objects.filter(county=county, source=PointSource.CLAIM)
    assert claims.filter(status=PointEntryStatus.APPROVED).count() > claims.filter(status="rejected").count()
    assert set(claims.filter(status=PointEntryStatus.PENDING).values_list("month", flat=True)) <= {
        may,
        dt.date(2025, 6, 1),
    }
    assert PointEntry.objects.filter(county=county, source=PointSource.BRANCH).exists()

    # Closed: January 2024 to April 2025; every member on the roll has a frozen total that adds up.
    closed = list(PointMonth.objects.filter(county=county).order_by("month").values_list("month", flat=True))
    assert closed[0] == dt.date(2024, 1, 1) and closed[-1] == dt.date(2025, 4, 1) and len(closed) == 16
    april = dt.date(2025, 4, 1)
    on_roll = Person.objects.filter(county=county, standing__in=ON_ROLL_STANDINGS, joined_on__lte=dt.date(2025, 4, 30))
    assert PointTotal.objects.filter(county=county, month=april).count() == on_roll.count()
    frozen = dict(PointTotal.objects.filter(month=april).values_list("person_id", "total"))
    sums = services.month_totals(county.pk, april)
    assert {pk: total for pk, total in frozen.items() if total} == {pk: t for pk, t in sums.items() if t}
    assert PointTotal.objects.filter(month=april).values("category").annotate(n=Count("id")).count() > 1
    assert AuditEntry.objects.filter(object_id=str(county.pk), after__demo="points").count() == 1

    # Member-months over a cap are trimmed in day order, as the services would have written them.
    june = dt.date(2025, 6, 1)
    keen = PointEntry.objects.filter(county=county, source=PointSource.ATTENDANCE, month=june).first()
    extra = [
        PointEntry(
            county_id=county.pk,
            org_path=keen.org_path,
            person_id=keen.person_id,
            item_id=keen.item_id,
            source=PointSource.ATTENDANCE,
            ref=f"attendance:extra-{n}",
            month=june,
            occurred_on=dt.date(2025, 6, 10 + n),
            points=Decimal("2"),
            status=PointEntryStatus.APPROVED,
        )
        for n in range(6)
    ]
    PointEntry.objects.bulk_create(extra)
    items = {
        MemberCategory.ORDINARY: points_demo.DemoItem(
            keen.item_id, "参加组织生活", Decimal("2"), Decimal("10"), "month"
        )
    }
    assert points_demo._apply_caps(county, PointSource.ATTENDANCE, items) >= 1
    month = PointEntry.objects.filter(person_id=keen.person_id, month=june, source=PointSource.ATTENDANCE)
    assert month.aggregate(total=Sum("points"))["total"] == Decimal("10")
    assert month.order_by("-occurred_on", "-id").first().points == Decimal("0")

    # The next month closes through the service once its claims are reviewed.
    for entry in PointEntry.objects.filter(county=county, month=may, status=PointEntryStatus.PENDING):
        services.point_claim_review(actor=None, entry=entry, approve=True)
    services.point_month_close(actor=None, county=county, month=may)
    ranking = selectors.rank_members(county, selectors.PointPeriod(2025))
    assert ranking[0].branch_rank == 1 and ranking[0].total > 0
