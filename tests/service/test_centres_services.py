"""Services of 党群服务中心: registering centres (tier, one main centre, fixed-line phone), rooms, works, the county's
standard, compliance checks, permissions, audit entries, and the figures against hand counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.models import AuditEntry
from dangjian.service.models import CentreCheck, ServiceCentre
from dangjian.service.selectors import centres as selectors
from dangjian.service.services import centres as services
from tests.core.factories import make_org
from tests.service.centres_world import centres_world, make_centre, make_standard

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned(settings):
    settings.DANGJIAN_TODAY = dt.date(2025, 6, 10)


def test_centre_takes_its_tier_from_the_org_and_is_audited(tree):
    secretary = tree.accounts["secretary_a1"]
    centre = make_centre(tree.village_a1, "李庄村党群服务中心", actor=secretary)
    assert centre.level == "village"
    assert centre.org_path == tree.village_a1.path and centre.county_id == tree.county.pk
    assert make_centre(tree.community_b1, "和平社区党群服务中心").level == "community"
    assert make_centre(tree.town_a, "东城镇党群服务中心").level == "township"
    assert make_centre(tree.county, "示范县党群服务中心").level == "county"
    entry = AuditEntry.objects.get(object_type__icontains="servicecentre", object_id=str(centre.pk))
    assert entry.action == "create" and entry.actor_id == secretary.pk


def test_mobile_duty_phone_is_refused(tree):
    with pytest.raises(ValidationError) as caught:
        make_centre(tree.village_a1, "李庄村党群服务中心", duty_phone="13812345678")
    assert caught.value.message_dict["duty_phone"] == ["值班电话应为固定电话,手机号码不会在公开页面展示"]
    assert not ServiceCentre.objects.exists()


def test_one_main_centre_per_org_but_more_sites(tree):
    make_centre(tree.community_b1, "和平社区党群服务中心")
    with pytest.raises(ValidationError) as caught:
        make_centre(tree.community_b1, "和平社区第二服务站")
    assert "主阵地" in caught.value.message_dict["is_main"][0]
    second = make_centre(tree.community_b1, "和平社区第二服务站", is_main=False)
    assert not second.is_main


def test_a_secretary_of_another_village_cannot_edit(tree):
    centre = make_centre(tree.village_a1, "李庄村党群服务中心")
    with pytest.raises(PermissionDenied):
        services.centre_update(actor=tree.accounts["secretary_a2"], centre=centre, hours="全天")
    with pytest.raises(PermissionDenied):
        services.room_create(actor=tree.accounts["secretary_a2"], centre=centre, kind="hall")
    updated = services.centre_update(actor=tree.accounts["town_a"], centre=centre, hours="全天")
    assert updated.hours == "全天"
    assert AuditEntry.objects.filter(action="update", object_id=str(centre.pk)).exists()


def test_rooms_once_per_kind_and_other_needs_a_name(tree):
    centre = make_centre(tree.village_a1, "李庄村党群服务中心")
    services.room_create(actor=None, centre=centre, kind="hall", area=Decimal("80"))
    with pytest.raises(ValidationError) as caught:
        services.room_create(actor=None, centre=centre, kind="hall")
    assert caught.value.message_dict["kind"] == ["该中心已有服务大厅"]
    with pytest.raises(ValidationError) as caught:
        services.room_create(actor=None, centre=centre, kind="other")
    assert caught.value.message_dict["name"] == ["其他功能室请填写名称"]
    assert services.room_create(actor=None, centre=centre, kind="other", name="红白理事会").label == "红白理事会"


def test_works_once_a_year_and_dated(tree):
    centre = make_centre(tree.village_a1, "李庄村党群服务中心")
    values = {"year": 2024, "kind": "expand", "started_on": dt.date(2024, 5, 1)}
    with pytest.raises(ValidationError) as caught:
        services.works_create(actor=None, centre=centre, status="done", **values)
    assert caught.value.message_dict["completed_on"] == ["建成投用的项目请填写竣工日期"]
    with pytest.raises(ValidationError) as caught:
        services.works_create(actor=None, centre=centre, completed_on=dt.date(2024, 4, 30), **values)
    assert caught.value.message_dict["completed_on"] == ["竣工日期不能早于开工日期"]
    services.works_create(actor=None, centre=centre, completed_on=dt.date(2024, 5, 1), status="done", **values)
    with pytest.raises(ValidationError):
        services.works_create(actor=None, centre=centre, **values)


def test_only_the_county_sets_the_standard(tree):
    with pytest.raises(PermissionDenied):
        services.standard_item_create(actor=tree.accounts["town_a"], county=tree.county, text="制度上墙")
    item = services.standard_item_create(actor=tree.accounts["county"], county=tree.county, text="制度上墙")
    assert item.position == 1
    assert services.standard_item_create(actor=None, county=tree.county, text="标识统一").position == 2


def test_check_computes_room_and_area_items_and_the_township_ticks_the_rest(tree):
    hall, area, manual = make_standard(tree)
    centre = make_centre(tree.village_a1, "李庄村党群服务中心", building_area=Decimal("299.5"))
    services.room_create(actor=None, centre=centre, kind="hall")
    with pytest.raises(PermissionDenied):
        services.check_record(
            actor=tree.accounts["secretary_a1"], centre=centre, year=2025, checked_on=dt.date(2025, 6, 1)
        )
    check = services.check_record(
        actor=tree.accounts["town_a"],
        centre=centre,
        year=2025,
        checked_on=dt.date(2025, 6, 1),
        ticks={manual.pk: (True, "已上墙"), area.pk: (True, "")},  # a tick cannot override a computed item
    )
    assert (check.items_met, check.items_total, check.passed) == (2, 3, False)
    results = {row.item_id: (row.met, row.auto) for row in check.items.all()}
    assert results == {hall.pk: (True, True), area.pk: (False, True), manual.pk: (True, False)}
    services.centre_update(actor=None, centre=centre, building_area=Decimal("300"))
    again = services.check_record(
        actor=tree.accounts["town_a"],
        centre=centre,
        year=2025,
        checked_on=dt.date(2025, 6, 2),
        ticks={manual.pk: (True, "")},
    )
    assert again.pk == check.pk and again.passed and CentreCheck.objects.count() == 1


def test_an_optional_item_not_met_still_passes(tree):
    services.standard_item_create(
        actor=None, county=tree.county, text="设有电商服务站", room_kind="ecommerce", required=False
    )
    centre = make_centre(tree.village_a1, "李庄村党群服务中心")
    check = services.check_record(actor=None, centre=centre, year=2025, checked_on=dt.date(2025, 6, 1))
    assert (check.items_met, check.items_total, check.passed) == (0, 1, True)


def test_no_standard_no_check(tree):
    centre = make_centre(tree.village_a1, "李庄村党群服务中心")
    with pytest.raises(ValidationError) as caught:
        services.check_record(actor=None, centre=centre, year=2025, checked_on=dt.date(2025, 6, 1))
    assert "尚未制定" in caught.value.messages[0]


def test_clearance_sentence_against_hand_counts(tree):
    """Five communities under 西关街道: 2 in use, 1 upgrading, 1 improving (its other site in repair too), 1 none."""
    town = tree.town_b
    places = [tree.community_b1] + [
        make_org(town, f"V10{n}", f"西关街道第{n}社区党支部", domain="community") for n in range(1, 5)
    ]
    make_centre(places[0], "一号中心", status="in_use")
    make_centre(places[1], "二号中心", status="in_use")
    make_centre(places[1], "二号分站", status="expand", is_main=False)
    make_centre(places[2], "三号中心", status="expand")
    make_centre(places[3], "四号中心", status="repair")
    make_centre(places[3], "四号分站", status="expand", is_main=False)
    make_centre(places[4], "五号中心", status="new")
    figures = selectors.clearance(tree.county, "community")
    assert (figures.total, figures.in_use, figures.upgrading, figures.improving, figures.none) == (5, 2, 1, 1, 1)
    assert (
        figures.sentence == "全县5个城市社区,已有2个建成并投入使用,1个正在升级改造,1个社区正在完善提升,1个尚无活动场所"
    )
    villages = selectors.clearance(tree.town_a, "village")
    assert villages.sentence.startswith("全镇2个行政村,已有0个建成并投入使用") and villages.none == 2


def test_works_and_compliance_figures(tree):
    world = centres_world(tree)
    assert world[ServiceCentre]
    county = tree.accounts["county"]
    works = selectors.works_figures(county, tree.county, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert (works.new, works.expand, works.repair) == (0, 0, 3)
    assert works.funds == Decimal("144000.00")
    assert works.sentence == "新建党员群众服务中心0个,改扩建0个,维修3个"
    assert selectors.works_figures(county, tree.county, dt.date(2025, 1, 1), dt.date(2025, 12, 31)).repair == 0
    # 5 centres (3 places + 2 townships); the places' checks: hall ✓, 320㎡ ✓, manual ticked → passed.
    figures = selectors.compliance(county, tree.county, 2024)
    assert (figures.centres, figures.checked, figures.passed) == (5, 3, 3)
    assert figures.sentence == "达标3个/5个 (60.0%)"
    town = selectors.compliance(tree.accounts["town_a"], tree.town_a, 2024)
    assert (town.centres, town.passed) == (3, 2)
    assert selectors.compliance(tree.accounts["secretary_a2"], tree.village_a2, 2024).passed == 1


def test_delete_centre_is_audited(tree):
    centre = make_centre(tree.village_a1, "李庄村党群服务中心")
    pk = centre.pk
    services.centre_delete(actor=tree.accounts["secretary_a1"], centre=centre)
    assert not ServiceCentre.objects.exists()
    assert AuditEntry.objects.filter(action="delete", object_id=str(pk)).exists()


def test_a_standard_items_position_stays_within_the_checklist(tree):
    with pytest.raises(ValidationError) as refused:
        services.standard_item_create(actor=None, county=tree.county, text="制度上墙", position=1000)
    assert refused.value.message_dict["position"] == ["序号应在1至999之间"]
    services.standard_item_create(actor=None, county=tree.county, text="制度上墙", position=999)
    assert services.standard_item_create(actor=None, county=tree.county, text="标识统一").position == 999
