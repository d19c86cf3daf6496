"""Demo data: a realistic county (临颍县, after the seeds) or a province of about a hundred counties.

Deterministic: every choice comes from `random.Random` seeded with the seed and the county's region code,
and every date is derived from the anchor date ("today" of the data), so the same seed and anchor give the
same orgs, codes, names, members and ID numbers.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from dangjian.core import audit, stats
from dangjian.core.choices import AuditAction, OrgDomain, OrgKind, OrgLevel
from dangjian.core.demo.accounts import DEMO_PASSWORD, DemoAccount, ensure_demo_accounts
from dangjian.core.demo.places import LINYING, LINYING_TOWNSHIPS, PROVINCE_NAME, PROVINCE_REGION, province_counties
from dangjian.core.demo.plan import CountyPlan, CountyShape, org_code, plan_county
from dangjian.core.demo.writer import next_child_path, write_county
from dangjian.core.models import Org

__all__ = [
    "DEMO_PASSWORD",
    "BuildResult",
    "CountyShape",
    "DemoAccount",
    "build_county",
    "build_province",
    "ensure_demo_accounts",
    "plan_county",
]


@dataclass
class BuildResult:
    root: Org
    counties: list[Org] = field(default_factory=list)
    orgs: int = 0
    people: int = 0
    posts: int = 0
    seconds: float = 0.0
    accounts: list[DemoAccount] = field(default_factory=list)


def _shape_for_province(rng: random.Random) -> CountyShape:
    return CountyShape(
        villages=rng.randint(260, 440),
        townships=rng.randint(10, 20),
        members=rng.randint(27000, 33000),
    )


def _add(result: BuildResult, plan: CountyPlan) -> None:
    result.orgs += len(plan.orgs)
    result.people += len(plan.members)
    result.posts += len(plan.posts)


def _app_builders() -> list[Callable[..., None]]:
    """Other apps add their demo records to a new demo county through `AppConfig.demo_builder` (a dotted path)."""
    paths = [getattr(config, "demo_builder", None) for config in apps.get_app_configs()]
    return [import_string(path) for path in paths if path]


def build_county(
    *,
    seed: int = 1,
    anchor: dt.date | None = None,
    shape: CountyShape | None = None,
    accounts: bool = True,
) -> BuildResult:
    """The county-scale demo: 临颍县 as a root org, its stats refreshed, the demo accounts created."""
    started = time.perf_counter()
    anchor = anchor or timezone.localdate()
    plan = plan_county(seed=seed, place=LINYING, anchor=anchor, shape=shape, townships=list(LINYING_TOWNSHIPS))
    with audit.audit_context(source="system"), transaction.atomic():
        county = write_county(plan, parent=None, summary={"seed": seed, "anchor": anchor.isoformat()})
        for builder in _app_builders():
            builder(county, today=anchor, seed=seed)
    stats.refresh_county(county.pk, today=anchor)
    result = BuildResult(root=county, counties=[county])
    if accounts:
        with audit.audit_context(source="system"):
            result.accounts = ensure_demo_accounts()
    _add(result, plan)
    result.seconds = time.perf_counter() - started
    return result


def build_province(
    *,
    seed: int = 1,
    anchor: dt.date | None = None,
    counties: int = 100,
    shape: CountyShape | None = None,
    progress: Callable[[str], None] | None = None,
    accounts: bool = True,
) -> BuildResult:
    """河南省 → its cities → `counties` counties (临颍县 first) of about 30,000 members each.

    Each county is written in its own transaction (with its summary audit entry), so progress is kept
    county by county; the statistics of the province and cities are refreshed at the end.
    """
    started = time.perf_counter()
    anchor = anchor or timezone.localdate()
    places = province_counties(counties)
    city_order: dict[str, str] = {}
    for place in places:
        city_order.setdefault(place.city_region, place.city_name)
    with audit.audit_context(source="system"), transaction.atomic():
        province = _upper_org(None, PROVINCE_REGION, f"中共{PROVINCE_NAME}委员会", "省委", OrgLevel.PROVINCE)
        cities = {
            region: _upper_org(province, region, f"中共{name}委员会", f"{name}委", OrgLevel.CITY)
            for region, name in city_order.items()
        }
        audit.append(
            [
                audit.build_entry(
                    actor=None,
                    action=AuditAction.CREATE,
                    obj=province,
                    after={"cities": len(cities), "counties": len(places), "seed": seed, "anchor": anchor.isoformat()},
                )
            ]
        )
    result = BuildResult(root=province)
    for number, place in enumerate(places, start=1):
        county_started = time.perf_counter()
        rng = random.Random(f"{seed}:{place.region}:shape")
        is_linying = place.region == LINYING.region
        county_shape = shape or (CountyShape() if is_linying else _shape_for_province(rng))
        plan = plan_county(
            seed=seed,
            place=place,
            anchor=anchor,
            shape=county_shape,
            townships=list(LINYING_TOWNSHIPS) if is_linying else None,
        )
        planned = time.perf_counter()
        with audit.audit_context(source="system"), transaction.atomic():
            city = Org.objects.get(pk=cities[place.city_region].pk)
            county = write_county(plan, parent=city, summary={"seed": seed, "anchor": anchor.isoformat()})
        written = time.perf_counter()
        stats.refresh_county(county.pk, today=anchor, ancestors=False)
        result.counties.append(county)
        _add(result, plan)
        if progress:
            progress(
                f"[{number}/{len(places)}] {place.city_name}{place.name}: {len(plan.orgs)} 个组织, "
                f"{len(plan.members)} 名党员, {len(plan.posts)} 个职务; 生成 {planned - county_started:.1f} 秒, "
                f"写入 {written - planned:.1f} 秒, 统计 {time.perf_counter() - written:.1f} 秒"
            )
    stats.refresh_upper(today=anchor)
    if accounts:
        with audit.audit_context(source="system"):
            result.accounts = ensure_demo_accounts()
    result.orgs += 1 + len(cities)
    result.seconds = time.perf_counter() - started
    return result


def _upper_org(parent: Org | None, region: str, name: str, short_name: str, level: str) -> Org:
    path, depth = next_child_path(parent)
    org = Org(
        path=path,
        depth=depth,
        numchild=0,
        code=org_code(region, 0),
        name=name,
        short_name=short_name,
        kind=OrgKind.PARTY_COMMITTEE,
        domain=OrgDomain.GOVERNMENT,
        level=level,
        founded_on=dt.date(1949, 10, 1),
    )
    Org.objects.bulk_create([org])
    if parent is not None:
        Org.objects.filter(pk=parent.pk).update(numchild=parent.numchild + 1)
        parent.numchild += 1
    return org
