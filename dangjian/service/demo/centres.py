"""Demo 党群服务中心: the county's and every township's centre, and ~90% of villages and communities with one (rooms
from the list, works over the last three years at roughly 新建:改扩建:维修 = 1:2.5:5 as seed 003, communities split
into built / upgrading / improving like seed 002), an eight-item standard, and last year's check of each centre.
Set-based; deterministic from the rng."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from dangjian.core import audit
from dangjian.core.choices import AuditAction, OrgDomain, OrgLevel
from dangjian.core.models import Org
from dangjian.service import rules
from dangjian.service.models import (
    CentreCheck,
    CentreCheckItem,
    CentreRoom,
    CentreStandardItem,
    CentreWorks,
    ServiceCentre,
)
from dangjian.service.selectors.common import places_of

STANDARD = (
    ("设有便民服务大厅,实行“坐班+五办”", "hall", None, True),
    ("设有民主决策室", "decision", None, True),
    ("设有矛盾调解室", "mediation", None, True),
    ("设有党员活动室", "activity", None, True),
    ("村级中心建筑面积不少于300平方米(两层楼)", "", Decimal("300"), True),
    ("安装固定值班电话并对外公布", "", None, True),
    ("党建标识、制度上墙统一规范", "", None, True),
    ("设有留守儿童之家或幸福院", "children", None, False),
)
VILLAGE_ROOMS = ("hall", "decision", "mediation", "activity", "library", "children", "elderly", "clinic", "cooperative")
COMMUNITY_ROOMS = ("hall", "decision", "mediation", "activity", "library", "elderly", "ecommerce")
TOWN_ROOMS = ("hall", "decision", "mediation", "activity", "library", "ecommerce")
ROOM_AREA = {"hall": (60, 150), "activity": (40, 100)}
HOURS = "工作日 8:30-12:00,14:30-18:00;节假日安排值班"
WORKS_FUNDS = {"new": (400, 1200), "expand": (150, 500), "repair": (30, 120)}


def _phone(rng: random.Random) -> str:
    return f"0395-{rng.randint(2, 8)}{rng.randint(0, 999999):06d}"


def _short(org: Org) -> str:
    for suffix in ("党总支", "党支部", "党委", "党工委"):
        if org.name.endswith(suffix):
            return org.name[: -len(suffix)]
    return org.name


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    """Add the centres, rooms, works, the standard and last year's checks to an existing demo county."""
    year = today.year
    centres: list[ServiceCentre] = []
    community_states: list[str] = []

    def add(org: Org, level: str, status: str, area: int) -> None:
        name = _short(org)
        centres.append(
            ServiceCentre(
                county_id=county.pk,
                org_id=org.pk,
                org_path=org.path,
                level=level,
                name=f"{name}党群服务中心",
                is_main=True,
                address=f"{name}{rng.choice(('中心街', '文化路', '振兴路', '幸福路'))}{rng.randint(1, 99)}号",
                building_area=Decimal(area),
                square_area=Decimal(rng.randint(200, 1500)),
                opened_on=dt.date(rng.randint(2012, year - 1), rng.randint(1, 12), 1) if status != "none" else None,
                duty_phone=_phone(rng),
                hours=HOURS,
                status=status,
            )
        )

    add(county, "county", "in_use", rng.randint(1500, 3000))
    for town in Org.objects.filter(county=county, level=OrgLevel.TOWNSHIP).order_by("path"):
        add(town, "township", "in_use", rng.randint(500, 1200))
    for place in places_of(county.pk).only("id", "path", "name", "domain"):
        if rng.random() > 0.9:
            continue
        community = place.domain == OrgDomain.COMMUNITY
        if community:
            status = rng.choices(("in_use", "expand", "repair"), weights=(8, 6, 5))[0]
            community_states.append(status)
        else:
            status = rng.choices(("in_use", "expand", "repair", "new"), weights=(80, 8, 10, 2))[0]
        add(place, "community" if community else "village", status, rng.randint(220, 600))
    ServiceCentre.objects.bulk_create(centres, batch_size=5000)
    centres = list(ServiceCentre.objects.filter(county_id=county.pk).order_by("id"))

    rooms: list[CentreRoom] = []
    works: list[CentreWorks] = []
    kinds_of: dict[int, set[str]] = {}
    for centre in centres:
        choices = {"village": VILLAGE_ROOMS, "community": COMMUNITY_ROOMS}.get(centre.level, TOWN_ROOMS)
        kinds = set(choices[:3]) | {k for k in choices[3:] if rng.random() < 0.6}
        if rng.random() < 0.15:
            kinds.discard(rng.choice(sorted(kinds)))
        kinds_of[centre.pk] = kinds
        for kind in sorted(kinds):
            low, high = ROOM_AREA.get(kind, (15, 50))
            rooms.append(
                CentreRoom(
                    county_id=county.pk,
                    org_path=centre.org_path,
                    centre_id=centre.pk,
                    kind=kind,
                    area=Decimal(rng.randint(low, high)),
                )
            )
        # works in the last three years (1 : 2.5 : 5), the current status matching the centre's state
        kind = {"new": "new", "expand": "expand", "repair": "repair"}.get(centre.status)
        if kind is None and rng.random() < 0.5:  # with the centres under way: about 1 : 2.5 : 5 over the county
            kind = rng.choices(("new", "expand", "repair"), weights=(2, 3, 14))[0]
        if kind is None:
            continue
        underway = centre.status in ("new", "expand", "repair")
        works_year = year if underway else rng.randint(year - 3, year - 1)
        started = dt.date(works_year, rng.randint(3, 6), rng.randint(1, 28))
        completed = None if underway else started + dt.timedelta(days=rng.randint(60, 180))
        low, high = WORKS_FUNDS[kind]
        planned = Decimal(rng.randint(low, high) * 1000)
        status = "building" if underway else rng.choices(("done", "improving"), weights=(85, 15))[0]
        if underway and started > today:
            started, status = None, "planned"
        works.append(
            CentreWorks(
                county_id=county.pk,
                org_path=centre.org_path,
                centre_id=centre.pk,
                year=works_year,
                kind=kind,
                planned_funds=planned,
                actual_funds=None
                if underway
                else (planned * Decimal(rng.randint(85, 105)) / 100).quantize(Decimal("1")),
                started_on=started,
                completed_on=completed,
                status=status,
            )
        )
    CentreRoom.objects.bulk_create(rooms, batch_size=5000)
    CentreWorks.objects.bulk_create(works, batch_size=5000)

    items = CentreStandardItem.objects.bulk_create(
        CentreStandardItem(
            county_id=county.pk,
            org_id=county.pk,
            org_path=county.path,
            position=n,
            text=text,
            room_kind=room,
            min_area=area,
            required=required,
        )
        for n, (text, room, area, required) in enumerate(STANDARD, start=1)
    )
    items = list(CentreStandardItem.objects.filter(org_id=county.pk).order_by("position"))
    checks: list[CentreCheck] = []
    results: list[list[tuple[CentreStandardItem, bool, bool]]] = []
    for centre in centres:
        if centre.status == "none":
            continue
        rows = []
        for item in items:
            met = rules.item_met(item.room_kind, item.min_area, kinds_of[centre.pk], centre.building_area)
            auto = met is not None
            rows.append((item, bool(met) if auto else rng.random() < 0.92, auto))
        met_count = sum(1 for _, met, _ in rows if met)
        checks.append(
            CentreCheck(
                county_id=county.pk,
                org_path=centre.org_path,
                centre_id=centre.pk,
                year=year - 1,
                checked_on=dt.date(year - 1, rng.randint(10, 12), rng.randint(1, 28)),
                checker=rng.choice(("乡镇党建办", "县委组织部组织科", "乡镇组织委员")),
                items_met=met_count,
                items_total=len(rows),
                passed=rules.check_passed([(item.required, met) for item, met, _ in rows]),
                note="",
            )
        )
        results.append(rows)
    CentreCheck.objects.bulk_create(checks, batch_size=5000)
    saved = list(CentreCheck.objects.filter(county_id=county.pk, year=year - 1).order_by("id"))
    by_centre = {check.centre_id: check for check in saved}
    check_items = [
        CentreCheckItem(
            county_id=county.pk,
            org_path=check.org_path,
            inspection_id=by_centre[check.centre_id].pk,
            item_id=item.pk,
            met=met,
            auto=auto,
            note="" if met else "需整改",
        )
        for check, rows in zip(checks, results, strict=True)
        for item, met, auto in rows
    ]
    CentreCheckItem.objects.bulk_create(check_items, batch_size=5000)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={
            "demo": "centres",
            "centres": len(centres),
            "rooms": len(rooms),
            "works": len(works),
            "checks": len(checks),
            "communities": {s: community_states.count(s) for s in ("in_use", "expand", "repair")},
        },
    )
