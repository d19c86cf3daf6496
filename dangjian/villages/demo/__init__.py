"""Demo records of village governance for a freshly built demo county (deterministic from the seed).

Runs after organisational life. The economy comes first (classification reads the incomes), the weak-branch
rectification before classification (弱村 are the confirmed weak branches), and pairing after classification (the
suggestions match department types to village categories)."""

from __future__ import annotations

import datetime as dt
import random
from importlib import import_module

from dangjian.core.models import Org

AREAS = (
    "economy",
    "twonew",
    "talent",
    "elections",
    "secretaries",
    "rectification",
    "classification",
    "pairing",
    "projects",
    "showcase",
)


def build(county: Org, *, today: dt.date, seed: int) -> None:
    for area in AREAS:
        module = import_module(f"dangjian.villages.demo.{area}")
        builder = getattr(module, "build", None)
        if builder is not None:
            builder(county, today=today, rng=random.Random(f"{seed}-villages-{area}"))
