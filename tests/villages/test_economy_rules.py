"""集体经济 rules at their edges, with the seeds' own numbers (seed 002: 146 of 370 villages "占39.5%"; seed 003:
3334万 → 8789万 in two years "年均增长62%", 277 villages "村年均31.7万元")."""

from decimal import Decimal

import pytest

from dangjian.villages import rules
from dangjian.villages.choices import DevelopmentModel


@pytest.mark.parametrize(
    ("income", "band"),
    [
        ("0", "hollow"),
        ("49999.99", "hollow"),
        ("50000.00", "50k"),
        ("50000.01", "50k"),
        ("199999.99", "50k"),
        ("200000", "200k"),
        ("9999999.99", "200k"),
        ("10000000", "10m"),
        ("99999999.99", "10m"),
        ("100000000", "100m"),
        ("100000000.01", "100m"),
    ],
)
def test_income_band_edges(income, band):
    assert rules.income_band(Decimal(income)) == band


def test_reaches_and_hollow_edges():
    line = rules.HOLLOW_LINE
    assert not rules.reaches(Decimal("49999.99"), line)
    assert rules.reaches(Decimal("50000.00"), line)
    assert rules.reaches(Decimal("50000.01"), line)
    assert not rules.reaches(None, line)
    assert rules.is_hollow(Decimal("49999.99"))
    assert not rules.is_hollow(Decimal("50000"))
    assert not rules.is_hollow(None)  # a missing report is listed apart


def test_share_text_with_seed_numbers_and_rounding():
    assert rules.share_text(146, 370) == "146个,占39.5%"  # 39.459… → 39.5
    assert rules.share(1, 8) == Decimal("12.5")
    assert rules.share(1, 16) == Decimal("6.3")  # 6.25 half up
    assert rules.share(1, 3) == Decimal("33.3")
    assert rules.share(0, 5) == Decimal("0.0")
    assert rules.share(3, 0) is None
    assert rules.share_text(0, 0) == "0个,占—"


def test_growth_cagr_and_average_with_seed_003():
    earlier, later = Decimal("33340000"), Decimal("87890000")
    assert rules.cagr(earlier, later, 2) == Decimal("62.4")
    assert rules.growth(earlier, later) == Decimal("163.6")
    assert rules.cagr(earlier, later, 0) is None
    assert rules.cagr(Decimal("0"), later, 2) is None
    assert rules.cagr(None, later, 2) is None
    assert rules.cagr(earlier, earlier, 3) == Decimal("0.0")
    assert rules.growth(None, later) is None
    average = rules.average(later, 277)
    assert average == Decimal("317292.42")
    assert rules.wan_text(average) == "31.7万元"
    assert rules.average(later, 0) is None


def test_wan_text():
    assert rules.wan_text(Decimal("32000")) == "3.2万元"
    assert rules.wan_text(Decimal("33340000")) == "3334万元"
    assert rules.wan_text(Decimal("50000")) == "5万元"
    assert rules.wan_text(Decimal("36200000") / 51) == "71万元"  # 70.98 → 71.0
    assert rules.wan_text(None) == "—"


def test_development_models_problem():
    allowed = set(DevelopmentModel.values)
    assert len(allowed) == 13  # seed 003's eight and seed 002's six, 服务创收 in both
    assert rules.development_models_problem(["industry", "land"], allowed) == ""
    assert rules.development_models_problem([], allowed) == ""
    assert "未知" in rules.development_models_problem(["farming"], allowed)
    assert rules.development_models_problem(["land", "land"], allowed) == "发展模式不能重复"
