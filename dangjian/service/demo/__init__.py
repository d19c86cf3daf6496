"""Demo records of service and transparency for a freshly built demo county (deterministic from the seed).

Runs after village governance. Centres come first (duty rosters and counter requests belong to a centre), decisions
before finance (an expenditure above the limit cites its decision) and audits last (they read the decisions and
expenditures they audit)."""

from __future__ import annotations

import datetime as dt
import random
from importlib import import_module

from dangjian.core.models import Org

AREAS = ("centres", "duty", "requests", "minqing", "decisions", "finance", "audits")


def build(county: Org, *, today: dt.date, seed: int) -> None:
    for area in AREAS:
        module = import_module(f"dangjian.service.demo.{area}")
        builder = getattr(module, "build", None)
        if builder is not None:
            builder(county, today=today, rng=random.Random(f"{seed}-service-{area}"))
