"""The compliance engine on the small county: each branch's requirement-periods (met, 补录, missing, not yet due),
its attendance, 党小组 folded into their branch, requirement changes, founding and dissolving, the rollups, the
scope, branch_rates for 红旗支部 — and a constant number of queries."""

import datetime as dt

import pytest

from dangjian.core.choices import MemberStatus, OrgKind, Standing
from dangjian.core.models import Org, Person
from dangjian.orglife.choices import AttendanceStatus, ComplianceState, MeetingKind
from dangjian.orglife.models import MeetingRequirement
from dangjian.orglife.selectors import compliance as selectors
from dangjian.orglife.selectors.compliance import Span
from dangjian.orglife.services import settings as setting_services
from tests.core.factories import make_org, make_person
from tests.orglife.compliance_world import attend, make_meeting
from tests.orglife.settings_world import seed_requirements

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 4, 10)
D = dt.date
K = MeetingKind


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


@pytest.fixture
def year(tree):
    """Branch a1's first quarter and a bit: 主题党日 in January (3/3 present) and February (补录, 2/3), none in
    March (one cancelled, one never held); 支委会 every month including April; a 支部党员大会 in March; no 党课."""
    seed_requirements(tree.county, since=D(2025, 1, 1))
    a1 = tree.village_a1
    make_meeting(a1, K.THEME_DAY, D(2026, 1, 10), expected=3, present=3)
    make_meeting(a1, K.THEME_DAY, D(2026, 2, 10), expected=3, present=2, backfilled=True)
    make_meeting(a1, K.THEME_DAY, D(2026, 3, 10), cancelled=True, held=False)
    make_meeting(a1, K.THEME_DAY, D(2026, 3, 28), held=False)
    for day in (D(2026, 1, 5), D(2026, 2, 5), D(2026, 3, 5), D(2026, 4, 2)):
        make_meeting(a1, K.COMMITTEE_MEETING, day)
    make_meeting(a1, K.GENERAL_MEETING, D(2026, 3, 20), expected=3, present=2)
    make_meeting(a1, K.THEME_DAY, D(2025, 12, 10), expected=3, present=3)  # last year: outside
    return a1


def row_of(rows, org):
    return next(row for row in rows if row.org.pk == org.pk)


def states(row):
    return {(cell.requirement.kind, cell.period.label): cell.state for cell in row.cells}


def test_a_year_of_one_branch(tree, year):
    admin = tree.accounts["county"]
    _, rows = selectors.branch_rows(admin, tree.county, Span(2026), keep_cells=True)
    row = row_of(rows, year)
    found = states(row)
    assert found[(K.THEME_DAY, "2026年1月")] == ComplianceState.MET
    assert found[(K.THEME_DAY, "2026年2月")] == ComplianceState.LATE_ENTRY
    assert found[(K.THEME_DAY, "2026年3月")] == ComplianceState.MISSING  # cancelled and planned ones do not count
    assert found[(K.THEME_DAY, "2026年4月")] == ComplianceState.NOT_DUE
    assert found[(K.COMMITTEE_MEETING, "2026年4月")] == ComplianceState.MET  # met early counts at once
    assert found[(K.GENERAL_MEETING, "2026年第1季度")] == ComplianceState.MET
    assert found[(K.PARTY_LESSON, "2026年第1季度")] == ComplianceState.MISSING
    assert found[(K.LIFE_MEETING, "2026年")] == ComplianceState.NOT_DUE
    assert (K.GROUP_MEETING, "2026年1月") not in found  # a1 has no 党小组
    assert (row.due, row.met, row.missing, row.late_entry) == (9, 7, 2, 1)
    assert row.compliance_text == "7/9 (77.8%)" and not row.compliant
    assert (row.held, row.backfilled) == (7, 1)
    assert row.attendance_text == "7/9 (77.8%)"  # 3 + 2 + 2 present of 3 + 3 + 3
    other = row_of(rows, tree.village_a2)
    assert (other.due, other.met, other.held) == (8, 0, 0) and other.attendance_text == "0/0 (—)"


def test_a_month_shows_what_fell_due_in_it(tree, year):
    admin = tree.accounts["county"]
    _, rows = selectors.branch_rows(admin, year, Span(2026, "m3"), keep_cells=True)
    row = row_of(rows, year)
    assert set(states(row)) == {
        (K.THEME_DAY, "2026年3月"),
        (K.COMMITTEE_MEETING, "2026年3月"),
        (K.GENERAL_MEETING, "2026年第1季度"),
        (K.PARTY_LESSON, "2026年第1季度"),
    }
    assert (row.due, row.met) == (4, 2)
    assert (row.held, row.attended, row.expected) == (2, 2, 3)  # March's meetings only
    _, rows = selectors.branch_rows(admin, year, Span(2026, "m4"), keep_cells=True)
    assert (row_of(rows, year).due, row_of(rows, year).met) == (1, 1)
    _, rows = selectors.branch_rows(admin, year, Span(2026, "q2"), keep_cells=True)
    assert row_of(rows, year).compliance_text == "1/1 (100.0%)" and row_of(rows, year).compliant


def test_the_day_a_period_ends_and_the_day_after(tree, year, settings):
    admin = tree.accounts["county"]
    settings.DANGJIAN_TODAY = D(2026, 3, 31)
    _, rows = selectors.branch_rows(admin, year, Span(2026, "m3"), keep_cells=True)
    assert states(row_of(rows, year))[(K.PARTY_LESSON, "2026年第1季度")] == ComplianceState.NOT_DUE
    settings.DANGJIAN_TODAY = D(2026, 4, 1)
    _, rows = selectors.branch_rows(admin, year, Span(2026, "m3"), keep_cells=True)
    assert states(row_of(rows, year))[(K.PARTY_LESSON, "2026年第1季度")] == ComplianceState.MISSING


def test_party_groups_count_with_their_branch(tree, year):
    group = make_org(year, "G001", "李庄村第一党小组", kind=OrgKind.PARTY_GROUP)
    make_meeting(group, K.GROUP_MEETING, D(2026, 1, 20), expected=2, present=2)
    make_meeting(group, K.GROUP_MEETING, D(2026, 2, 20), expected=2, present=1)
    admin = tree.accounts["county"]
    _, rows = selectors.branch_rows(admin, tree.county, Span(2026), keep_cells=True)
    assert group.pk not in {row.org.pk for row in rows}
    row = row_of(rows, year)
    group_cells = [cell for cell in row.cells if cell.org.pk == group.pk]
    assert [cell.state for cell in group_cells] == ["met", "met", "missing", "not_due"] + ["not_due"] * 8
    assert (row.due, row.met, row.held) == (12, 9, 9)
    assert row.attendance_text == "10/13 (76.9%)"  # the groups' 3 of 4 added to a1's 7 of 9
    _, lines = selectors.branch_detail(admin, year, Span(2026))
    assert "李庄村第一党小组 · 党小组 党小组会 每月1次" in [label for label, _ in lines]
    rates = selectors.branch_rates([year.pk], 2026, today=TODAY)
    assert (rates[year.pk].met, rates[year.pk].due) == (9, 12)


def test_a_requirement_replaced_mid_year(tree, year):
    theme = MeetingRequirement.objects.get(kind=K.THEME_DAY)
    setting_services.requirement_end(actor=None, requirement=theme, effective_until=D(2026, 1, 31))
    setting_services.requirement_create(
        actor=None,
        county=tree.county,
        kind=K.THEME_DAY,
        org_category="rural",
        expected=2,
        cycle="month",
        effective_from=D(2026, 2, 1),
    )
    _, rows = selectors.branch_rows(tree.accounts["county"], year, Span(2026, "q1"), keep_cells=True)
    cells = [cell for cell in row_of(rows, year).cells if cell.requirement.kind == K.THEME_DAY]
    assert [(cell.period.label, cell.expected, cell.state) for cell in cells] == [
        ("2026年1月", 1, "met"),
        ("2026年2月", 2, "missing"),
        ("2026年3月", 2, "missing"),
    ]


def test_founded_and_dissolved_branches_are_judged_for_the_periods_they_lived(tree, year):
    young = make_org(tree.town_a, "V010", "东城镇新村党支部", founded_on=D(2026, 2, 15))
    gone = make_org(tree.town_a, "V011", "东城镇旧村党支部")
    Org.objects.filter(pk=gone.pk).update(is_dissolved=True, dissolved_on=D(2026, 2, 10))
    long_gone = make_org(tree.town_a, "V012", "东城镇撤并村党支部")
    Org.objects.filter(pk=long_gone.pk).update(is_dissolved=True, dissolved_on=D(2025, 6, 30))
    _, rows = selectors.branch_rows(tree.accounts["county"], tree.county, Span(2026, "q1"), keep_cells=True)
    assert long_gone.pk not in {row.org.pk for row in rows}
    young_row, gone_row = row_of(rows, young), row_of(rows, gone)
    assert {(c.requirement.kind, c.period.label) for c in young_row.cells} == {
        (K.THEME_DAY, "2026年3月"),
        (K.COMMITTEE_MEETING, "2026年3月"),
    }
    assert {(c.requirement.kind, c.period.label) for c in gone_row.cells} == {
        (K.THEME_DAY, "2026年1月"),
        (K.COMMITTEE_MEETING, "2026年1月"),
    }


def test_no_requirements_nothing_due(tree):
    make_meeting(tree.village_a1, K.THEME_DAY, D(2026, 1, 10), expected=3, present=3)
    _, rows = selectors.branch_rows(tree.accounts["county"], tree.county, Span(2026))
    row = row_of(rows, tree.village_a1)
    assert (row.due, row.met, row.held) == (0, 0, 1) and row.compliant and row.compliance_text == "0/0 (—)"


def test_rollups_per_township_and_county(tree, year):
    b1 = tree.community_b1
    for month in (1, 2, 3):
        make_meeting(b1, K.THEME_DAY, D(2026, month, 10), expected=2, present=1)
        make_meeting(b1, K.COMMITTEE_MEETING, D(2026, month, 12))
    make_meeting(b1, K.COMMITTEE_MEETING, D(2026, 4, 1))
    make_meeting(b1, K.GENERAL_MEETING, D(2026, 2, 1))
    make_meeting(b1, K.PARTY_LESSON, D(2026, 2, 2), backfilled=True)
    children, total = selectors.children_rollup(tree.accounts["county"], tree.county, Span(2026))
    by_code = {rollup.org.code: rollup for rollup in children}
    assert list(by_code) == ["T001", "T002"]
    town_a, town_b = by_code["T001"], by_code["T002"]
    assert (town_a.branches, town_a.compliant_branches, town_a.met, town_a.due) == (2, 0, 7, 17)
    assert (town_b.branches, town_b.compliant_branches, town_b.met, town_b.due) == (1, 1, 9, 9)
    assert town_b.compliant_text == "1/1 (100.0%)" and town_b.attendance_text == "3/6 (50.0%)"
    assert (town_b.held, town_b.backfilled) == (9, 1)
    assert (total.branches, total.compliant_branches, total.met, total.due) == (3, 1, 16, 26)
    assert total.compliance_text == "16/26 (61.5%)" and total.attendance_text == "10/15 (66.7%)"
    assert (total.held, total.backfilled) == (16, 2)
    # Nobody has attended anything: every counted member is absent.
    assert (town_a.absent, town_b.absent, total.absent) == (5, 2, 7)


def test_scope_limits_every_read(tree, year):
    _, rows = selectors.branch_rows(tree.accounts["secretary_a2"], tree.village_a2, Span(2026))
    assert [row.org.code for row in rows] == ["V002"]
    _, rows = selectors.branch_rows(tree.accounts["town_a"], tree.town_a, Span(2026))
    assert [row.org.code for row in rows] == ["V001", "V002"]
    children, total = selectors.children_rollup(tree.accounts["town_a"], tree.town_a, Span(2026))
    assert [rollup.org.code for rollup in children] == ["V001", "V002"] and total.branches == 2
    assert selectors.compliance_org(tree.accounts["secretary_a2"], "V001") is None
    assert selectors.compliance_org(tree.accounts["secretary_a2"], "").code == "V002"
    assert not selectors.may_view(tree.accounts["member_a1"])


def test_the_county_page_reads_in_a_constant_number_of_queries(tree, year, django_assert_num_queries):
    admin = tree.accounts["county"]
    with django_assert_num_queries(5) as captured:
        selectors.children_rollup(admin, tree.county, Span(2026))
    for number in range(10):
        branch = make_org(tree.town_b, f"V1{number:02d}", f"西关街道第{number}社区党支部", domain="community")
        make_meeting(branch, K.THEME_DAY, D(2026, 1, 10), expected=5, present=4)
    with django_assert_num_queries(5):
        selectors.children_rollup(admin, tree.county, Span(2026))
    meeting_sql = next(q["sql"] for q in captured.captured_queries if "GROUP BY" in q["sql"] and "meeting" in q["sql"])
    assert "county_id" in meeting_sql and "held_on" in meeting_sql


def test_branch_rates_for_red_flag(tree, year):
    rates = selectors.branch_rates([year.pk, tree.village_a2.pk, tree.town_a.pk, 10**9], 2026, today=TODAY)
    assert set(rates) == {year.pk, tree.village_a2.pk}
    mine = rates[year.pk]
    assert (mine.met, mine.due, mine.attended, mine.expected) == (7, 9, 7, 9)
    assert mine.compliance_rate.quantize(1) == 78 and mine.attendance_rate > 77
    empty = rates[tree.village_a2.pk]
    assert (empty.met, empty.due, empty.attendance_rate) == (0, 8, None)
    # A year is judged as of `today`: at the end of the year everything is due.
    late = selectors.branch_rates([year.pk], 2026, today=D(2027, 1, 1))[year.pk]
    assert late.due == 4 + 12 + 4 + 12 + 3 and late.met == 7
    assert selectors.branch_rates([], 2026, today=TODAY) == {}


def test_absence_list_and_its_boundaries(tree):
    seed_requirements(tree.county)
    a1, a2, b1 = tree.people["a1"], tree.people["a2"], tree.people["b1"]
    cutoff = D(2025, 10, 10)  # TODAY − 6 months
    on_cutoff = make_meeting(tree.village_a1, K.THEME_DAY, cutoff)
    attend(on_cutoff, a1[0])
    before = make_meeting(tree.village_a1, K.THEME_DAY, cutoff - dt.timedelta(days=1))
    attend(before, a1[1])
    attend(on_cutoff, a1[2], AttendanceStatus.SICK_LEAVE)  # on leave is not taking part
    late = make_meeting(tree.village_a2, K.THEME_DAY, D(2026, 3, 10))
    attend(late, a2[0], AttendanceStatus.LATE)
    newcomer = make_person(
        tree.village_a2, name="新党员", joined_on=D(2025, 10, 11), status=MemberStatus.PROBATIONARY, confirmed_on=None
    )
    six_months = make_person(
        tree.village_a2, name="满半年", joined_on=cutoff, status=MemberStatus.PROBATIONARY, confirmed_on=None
    )
    Person.objects.filter(pk=b1[0].pk).update(standing=Standing.LOST_CONTACT)
    Person.objects.filter(pk=b1[1].pk).update(standing=Standing.SUSPENDED)
    _, people = selectors.absence_list(tree.accounts["county"], {})
    names = {person.name for person in people}
    assert names == {a1[1].name, a1[2].name, a2[1].name, six_months.name, b1[0].name}
    assert newcomer.name not in names
    _, people = selectors.absence_list(tree.accounts["county"], {"org": "V001"})
    assert {p.name for p in people} == {a1[1].name, a1[2].name}
    _, people = selectors.absence_list(tree.accounts["secretary_a2"], {"org": "V001"})
    assert not people.exists()
    last = selectors.last_attended(tree.accounts["county"], list(Person.objects.all()))
    assert last[a1[1].pk] == cutoff - dt.timedelta(days=1) and a1[2].pk not in last
    assert selectors.absence_counts(tree.accounts["county"], tree.county) == {
        tree.town_a.path: 4,
        tree.town_b.path: 1,
    }


def test_a_transfer_in_restarts_the_six_months(tree):
    from dangjian.members.choices import TransferKind, TransferReason, TransferStatus
    from dangjian.members.models import Transfer

    person = tree.people["a1"][0]
    Transfer.objects.create(
        county_id=tree.county.pk,
        kind=TransferKind.INTERNAL,
        person=person,
        person_name=person.name,
        from_org=tree.village_a2,
        from_path=tree.village_a2.path,
        to_org=tree.village_a1,
        to_path=tree.village_a1.path,
        to_county=tree.county,
        reason=TransferReason.WORK,
        issued_on=D(2026, 1, 5),
        valid_until=D(2026, 4, 5),
        status=TransferStatus.ACCEPTED,
        deadline=D(2026, 2, 5),
        decided_on=D(2026, 1, 10),
    )
    _, people = selectors.absence_list(tree.accounts["county"], {})
    assert person not in people and tree.people["a1"][1] in people
    assert selectors.arrival(person) == D(2026, 1, 10)
    assert selectors.arrival(tree.people["a1"][1]) == tree.people["a1"][1].joined_on


def test_the_county_figures_are_kept_until_an_audited_write_in_the_county(tree, year, settings):
    admin = tree.accounts["county"]
    settings.DANGJIAN_COMPLIANCE_CACHE_SECONDS = 600
    _, first = selectors.children_rollup_cached(admin, tree.county, Span(2026))
    make_meeting(tree.village_a2, K.THEME_DAY, D(2026, 1, 10))  # written without the services: no audit entry
    _, kept = selectors.children_rollup_cached(admin, tree.county, Span(2026))
    assert kept.met == first.met == 7
    assert selectors.children_rollup(admin, tree.county, Span(2026))[1].met == 8
    version = selectors.data_version(tree.county)
    theme = MeetingRequirement.objects.get(kind=K.THEME_DAY)
    setting_services.requirement_update(actor=None, requirement=theme, note="县委组织部文件")  # audited
    assert selectors.data_version(tree.county) != version
    _, fresh = selectors.children_rollup_cached(admin, tree.county, Span(2026))
    assert fresh.met == 8
    settings.DANGJIAN_COMPLIANCE_CACHE_SECONDS = 0
    make_meeting(tree.village_a2, K.THEME_DAY, D(2026, 2, 10))
    assert selectors.children_rollup_cached(admin, tree.county, Span(2026))[1].met == 9
