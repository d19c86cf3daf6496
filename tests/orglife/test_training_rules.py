"""Training rules at their boundaries: class hours (above 0, at most 24 a day), hours credited, current posts,
rotation coverage and the figures of a report."""

import datetime as dt
from decimal import Decimal

from dangjian.orglife import rules

D = dt.date


def test_class_hours_at_most_24_a_day():
    assert rules.training_days(D(2026, 3, 1), D(2026, 3, 1)) == 1
    assert rules.training_days(D(2026, 3, 1), D(2026, 3, 5)) == 5
    assert rules.class_problems(starts_on=D(2026, 3, 1), ends_on=D(2026, 3, 2), hours=Decimal("48")) == {}
    assert rules.class_problems(starts_on=D(2026, 3, 1), ends_on=D(2026, 3, 2), hours=Decimal("48.1")) == {
        "hours": "学时不能超过培训天数×24(本班2天,最多48学时)"
    }
    assert rules.class_problems(starts_on=D(2026, 3, 1), ends_on=D(2026, 3, 1), hours=Decimal("0.1")) == {}
    assert rules.class_problems(starts_on=D(2026, 3, 1), ends_on=D(2026, 3, 1), hours=Decimal("0")) == {
        "hours": "学时应大于0"
    }


def test_the_end_not_before_the_start():
    assert rules.class_problems(starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 2), hours=Decimal("8")) == {}
    assert rules.class_problems(starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 1), hours=Decimal("8")) == {
        "ends_on": "结束日期不能早于开始日期"
    }
    assert rules.class_problems(starts_on=None, ends_on=None, hours=None) == {
        "starts_on": "请填写开始日期",
        "ends_on": "请填写结束日期",
        "hours": "请填写学时",
    }


def test_hours_credited_to_a_participant():
    assert rules.attended_hours_problem(Decimal("8"), Decimal("8")) is None
    assert rules.attended_hours_problem(Decimal("0.5"), Decimal("8")) is None
    assert rules.attended_hours_problem(Decimal("8.1"), Decimal("8")) == "参训学时不能超过培训班学时(8)"
    assert rules.attended_hours_problem(Decimal("0"), Decimal("8")) == "参训学时应大于0"


def test_a_post_is_current_from_its_first_to_its_last_day():
    today = D(2026, 3, 16)
    assert rules.post_current(today, None, today)
    assert not rules.post_current(today + dt.timedelta(days=1), None, today)
    assert rules.post_current(D(2021, 1, 1), today, today)
    assert not rules.post_current(D(2021, 1, 1), today - dt.timedelta(days=1), today)


def test_rotation_covered_with_and_without_minimum_hours():
    assert rules.rotation_covered(classes=1, hours=Decimal("0.5"), min_hours=Decimal("0"))
    assert not rules.rotation_covered(classes=0, hours=Decimal("0"), min_hours=Decimal("0"))
    assert rules.rotation_covered(classes=2, hours=Decimal("16"), min_hours=Decimal("16"))
    assert not rules.rotation_covered(classes=2, hours=Decimal("15.9"), min_hours=Decimal("16"))


def test_rates_show_numerator_and_denominator():
    assert rules.ratio_text(18, 20) == "18/20 (90.0%)"
    assert rules.ratio_text(1, 3) == "1/3 (33.3%)"
    assert rules.ratio_text(0, 0) == "0/0 (—)"


def test_report_figures_round_like_the_reports():
    assert rules.approx_count(99) == "99"
    assert rules.approx_count(100) == "100"
    assert rules.approx_count(347) == "340余"
    assert rules.approx_count(1600) == "1600"
    assert rules.approx_count(1634) == "1600余"
    assert (
        rules.training_sentence(subject="农村党员", person_times=1634, classes=11)
        == "组织农村党员1600余人次开展培训11期"
    )
