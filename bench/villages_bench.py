"""Village governance benchmark at province scale on PostgreSQL: the collective-economy report and the pairing
outputs (结对共建 figures with the outputs sentence), for the demo county and for the whole province.

Run (a throwaway PostgreSQL cluster is started and removed by the wrapper):
    scripts/with_postgres.sh .venv/bin/python bench/villages_bench.py [--counties 10] [--requests 200]

Steps: migrate; build the demo province (`demo_county --scale province`: organisations, members and each village's
collective income and assets for three years); run the village demo builders that the two figures read (economy,
rectification, classification, pairing) for every county; VACUUM ANALYZE; time the report and the figures in
process (median of repeated runs), then the pages through gunicorn with concurrent clients as the demo county's
and the province's administrators.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from bench.compliance_bench import serve_and_measure  # noqa: E402
from bench.pages_bench import Measurement, percentile  # noqa: E402

BUILDERS = ("economy", "rectification", "classification", "pairing")


def median_ms(call, runs: int = 9) -> float:
    samples = []
    for _ in range(runs):
        begun = time.perf_counter()
        call()
        samples.append((time.perf_counter() - begun) * 1000)
    return statistics.median(samples)


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
    from dangjian.core.models import Org, Person, UnitYearFigure, User
    from dangjian.core.services import account_create
    from dangjian.villages.models import PairOutput, VillagePair
    from dangjian.villages.selectors import economy, pairing
    from dangjian.villages.selectors.common import village_q

    if connection.vendor != "postgresql":
        command = "scripts/with_postgres.sh .venv/bin/python bench/villages_bench.py"
        print(f"请在 PostgreSQL 上运行: {command}", file=sys.stderr)
        return 2
    print(f"数据库: {settings.DATABASES['default']['NAME']} @ {settings.DATABASES['default'].get('PORT')}")
    today = timezone.localdate()
    call_command("migrate", verbosity=0)
    prepared = time.perf_counter()
    if not Org.objects.exists():
        started = time.perf_counter()
        call_command("demo_county", "--scale", "province", "--counties", str(args.counties), "--seed", str(args.seed))
        print(f"省级示范数据(组织、党员、职务、集体经济)生成用时 {time.perf_counter() - started:.0f} 秒", flush=True)
    counties = list(Org.objects.filter(level=OrgLevel.COUNTY).order_by("path"))
    if not VillagePair.objects.exists():
        started = time.perf_counter()
        for county in counties:
            with audit.audit_context(source="system"), transaction.atomic():
                for area in BUILDERS:
                    builder = import_module(f"dangjian.villages.demo.{area}").build
                    builder(county, today=today, rng=random.Random(f"{args.seed}-{county.code}-{area}"))
        print(f"村级治理示范数据({', '.join(BUILDERS)})用时 {time.perf_counter() - started:.0f} 秒", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"数据准备合计 {time.perf_counter() - prepared:.0f} 秒")

    benchmarked = Org.objects.get(code=DEMO_COUNTY_CODE)
    province = Org.objects.get(level=OrgLevel.PROVINCE)
    admin = User.objects.get(username="demo_county")
    chief = User.objects.filter(username__in=("demo_province", "bench_province")).first() or account_create(
        actor=None, username="bench_province", org=province, role=Role.COUNTY_ADMIN, password=demo.DEMO_PASSWORD
    )
    year = max(UnitYearFigure.objects.values_list("year", flat=True))
    villages = Org.objects.filter(village_q()).count()
    print(
        f"{len(counties)} 个县; 党员 {Person.objects.count():,} 名, 行政村 {villages:,} 个, "
        f"集体经济年度数据 {UnitYearFigure.objects.count():,} 条, 结对 {VillagePair.objects.count():,} 对, "
        f"帮扶成效 {PairOutput.objects.count():,} 条"
    )

    in_process = [
        ("集体经济报表(县)", lambda: economy.report(benchmarked, year)),
        ("集体经济报表(省)", lambda: economy.report(province, year)),
        ("结对共建统计与成效(县)", lambda: pairing.figures(admin, year=today.year)),
        ("结对共建统计与成效(省)", lambda: pairing.figures(chief, year=today.year)),
    ]
    report = economy.report(benchmarked, year)
    figures = pairing.figures(admin, year=today.year)
    print(
        f"{benchmarked.name} {year}年: 行政村 {report.villages} 个, 集体经济总收入 {report.total_text}, "
        f"村均 {report.average_text}"
    )
    print(f"{benchmarked.name} {today.year}年结对共建: {figures.paired_text}; {figures.sentence}")
    timings = [(name, median_ms(call)) for name, call in in_process]
    connection.close()

    pages = [
        Measurement("集体经济(县)", f"/villages/economy/?year={year}", "county"),
        Measurement("结对共建(县)", f"/villages/pairing/?year={today.year}", "county"),
        Measurement("结对成效 API(县)", f"/api/v1/villages/pairing/figures/?year={today.year}", "county"),
    ]
    serve_and_measure(args, admin.username, demo.DEMO_PASSWORD, pages, cache_seconds=None)
    province_pages = [
        Measurement("集体经济(省)", f"/villages/economy/?year={year}", "province"),
        Measurement("结对共建(省)", f"/villages/pairing/?year={today.year}", "province"),
    ]
    serve_and_measure(args, chief.username, demo.DEMO_PASSWORD, province_pages, cache_seconds=None)

    print()
    print(f"{'进程内计算(9次中位数)':<24}{'ms':>10}")
    for name, ms in timings:
        print(f"{name:<24}{ms:>10.1f}")
    print(f"{'页面':<18}{'请求数':>8}{'p50 ms':>10}{'p95 ms':>10}")
    for item in pages + province_pages:
        if not item.latencies:
            print(f"{item.name:<18}  全部失败 ({item.errors} 次)")
            continue
        p50, p95 = percentile(item.latencies, 0.5), percentile(item.latencies, 0.95)
        errors = f"  失败 {item.errors}" if item.errors else ""
        print(f"{item.name:<18}{len(item.latencies):>8}{p50:>10.1f}{p95:>10.1f}{errors}")
    print(f"测量日期 {today.isoformat()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
