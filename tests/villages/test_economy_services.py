"""集体经济 services and the report: a village's year through core's figures, permissions, validation, audit, and
the report's figures checked against hand-counted villages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry, Unit, UnitYearFigure
from dangjian.villages.models import VillageEconomy, VillageEconomyModel
from dangjian.villages.selectors import economy as selectors
from dangjian.villages.services import economy as services
from tests.core.factories import make_org

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 1)


def save(org, year, income, **kw):
    return services.village_year_save(actor=None, org=org, year=year, income=income, **kw)


def test_secretary_enters_a_year_through_core_figures(tree):
    secretary = tree.accounts["secretary_a1"]
    economy = services.village_year_save(
        actor=secretary,
        org=tree.village_a1,
        year=2025,
        income="32000",
        assets=Decimal("1200000"),
        models=["industry", "land"],
        note=" 发展土地流转 ",
    )
    unit = Unit.objects.get(org=tree.village_a1)
    assert unit.kind == "village" and unit.name == "东城镇李庄村"
    figure = UnitYearFigure.objects.get(unit=unit, year=2025)
    assert figure.collective_income == Decimal("32000.00") and figure.collective_assets == Decimal("1200000.00")
    assert economy.note == "发展土地流转" and economy.county_id == tree.county.pk
    assert sorted(economy.models.values_list("model", flat=True)) == ["industry", "land"]
    entry = AuditEntry.objects.get(object_type="villages.villageeconomy", object_id=str(economy.pk))
    assert entry.action == AuditAction.CREATE and entry.actor_id == secretary.pk
    # saving again corrects the same rows
    services.village_year_save(actor=secretary, org=tree.village_a1, year=2025, income="60000", models=["tourism"])
    assert UnitYearFigure.objects.filter(unit=unit).count() == 1
    assert UnitYearFigure.objects.get(unit=unit).collective_income == Decimal("60000.00")
    assert list(VillageEconomyModel.objects.filter(economy=economy).values_list("model", flat=True)) == ["tourism"]
    assert selectors.income_by_org(tree.county.pk, 2025) == {tree.village_a1.pk: Decimal("60000.00")}


def test_refusals(tree):
    with pytest.raises(PermissionDenied):
        services.village_year_save(actor=tree.accounts["secretary_a2"], org=tree.village_a1, year=2025, income=1)
    with pytest.raises(PermissionDenied):
        services.village_year_save(actor=tree.accounts["member_a1"], org=tree.village_a1, year=2025, income=1)
    with pytest.raises(ValidationError) as error:
        save(tree.community_b1, 2025, 1)
    assert "不是行政村" in error.value.message_dict["org"][0]
    for bad, message in (("-1", "不能为负数"), ("abc", "应为数字"), (None, "请填写集体经济年收入")):
        with pytest.raises(ValidationError) as error:
            save(tree.village_a1, 2025, bad)
        assert message in error.value.message_dict["income"][0]
    with pytest.raises(ValidationError) as error:
        save(tree.village_a1, 2027, 1)
    assert error.value.message_dict["year"] == ["年度应在2000年至2026年之间"]
    save(tree.village_a1, 2026, 1)  # this year is fine
    with pytest.raises(ValidationError) as error:
        save(tree.village_a1, 2025, 1, models=["land", "land"])
    assert error.value.message_dict["models"] == ["发展模式不能重复"]
    with pytest.raises(ValidationError):
        save(tree.village_a1, 2025, 1, models=["farming"])
    assert not VillageEconomy.objects.filter(year=2025).exists()
    # the township enters for its villages
    save_town = services.village_year_save(actor=tree.accounts["town_a"], org=tree.village_a2, year=2025, income=5)
    assert save_town.pk


def test_report_figures_hand_counted(tree):
    """T001 has a1, a2 and five more villages; the community under T002 is not a village."""
    extra = [make_org(tree.town_a, f"V01{i}", f"东城镇{i}号村党支部") for i in range(5)]
    v3, v4, v5, v6, v7 = extra
    save(tree.village_a1, 2025, Decimal("49999.99"), models=["land"])  # hollow
    save(tree.village_a2, 2025, Decimal("50000.00"), models=["land", "tourism"])  # ≥5万
    save(v3, 2025, Decimal("200000"), models=["industry"])  # ≥20万
    save(v4, 2025, Decimal("10000000"))  # ≥1000万
    save(v5, 2025, Decimal("100000000"), assets=Decimal("150000000"))  # ≥1亿
    # v6, v7 report nothing for 2025
    save(tree.village_a1, 2023, Decimal("40000"))
    save(tree.village_a2, 2023, Decimal("60000"))
    save(tree.village_a1, 2024, Decimal("100000"))
    report = selectors.report(tree.county, 2025, years_back=2)
    assert report.villages == 7 and report.reported == 5 and report.unreported == 2
    total = Decimal("49999.99") + Decimal("50000") + Decimal("200000") + Decimal("10000000") + Decimal("100000000")
    assert report.total == total
    assert report.hollow == 1 and report.hollow_share == "1个,占14.3%"
    assert [t["count"] for t in report.thresholds] == [4, 3, 2, 1]
    assert report.thresholds[0]["text"] == "4个,占57.1%"
    assert [t["count"] for t in report.asset_thresholds] == [1, 1]
    assert report.average == (total / 5).quantize(Decimal("0.01"))
    previous, earlier = report.comparisons
    assert previous["year"] == 2024 and previous["total"] == Decimal("100000")
    assert earlier["year"] == 2023 and earlier["total"] == Decimal("100000") and earlier["span"] == 2
    assert earlier["cagr"] == Decimal("3221.1")  # (110299999.99/100000)^(1/2) - 1 = 32.211
    models = {row["model"]: row for row in report.by_model}
    assert models["land"]["villages"] == 2 and models["land"]["total"] == Decimal("99999.99")
    assert models["tourism"]["villages"] == 1 and models["industry"]["total"] == Decimal("200000")
    (town_row,) = report.rows  # T002 has no village
    assert town_row.org == tree.town_a and town_row.villages == 7 and town_row.reported == 5
    assert town_row.hollow == 1 and town_row.reached == [4, 3, 2, 1]
    assert [v.pk for v in selectors.hollow_villages(tree.county, 2025)] == [tree.village_a1.pk]
    assert {v.pk for v in selectors.unreported_villages(tree.county, 2025)} == {v6.pk, v7.pk}
    # a township scope: its villages are the rows
    town = selectors.report(tree.town_a, 2025)
    assert town.villages == 7 and len(town.rows) == 7
    assert selectors.report(tree.town_b, 2025).villages == 0


def test_village_list_filters(tree):
    save(tree.village_a1, 2025, Decimal("32000"), models=["land"])
    save(tree.village_a2, 2025, Decimal("80000"))
    user = tree.accounts["town_a"]
    _, rows = selectors.village_list(user, {"band": "hollow"}, 2025)
    assert [v.pk for v in rows] == [tree.village_a1.pk]
    _, rows = selectors.village_list(user, {"model": "land"}, 2025)
    assert [v.pk for v in rows] == [tree.village_a1.pk]
    _, rows = selectors.village_list(user, {"band": "unreported"}, 2025)
    assert list(rows) == []
    _, rows = selectors.village_list(tree.accounts["secretary_a2"], {}, 2025)
    assert [v.pk for v in rows] == [tree.village_a2.pk]
