"""Member lifecycle benchmark on the demo county: how long the demo's lifecycle records take to build, and the
landing page of each lifecycle area for each demo role (median of a few requests, in-process, warm).

Run on SQLite (the laptop default) or inside the PostgreSQL wrapper:
    .venv/bin/python bench/lifecycle_bench.py [--repeat 5]
    scripts/with_postgres.sh .venv/bin/python bench/lifecycle_bench.py
The database named by DATABASE_URL is rebuilt from empty (on SQLite a temporary file is used when none is given).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

PAGES = (
    "core:workbench",
    "members:reminders",
    "members:recruit_pipeline",
    "members:dues_ledger",
    "members:transfer_list",
    "members:mobile_list",
    "members:evaluation_list",
    "members:care_overview",
    "members:standing_list",
    "members:dual_list",
)
ROLES = ("demo_county", "demo_township", "demo_secretary")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    import dangjian.members.demo as lifecycle_demo
    from dangjian.core import demo
    from dangjian.core.models import User

    call_command("migrate", verbosity=0)
    timings: dict[str, float] = {}

    def timed_build(county, *, today, seed):
        for area in lifecycle_demo.AREAS:
            started = time.perf_counter()
            module = import_module(f"dangjian.members.demo.{area}")
            module.build(county, today=today, rng=random.Random(f"{seed}-{area}"))
            timings[area] = time.perf_counter() - started

    lifecycle_demo.build = timed_build
    started = time.perf_counter()
    result = demo.build_county(seed=1)
    total = time.perf_counter() - started
    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; demo county {result.people} members"
    )
    print(f"demo county built in {total:.1f} s, of which lifecycle records:")
    for area, seconds in timings.items():
        print(f"  {area:<12} {seconds:6.1f} s")

    settings.ALLOWED_HOSTS = ["*"]
    print(f"\nlanding pages, median of {args.repeat} warm requests (ms):")
    print("page".ljust(26) + "".join(role.ljust(16) for role in ROLES))
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        clients[role].force_login(User.objects.get(username=role))
    for name in PAGES:
        cells = []
        for role in ROLES:
            url = reverse(name)
            clients[role].get(url)
            samples = []
            for _ in range(args.repeat):
                begun = time.perf_counter()
                response = clients[role].get(url)
                samples.append((time.perf_counter() - begun) * 1000)
                assert response.status_code == 200, (name, role, response.status_code)
            cells.append(f"{statistics.median(samples):.0f}")
        print(name.split(":")[1].ljust(26) + "".join(cell.ljust(16) for cell in cells))


if __name__ == "__main__":
    main()
