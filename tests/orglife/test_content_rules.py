"""微党建 rules: an article's state, what makes its values wrong, and a rate with its numerator and denominator."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.orglife import rules


def test_states():
    moment = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    assert rules.article_state(None, False) == "draft"
    assert rules.article_state(moment, False) == "published"
    assert rules.article_state(moment, True) == "withdrawn"


def problems(**overrides):
    values = {"kind": "lesson", "title": "微党课", "body": "正文", "required": True, "study_hours": Decimal("1.0")}
    return rules.article_problems(**(values | overrides))


def test_valid_values_have_no_problem():
    assert problems() == {}
    assert problems(required=False, study_hours=Decimal("0")) == {}


def test_exchange_posts_are_short_and_never_required():
    limit = rules.EXCHANGE_MAX_CHARS
    assert problems(kind="exchange", required=False, study_hours=Decimal("0"), body="字" * limit) == {}
    too_long = problems(kind="exchange", required=False, study_hours=Decimal("0"), body="字" * (limit + 1))
    assert too_long == {"body": f"微交流为短文,正文不超过{limit}字(现有{limit + 1}字)"}
    assert problems(kind="exchange", study_hours=Decimal("0"))["required"] == "微交流不能设为必学内容"
    assert problems(kind="lesson", body="字" * (limit + 1)) == {}


@pytest.mark.parametrize(
    ("hours", "required", "problem"),
    [
        (Decimal("8.0"), True, None),
        (Decimal("8.1"), True, "学习学时不超过8.0"),
        (Decimal("-0.1"), True, "学习学时不能为负数"),
        (Decimal("0.5"), False, "只有必学内容计入学习学时"),
        (Decimal("0"), True, None),
    ],
)
def test_hours_bounds(hours, required, problem):
    assert problems(study_hours=hours, required=required).get("study_hours") == problem


def test_blank_title_and_body():
    assert problems(title=" ", body="") == {"title": "请填写标题", "body": "请填写正文"}


def test_rate_text_shows_both_numbers():
    assert rules.rate_text(18, 20) == "18/20 (90.0%)"
    assert rules.rate_text(1, 3) == "1/3 (33.3%)"
    assert rules.rate_text(0, 0) == "0/0"
