"""Study hours (F2.8) and tests: the hours ledger that the 32-hour rule reads, the question bank, quizzes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from dangjian.core import audit
from dangjian.core.choices import AuditAction
from dangjian.core.models import Person
from dangjian.orglife.models import StudyLog


@transaction.atomic
def log_hours(
    *, actor: Any, person: Person, source: str, ref: str, day: dt.date, hours: Decimal, note: str = ""
) -> StudyLog:
    """The study hours a source record credits (a training attended, an article read, a quiz passed), once per
    (person, source, ref); a second call with other hours or another day updates the row."""
    person = Person.objects.get(pk=person.pk)
    existing = (
        StudyLog.objects.select_for_update().filter(person=person, source=source, ref=ref).first() if ref else None
    )
    if existing is not None:
        before = audit.snapshot(existing)
        existing.day, existing.year, existing.hours, existing.note = day, day.year, Decimal(hours), note
        existing.save(update_fields=["day", "year", "hours", "note"])
        after = audit.snapshot(existing)
        if after != before:
            audit.record(actor=actor, action=AuditAction.UPDATE, obj=existing, before=before, after=after)
        return existing
    log = StudyLog.objects.create(
        county_id=person.county_id,
        org_path=person.org_path,
        person=person,
        day=day,
        year=day.year,
        hours=Decimal(hours),
        source=source,
        ref=ref,
        note=note,
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=log, after=audit.snapshot(log))
    return log


@transaction.atomic
def unlog_hours(*, actor: Any, person: Person, source: str, ref: str) -> bool:
    """Take back the hours of a source record that no longer earns them. Returns whether a row was removed."""
    log = StudyLog.objects.select_for_update().filter(person=person, source=source, ref=ref).first()
    if log is None:
        return False
    audit.record(actor=actor, action=AuditAction.DELETE, obj=log, before=audit.snapshot(log))
    log.delete()
    return True
