"""结对共建 services and figures: units kept by the county (or a township), pairs decided above the village,
the records of a pair, the figures counted distinct for any scope and period, the 五个一 gaps, the suggestions —
with the refusals, the Chinese messages and the audit entries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import AuditAction, Role
from dangjian.core.models import AuditEntry
from dangjian.villages.choices import CategoryBasis, DepartmentType, FiveOneItem, OutputKind, PairActivityKind
from dangjian.villages.models import ClassificationResult, PairUnit, VillageCategory, VillagePair
from dangjian.villages.selectors import pairing as selectors
from dangjian.villages.services import pairing as services
from tests.core.factories import make_account, make_org

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def entries(obj, action=None):
    found = AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return found.filter(action=action) if action else found


def make_unit(tree, name, kind=DepartmentType.PARTY_MASS, org=None):
    return services.unit_create(actor=None, org=org or tree.county, name=name, department_type=kind)


@pytest.fixture
def units(tree, today):
    return {
        "zzb": make_unit(tree, "县委组织部", DepartmentType.PARTY_MASS),
        "zfw": make_unit(tree, "县委政法委", DepartmentType.LEGAL),
        "fgw": make_unit(tree, "县发展和改革委员会", DepartmentType.ECONOMIC),
        "nyj": make_unit(tree, "县农业农村局", DepartmentType.AGRICULTURE),
    }


def tag(tree, village, year, value, name=None):
    """The village in a county category of the year (the classification's result row)."""
    category, _ = VillageCategory.objects.get_or_create(
        county=tree.county,
        tag=value,
        defaults={
            "org": tree.county,
            "org_path": tree.county.path,
            "name": name or f"{value}类村",
            "basis": CategoryBasis.MANUAL,
            "since_year": year,
        },
    )
    ClassificationResult.objects.create(
        county=tree.county, org=village, org_path=village.path, category=category, year=year, reason="认定"
    )


# --- units --------------------------------------------------------------------------------------------------


def test_the_county_keeps_units_and_a_township_its_own(tree, today):
    unit = services.unit_create(
        actor=tree.accounts["county"],
        org=tree.county,
        name=" 市财政局 ",
        department_type=DepartmentType.ECONOMIC,
        affiliation="市直",
        contact_name="王科长",
    )
    assert (unit.name, unit.county_id, unit.org_path) == ("市财政局", tree.county.pk, tree.county.path)
    assert entries(unit, AuditAction.CREATE).count() == 1
    own = services.unit_create(
        actor=tree.accounts["town_a"],
        org=tree.town_a,
        name="东城镇中心卫生院",
        department_type=DepartmentType.EDU_HEALTH,
    )
    assert own.org == tree.town_a
    with pytest.raises(PermissionDenied):
        services.unit_create(actor=tree.accounts["town_a"], org=tree.county, name="县林业局", department_type="other")
    with pytest.raises(PermissionDenied):
        services.unit_create(
            actor=tree.accounts["secretary_a1"], org=tree.village_a1, name="某企业", department_type="enterprise"
        )
    with pytest.raises(ValidationError) as again:
        services.unit_create(actor=None, org=tree.county, name="市财政局", department_type="")
    assert again.value.message_dict == {"name": ["已有名为“市财政局”的结对单位"], "department_type": ["请选择部门类型"]}


def test_a_unit_still_paired_cannot_be_taken_off_the_list(tree, units):
    pair = services.pair_create(actor=None, village=tree.village_a1, units=[units["zzb"]])
    with pytest.raises(ValidationError) as paired:
        services.unit_set_active(actor=tree.accounts["county"], unit=units["zzb"], active=False)
    assert paired.value.message_dict == {"active": ["该单位还在1个村的结对中,请先结束结对或将其移出"]}
    services.pair_end(actor=None, pair=pair, reason="村党组织整顿到位")
    done = services.unit_set_active(actor=tree.accounts["county"], unit=units["zzb"], active=False)
    assert not done.active and entries(done, AuditAction.UPDATE).count() == 1
    with pytest.raises(ValidationError) as off:
        services.pair_create(actor=None, village=tree.village_a2, units=[units["zzb"]])
    assert off.value.message_dict == {"units": ["结对单位“县委组织部”已停用"]}


# --- pairs --------------------------------------------------------------------------------------------------


def test_the_township_pairs_a_village_and_the_village_cannot_pair_itself(tree, units):
    pair = services.pair_create(
        actor=tree.accounts["town_a"], village=tree.village_a1, units=[units["zzb"], units["nyj"], units["zzb"]]
    )
    assert (pair.started_year, pair.active, pair.org_path) == (2026, True, tree.village_a1.path)
    assert PairUnit.objects.filter(pair=pair).count() == 2
    assert entries(pair, AuditAction.CREATE).count() == 1
    assert AuditEntry.objects.filter(object_type="villages.pairunit", action=AuditAction.CREATE).count() == 2
    with pytest.raises(PermissionDenied):
        services.pair_create(actor=tree.accounts["secretary_a2"], village=tree.village_a2, units=[units["zzb"]])
    town_b = make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN)
    with pytest.raises(PermissionDenied):
        services.pair_create(actor=town_b, village=tree.village_a2, units=[units["zzb"]])
    with pytest.raises(ValidationError) as twice:
        services.pair_create(actor=tree.accounts["county"], village=tree.village_a1, units=[units["fgw"]])
    assert twice.value.message_dict == {"village": ["东城镇李庄村党支部已有结对,可在原结对中增加结对单位"]}
    with pytest.raises(ValidationError) as wrong:
        services.pair_create(actor=tree.accounts["county"], village=tree.community_b1, units=[], started_year=2027)
    assert wrong.value.message_dict == {
        "village": ["西关街道和平社区党支部不是行政村党组织,不能结对"],
        "started_year": ["结对年度应在2000年至2026年之间"],
        "units": ["请至少选择一个结对单位"],
    }
    assert services.pair_create(actor=None, village=tree.village_a2, units=[units["fgw"]], started_year=2026)


def test_units_join_and_leave_a_pair_that_keeps_one(tree, units):
    pair = services.pair_create(actor=None, village=tree.village_a1, units=[units["zzb"]])
    member = services.pair_add_unit(actor=tree.accounts["town_a"], pair=pair, unit=units["fgw"])
    with pytest.raises(ValidationError) as again:
        services.pair_add_unit(actor=tree.accounts["town_a"], pair=pair, unit=units["fgw"])
    assert again.value.message_dict == {"unit": ["“县发展和改革委员会”已在该结对中"]}
    with pytest.raises(PermissionDenied):
        services.pair_add_unit(actor=tree.accounts["secretary_a1"], pair=pair, unit=units["nyj"])
    services.pair_remove_unit(actor=tree.accounts["town_a"], member=member)
    assert entries(member, AuditAction.DELETE).count() == 1
    last = PairUnit.objects.get(pair=pair)
    with pytest.raises(ValidationError) as keep:
        services.pair_remove_unit(actor=tree.accounts["town_a"], member=last)
    assert keep.value.message_dict == {"unit": ["结对至少要有一个结对单位;如不再结对,请结束结对"]}


def test_ending_a_pair_needs_a_reason_and_closes_its_records_after_the_day(tree, units):
    pair = services.pair_create(actor=None, village=tree.village_a1, units=[units["zzb"]], started_year=2025)
    with pytest.raises(ValidationError) as bad:
        services.pair_end(actor=tree.accounts["town_a"], pair=pair, reason=" ", ended_on=TODAY + dt.timedelta(days=1))
    assert bad.value.message_dict == {"reason": ["请填写结束原因"], "ended_on": ["结束日期不能晚于今天"]}
    with pytest.raises(PermissionDenied):
        services.pair_end(actor=tree.accounts["secretary_a1"], pair=pair, reason="调整")
    ended = services.pair_end(actor=tree.accounts["town_a"], pair=pair, reason="帮扶任务完成", ended_on=TODAY)
    assert (ended.active, ended.ended_on, ended.end_reason) == (False, TODAY, "帮扶任务完成")
    assert entries(ended, AuditAction.UPDATE).count() == 1
    day_after = dt.date(2026, 3, 2)
    with pytest.raises(ValidationError) as late:
        services.activity_record(actor=None, pair=ended, kind="mutual_aid", held_on=day_after, content="互助")
    assert late.value.message_dict == {"held_on": ["活动日期不能晚于今天"]}
    assert services.pair_create(actor=None, village=tree.village_a1, units=[units["zfw"]])


# --- records ------------------------------------------------------------------------------------------------


def test_the_village_records_activities_checklist_and_outputs(tree, units):
    pair = services.pair_create(actor=None, village=tree.village_a1, units=[units["zzb"]], started_year=2025)
    secretary = tree.accounts["secretary_a1"]
    activity = services.activity_record(
        actor=secretary,
        pair=pair,
        kind=PairActivityKind.ANALYSIS_MEETING,
        held_on=TODAY,
        content="召开结对共建分析会议",
        participants=15,
    )
    assert entries(activity, AuditAction.CREATE).count() == 1
    with pytest.raises(PermissionDenied):
        services.activity_record(
            actor=tree.accounts["secretary_a2"], pair=pair, kind="mutual_aid", held_on=TODAY, content="互助"
        )
    with pytest.raises(ValidationError) as early:
        services.activity_record(actor=secretary, pair=pair, kind="x", held_on=dt.date(2024, 12, 31), content="")
    assert early.value.message_dict == {
        "kind": ["请选择制度类别"],
        "held_on": ["活动日期不能早于结对年度(2025年)"],
        "content": ["请填写活动内容"],
    }
    item = services.checklist_mark(
        actor=secretary, pair=pair, year=2025, item=FiveOneItem.AGREEMENT, done_on=dt.date(2025, 4, 1), evidence="协议"
    )
    again = services.checklist_mark(
        actor=secretary, pair=pair, year=2025, item="agreement", done_on=dt.date(2025, 5, 1), evidence="协议(修订)"
    )
    assert again.pk == item.pk and again.done_on == dt.date(2025, 5, 1)
    assert entries(item, AuditAction.UPDATE).count() == 1
    with pytest.raises(ValidationError) as wrong_year:
        services.checklist_mark(
            actor=secretary, pair=pair, year=2025, item="org_life", done_on=dt.date(2026, 1, 1), evidence="记录"
        )
    assert wrong_year.value.message_dict == {"done_on": ["完成日期应在2025年内"]}
    with pytest.raises(ValidationError) as before_pair:
        services.checklist_mark(actor=secretary, pair=pair, year=2024, item="org_life", done_on=TODAY, evidence="")
    assert before_pair.value.message_dict == {
        "year": ["年度应在2025年至2026年之间(结对期间)"],
        "evidence": ["请填写佐证材料(如协议名称、活动记录、照片编号)"],
    }
    undone = services.checklist_unmark(actor=secretary, item=item)
    assert (undone.done, undone.done_on) == (False, None)


def test_outputs_take_the_unit_of_their_kind_and_check_the_quantity(tree, units):
    pair = services.pair_create(actor=None, village=tree.village_a1, units=[units["zzb"]])
    funds = services.output_record(
        actor=tree.accounts["secretary_a1"],
        pair=pair,
        kind=OutputKind.FUNDS,
        quantity="50000.5",
        occurred_on=TODAY,
        unit=units["zzb"],
        description="支持村集体产业",
    )
    assert (funds.label, funds.measure, funds.quantity) == ("帮扶资金", "元", Decimal("50000.50"))
    assert entries(funds, AuditAction.CREATE).count() == 1
    with pytest.raises(ValidationError) as trees:
        services.output_record(
            actor=None, pair=pair, kind="trees", quantity="10.5", occurred_on=TODAY, unit=units["fgw"]
        )
    assert trees.value.message_dict == {"quantity": ["棵数应为整数"], "unit": ["帮扶单位应为该结对的结对单位"]}
    with pytest.raises(ValidationError) as other:
        services.output_record(actor=None, pair=pair, kind="other", quantity="abc", occurred_on=None)
    assert other.value.message_dict == {
        "label": ["其他成效请填写成效名称"],
        "measure": ["其他成效请填写计量单位"],
        "quantity": ["数量应为数字"],
        "occurred_on": ["请填写日期"],
    }
    books = services.output_record(
        actor=None, pair=pair, kind="other", quantity=300, occurred_on=TODAY, label="捐赠图书", measure="册"
    )
    assert (books.label, books.measure) == ("捐赠图书", "册")
    with pytest.raises(PermissionDenied):
        services.output_delete(actor=tree.accounts["secretary_a2"], output=books)
    services.output_delete(actor=tree.accounts["secretary_a1"], output=books)
    assert entries(books, AuditAction.DELETE).count() == 1


# --- figures ------------------------------------------------------------------------------------------------


def test_figures_count_villages_and_units_distinct_with_many_to_one(tree, units):
    v9 = make_org(tree.town_a, "V009", "东城镇张庄村党支部")
    make_org(tree.town_a, "V010", "东城镇赵庄村党支部")
    services.pair_create(actor=None, village=tree.village_a1, units=[units["zzb"], units["fgw"], units["nyj"]])
    services.pair_create(actor=None, village=tree.village_a2, units=[units["zzb"]])
    services.pair_create(actor=None, village=v9, units=[units["fgw"]])
    found = selectors.figures(tree.accounts["county"], year=2026)
    # 4 villages (a1, a2, V009, V010; the community is no village); 3 paired; units 组织部, 发改委, 农业局 = 3 distinct
    assert (found.villages, found.paired_villages, found.paired_units, found.pairs) == (4, 3, 3, 3)
    assert (found.one_to_one, found.many_to_one) == (2, 1)
    assert found.paired_text == "3/4 (75.0%)"
    town_b = make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN)
    other = selectors.figures(town_b, year=2026)
    assert (other.villages, other.paired_villages, other.paired_units, other.totals) == (0, 0, 0, [])
    assert selectors.pair_list(town_b, {})[1].count() == 0
    own = selectors.figures(tree.accounts["secretary_a1"], year=2026)
    assert (own.villages, own.paired_villages, own.paired_units, own.many_to_one) == (1, 1, 3, 1)


def test_outputs_count_on_the_last_day_of_the_period_not_the_day_after(tree, units):
    pair = services.pair_create(actor=None, village=tree.village_a1, units=[units["zzb"]], started_year=2025)
    other = services.pair_create(actor=None, village=tree.village_a2, units=[units["zzb"]], started_year=2025)
    record = services.output_record
    record(actor=None, pair=pair, kind="funds", quantity="800000", occurred_on=dt.date(2025, 12, 31))
    record(actor=None, pair=other, kind="funds", quantity="5000", occurred_on=dt.date(2025, 1, 1))
    record(actor=None, pair=pair, kind="funds", quantity="9999", occurred_on=dt.date(2026, 1, 1))
    record(actor=None, pair=pair, kind="problems", quantity="42", occurred_on=dt.date(2025, 6, 1))
    record(actor=None, pair=other, kind="trees", quantity="1200", occurred_on=dt.date(2025, 6, 1))
    record(actor=None, pair=pair, kind="greened", quantity="30", occurred_on=dt.date(2025, 6, 1))
    record(actor=None, pair=pair, kind="road_area", quantity="5000", occurred_on=dt.date(2025, 6, 1))
    record(actor=None, pair=other, kind="deeds", quantity="15", occurred_on=dt.date(2025, 6, 1))
    county = tree.accounts["county"]
    year = selectors.figures(county, year=2025)
    assert year.sentence == "帮扶资金80.5万元,解决实际困难42个,办实事好事15件,植树1200棵,绿化30亩,硬化道路5000平方米"
    assert year.totals[0].quantity == Decimal("805000.00") and year.totals[0].rows == 2
    assert selectors.figures(county, year=2026).sentence == "帮扶资金9999元"
    first_day = selectors.figures(county, year=2025, since=dt.date(2025, 12, 31), until=dt.date(2025, 12, 31))
    assert first_day.sentence == "帮扶资金80万元"
    only_a2 = selectors.figures(county, year=2025, org=tree.village_a2)
    assert only_a2.sentence == "帮扶资金5000元,办实事好事15件,植树1200棵"
    assert (only_a2.villages, only_a2.paired_villages) == (1, 1)


def test_a_pair_ended_before_the_period_does_not_count(tree, units):
    pair = services.pair_create(actor=None, village=tree.village_a1, units=[units["zzb"]], started_year=2025)
    services.pair_end(actor=None, pair=pair, reason="调整", ended_on=dt.date(2025, 12, 31))
    county = tree.accounts["county"]
    assert selectors.figures(county, year=2025).paired_villages == 1
    assert selectors.figures(county, year=2026).paired_villages == 0
    last_day = selectors.figures(county, year=2025, since=dt.date(2025, 12, 31), until=dt.date(2025, 12, 31))
    assert last_day.paired_villages == 1


def test_five_one_completion_and_the_pairs_with_items_missing(tree, units):
    full = services.pair_create(actor=None, village=tree.village_a1, units=[units["zzb"]], started_year=2025)
    part = services.pair_create(actor=None, village=tree.village_a2, units=[units["fgw"]], started_year=2025)
    for item in FiveOneItem.values:
        services.checklist_mark(
            actor=None, pair=full, year=2025, item=item, done_on=dt.date(2025, 9, 1), evidence="记录"
        )
    for item in ("agreement", "development", "org_life"):
        services.checklist_mark(
            actor=None, pair=part, year=2025, item=item, done_on=dt.date(2025, 9, 1), evidence="记录"
        )
    services.checklist_mark(actor=None, pair=part, year=2026, item="members", done_on=TODAY, evidence="记录")
    county = tree.accounts["county"]
    found = selectors.figures(county, year=2025)
    assert (found.five_one_pairs, found.five_one_done, found.five_one_complete) == (2, 8, 1)
    assert found.five_one_items_text == "8/10 (80.0%)"
    assert found.five_one_complete_text == "1/2 (50.0%)"
    gaps = list(selectors.checklist_gaps(county, 2025))
    assert [(p.pk, p.done) for p in gaps] == [(part.pk, 3)]
    assert selectors.missing_items(county, gaps, 2025) == {
        part.pk: ["共享一个实践培训基地", "共联一批困难党员和创业党员"]
    }
    assert [p.pk for p in selectors.checklist_gaps(county, 2026)] == [full.pk, part.pk]


def test_suggestions_for_unpaired_villages_match_categories_and_prefer_free_units(tree, units):
    spare = make_unit(tree, "县妇联", DepartmentType.PARTY_MASS)
    v9 = make_org(tree.town_a, "V009", "东城镇张庄村党支部")
    services.pair_create(actor=None, village=v9, units=[units["zzb"]])
    tag(tree, tree.village_a1, 2026, "weak")
    tag(tree, tree.village_a2, 2026, "hollow")
    tag(tree, tree.village_a2, 2026, "specialised")
    found = {s.village.pk: s for s in selectors.suggestions(tree.accounts["town_a"], 2026)}
    assert set(found) == {tree.village_a1.pk, tree.village_a2.pk}  # V009 is paired
    a1 = found[tree.village_a1.pk]
    assert a1.tags == ["弱村"]
    # 县妇联 has no village yet, 县委组织部 has one
    assert [(s.unit_id, s.reason, s.load) for s in a1.suggestions] == [
        (spare.pk, "党群部门联弱村", 0),
        (units["zzb"].pk, "党群部门联弱村", 1),
    ]
    a2 = found[tree.village_a2.pk]
    assert a2.tags == ["空壳村", "专业村"]
    assert [s.reason for s in a2.suggestions] == ["经济部门联空壳村", "涉农部门联专业村"]
    town_b = make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN)
    assert selectors.suggestions(town_b, 2026) == []
    assert VillagePair.objects.count() == 1


def test_the_reminder_counts_pairs_with_items_missing_from_october(tree, units):
    pair = services.pair_create(actor=None, village=tree.village_a1, units=[units["zzb"]], started_year=2025)
    for item in ("agreement", "development"):
        services.checklist_mark(
            actor=None, pair=pair, year=2025, item=item, done_on=dt.date(2025, 9, 1), evidence="记录"
        )
    county = tree.accounts["county"]
    assert selectors.reminders(county, dt.date(2025, 9, 30)) == []
    (reminder,) = selectors.reminders(county, dt.date(2025, 10, 1))
    assert (reminder.label, reminder.count, reminder.url) == (
        "2025年“五个一”未完成的结对",
        1,
        "/villages/pairing/gaps/?year=2025",
    )
