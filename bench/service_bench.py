"""Service and transparency benchmark at province scale on PostgreSQL: the figures of residents' requests, 民情 and
mediation, 四议两公开, village finance and audits for the demo county and for the province, a place's public page
and the lookup of a receipt code, then the pages through gunicorn.

Run (a throwaway PostgreSQL cluster is started and removed by the wrapper):
    scripts/with_postgres.sh .venv/bin/python bench/service_bench.py [--counties 10] [--requests 200]

Steps: migrate; build the demo province (`demo_county --scale province`); run the service demo builders (centres,
duty, requests, minqing, decisions, finance, audits) for every county; VACUUM ANALYZE; time the figures in process
(median of repeated runs), then the pages through gunicorn with concurrent clients: the public pages (county list,
a place's page) and the staff pages as the demo county's and the province's administrators.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from bench.compliance_bench import serve_and_measure  # noqa: E402
from bench.pages_bench import Measurement, percentile  # noqa: E402
from bench.villages_bench import median_ms  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counties", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=200, help="requests per page (all clients together)")
    parser.add_argument("--seconds", type=float, default=120, help="at most this long per page")
    parser.add_argument("--clients", type=int, default=8)
    cpus = os.cpu_count() or 2
    parser.add_argument("--workers", type=int, default=cpus, help="gunicorn worker processes (default: one per CPU)")
    parser.add_argument("--threads", type=int, default=None, help="threads per worker (default: clients / workers)")
    args = parser.parse_args()
    args.threads = args.threads or -(-args.clients // args.workers)

    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from dangjian.core import audit, demo
    from dangjian.core.choices import OrgLevel, Role
    from dangjian.core.demo.accounts import DEMO_COUNTY_CODE
    from dangjian.core.models import Org, Person, User
    from dangjian.core.services import account_create
    from dangjian.service import models as m
    from dangjian.service.demo import AREAS
    from dangjian.service.selectors import audits, decisions, finance, minqing, requests
    from dangjian.service.selectors.common import place_q
    from dangjian.service.views.public import blocks

    if connection.vendor != "postgresql":
        command = "scripts/with_postgres.sh .venv/bin/python bench/service_bench.py"
        print(f"请在 PostgreSQL 上运行: {command}", file=sys.stderr)
        return 2
    print(f"数据库: {settings.DATABASES['default']['NAME']} @ {settings.DATABASES['default'].get('PORT')}")
    today = timezone.localdate()
    call_command("migrate", verbosity=0)
    prepared = time.perf_counter()
    if not Org.objects.exists():
        started = time.perf_counter()
        call_command("demo_county", "--scale", "province", "--counties", str(args.counties), "--seed", str(args.seed))
        print(f"省级示范数据(组织、党员、职务)生成用时 {time.perf_counter() - started:.0f} 秒", flush=True)
    counties = list(Org.objects.filter(level=OrgLevel.COUNTY).order_by("path"))
    if not m.ServiceRequest.objects.exists():
        started = time.perf_counter()
        for county in counties:
            with audit.audit_context(source="system"), transaction.atomic():
                for area in AREAS:
                    builder = import_module(f"dangjian.service.demo.{area}").build
                    builder(county, today=today, rng=random.Random(f"{args.seed}-{county.code}-{area}"))
        print(f"服务与公开示范数据({', '.join(AREAS)})用时 {time.perf_counter() - started:.0f} 秒", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"数据准备合计 {time.perf_counter() - prepared:.0f} 秒")

    benchmarked = Org.objects.get(code=DEMO_COUNTY_CODE)
    province = Org.objects.get(level=OrgLevel.PROVINCE)
    admin = User.objects.get(username="demo_county")
    chief = User.objects.filter(username__in=("demo_province", "bench_province")).first() or account_create(
        actor=None, username="bench_province", org=province, role=Role.COUNTY_ADMIN, password=demo.DEMO_PASSWORD
    )
    places = Org.objects.filter(place_q())
    print(
        f"{len(counties)} 个县; 党员 {Person.objects.count():,} 名, 村(社区) {places.count():,} 个, "
        f"服务中心 {m.ServiceCentre.objects.count():,} 个, 值班安排 {m.DutyEntry.objects.count():,} 条, "
        f"群众办事 {m.ServiceRequest.objects.count():,} 件, 民情夜市 {m.NightMarket.objects.count():,} 场, "
        f"民情诉求 {m.MinqingIssue.objects.count():,} 件, 矛盾纠纷 {m.Dispute.objects.count():,} 件, "
        f"四议两公开 {m.Decision.objects.count():,} 件, 财务支出 {m.Expenditure.objects.count():,} 笔, "
        f"审计发现问题 {m.VillageAuditFinding.objects.count():,} 个"
    )
    back = today - dt.timedelta(days=365)
    sample = m.ServiceRequest.objects.filter(county=benchmarked).select_related("org").order_by("id").first()
    place, code = sample.org, sample.receipt_code

    in_process = [
        ("群众办事统计(县,近一年)", lambda: requests.figures(admin, back, today, benchmarked)),
        ("群众办事统计(省,近一年)", lambda: requests.figures(chief, back, today, province)),
        ("民情与调解统计(县)", lambda: minqing.minqing_figures(admin, org=benchmarked, start=back, end=today)),
        ("民情与调解统计(省)", lambda: minqing.minqing_figures(chief, org=province, start=back, end=today)),
        ("四议两公开统计(省)", lambda: decisions.figures(chief, org=province, start=back, end=today)),
        ("村级财务统计(省)", lambda: finance.scope_figures(chief, org=province, since=back, until=today)),
        ("村官直审统计(省)", lambda: audits.figures(chief, today, year=today.year - 1, org=province)),
        ("村(社区)公开页各栏目", lambda: blocks(place)),
        ("回执码查询", lambda: requests.track(code)),
    ]
    figures = requests.figures(admin, back, today, benchmarked)
    print(f"{benchmarked.name} 近一年群众办事: {figures.sentence}")
    county_minqing = minqing.minqing_figures(admin, org=benchmarked, start=back, end=today)
    print(f"{benchmarked.name} 近一年: {county_minqing.sentence}")
    print(f"全省上年审计: {audits.figures(chief, today, year=today.year - 1, org=province).sentence}")
    print(f"计量的公开页: {place.name}")
    timings = [(name, median_ms(call)) for name, call in in_process]
    connection.close()

    pages = [
        Measurement("公开:县(区)村社区列表", f"/public/county/{benchmarked.code}/", "county"),
        Measurement("公开:村(社区)公开页", f"/public/place/{place.code}/", "county"),
        Measurement("群众办事列表(县)", "/service/requests/", "county"),
        Measurement("群众办事统计(县)", "/service/requests/figures/", "county"),
        Measurement("民情夜市(县)", "/service/minqing/", "county"),
        Measurement("四议两公开(县)", "/service/decisions/", "county"),
        Measurement("村财镇管(县)", "/service/finance/", "county"),
    ]
    serve_and_measure(args, admin.username, demo.DEMO_PASSWORD, pages, cache_seconds=None)
    province_pages = [
        Measurement("群众办事统计(省)", "/service/requests/figures/", "province"),
        Measurement("民情夜市(省)", "/service/minqing/", "province"),
        Measurement("村官直审(省)", "/service/audits/", "province"),
    ]
    serve_and_measure(args, chief.username, demo.DEMO_PASSWORD, province_pages, cache_seconds=None)

    print()
    print(f"{'进程内计算(9次中位数)':<24}{'ms':>10}")
    for name, ms in timings:
        print(f"{name:<24}{ms:>10.1f}")
    print(f"{'页面':<22}{'请求数':>8}{'p50 ms':>10}{'p95 ms':>10}")
    for item in pages + province_pages:
        if not item.latencies:
            print(f"{item.name:<22}  全部失败 ({item.errors} 次)")
            continue
        p50, p95 = percentile(item.latencies, 0.5), percentile(item.latencies, 0.95)
        errors = f"  失败 {item.errors}" if item.errors else ""
        print(f"{item.name:<22}{len(item.latencies):>8}{p50:>10.1f}{p95:>10.1f}{errors}")
    print(f"测量日期 {today.isoformat()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
