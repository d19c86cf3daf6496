"""村级换届 rules: term, age at the election (birthday boundary), the high-school set, committee checks, shares and
the percentage-point sentence."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.villages import rules


def test_term_is_five_years_and_leap_day_falls_back():
    assert rules.election_term_end(dt.date(2021, 1, 15)) == dt.date(2026, 1, 15)
    assert rules.election_term_end(dt.date(2024, 2, 29)) == dt.date(2029, 2, 28)


@pytest.mark.parametrize(
    ("election", "under"),
    [(dt.date(2021, 3, 9), True), (dt.date(2021, 3, 10), False), (dt.date(2021, 3, 11), False)],
)
def test_35th_birthday_on_election_day_is_not_under_35(election, under):
    birth = dt.date(1986, 3, 10)
    assert rules.is_under_35(birth, election) is under


def test_age_on():
    assert rules.age_on(dt.date(1986, 3, 10), dt.date(2021, 3, 9)) == 34
    assert rules.age_on(dt.date(1986, 3, 10), dt.date(2021, 3, 10)) == 35


@pytest.mark.parametrize(
    ("education", "counted"),
    [
        ("postgraduate", True),
        ("bachelor", True),
        ("junior_college", True),
        ("secondary_vocational", True),
        ("high_school", True),
        ("junior_high", False),
        ("primary_or_below", False),
    ],
)
def test_high_school_or_above(education, counted):
    assert rules.is_high_school_or_above(education) is counted


def test_committee_problems():
    ok = [
        {"name": "甲", "body": "party", "post": "secretary", "concurrent": True},
        {"name": "乙", "body": "villager", "post": "director", "concurrent": False},
        {"name": "丙", "body": "party", "post": "member", "concurrent": False},
    ]
    assert rules.committee_problems(ok, {"party", "villager"}) == []
    assert rules.committee_problems(ok[:1] + ok[2:], {"party", "villager"}) == ["村民委员会应有1名主任"]
    two = [*ok, {"name": "丁", "body": "party", "post": "secretary", "concurrent": False}]
    assert rules.committee_problems(two, {"party", "villager"}) == ["村党组织委员会只能有1名书记,现有2名"]
    wrong = [{"name": "戊", "body": "party", "post": "director", "concurrent": False}]
    assert "戊:职务与所在委员会不符" in rules.committee_problems(wrong, {"party"})
    flag = [*ok, {"name": "己", "body": "party", "post": "member", "concurrent": True}]
    assert rules.committee_problems(flag, {"party", "villager"}) == ["己:只有书记或主任可标记为“一肩挑”"]
    outside = [{"name": "庚", "body": "villager", "post": "director", "concurrent": False}]
    assert "庚:本次换届不包括村民委员会" in rules.committee_problems(outside, {"party"})


def test_structure_counts_a_person_on_both_committees_once():
    day = dt.date(2021, 3, 10)
    rows = [
        {"name": "甲", "birth_date": dt.date(1990, 1, 1), "gender": "female", "education": "bachelor", "person_id": 7},
        {"name": "甲", "birth_date": dt.date(1990, 1, 1), "gender": "female", "education": "bachelor", "person_id": 7},
        {
            "name": "乙",
            "birth_date": dt.date(1960, 1, 1),
            "gender": "male",
            "education": "junior_high",
            "person_id": None,
        },
        {
            "name": "乙",
            "birth_date": dt.date(1960, 1, 1),
            "gender": "male",
            "education": "junior_high",
            "person_id": None,
        },
        {
            "name": "乙",
            "birth_date": dt.date(1961, 1, 1),
            "gender": "male",
            "education": "high_school",
            "person_id": None,
        },
    ]
    got = rules.committee_structure(rows, lambda r: day)
    assert got == rules.Structure(people=3, under_35=1, high_school=2, women=1)


def test_share_percent_rounds_half_up_and_knows_nothing_to_divide():
    assert rules.share_percent(2, 31) == Decimal("6.5")  # 6.4516…
    assert rules.share_percent(1, 8) == Decimal("12.5")
    assert rules.share_percent(1, 16) == Decimal("6.3")  # 6.25 → 6.3
    assert rules.share_percent(0, 0) is None


@pytest.mark.parametrize(
    ("before", "after", "sentence"),
    [
        ("4.2", "6.4", "35岁以下占6.4%,比换届前提高2.2个百分点"),
        ("8.0", "6.4", "35岁以下占6.4%,比换届前降低1.6个百分点"),
        ("6.4", "6.4", "35岁以下占6.4%,与换届前持平"),
        ("6.3", "6.4", "35岁以下占6.4%,比换届前提高0.1个百分点"),
        (None, "6.4", "35岁以下占6.4%"),
        ("6.4", None, "35岁以下:暂无数据"),
    ],
)
def test_change_sentence(before, after, sentence):
    to = lambda v: None if v is None else Decimal(v)  # noqa: E731
    assert rules.change_sentence("35岁以下", to(before), to(after)) == sentence


def test_seed_sentence_from_counts():
    # 52% high school or above after, 37% before: 15 points up (seed 003)
    before, after = rules.share_percent(37, 100), rules.share_percent(52, 100)
    assert (
        rules.change_sentence("高中以上文化程度", before, after) == "高中以上文化程度占52.0%,比换届前提高15.0个百分点"
    )


def test_secretary_changed():
    assert rules.secretary_changed(("person", 1), ("person", 2)) is True
    assert rules.secretary_changed(("person", 1), ("person", 1)) is False
    assert rules.secretary_changed(None, ("person", 1)) is False
    assert rules.member_key({"person_id": None, "name": "甲", "birth_date": dt.date(1970, 1, 1)}) == (
        "name",
        "甲",
        dt.date(1970, 1, 1),
    )
