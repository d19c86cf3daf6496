"""The person validation shared by forms, API and import: each rule, with the field it names."""

import datetime as dt

import pytest

from dangjian.core.rules import make_id_number
from dangjian.core.validation import validate_person

TODAY = dt.date(2026, 11, 24)
BIRTH = dt.date(1980, 5, 17)


def person(**overrides):
    values = {
        "name": "张三",
        "gender": "male",
        "ethnicity": "汉族",
        "id_number": make_id_number(region="411102", birth_date=BIRTH, sequence=11, is_male=True),
        "education": "bachelor",
        "status": "full",
        "joined_on": dt.date(2005, 7, 1),
        "confirmed_on": dt.date(2006, 7, 1),
        "phone": "13800138000",
    }
    values.update(overrides)
    return values


def errors_of(**overrides):
    return validate_person(person(**overrides), today=TODAY)[1]


def test_a_good_person_has_no_errors_and_birth_date_comes_from_the_id():
    cleaned, errors = validate_person(person(), today=TODAY)
    assert errors == {}
    assert cleaned["birth_date"] == BIRTH
    assert cleaned["category"] == "ordinary"


@pytest.mark.parametrize("field", ["name", "gender", "id_number", "education", "status", "joined_on"])
def test_required_fields(field):
    assert "不能为空" in errors_of(**{field: None})[field]


def test_gender_must_match_the_id_number():
    assert "第17位" in errors_of(gender="female")["gender"]


def test_birth_date_must_match_the_id_number():
    assert "不一致" in errors_of(birth_date=dt.date(1980, 5, 18))["birth_date"]


def test_dates_not_in_the_future():
    tomorrow = TODAY + dt.timedelta(days=1)
    assert "不能晚于今天" in errors_of(joined_on=tomorrow, status="probationary", confirmed_on=None)["joined_on"]


def test_joining_age_boundary():
    birth = dt.date(1990, 3, 10)
    number = make_id_number(region="411102", birth_date=birth, sequence=3, is_male=True)
    eve = errors_of(id_number=number, joined_on=dt.date(2008, 3, 9), confirmed_on=dt.date(2009, 3, 9))
    assert "未满18周岁" in eve["joined_on"]
    on_the_day = errors_of(id_number=number, joined_on=dt.date(2008, 3, 10), confirmed_on=dt.date(2009, 3, 10))
    assert "joined_on" not in on_the_day


def test_full_member_needs_a_full_year_of_probation():
    early = errors_of(joined_on=dt.date(2020, 7, 1), confirmed_on=dt.date(2021, 6, 30))
    assert "预备期满一年" in early["confirmed_on"]
    assert "confirmed_on" not in errors_of(joined_on=dt.date(2020, 7, 1), confirmed_on=dt.date(2021, 7, 1))


def test_a_member_who_joined_less_than_a_year_ago_can_only_be_probationary():
    joined = dt.date(2025, 11, 25)  # the year ends tomorrow
    assert "只能是预备党员" in errors_of(joined_on=joined, confirmed_on=None)["status"]
    assert errors_of(joined_on=joined, confirmed_on=None, status="probationary") == {}


def test_probationary_member_has_no_confirmation_date():
    assert "不应有转正日期" in errors_of(status="probationary")["confirmed_on"]


def test_unknown_choices_and_ethnicity_and_phone():
    errors = errors_of(education="phd", ethnicity="火星族", phone="123")
    assert set(errors) == {"education", "ethnicity", "phone"}


def test_an_absurd_future_date_is_an_error_not_a_crash():
    errors = errors_of(joined_on=dt.date(9999, 12, 31), confirmed_on=dt.date(9999, 12, 31))
    assert "不能晚于今天" in errors["joined_on"]
    assert "不能晚于今天" in errors["confirmed_on"]


def test_an_optional_amount_is_empty_a_number_or_a_named_refusal():
    from decimal import Decimal

    import pytest
    from django.core.exceptions import ValidationError

    from dangjian.core.validation import optional_amount

    limit = Decimal("1000")
    assert optional_amount("", "amount", "金额", limit) is None
    assert optional_amount(" 12.345 ", "amount", "金额", limit, places=Decimal("0.01")) == Decimal("12.35")
    assert optional_amount("1000", "amount", "金额", limit) == Decimal("1000")
    for typed, message in (
        ("1000.01", "金额过大"),
        ("-0.01", "金额不能为负数"),
        ("abc", "金额应为数字"),
        ("NaN", "金额应为数字"),
    ):
        with pytest.raises(ValidationError) as refused:
            optional_amount(typed, "amount", "金额", limit)
        assert refused.value.message_dict == {"amount": [message]}
