"""党群服务中心 data for tests: the county's standard, and in every place (a1, a2, b1) a centre in use with rooms,
a works record and a check; each township has its own centre. Shared by the centre tests, the API scope walk and the
public crawl."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dangjian.core import clock
from dangjian.service.models import CentreCheck, CentreRoom, CentreStandardItem, CentreWorks, ServiceCentre
from dangjian.service.services import centres as services

PLACES = {"a1": "李庄村", "a2": "王庄村", "b1": "和平社区"}
PHONES = {"a1": "0395-8123401", "a2": "0395-8123402", "b1": "0395-8123403"}
# Centres hold no resident's name, phone or ID number (the duty phone is a fixed office line).
PRIVATE_FIELDS: dict = {}


def make_standard(tree) -> list[CentreStandardItem]:
    """Three items: a room (auto), an area (auto), and one ticked by hand."""
    return [
        services.standard_item_create(actor=None, county=tree.county, text="设有便民服务大厅", room_kind="hall"),
        services.standard_item_create(
            actor=None, county=tree.county, text="建筑面积不少于300平方米", min_area=Decimal("300")
        ),
        services.standard_item_create(actor=None, county=tree.county, text="制度上墙、标识统一"),
    ]


def make_centre(org, name: str, **extra) -> ServiceCentre:
    values = {
        "actor": None,
        "org": org,
        "name": name,
        "address": f"{name}门前广场北侧",
        "building_area": Decimal("320"),
        "duty_phone": "0395-8123456",
        "hours": "工作日 8:30-12:00,14:30-18:00",
    }
    return services.centre_create(**values | extra)


def centres_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    items = make_standard(tree)
    year = clock.today().year
    found: dict[str, tuple] = {}
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1)):
        centre = make_centre(org, f"{PLACES[key]}党群服务中心", duty_phone=PHONES[key])
        room = services.room_create(actor=None, centre=centre, kind="hall", area=Decimal("80"))
        works = services.works_create(
            actor=None,
            centre=centre,
            year=year - 1,
            kind="repair",
            planned_funds=Decimal("50000"),
            actual_funds=Decimal("48000"),
            started_on=dt.date(year - 1, 4, 1),
            completed_on=dt.date(year - 1, 6, 30),
            status="done",
        )
        check = services.check_record(
            actor=None,
            centre=centre,
            year=year - 1,
            checked_on=dt.date(year - 1, 12, 1),
            ticks={items[2].pk: (True, "")},
        )
        found[key] = (centre, room, works, check)
    make_centre(tree.town_a, "东城镇党群服务中心")
    make_centre(tree.town_b, "西关街道党群服务中心")
    centre, room, works, check = found["a1"]
    return {
        ServiceCentre: [centre],
        CentreRoom: [room],
        CentreWorks: [works],
        CentreCheck: [check],
        CentreStandardItem: [],  # published by the county to everyone below it
    }
