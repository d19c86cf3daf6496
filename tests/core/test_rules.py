"""Pure rules of the core, at their boundaries."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian.core import rules

TODAY = dt.date(2026, 11, 24)


def test_known_valid_id_number_parses():
    # GB 11643 example: 11010519491231002X (Beijing, 1949-12-31, female)
    info = rules.parse_id_number("11010519491231002x", today=TODAY)
    assert info.number == "11010519491231002X"
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.is_male is False


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1101051949123100", "应为18位"),
        ("11010519491231002Y", "末位为数字或X"),
        ("99010519491231002X", "地址码无效"),
        ("110105194902300020", "不是有效日期"),
        ("11010519491231002", "应为18位"),
        ("110105194912310021", "校验位错误"),
        ("1101**********002X", "脱敏"),
    ],
)
def test_invalid_id_numbers_name_the_reason(value, reason):
    with pytest.raises(rules.IdNumberError, match=reason):
        rules.parse_id_number(value, today=TODAY)


def test_birth_date_in_the_future_is_refused_and_today_is_accepted():
    tomorrow = rules.make_id_number(region="411102", birth_date=TODAY + dt.timedelta(days=1), sequence=1, is_male=True)
    with pytest.raises(rules.IdNumberError, match="不合理"):
        rules.parse_id_number(tomorrow, today=TODAY)
    today = rules.make_id_number(region="411102", birth_date=TODAY, sequence=1, is_male=True)
    assert rules.parse_id_number(today, today=TODAY).birth_date == TODAY


def test_full_width_characters_are_normalised():
    assert rules.parse_id_number("１１０１０５１９４９１２３１００２Ｘ", today=TODAY).number == "11010519491231002X"


@given(
    birth=st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY),
    sequence=st.integers(min_value=0, max_value=999),
    male=st.booleans(),
)
def test_made_id_numbers_parse_back(birth, sequence, male):
    number = rules.make_id_number(region="411102", birth_date=birth, sequence=sequence, is_male=male)
    info = rules.parse_id_number(number, today=TODAY)
    assert (info.birth_date, info.is_male) == (birth, male)


@given(digit=st.integers(min_value=0, max_value=16), replacement=st.sampled_from("0123456789"))
def test_any_single_digit_change_breaks_the_check(digit, replacement):
    number = "11010519491231002X"
    changed = number[:digit] + replacement + number[digit + 1 :]
    if changed == number:
        return
    try:
        rules.parse_id_number(changed, today=TODAY)
    except rules.IdNumberError:
        return
    pytest.fail(f"{changed} should not validate")


def test_mask_shows_first_and_last_four():
    assert rules.mask_id_number("11010519491231002X") == "1101**********002X"
    assert rules.mask_phone("13800138000") == "138****8000"


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (dt.date(2008, 11, 24), dt.date(2026, 11, 23), 17),  # the day before the 18th birthday
        (dt.date(2008, 11, 24), dt.date(2026, 11, 24), 18),  # the birthday itself
        (dt.date(2008, 2, 29), dt.date(2026, 2, 28), 17),
        (dt.date(2008, 2, 29), dt.date(2026, 3, 1), 18),
    ],
)
def test_age_counts_full_years(birth, on, age):
    assert rules.age_on(birth, on) == age
    assert rules.is_adult_on(birth, on) is (age >= 18)


@pytest.mark.parametrize(
    ("joined", "confirmed", "allowed"),
    [
        (dt.date(2024, 7, 1), dt.date(2025, 6, 30), False),  # the day before the year ends
        (dt.date(2024, 7, 1), dt.date(2025, 7, 1), True),  # the day it ends
        (dt.date(2024, 2, 29), dt.date(2025, 2, 27), False),
        (dt.date(2024, 2, 29), dt.date(2025, 2, 28), True),
    ],
)
def test_full_membership_needs_a_full_year_of_probation(joined, confirmed, allowed):
    assert rules.can_be_full_member(joined, confirmed) is allowed


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (18, "30岁及以下"),
        (30, "30岁及以下"),
        (31, "31-35岁"),
        (35, "31-35岁"),
        (36, "36-40岁"),
        (60, "56-60岁"),
        (61, "61岁及以上"),
        (99, "61岁及以上"),
    ],
)
def test_age_bands_edges(age, band):
    assert rules.age_band(age) == band


@given(birth=st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2008, 12, 31)))
def test_birth_ranges_agree_with_age_bands(birth):
    expected = rules.age_band(rules.age_on(birth, TODAY))
    matches = [
        label
        for label, born_from, born_to in rules.age_band_birth_ranges(TODAY)
        if (born_from is None or birth >= born_from) and (born_to is None or birth <= born_to)
    ]
    assert matches == [expected]


@pytest.mark.parametrize(
    ("phone", "ok"),
    [
        ("13800138000", True),
        ("12800138000", False),
        ("1380013800", False),
        ("0395-1234567", True),
        ("03951234567", True),
    ],
)
def test_phone_formats(phone, ok):
    assert rules.is_valid_phone(phone) is ok
