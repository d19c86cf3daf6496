"""Summary statistics: figures equal independent counts, roll up the tree, age bands move on birthdays,
and a committed change refreshes its county after commit (once per transaction)."""

import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from dangjian.core import demo, rules, stats
from dangjian.core.choices import BRANCH_KINDS, COLLEGE_OR_ABOVE, OrgKind, OrgLevel
from dangjian.core.models import Org, OrgStats, Person
from tests.core.factories import id_number, make_person

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_too]

ANCHOR = dt.date(2025, 6, 30)


def expected_period(joined):
    if joined < dt.date(1949, 10, 1):
        return "before_1949"
    if joined < dt.date(1978, 12, 18):
        return "to_1978"
    if joined < dt.date(2012, 11, 8):
        return "to_2012"
    return "since_2012"


def independent_figures(org, today):
    """Counted here from the rows, one person and one org at a time, without the stats module."""
    # Counted members: 正常, 失联, 出国出境 (停止党籍 and the historical roll are not counted).
    counted = ("normal", "lost_contact", "abroad")
    people = [p for p in Person.objects.filter(org__path__startswith=org.path) if p.standing in counted]
    assert len(people) < Person.objects.filter(org__path__startswith=org.path).count() or org.level != "county"
    orgs = [o for o in Org.objects.filter(path__startswith=org.path) if not o.is_dissolved]
    return {
        "member_count": len(people),
        "probationary_count": sum(p.status == "probationary" for p in people),
        "female_count": sum(p.gender == "female" for p in people),
        "minority_count": sum(p.ethnicity != "汉族" for p in people),
        "college_count": sum(p.education in COLLEGE_OR_ABOVE for p in people),
        "org_count": sum(o.kind != OrgKind.PARTY_GROUP for o in orgs),
        "branch_count": sum(o.kind in BRANCH_KINDS for o in orgs),
        "gender": dict(Counter(p.gender for p in people)),
        "education": dict(Counter(p.education for p in people)),
        "ethnicity": dict(Counter(p.ethnicity for p in people)),
        "status": dict(Counter(p.status for p in people)),
        "category": dict(Counter(p.category for p in people)),
        "occupation": dict(Counter(p.occupation or "unset" for p in people)),
        "age_band": dict(Counter(rules.age_band(rules.age_on(p.birth_date, today)) for p in people)),
        "join_period": dict(Counter(expected_period(p.joined_on) for p in people)),
        "org_kind": dict(Counter(o.kind for o in orgs)),
        "org_domain": dict(Counter(o.domain for o in orgs if o.kind != OrgKind.PARTY_GROUP)),
    }


def figures_of(row):
    values = {
        field: getattr(row, field)
        for field in (
            "member_count",
            "probationary_count",
            "female_count",
            "minority_count",
            "college_count",
            "org_count",
            "branch_count",
        )
    }
    for key in ("gender", "education", "ethnicity", "status", "category", "occupation", "age_band", "join_period"):
        values[key] = row.breakdown[key]
    values["org_kind"] = row.breakdown["org_kind"]
    values["org_domain"] = row.breakdown["org_domain"]
    return values


@pytest.fixture
def small_county():
    return demo.build_county(seed=11, anchor=ANCHOR, shape=demo.CountyShape.small(5), accounts=False).root


def test_figures_equal_independent_counts_for_every_level(small_county):
    stats.refresh_county(small_county.pk, today=ANCHOR)
    township = Org.objects.filter(level=OrgLevel.TOWNSHIP).order_by("path").first()
    village = Org.objects.filter(path__startswith=township.path, unit__kind__in=["village", "community"]).first()
    for org in (small_county, township, village):
        row = OrgStats.objects.get(org=org)
        assert figures_of(row) == independent_figures(org, ANCHOR), org.name
    assert OrgStats.objects.count() == Org.objects.count()


def test_a_county_row_is_the_sum_of_its_children(small_county):
    stats.refresh_county(small_county.pk, today=ANCHOR)
    county_row = OrgStats.objects.get(org=small_county)
    children = OrgStats.objects.filter(org__in=Org.objects.get_children(small_county))
    assert county_row.member_count == sum(r.member_count for r in children) > 0
    assert county_row.org_count == 1 + sum(r.org_count for r in children)


def test_province_and_city_rows_roll_up_from_their_counties():
    result = demo.build_province(seed=4, anchor=ANCHOR, counties=2, shape=demo.CountyShape.small(3), accounts=False)
    province = result.root
    assert province.level == OrgLevel.PROVINCE
    rows = {row.org_id: row for row in OrgStats.objects.all()}
    counties = result.counties
    assert len(counties) == 2 and {Org.objects.get_parent(c).level for c in counties} == {OrgLevel.CITY}
    assert rows[province.pk].member_count == Person.objects.count() == sum(rows[c.pk].member_count for c in counties)
    assert rows[province.pk].org_count == Org.objects.exclude(kind=OrgKind.PARTY_GROUP).count()
    for city in Org.objects.get_children(province):
        assert rows[city.pk].member_count == sum(rows[c.pk].member_count for c in Org.objects.get_children(city))
    # A later county refresh recomputes its ancestors too.
    person = Person.objects.filter(county=counties[0], posts__isnull=True).first()
    Person.objects.filter(pk=person.pk).delete()
    stats.refresh_county(counties[0].pk, today=ANCHOR)
    assert OrgStats.objects.get(org=province).member_count == Person.objects.count()


def test_a_person_turning_31_today_moves_from_the_youngest_band(tree):
    today = timezone.localdate()
    birthday = rules.add_years(today, -31)
    joined = rules.add_years(birthday, 20)
    turning = make_person(
        tree.village_a2,
        birth_date=birthday,
        id_number=id_number(birth=birthday),
        joined_on=joined,
        confirmed_on=rules.add_years(joined, 1),
    )
    tomorrow_birth = birthday + dt.timedelta(days=1)
    make_person(
        tree.village_a2,
        birth_date=tomorrow_birth,
        id_number=id_number(birth=tomorrow_birth),
        joined_on=joined + dt.timedelta(days=1),
        confirmed_on=rules.add_years(joined, 1) + dt.timedelta(days=1),
    )
    assert rules.age_on(turning.birth_date, today) == 31
    county = tree.county.pk

    stats.refresh_county(county, today=today - dt.timedelta(days=1))
    bands = OrgStats.objects.get(org=tree.village_a2).breakdown["age_band"]
    assert (bands.get("30岁及以下"), bands.get("31-35岁")) == (2, None)

    stats.refresh_county(county, today=today)
    bands = OrgStats.objects.get(org=tree.village_a2).breakdown["age_band"]
    assert (bands.get("30岁及以下"), bands.get("31-35岁")) == (1, 1)


@pytest.mark.parametrize(
    ("joined", "period"),
    [
        (dt.date(1949, 9, 30), "before_1949"),
        (dt.date(1949, 10, 1), "to_1978"),
        (dt.date(1978, 12, 17), "to_1978"),
        (dt.date(1978, 12, 18), "to_2012"),
        (dt.date(2012, 11, 7), "to_2012"),
        (dt.date(2012, 11, 8), "since_2012"),
    ],
)
def test_join_period_boundaries(joined, period):
    assert stats.join_period(joined) == period


@pytest.mark.django_db(transaction=True)
def test_a_committed_person_create_refreshes_its_county(tree):
    """Real commits: the refresh runs after commit (ImmediateBackend runs the task at once)."""
    assert OrgStats.objects.get(org=tree.county).member_count == 7
    make_person(tree.village_a1)
    assert OrgStats.objects.get(org=tree.county).member_count == 8
    assert OrgStats.objects.get(org=tree.village_a1).member_count == 4


@pytest.fixture
def queued_tasks(settings):
    """Tasks go to the database queue instead of running, so the test can count what was queued."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return lambda: [row.args_kwargs["args"] for row in DBTaskResult.objects.order_by("enqueued_at")]


@pytest.mark.django_db(transaction=True)
def test_refresh_is_queued_once_per_county_and_transaction(tree, queued_tasks):
    with transaction.atomic():
        make_person(tree.village_a1)
        make_person(tree.community_b1)
        assert queued_tasks() == []  # nothing before commit
    assert queued_tasks() == [[tree.county.pk]]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_queues_nothing_and_does_not_block_the_next(tree, queued_tasks):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_person(tree.village_a1)
        raise RuntimeError("rolled back")
    assert queued_tasks() == []
    assert Person.objects.filter(org=tree.village_a1).count() == 3
    with transaction.atomic():
        make_person(tree.village_a2)
    assert queued_tasks() == [[tree.county.pk]]


def test_a_queued_refresh_is_skipped_when_a_later_refresh_already_ran(tree):
    requested = timezone.now()
    stats.refresh_county(tree.county.pk)
    assert stats.refresh_county_task.call(tree.county.pk, requested_at=requested.isoformat()) == 0
    assert stats.refresh_county_task.call(tree.county.pk) == Org.objects.count()


def test_refresh_stats_command(tree, capsys):
    call_command("refresh_stats", "--county", "C001")
    assert OrgStats.objects.count() == Org.objects.count()
    assert "已更新 6 个组织的统计" in capsys.readouterr().out
    with pytest.raises(CommandError, match="不是县"):
        call_command("refresh_stats", "--county", "T001")
    with pytest.raises(CommandError, match="不存在"):
        call_command("refresh_stats", "--county", "NOPE")
    call_command("refresh_stats")
    assert OrgStats.objects.get(org=tree.county).member_count == 7
