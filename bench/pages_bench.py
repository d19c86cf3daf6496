"""Page benchmark at province scale on PostgreSQL: p50/p95 through gunicorn with 8 concurrent clients.

Run (a throwaway PostgreSQL cluster is started and removed by the wrapper):
    scripts/with_postgres.sh .venv/bin/python bench/pages_bench.py [--counties 100] [--requests 400]

Steps: migrate; build the demo province (`demo_county --scale province`); refresh the summary table; start
gunicorn on a free 127.0.0.1 port; log 8 client threads in through the login form (one session each);
measure the county, township and province workbenches and pages 1 and 500 of the county's people list
(and the API's people list); print each page's p50/p95 beside the bare SQL time of its main query.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

TARGETS_MS = {"county": 50, "township": 50, "province": 200}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


# --- the HTTP side -----------------------------------------------------------------------------------


class Session:
    """One logged-in client on its own keep-alive connection."""

    def __init__(self, port: int, username: str, password: str) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        body = self.request("GET", "/login/")[1]
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if token is None:
            raise RuntimeError("登录页没有 CSRF 令牌")
        form = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1).decode()}
        )
        status, _ = self.request("POST", "/login/", form, {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{username} 登录失败 (HTTP {status})")

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                if attempt:
                    raise
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data


@dataclass
class Measurement:
    name: str
    path: str
    who: str  # which demo account: province, county or township
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    sql_ms: float | None = None
    sql_note: str = ""


def measure(sessions: list[Session], item: Measurement, requests: int, max_seconds: float) -> None:
    for session in sessions[:2]:  # warm up caches and connections
        for _ in range(3):
            session.request("GET", item.path)
    deadline = time.perf_counter() + max_seconds
    per_thread = max(1, requests // len(sessions))
    lock = threading.Lock()

    def run(session: Session) -> None:
        for _ in range(per_thread):
            if time.perf_counter() > deadline:
                return
            started = time.perf_counter()
            status, _ = session.request("GET", item.path)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if status == 200:
                    item.latencies.append(elapsed)
                else:
                    item.errors += 1

    threads = [threading.Thread(target=run, args=(session,)) for session in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# --- the database side -------------------------------------------------------------------------------


def sql_time(queryset, runs: int = 15) -> tuple[float, float]:
    """(EXPLAIN ANALYZE execution time, median timed-cursor time) of a queryset's SQL, in ms."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        explained = plan[0]["Execution Time"]
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    return explained, statistics.median(timings)


def count_sql_time(queryset, runs: int = 15) -> float:
    from django.db import connection

    sql, params = queryset.order_by().values("id").query.sql_with_params()
    timings = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            started = time.perf_counter()
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS counted", params)
            cursor.fetchone()
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counties", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=400, help="requests per page (all threads together)")
    parser.add_argument("--seconds", type=float, default=60, help="at most this long per page")
    parser.add_argument("--clients", type=int, default=8)
    cpus = os.cpu_count() or 2
    parser.add_argument("--workers", type=int, default=cpus, help="gunicorn worker processes (default: one per CPU)")
    parser.add_argument(
        "--threads", type=int, default=None, help="threads per worker (default: enough for the clients to be served)"
    )
    args = parser.parse_args()
    args.threads = args.threads or -(-args.clients // args.workers)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from dangjian.core import demo, selectors, stats
    from dangjian.core.models import Org, OrgStats, Person, User
    from dangjian.core.scoping import scoped

    if connection.vendor != "postgresql":
        print("请在 PostgreSQL 上运行: scripts/with_postgres.sh .venv/bin/python bench/pages_bench.py", file=sys.stderr)
        return 2
    print(f"数据库: {settings.DATABASES['default']['NAME']} @ {settings.DATABASES['default'].get('PORT')}")
    call_command("migrate", verbosity=0)
    if not Org.objects.exists():
        started = time.perf_counter()
        call_command("demo_county", "--scale", "province", "--counties", str(args.counties), "--seed", str(args.seed))
        print(f"省级示范数据生成用时 {time.perf_counter() - started:.0f} 秒")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    started = time.perf_counter()
    rows = stats.refresh_all()
    print(f"统计刷新(refresh_all): {rows} 个组织, {time.perf_counter() - started:.1f} 秒")
    print(f"党员 {Person.objects.count():,} 名, 党组织 {Org.objects.count():,} 个")

    users = {name: User.objects.get(username=f"demo_{name}") for name in ("province", "county", "township")}
    county_user = users["county"]
    county_people = selectors.people_list(county_user, {})[1]
    page_size = selectors.PAGE_SIZE
    items = [
        Measurement("县(区)工作台", "/", "county"),
        Measurement("乡镇工作台", "/", "township"),
        Measurement("省工作台", "/", "province"),
        Measurement("县党员列表第1页", "/people/?page=1", "county"),
        Measurement("县党员列表第500页", "/people/?page=500", "county"),
        Measurement("API党员列表第1页", "/api/v1/people/?page=1", "county"),
        Measurement("API党员列表第500页", "/api/v1/people/?page=500", "county"),
    ]
    # Bare SQL of each page's main query, run here through the same selectors the pages use.
    for item in items:
        user = users[item.who]
        if item.path == "/":
            org = user.org
            row_sql = sql_time(scoped(OrgStats, user).filter(org_id=org.pk))
            children = scoped(Org, user).filter(path__startswith=org.path, depth=org.depth + 1)
            child_sql = sql_time(children.select_related("stats").order_by("path")[:300])
            item.sql_ms = row_sql[1] + child_sql[1]
            item.sql_note = (
                f"统计行 {row_sql[1]:.2f} + 下级 {child_sql[1]:.2f} (EXPLAIN {row_sql[0]:.2f}+{child_sql[0]:.2f})"
            )
        else:
            page = int(item.path.rsplit("=", 1)[1])
            offset = (page - 1) * page_size
            explained, timed = sql_time(county_people[offset : offset + page_size])
            counted = count_sql_time(county_people)
            item.sql_ms = timed + counted
            item.sql_note = f"分页 {timed:.2f} + 计数 {counted:.2f} (EXPLAIN 分页 {explained:.2f})"
    connection.close()

    port = free_port()
    env = dict(os.environ, DANGJIAN_CONN_MAX_AGE="600")
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
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
        print(f"gunicorn: 127.0.0.1:{port}, {args.workers} 个进程 × {args.threads} 个线程; {args.clients} 个并发客户端")
        sessions_by_user = {
            name: [Session(port, user.username, demo.DEMO_PASSWORD) for _ in range(args.clients)]
            for name, user in users.items()
        }
        for item in items:
            sessions = sessions_by_user[item.who]
            status, _ = sessions[0].request("GET", item.path)
            if status == 404:
                item.errors = -1
                continue
            measure(sessions, item, args.requests, args.seconds)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    print()
    print(f"{'页面':<14}{'请求数':>8}{'p50 ms':>10}{'p95 ms':>10}{'SQL ms':>10}  主查询")
    for item in items:
        if item.errors == -1:
            print(f"{item.name:<14}  (该页面不存在, 跳过)")
            continue
        if not item.latencies:
            print(f"{item.name:<14}  全部失败 ({item.errors} 次)")
            continue
        p50, p95 = percentile(item.latencies, 0.5), percentile(item.latencies, 0.95)
        errors = f" 失败 {item.errors}" if item.errors else ""
        figures = f"{len(item.latencies):>8}{p50:>10.1f}{p95:>10.1f}{item.sql_ms:>10.2f}"
        print(f"{item.name:<14}{figures}  {item.sql_note}{errors}")
    print()
    print("目标: 县(区)与乡镇工作台 p95 ≤ 50 ms, 省工作台 p95 ≤ 200 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
