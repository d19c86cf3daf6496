"""Demo records of the member lifecycle for a freshly built demo county (deterministic from the seed)."""

from __future__ import annotations

import datetime as dt
import random
from importlib import import_module

from dangjian.core.models import Org

# In order: standing first (who left, who is lost), then what builds on the roll.
AREAS = ("standing", "recruitment", "dues", "transfers", "evaluation", "care", "dual")


def build(county: Org, *, today: dt.date, seed: int) -> None:
    for area in AREAS:
        module = import_module(f"dangjian.members.demo.{area}")
        module.build(county, today=today, rng=random.Random(f"{seed}-{area}"))
