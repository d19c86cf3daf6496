"""Demo records of organisational life for a freshly built demo county (deterministic from the seed).

Runs after the member lifecycle's builder (dues are paid, the roll is settled); points come last-but-one so that the
automatic entries of attendance, volunteering and quizzes exist when the months are closed."""

from __future__ import annotations

import datetime as dt
import random
from importlib import import_module

from dangjian.core.models import Org

AREAS = ("settings", "meetings", "training", "content", "volunteers", "notices", "study", "commitments", "points")


def build(county: Org, *, today: dt.date, seed: int) -> None:
    for area in AREAS:
        module = import_module(f"dangjian.orglife.demo.{area}")
        builder = getattr(module, "build", None)
        if builder is not None:
            builder(county, today=today, rng=random.Random(f"{seed}-orglife-{area}"))
