"""Demo 示范点/示范带: every village gets a coordinate, clustered around its township's centre inside a ~60 km box
around the county centre; about twelve points (a few 市级 and 省级) spread over the townships, two county belts of
four to six points ordered west to east (seed 003's 107国道沿线示范带 and a riverside belt), and the tours and
on-site meetings held at the named points over the last two years. Set-based."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from dangjian.core import audit
from dangjian.core.choices import AuditAction, OrgLevel
from dangjian.core.models import Org
from dangjian.villages.choices import ShowcaseLevel, ShowcaseStatus, ShowcaseTheme, VisitKind
from dangjian.villages.models import ShowcaseBelt, ShowcasePoint, ShowcaseVisit, VillageLocation
from dangjian.villages.selectors.common import villages_of

CENTRE = (114.0, 33.8)
# Half the box: ~28 km east-west (1° of longitude is ~92 km at 33.8°N), ~28 km north-south.
HALF_LON, HALF_LAT = 0.30, 0.25
TOWN_SPREAD = 0.05
POINTS = 12
BELTS = (
    ("107国道沿线示范带", "沿107国道串联产业发展、党群服务和人居环境示范村,组织参观、召开现场会推介经验做法。", 5),
    ("沿河生态示范带", "沿河流整治村容村貌,建设绿色家园生态工程,带动沿线村推进“五个基本”建设。", 4),
)
THEMES = (
    (ShowcaseTheme.REVITALISATION, "乡村振兴"),
    (ShowcaseTheme.SERVICE, "党群服务中心"),
    (ShowcaseTheme.INDUSTRY, "特色产业"),
    (ShowcaseTheme.GOVERNANCE, "“四议两公开”基层治理"),
    (ShowcaseTheme.ECOLOGY, "美丽乡村"),
    (ShowcaseTheme.CULTURE, "乡风文明"),
    (ShowcaseTheme.PAIRING, "结对共建"),
)
DESCRIPTIONS = {
    ShowcaseTheme.REVITALISATION: "村“两委”带领群众发展集体经济,村集体年收入稳定在20万元以上。",
    ShowcaseTheme.SERVICE: "按照“五务合一”要求建成党员群众服务中心,为民服务全程代办。",
    ShowcaseTheme.INDUSTRY: "依托合作社发展特色种植养殖,带动农户增收致富。",
    ShowcaseTheme.GOVERNANCE: "推行“四议两公开”工作法和“民情夜市”,村务公开规范。",
    ShowcaseTheme.ECOLOGY: "开展人居环境整治,村容村貌明显改善。",
    ShowcaseTheme.CULTURE: "开展移风易俗和“双示范村”创建,乡风文明。",
    ShowcaseTheme.PAIRING: "与市直单位结对共建,落实“五个一”帮扶措施。",
}
LEVELS = (ShowcaseLevel.PROVINCE,) * 2 + (ShowcaseLevel.CITY,) * 3 + (ShowcaseLevel.COUNTY,) * 7
HOSTS = ("县委组织部", "市委组织部", "各乡镇党委", "县结对共建办公室", "外县考察团", "乡镇组织委员培训班")
SUFFIXES = ("党支部", "党总支", "党委")


def _short(name: str, town: str) -> str:
    """ "东城镇李庄村党支部" → "李庄村" (the township's name and the Party org's kind dropped)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    town = town.removesuffix("党工委").removesuffix("党委")
    return name.removeprefix(town) or name


def _round(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    towns = list(Org.objects.filter(county=county, level=OrgLevel.TOWNSHIP).order_by("path"))
    villages = list(villages_of(county.pk))
    if not villages:
        return
    centres = {
        town.path: (
            CENTRE[0] + rng.uniform(-HALF_LON + TOWN_SPREAD, HALF_LON - TOWN_SPREAD),
            CENTRE[1] + rng.uniform(-HALF_LAT + TOWN_SPREAD, HALF_LAT - TOWN_SPREAD),
        )
        for town in towns
    }
    town_of = {}
    for village in villages:
        town = next((t for t in towns if village.path.startswith(t.path)), None)
        town_of[village.pk] = town
    locations = []
    spot: dict[int, tuple[float, float]] = {}
    for village in villages:
        town = town_of[village.pk]
        lon, lat = centres.get(town.path, CENTRE) if town else CENTRE
        spot[village.pk] = (lon + rng.gauss(0, TOWN_SPREAD / 2), lat + rng.gauss(0, TOWN_SPREAD / 2))
        locations.append(
            VillageLocation(
                county_id=county.pk,
                org=village,
                org_path=village.path,
                longitude=_round(spot[village.pk][0]),
                latitude=_round(spot[village.pk][1]),
            )
        )
    VillageLocation.objects.bulk_create(locations, batch_size=5000)

    # One point per township in turn (the first villages of a shuffled order), so they spread over the county.
    by_town: dict[str, list[Org]] = {}
    for village in villages:
        town = town_of[village.pk]
        by_town.setdefault(town.path if town else "", []).append(village)
    for members in by_town.values():
        rng.shuffle(members)
    chosen: list[Org] = []
    while len(chosen) < min(POINTS, len(villages)):
        for members in by_town.values():
            if members and len(chosen) < POINTS:
                chosen.append(members.pop())
    levels = list(LEVELS)
    rng.shuffle(levels)
    points = []
    for index, village in enumerate(chosen):
        theme, words = THEMES[index % len(THEMES)]
        town = town_of[village.pk]
        lon, lat = spot[village.pk]
        status = ShowcaseStatus.CULTIVATING if index % 6 == 5 else ShowcaseStatus.NAMED
        points.append(
            ShowcasePoint(
                county_id=county.pk,
                org=village,
                org_path=village.path,
                name=f"{_short(village.name, town.name if town else '')}{words}示范点",
                theme=theme,
                level=levels[index % len(levels)] if status == ShowcaseStatus.NAMED else ShowcaseLevel.COUNTY,
                year=today.year - rng.randint(0 if status == ShowcaseStatus.CULTIVATING else 1, 6),
                status=status,
                description=DESCRIPTIONS[theme],
                longitude=_round(lon + rng.uniform(-0.004, 0.004)),
                latitude=_round(lat + rng.uniform(-0.004, 0.004)),
            )
        )
    ShowcasePoint.objects.bulk_create(points, batch_size=5000)

    belts = []
    remaining = list(points)
    for name, description, size in BELTS:
        if len(remaining) < size:
            break
        along = sorted(rng.sample(remaining, size), key=lambda p: p.longitude)
        remaining = [p for p in remaining if p not in along]
        belt = ShowcaseBelt.objects.create(
            county_id=county.pk, org=county, org_path=county.path, name=name, description=description
        )
        for order, point in enumerate(along, start=1):
            point.belt, point.belt_order = belt, order
        belts.append((belt, along))
    ShowcasePoint.objects.bulk_update([p for _, along in belts for p in along], ["belt", "belt_order"])

    visits = []
    start = today - dt.timedelta(days=730)
    for point in points:
        if point.status != ShowcaseStatus.NAMED:
            continue
        extra = {ShowcaseLevel.PROVINCE: 4, ShowcaseLevel.CITY: 2}.get(point.level, 0)
        for _ in range(rng.randint(1, 4) + extra):
            day = start + dt.timedelta(days=rng.randint(0, 730))
            onsite = rng.random() < 0.25
            visits.append(
                ShowcaseVisit(
                    county_id=county.pk,
                    org_path=point.org_path,
                    point=point,
                    kind=VisitKind.ONSITE if onsite else VisitKind.TOUR,
                    visited_on=max(day, dt.date(point.year, 1, 1)),
                    visitors=rng.randint(60, 200) if onsite else rng.randint(15, 60),
                    host=rng.choice(HOSTS),
                    note="全县结对共建现场推进会" if onsite else "",
                )
            )
    ShowcaseVisit.objects.bulk_create(visits, batch_size=5000)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={
            "demo": "showcase",
            "locations": len(locations),
            "points": len(points),
            "belts": len(belts),
            "visits": len(visits),
        },
    )
