"""结对共建 rules at their boundaries: department type ↔ village category, the tie-breaks of the suggestions, the
outputs' sentence (9,999 元 vs 10,000 元, rounding to one decimal of 万元, whole counts), periods, 五个一."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.villages import rules
from dangjian.villages.choices import DepartmentType, FiveOneItem, OutputKind, VillageTag
from dangjian.villages.rules import OutputTotal, PairingCandidate


def unit(pk, kind, load=0, name=None):
    return PairingCandidate(pk, name or f"单位{pk}", kind, load)


# --- suggestions ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "tag", "reason"),
    [
        (DepartmentType.PARTY_MASS, VillageTag.WEAK, "党群部门联弱村"),
        (DepartmentType.LEGAL, VillageTag.DISORDERLY, "政法部门联乱村"),
        (DepartmentType.ECONOMIC, VillageTag.POOR, "经济部门联穷村"),
        (DepartmentType.ECONOMIC, VillageTag.HOLLOW, "经济部门联空壳村"),
        (DepartmentType.AGRICULTURE, VillageTag.SPECIALISED, "涉农部门联专业村"),
    ],
)
def test_each_department_type_matches_its_village_category(kind, tag, reason):
    pool = [unit(1, kind)] + [unit(10 + i, other) for i, other in enumerate(DepartmentType.values) if other != kind]
    found = rules.suggest_units({tag}, pool)
    assert [(s.unit_id, s.tag, s.reason) for s in found] == [(1, tag, reason)]


@pytest.mark.parametrize("tag", [VillageTag.DIRTY, VillageTag.OTHER])
def test_categories_without_a_department_get_no_suggestion(tag):
    pool = [unit(i, kind) for i, kind in enumerate(DepartmentType.values)]
    assert rules.suggest_units({tag}, pool) == []
    assert rules.suggest_units(set(), pool) == []


@pytest.mark.parametrize("kind", [DepartmentType.EDU_HEALTH, DepartmentType.ENTERPRISE, DepartmentType.OTHER])
def test_units_of_other_types_are_never_suggested(kind):
    assert rules.suggest_units(set(VillageTag.values), [unit(1, kind)]) == []


def test_fewer_current_villages_first_then_the_earlier_category_then_the_name():
    pool = [
        unit(1, DepartmentType.PARTY_MASS, load=2, name="甲"),
        unit(2, DepartmentType.ECONOMIC, load=1, name="乙"),
        unit(3, DepartmentType.LEGAL, load=1, name="丙"),
        unit(4, DepartmentType.LEGAL, load=1, name="丁"),
        unit(5, DepartmentType.AGRICULTURE, load=0, name="戊"),
    ]
    tags = {VillageTag.WEAK, VillageTag.DISORDERLY, VillageTag.POOR, VillageTag.SPECIALISED}
    found = rules.suggest_units(tags, pool, limit=5)
    # load 0 first; among load 1 乱村 (disorderly) before 穷村; two legal units by name (丁 < 丙 in code points)
    assert [s.unit_id for s in found] == [5, 4, 3, 2, 1]
    assert [s.load for s in found] == [0, 1, 1, 1, 2]


def test_equal_units_break_the_tie_by_id_and_the_limit_keeps_the_first():
    pool = [unit(9, DepartmentType.PARTY_MASS, name="同名"), unit(3, DepartmentType.PARTY_MASS, name="同名")]
    assert [s.unit_id for s in rules.suggest_units({VillageTag.WEAK}, pool)] == [3, 9]
    many = [unit(i, DepartmentType.PARTY_MASS, load=i) for i in range(1, 6)]
    assert [s.unit_id for s in rules.suggest_units({VillageTag.WEAK}, many)] == [1, 2, 3]
    assert rules.SUGGESTIONS_PER_VILLAGE == 3


def test_an_economic_unit_for_a_poor_and_hollow_village_gives_the_poor_reason():
    found = rules.suggest_units({VillageTag.HOLLOW, VillageTag.POOR}, [unit(1, DepartmentType.ECONOMIC)])
    assert found[0].reason == "经济部门联穷村"


# --- shapes, periods, 五个一 ------------------------------------------------------------------------------------


def test_pair_shape_one_to_one_and_many_to_one():
    assert rules.pair_shape(0) == "none"
    assert rules.pair_shape(1) == "one_to_one"
    assert rules.pair_shape(2) == "many_to_one"
    assert rules.PAIR_SHAPE_LABELS[rules.pair_shape(5)] == "多对一"


def test_a_pair_counts_in_a_period_from_its_year_until_it_ends():
    since, until = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    assert rules.pair_active_in(2025, None, since, until)
    assert not rules.pair_active_in(2026, None, since, until)
    assert rules.pair_active_in(2020, dt.date(2025, 1, 1), since, until)  # ended on the first day: still counts
    assert not rules.pair_active_in(2020, dt.date(2024, 12, 31), since, until)  # ended the day before


def test_period_is_the_year_unless_days_are_given():
    assert rules.pairing_period(2025) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert rules.pairing_period(2025, dt.date(2025, 3, 1)) == (dt.date(2025, 3, 1), dt.date(2025, 12, 31))
    assert rules.pairing_period(2025, None, dt.date(2025, 6, 30)) == (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    assert rules.pairing_period_problem(dt.date(2025, 3, 1), dt.date(2025, 3, 1)) is None
    assert rules.pairing_period_problem(dt.date(2025, 3, 2), dt.date(2025, 3, 1)) == "结束日期不能早于开始日期"


def test_five_one_completion_and_missing_items():
    items = list(FiveOneItem.values)
    assert rules.five_one_text(3) == "3/5"
    assert rules.five_one_text(0) == "0/5"
    assert rules.five_one_missing({"agreement", "org_life"}, items) == ["development", "training_base", "members"]
    assert rules.five_one_missing(set(items), items) == []


# --- the sentence -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("9999", "9999元"),
        ("9999.99", "9999.99元"),
        ("9999.50", "9999.5元"),
        ("10000", "1万元"),
        ("10000.01", "1万元"),
        ("14999", "1.5万元"),  # 1.4999 → 1.5 (half up on the first decimal)
        ("14949.99", "1.5万元"),
        ("14900", "1.5万元"),
        ("14499.99", "1.4万元"),
        ("805000", "80.5万元"),
        ("800000", "80万元"),
        ("99950", "10万元"),
        ("99949.99", "10万元"),
        ("99499.99", "9.9万元"),
        ("0.5", "0.5元"),
    ],
)
def test_money_in_yuan_below_ten_thousand_and_in_wan_from_it(amount, text):
    assert rules.output_money_text(Decimal(amount)) == text


def test_counts_are_whole_and_areas_keep_their_decimals():
    assert rules.output_quantity_text("trees", Decimal("1200.00"), "棵") == "1200棵"
    assert rules.output_quantity_text("problems", Decimal("41.5"), "个") == "42个"
    assert rules.output_quantity_text("greened", Decimal("30.00"), "亩") == "30亩"
    assert rules.output_quantity_text("greened", Decimal("30.50"), "亩") == "30.5亩"
    assert rules.output_quantity_text("road_area", Decimal("5000"), "平方米") == "5000平方米"
    assert rules.output_quantity_text("road_length", Decimal("2.25"), "公里") == "2.25公里"


def test_the_seed_sentence_in_its_order_without_zero_totals():
    totals = [
        OutputTotal("road_area", "硬化道路", "平方米", Decimal("5000")),
        OutputTotal("trees", "植树", "棵", Decimal("1200")),
        OutputTotal("funds", "帮扶资金", "元", Decimal("805000.00")),
        OutputTotal("greened", "绿化", "亩", Decimal("30")),
        OutputTotal("problems", "解决实际困难", "个", Decimal("42")),
        OutputTotal("deeds", "办实事好事", "件", Decimal("15")),
        OutputTotal("trained", "培训群众", "人次", Decimal("0")),
    ]
    assert rules.outputs_sentence(totals) == (
        "帮扶资金80.5万元,解决实际困难42个,办实事好事15件,植树1200棵,绿化30亩,硬化道路5000平方米"
    )
    assert rules.outputs_sentence([]) == ""
    other = OutputTotal("other", "捐赠图书", "册", Decimal("300"))
    assert rules.outputs_sentence([other, totals[1]]) == "植树1200棵,捐赠图书300册"


def test_every_kind_but_other_has_a_unit_and_a_place_in_the_sentence():
    for kind in OutputKind.values:
        assert kind in rules.OUTPUT_ORDER
        assert kind == "other" or kind in rules.OUTPUT_UNITS


@pytest.mark.parametrize(
    ("kind", "quantity", "problem"),
    [
        ("funds", "0.01", None),
        ("funds", "0", "数量应大于0"),
        ("funds", "-1", "数量应大于0"),
        ("funds", "0.005", "数量最多保留两位小数"),
        ("funds", "999999999999.99", None),
        ("funds", "1000000000000.00", "数量过大"),
        ("trees", "1", None),
        ("trees", "1.5", "棵数应为整数"),
        ("greened", "1.5", None),
        ("funds", "NaN", "数量应大于0"),
    ],
)
def test_output_quantities(kind, quantity, problem):
    assert rules.output_quantity_problem(kind, Decimal(quantity)) == problem
