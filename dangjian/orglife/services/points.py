"""积分管理 (F2.2): schemes per member category, automatic entries from other records, claims approved by the
branch ("双量双评"), branch entries, month closing, and what rankings and star ratings read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum

from dangjian.core import audit
from dangjian.core.choices import AuditAction, MemberCategory
from dangjian.core.models import Person
from dangjian.orglife import rules
from dangjian.orglife.choices import AUTO_SOURCES, PointEntryStatus
from dangjian.orglife.models import PointEntry, PointItem, PointMonth, PointScheme


def month_closed(county_id: int | None, month: dt.date) -> bool:
    return PointMonth.objects.filter(county_id=county_id, month=rules.month_start(month)).exists()


def scheme_in_force(county_id: int | None, category: str, day: dt.date) -> PointScheme | None:
    """The category's scheme version in force on `day` (the latest that started by then)."""
    return (
        PointScheme.objects.filter(county_id=county_id, category=category or MemberCategory.ORDINARY)
        .filter(effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )


def _used(person: Person, item: PointItem, day: dt.date, *, excluding: int | None) -> Decimal:
    period = rules.period_of(day, item.cap_cycle)
    entries = PointEntry.objects.filter(
        person=person,
        item__scheme__category=item.scheme.category,
        item__name=item.name,
        occurred_on__range=(period.first, period.last),
        status=PointEntryStatus.APPROVED,
    )
    if excluding is not None:
        entries = entries.exclude(pk=excluding)
    return entries.aggregate(total=Sum("points"))["total"] or Decimal("0")


@transaction.atomic
def award_auto(
    *,
    actor: Any,
    person: Person,
    source: str,
    ref: str,
    occurred_on: dt.date,
    quantity: Decimal = Decimal("1"),
    note: str = "",
) -> PointEntry | None:
    """The automatic entry of a source record (an attendance, a volunteer service, a quiz…), written once per
    (person, source, ref) and updated when the record changes. Nothing is written when the month is closed, when
    no scheme is in force for the member's category, or when the scheme has no item of this source. The points
    are the item's points × quantity under the item's cap for its period."""
    assert source in AUTO_SOURCES and ref, "automatic points need an automatic source and a source record"
    person = Person.objects.select_related("org").get(pk=person.pk)
    if month_closed(person.county_id, occurred_on):
        return None
    existing = PointEntry.objects.select_for_update().filter(person=person, source=source, ref=ref).first()
    scheme = scheme_in_force(person.county_id, person.category, occurred_on)
    item = scheme.items.filter(source=source).order_by("order", "id").first() if scheme else None
    if item is None:
        if existing is not None:
            revoke_auto(actor=actor, person=person, source=source, ref=ref)
        return None
    raw = item.points * Decimal(quantity)
    points = rules.capped_points(
        raw, cap=item.cap, used=_used(person, item, occurred_on, excluding=existing.pk if existing else None)
    )
    values = {
        "item": item,
        "month": rules.month_start(occurred_on),
        "occurred_on": occurred_on,
        "quantity": Decimal(quantity),
        "points": points,
        "note": note,
    }
    if existing is not None:
        before = audit.snapshot(existing)
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save()
        after = audit.snapshot(existing)
        if after != before:
            audit.record(actor=actor, action=AuditAction.UPDATE, obj=existing, before=before, after=after)
        return existing
    entry = PointEntry.objects.create(
        county_id=person.county_id,
        org_path=person.org_path,
        person=person,
        source=source,
        ref=ref,
        status=PointEntryStatus.APPROVED,
        **values,
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=entry, after=audit.snapshot(entry))
    return entry


@transaction.atomic
def revoke_auto(*, actor: Any, person: Person, source: str, ref: str) -> bool:
    """Remove the automatic entry of a source record that no longer earns it (an attendance corrected to absent, a
    signup withdrawn); a closed month keeps it. Returns whether an entry was removed."""
    entry = PointEntry.objects.select_for_update().filter(person=person, source=source, ref=ref).first()
    if entry is None or month_closed(entry.county_id, entry.month):
        return False
    audit.record(actor=actor, action=AuditAction.DELETE, obj=entry, before=audit.snapshot(entry))
    entry.delete()
    return True
