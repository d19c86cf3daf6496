"""Compliance benchmark at province scale on PostgreSQL: the county compliance page, a township drill-down, a branch
page and the absence list, p50/p95 through gunicorn with concurrent clients, beside the bare SQL of the engine.

Run (a throwaway PostgreSQL cluster is started and removed by the wrapper):
    scripts/with_postgres.sh .venv/bin/python bench/compliance_bench.py [--counties 10] [--requests 200]

Steps: migrate; build the demo province (`demo_county --scale province`); give every county the default
requirements; generate this year's meetings (up to today) for every branch and 党小组 of every county with COPY
(about 45 a branch-year: monthly 主题党日 and 支委会, quarterly 支部党员大会 and 党课, the yearly 组织生活会
and 民主评议, 谈心谈话; some missed, some 补录, counters filled), and attendance rows for the benchmarked
county (临颍县) only; VACUUM ANALYZE; time the engine's SQL; start gunicorn and measure the pages as the demo
county administrator.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from bench.pages_bench import Measurement, Session, free_port, measure, percentile, sql_time  # noqa: E402

# Per branch: how reliably it holds its meetings (a share of branches are weak, so the rates vary).
QUALITY = ((0.96, 70), (0.82, 20), (0.55, 10))
BACKFILL_SHARE = 0.06
ATTENDED_KINDS = ("theme_day", "general_meeting", "party_lesson")
TOPICS = {
    "theme_day": (
        "主题党日:学习党章党规",
        "主题党日:为民办实事",
        "主题党日:人居环境整治志愿服务",
        "主题党日:重温入党誓词",
    ),
    "committee_meeting": ("支委会:研究本月党建工作", "支委会:讨论发展党员工作", "支委会:研究集体经济项目"),
    "group_meeting": ("党小组会:学习交流", "党小组会:开展谈心谈话"),
    "general_meeting": ("支部党员大会:传达学习上级精神", "支部党员大会:讨论决定重要事项"),
    "party_lesson": ("党课:学习贯彻党的二十届四中全会精神", "党课:党史学习教育", "微党课:身边的榜样"),
    "life_meeting": ("年度组织生活会",),
    "evaluation": ("民主评议党员大会",),
    "heart_talk": ("支委与党员谈心谈话",),
}
MEETING_COLUMNS = (
    "id",
    "county_id",
    "org_id",
    "org_path",
    "kind",
    "topic",
    "starts_at",
    "ends_at",
    "held_on",
    "place",
    "host_name",
    "agenda",
    "minutes",
    "held",
    "recorded_at",
    "backfilled",
    "cancelled",
    "cancel_reason",
    "checkin_token",
    "expected_count",
    "present_count",
    "leave_count",
    "absent_count",
    "created_at",
)
ATTENDANCE_COLUMNS = ("county_id", "org_path", "meeting_id", "person_id", "held_on", "status", "reason", "method")


def plan_meetings(rng: random.Random, kind_of_unit: str, year: int, today: dt.date) -> list[tuple[str, dt.date, bool]]:
    """(kind, day, held) of one unit's year up to today. A 党小组 holds its monthly meeting; a branch the rest."""
    quality = rng.choices([q for q, _ in QUALITY], weights=[w for _, w in QUALITY])[0]
    planned: list[tuple[str, dt.date]] = []
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        if kind_of_unit == "party_group":
            planned.append(("group_meeting", first.replace(day=rng.randint(12, 25))))
            continue
        planned.append(("theme_day", first.replace(day=10)))
        for _ in range(1 if rng.random() < 0.6 else 2):
            planned.append(("committee_meeting", first.replace(day=rng.randint(1, 28))))
        if month % 3 == 0:
            planned.append(("general_meeting", first.replace(day=rng.randint(5, 25))))
            for _ in range(1 if rng.random() < 0.5 else 2):
                planned.append(("party_lesson", first.replace(day=rng.randint(1, 28))))
    if kind_of_unit != "party_group":
        planned.append(("life_meeting", dt.date(year, rng.choice((1, 2, 12)), rng.randint(5, 25))))
        planned.append(("evaluation", dt.date(year, rng.choice((1, 2, 12)), rng.randint(5, 25))))
        for _ in range(rng.randint(3, 6)):
            planned.append(("heart_talk", dt.date(year, rng.randint(1, 12), rng.randint(1, 28))))
    return [(kind, day, rng.random() < quality) for kind, day in planned if day <= today]


def write_meetings(county, units, sizes, members, *, year, today, rng, with_attendance) -> tuple[int, int]:
    """COPY one county's meetings (and, for the benchmarked county, its attendance rows)."""
    from django.utils import timezone

    from dangjian.core.demo.writer import _copy, _reserve_ids
    from dangjian.orglife.models import Attendance, Meeting

    tz = timezone.get_current_timezone()
    now = timezone.now()
    plans = [(unit, plan_meetings(rng, unit.kind, year, today)) for unit in units]
    ids = iter(_reserve_ids(Meeting._meta.db_table, sum(len(plan) for _, plan in plans)))
    # Members working away (about 1 in 25) take part in nothing: the absence list has someone to show.
    away = {person_id for roll in members.values() for person_id in roll if rng.random() < 0.04}
    meetings, attendance = [], []
    for unit, plan in plans:
        size = sizes.get(unit.pk, 0)
        roll = members.get(unit.pk, [])
        for kind, day, held in plan:
            pk = next(ids)
            starts = dt.datetime.combine(day, dt.time(rng.choice((9, 14, 19)), 0), tz)
            backfilled = held and rng.random() < BACKFILL_SHARE
            expected = present = leave = 0
            if held and kind in ATTENDED_KINDS:
                if with_attendance and roll:
                    expected = len(roll)
                    for person_id in roll:
                        draw = 0.95 if person_id in away else rng.random()
                        status = (
                            "present"
                            if draw < 0.82
                            else "late"
                            if draw < 0.87
                            else "sick_leave"
                            if draw < 0.93
                            else "absent"
                        )
                        present += status in ("present", "late")
                        leave += status == "sick_leave"
                        reason = "" if status in ("present", "late") else "外出务工"
                        attendance.append((county.pk, unit.path, pk, person_id, day, status, reason, "secretary"))
                else:
                    expected = size
                    present = round(size * rng.uniform(0.7, 0.95))
                    leave = round((size - present) * 0.5)
            elif held and kind in ("committee_meeting", "group_meeting"):
                expected = rng.randint(3, 5) if kind == "committee_meeting" else max(3, size // 3)
                present = expected - (rng.random() < 0.2)
            recorded = starts + dt.timedelta(days=rng.randint(10, 30) if backfilled else 0, hours=3)
            meetings.append(
                (
                    pk,
                    county.pk,
                    unit.pk,
                    unit.path,
                    kind,
                    rng.choice(TOPICS[kind]),
                    starts,
                    starts + dt.timedelta(hours=2),
                    day,
                    "党群服务中心",
                    "",
                    "[]",
                    "会议按议程进行。" if held else "",
                    held,
                    recorded if held else None,
                    backfilled,
                    False,
                    "",
                    secrets.token_urlsafe(32),
                    expected,
                    present,
                    leave,
                    expected - present - leave,
                    now,
                )
            )
    _copy(Meeting._meta.db_table, MEETING_COLUMNS, meetings)
    if attendance:
        _copy(Attendance._meta.db_table, ATTENDANCE_COLUMNS, attendance)
    return len(meetings), len(attendance)


def build_orglife(counties, benchmarked, *, year: int, today: dt.date, seed: int) -> tuple[int, int]:
    """Settings and requirements for every county, then a year of meetings county by county."""
    from django.db import transaction
    from django.db.models import Count

    from dangjian.core import audit
    from dangjian.core.choices import BRANCH_KINDS, ON_ROLL_STANDINGS, OrgKind
    from dangjian.core.models import Org, Person
    from dangjian.orglife.demo import settings as settings_demo

    meetings = attendance = 0
    for number, county in enumerate(counties, start=1):
        started = time.perf_counter()
        rng = random.Random(f"{seed}:{county.code}:meetings")
        with audit.audit_context(source="system"), transaction.atomic():
            settings_demo.build(county, today=today, rng=rng)
            units = list(
                Org.objects.filter(county=county, kind__in=[*BRANCH_KINDS, OrgKind.PARTY_GROUP], is_dissolved=False)
                .only("id", "path", "kind")
                .order_by("path")
            )
            people = Person.objects.filter(county=county, standing__in=ON_ROLL_STANDINGS)
            sizes = dict(people.values_list("org_id").annotate(n=Count("id")).order_by())
            steplen = Org.steplen
            by_path = {unit.path: unit.pk for unit in units}
            for unit in units:  # a 党小组's meeting expects a share of its branch
                if unit.kind == OrgKind.PARTY_GROUP:
                    sizes[unit.pk] = sizes.get(by_path.get(unit.path[:-steplen]), 9)
            members: dict[int, list[int]] = defaultdict(list)
            if county.pk == benchmarked.pk:
                for person_id, org_id in people.values_list("id", "org_id").order_by("org_id", "id"):
                    members[org_id].append(person_id)
            written = write_meetings(
                county,
                units,
                sizes,
                members,
                year=year,
                today=today,
                rng=rng,
                with_attendance=county.pk == benchmarked.pk,
            )
        meetings += written[0]
        attendance += written[1]
        print(
            f"[{number}/{len(counties)}] {county.name}: {len(units)} 个党支部和党小组, 会议 {written[0]:,} 次"
            f"{f', 出席记录 {written[1]:,} 条' if written[1] else ''}, {time.perf_counter() - started:.1f} 秒",
            flush=True,
        )
    return meetings, attendance


def serve_and_measure(args, username: str, password: str, items, *, cache_seconds: int | None) -> None:
    """Start gunicorn on a free port (with the compliance cache switched off when `cache_seconds` is 0), log the
    clients in and measure each page."""
    import http.client
    import tempfile

    port = free_port()
    env = dict(os.environ, DANGJIAN_CONN_MAX_AGE="600")
    if cache_seconds is not None:
        folder = tempfile.mkdtemp()
        Path(folder, "compliance_bench_settings.py").write_text(
            f"from config.settings import *  # noqa: F403\nDANGJIAN_COMPLIANCE_CACHE_SECONDS = {cache_seconds}\n"
        )
        env["PYTHONPATH"] = os.pathsep.join([folder, str(ROOT)])
        env["DJANGO_SETTINGS_MODULE"] = "compliance_bench_settings"
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                probe.request("GET", "/healthz")
                if probe.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn 没有启动")
        note = "" if cache_seconds is None else f"; 缓存 {cache_seconds} 秒"
        print(
            f"gunicorn: 127.0.0.1:{port}, {args.workers} 个进程 × {args.threads} 个线程; "
            f"{args.clients} 个并发客户端{note}",
            flush=True,
        )
        sessions = [Session(port, username, password) for _ in range(args.clients)]
        for item in items:
            status, _ = sessions[0].request("GET", item.path)
            if status != 200:
                raise RuntimeError(f"{item.path}: HTTP {status}")
            measure(sessions, item, args.requests, args.seconds)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


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
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from dangjian.core import demo
    from dangjian.core.choices import BRANCH_KINDS, OrgKind, OrgLevel
    from dangjian.core.demo.accounts import DEMO_COUNTY_CODE
    from dangjian.core.models import Org, Person, User
    from dangjian.core.scoping import scoped, subtree
    from dangjian.orglife.models import Attendance, Meeting, MeetingRequirement
    from dangjian.orglife.selectors import compliance

    if connection.vendor != "postgresql":
        print(
            "请在 PostgreSQL 上运行: scripts/with_postgres.sh .venv/bin/python bench/compliance_bench.py",
            file=sys.stderr,
        )
        return 2
    print(f"数据库: {settings.DATABASES['default']['NAME']} @ {settings.DATABASES['default'].get('PORT')}")
    today = timezone.localdate()
    year = today.year
    call_command("migrate", verbosity=0)
    build_started = time.perf_counter()
    if not Org.objects.exists():
        started = time.perf_counter()
        call_command("demo_county", "--scale", "province", "--counties", str(args.counties), "--seed", str(args.seed))
        print(f"省级示范数据(组织、党员、职务)生成用时 {time.perf_counter() - started:.0f} 秒", flush=True)
    counties = list(Org.objects.filter(level=OrgLevel.COUNTY).order_by("path"))
    benchmarked = Org.objects.get(code=DEMO_COUNTY_CODE)
    if not Meeting.objects.exists():
        started = time.perf_counter()
        meetings, attendance = build_orglife(counties, benchmarked, year=year, today=today, seed=args.seed)
        units = Org.objects.filter(kind__in=[*BRANCH_KINDS, OrgKind.PARTY_GROUP]).count()
        print(
            f"会议 {meetings:,} 次(每个党支部和党小组平均 {meetings / max(1, units):.0f} 次), "
            f"出席记录 {attendance:,} 条, 用时 {time.perf_counter() - started:.0f} 秒",
            flush=True,
        )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"VACUUM ANALYZE {time.perf_counter() - started:.0f} 秒; "
        f"数据准备合计 {time.perf_counter() - build_started:.0f} 秒"
    )
    print(
        f"{len(counties)} 个县; 党员 {Person.objects.count():,} 名, 党组织 {Org.objects.count():,} 个, "
        f"会议 {Meeting.objects.count():,} 次, 出席记录 {Attendance.objects.count():,} 条"
    )

    admin = User.objects.get(username="demo_county")
    township = scoped(Org, admin).filter(level=OrgLevel.TOWNSHIP, county=benchmarked).order_by("path").first()
    branch = Org.objects.filter(**subtree("path", township.path), kind=OrgKind.BRANCH).order_by("path").first()
    span = compliance.Span(year)

    # Bare SQL of the engine's queries for the county page (median of 15 timed runs; EXPLAIN ANALYZE beside).
    engine = {
        "会议 GROUP BY": compliance.meeting_rows(
            compliance._meetings_under(benchmarked), dt.date(year, 1, 1), dt.date(year, 12, 31)
        ),
        "党支部": compliance._units(scoped(Org, admin).filter(**subtree("path", benchmarked.path)), span.first),
        "要求": MeetingRequirement.objects.filter(county_id=benchmarked.pk),
        "6个月未参加(NOT EXISTS)": compliance.absence_count_rows(admin, benchmarked, today=today),
    }
    sql_figures = {}
    for name, queryset in engine.items():
        sql_figures[name] = sql_time(queryset)
    in_process = []
    for label, org in (("县", benchmarked), ("乡镇", township), ("党支部", branch)):
        samples = []
        for _ in range(7):
            begun = time.perf_counter()
            if org is benchmarked:
                compliance.children_rollup(admin, org, span, today=today)
            elif org is township:
                compliance.branch_rows(admin, org, span, today=today)
            else:
                compliance.branch_detail(admin, org, span, today=today)
            samples.append((time.perf_counter() - begun) * 1000)
        in_process.append((label, statistics.median(samples)))
    connection.close()

    query = f"year={year}"
    cached = [
        Measurement("县达标情况", f"/orglife/compliance/?{query}", "county"),
        Measurement("乡镇下钻", f"/orglife/compliance/?org={township.code}&{query}", "county"),
        Measurement("党支部达标", f"/orglife/compliance/?org={branch.code}&{query}", "county"),
        Measurement("6个月未参加名单", "/orglife/compliance/absent/", "county"),
    ]
    uncached = [Measurement("县达标情况(无缓存)", f"/orglife/compliance/?{query}", "county")]
    serve_and_measure(args, admin.username, demo.DEMO_PASSWORD, cached, cache_seconds=None)
    serve_and_measure(args, admin.username, demo.DEMO_PASSWORD, uncached, cache_seconds=0)
    items = cached + uncached

    print()
    print(f"测量对象: {benchmarked.name}(乡镇 {township.name}, 党支部 {branch.name}), {span.label}")
    print(f"{'页面':<14}{'请求数':>8}{'p50 ms':>10}{'p95 ms':>10}")
    for item in items:
        if not item.latencies:
            print(f"{item.name:<14}  全部失败 ({item.errors} 次)")
            continue
        p50, p95 = percentile(item.latencies, 0.5), percentile(item.latencies, 0.95)
        errors = f"  失败 {item.errors}" if item.errors else ""
        print(f"{item.name:<14}{len(item.latencies):>8}{p50:>10.1f}{p95:>10.1f}{errors}")
    print()
    print("引擎查询(县), 计时中位数 ms (EXPLAIN ANALYZE ms):")
    for name, (explained, timed) in sql_figures.items():
        print(f"  {name:<24}{timed:>8.2f}  ({explained:.2f})")
    print("选择器进程内计算(含查询), 中位数 ms: " + ", ".join(f"{label} {ms:.0f}" for label, ms in in_process))
    return 0


if __name__ == "__main__":
    sys.exit(main())
