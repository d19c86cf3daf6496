"""Rules of 党群服务中心: fixed-line duty phones, the tier of a centre, a place's 清零 state, items judged from the
centre's data, and the sentences of seeds 002 and 003."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dangjian.service import rules


@pytest.mark.parametrize(
    "text",
    [
        "0395-8123456",
        "03958123456",
        "08765432",
        "(0395)8123456",
        "010-12345678",
        " 0395 812 3456 ",
        "8123456",
        "28123456",
    ],
)
def test_landlines_are_fixed_lines(text):
    assert rules.is_fixed_line(text)
    assert rules.duty_phone_problem(text) is None


@pytest.mark.parametrize("text", ["13812345678", "138-1234-5678", "+8613812345678", "8613912345678", "19912345678"])
def test_mobiles_are_refused_with_the_public_page_reason(text):
    assert not rules.is_fixed_line(text)
    assert rules.duty_phone_problem(text) == "值班电话应为固定电话,手机号码不会在公开页面展示"


@pytest.mark.parametrize("text", ["12345", "0395-81", "abc", "1234567", "0012345678", "0395-812345678901", "12345678"])
def test_malformed_numbers_are_refused(text):
    assert not rules.is_fixed_line(text)
    assert rules.duty_phone_problem(text) == rules.PHONE_FORMAT


def test_blank_phone_is_allowed():
    assert rules.duty_phone_problem("") is None
    assert rules.duty_phone_problem("   ") is None


def test_seven_and_eight_digit_local_numbers_only():
    assert not rules.is_fixed_line("812345")  # six digits
    assert rules.is_fixed_line("8123456")
    assert rules.is_fixed_line("81234567")
    assert not rules.is_fixed_line("812345678")  # nine


def test_centre_level_follows_the_org():
    assert rules.centre_level("county", "government") == "county"
    assert rules.centre_level("township", "subdistrict") == "township"
    assert rules.centre_level("grassroots", "rural") == "village"
    assert rules.centre_level("grassroots", "community") == "community"
    assert rules.centre_level("grassroots", "enterprise") is None
    assert rules.centre_level("city", "government") is None


def test_place_state_takes_the_best_centre():
    assert rules.place_state([]) == "none"
    assert rules.place_state(["none"]) == "none"
    assert rules.place_state(["new"]) == "none"
    assert rules.place_state(["expand"]) == "upgrading"
    assert rules.place_state(["repair", "expand"]) == "improving"
    assert rules.place_state(["expand", "in_use"]) == "in_use"


def test_item_met_from_rooms_and_area_at_the_threshold():
    kinds = {"hall", "library"}
    assert rules.item_met("", None, kinds, Decimal("300")) is None
    assert rules.item_met("hall", None, kinds, None) is True
    assert rules.item_met("clinic", None, kinds, None) is False
    assert rules.item_met("", Decimal("300"), kinds, Decimal("300")) is True
    assert rules.item_met("", Decimal("300"), kinds, Decimal("299.9")) is False
    assert rules.item_met("", Decimal("300"), kinds, Decimal("300.1")) is True
    assert rules.item_met("", Decimal("300"), kinds, None) is False
    assert rules.item_met("hall", Decimal("300"), kinds, Decimal("200")) is False


def test_check_passes_when_every_required_item_is_met():
    assert rules.check_passed([(True, True), (False, False)])
    assert not rules.check_passed([(True, True), (True, False)])
    assert not rules.check_passed([])


def test_scope_words():
    assert rules.scope_word("召陵区委", "county") == "全区"
    assert rules.scope_word("示范县委", "county") == "全县"
    assert rules.scope_word("东城镇党委", "township") == "全镇"
    assert rules.scope_word("西关街道党工委", "township") == "全街道"
    assert rules.scope_word("中共河南省委员会", "province") == "全省"
    assert rules.scope_word("中共漯河市委员会", "city") == "全市"


def test_seed_002_clearance_sentence():
    text = rules.clearance_sentence("全区", "community", 19, 8, 6, 5, 0)
    assert text == "全区19个城市社区,已有8个建成并投入使用,6个正在升级改造,5个社区正在完善提升"
    assert rules.clearance_sentence("全县", "village", 10, 7, 1, 1, 1).endswith(",1个尚无活动场所")


def test_seed_003_works_sentence():
    assert rules.works_sentence(22, 58, 120) == "新建党员群众服务中心22个,改扩建58个,维修120个"
