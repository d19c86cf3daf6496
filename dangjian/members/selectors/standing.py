"""Reads of 党籍: standing on a date, members counted on a date, the lists the roll audit needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from dangjian.core.choices import COUNTED_STANDINGS, HISTORICAL_STANDINGS, MemberStatus, Standing
from dangjian.core.models import Person
from dangjian.core.scoping import get_scoped_or_404, scoped
from dangjian.members import rules
from dangjian.members.choices import StandingBasis
from dangjian.members.models import StandingChange


def with_standing_on(people: QuerySet[Person], day: dt.date) -> QuerySet[Person]:
    """Annotate `standing_then`: the standing on `day`, from the change history.

    The last change on or before the day gives it; failing that, the first change after the day tells what it
    was before; a person with no change has always had their current standing.
    """
    changes = StandingChange.objects.filter(person=OuterRef("pk"))
    last_before = changes.filter(changed_on__lte=day).order_by("-changed_on", "-id").values("to_standing")[:1]
    first_after = changes.filter(changed_on__gt=day).order_by("changed_on", "id").values("from_standing")[:1]
    return people.annotate(standing_then=Coalesce(Subquery(last_before), Subquery(first_after), F("standing")))


def counted_on(people: QuerySet[Person], day: dt.date) -> QuerySet[Person]:
    """Members counted on `day` (joined by then; 正常, 失联 or 出国出境 that day). Counting "as of a date" everywhere
    goes through here, so a member who left later is still counted for the months they belonged."""
    return with_standing_on(people.filter(joined_on__lte=day), day).filter(standing_then__in=COUNTED_STANDINGS)


def formal_on(people: QuerySet[Person], day: dt.date) -> QuerySet[Person]:
    """Formal members (正式党员) counted on `day`: those with the right to vote (RECRUIT-09)."""
    formal = Q(status=MemberStatus.FULL) & (Q(confirmed_on__isnull=True) | Q(confirmed_on__lte=day))
    return counted_on(people, day).filter(formal)


def is_formal_on(person: Person, day: dt.date) -> bool:
    """The status half of `formal_on` for one loaded person (their standing that day is asked separately)."""
    return person.status == MemberStatus.FULL and (person.confirmed_on is None or person.confirmed_on <= day)


def standing_of(person: Person, day: dt.date) -> str:
    return with_standing_on(Person.objects.filter(pk=person.pk), day).values_list("standing_then", flat=True)[0]


def history(user: Any, person: Person) -> QuerySet[StandingChange]:
    return scoped(StandingChange, user).filter(person=person).select_related("recorded_by").order_by("changed_on", "id")


def person_for_standing(user: Any, pk: Any) -> Person:
    return get_scoped_or_404(Person.objects.select_related("org"), user, pk=pk)


LIST_KINDS = {
    "attention": "失联、出国出境、停止党籍",
    "historical": "历史名册",
    "changes": "党籍变动记录",
}


def standing_people(user: Any, params: Mapping[str, Any]) -> QuerySet[Person]:
    """Members whose standing needs attention (default) or the historical roll, with a name search and a standing
    filter; ordered for the (org_path, id) index."""
    kind = params.get("kind") or "attention"
    qs = scoped(Person, user).select_related("org")
    if kind == "historical":
        qs = qs.filter(standing__in=HISTORICAL_STANDINGS)
    else:
        qs = qs.filter(standing__in=[Standing.LOST_CONTACT, Standing.ABROAD, Standing.SUSPENDED])
    standing = (params.get("standing") or "").strip()
    if standing in Standing.values:
        qs = qs.filter(standing=standing)
    search = (params.get("search") or "").strip()
    if search:
        qs = qs.filter(name__contains=search)
    return qs.order_by("org_path", "id")


def change_list(user: Any, params: Mapping[str, Any]) -> QuerySet[StandingChange]:
    qs = scoped(StandingChange, user).select_related("person", "person__org")
    search = (params.get("search") or "").strip()
    if search:
        qs = qs.filter(person__name__contains=search)
    standing = (params.get("standing") or "").strip()
    if standing in Standing.values:
        qs = qs.filter(to_standing=standing)
    return qs.order_by("-changed_on", "-id")


@dataclass(frozen=True)
class StandingAlert:
    person: Person
    message: str
    due_on: dt.date


def alerts(user: Any, *, today: dt.date) -> list[StandingAlert]:
    """ORG-11: lost contact for 6 months → 停止党籍 is due; suspended for lost contact 2 years → 除名 is due."""
    found: list[StandingAlert] = []
    lost = scoped(Person, user).filter(standing=Standing.LOST_CONTACT).select_related("org").order_by("org_path", "id")
    for person in lost[:500]:
        since = person.standing_since or person.joined_on
        if rules.lost_contact_stage(since, today) is not None:
            due = rules.add_months(since, rules.LOST_CONTACT_SUSPEND_MONTHS)
            found.append(StandingAlert(person, "失去联系已满6个月,应按规定停止党籍", due))
    suspended_for_lost = scoped(StandingChange, user).filter(
        to_standing=Standing.SUSPENDED,
        basis__in=[StandingBasis.LOST_CONTACT, StandingBasis.LOST_CONTACT_LONG],
        person__standing=Standing.SUSPENDED,
    )
    for change in suspended_for_lost.select_related("person", "person__org").order_by("changed_on")[:500]:
        due = rules.add_years(change.changed_on, rules.SUSPENDED_REMOVE_YEARS)
        if today >= due:
            found.append(StandingAlert(change.person, "停止党籍已满2年仍无法取得联系,应予除名", due))
    return found
