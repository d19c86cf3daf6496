"""economy."""

from __future__ import annotations

from decimal import Decimal


def income_by_org(county_id: int, year: int) -> dict[int, Decimal]:
    """Contract (used by classification and pairing): each village org's collective income (元) in the year, for the
    villages that reported one (from core's UnitYearFigure of the org's unit)."""
    raise NotImplementedError
