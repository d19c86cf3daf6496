"""Reads the recruitment pages need beside the pipeline's: the branches an application may go to, the members
offered as introducers and contacts, the orgs responsible for a step, a step's documents, the 六评三定 panel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from dangjian.core.choices import BRANCH_KINDS, COUNTED_STANDINGS, MemberStatus, OrgLevel
from dangjian.core.models import Org, Person
from dangjian.core.scoping import get_scoped_or_404, scoped
from dangjian.members import rules
from dangjian.members.models import (
    Applicant,
    CandidateScore,
    RecruitDocument,
    RecruitPerson,
    RecruitStep,
    ScoreItem,
    TownshipQuota,
)
from dangjian.members.services.recruitment_settings import quota_used

PICKER_LIMIT = 30
# The committee above the branch answers for these steps; 18 goes one level higher still.
HIGHER_STEPS = {18}
COMMITTEE_STEPS = rules.COMMITTEE_STEPS - HIGHER_STEPS


def branches(user: Any) -> QuerySet[Org]:
    """Branches (党支部 and its variants) in the user's scope, where an application can be recorded."""
    return scoped(Org, user).filter(kind__in=BRANCH_KINDS, is_dissolved=False).order_by("path")


def pipeline_orgs(user: Any) -> list[Org]:
    """The townships and branches of the user's scope, in tree order: the pipeline's org filter offers them."""
    orgs = scoped(Org, user).filter(Q(kind__in=BRANCH_KINDS) | Q(level=OrgLevel.TOWNSHIP), is_dissolved=False)
    return list(orgs.only("code", "name", "level", "path").order_by("path"))


def branch_by_code(user: Any, code: str) -> Org | None:
    """A branch of the user's county by its code: a trainer branch may lie outside the user's own subtree."""
    code = (code or "").strip()
    county_id = getattr(getattr(user, "org", None), "county_id", None)
    if not code:
        return None
    orgs = Org.objects.filter(code=code)
    if county_id is not None:
        orgs = orgs.filter(county_id=county_id)
    return orgs.first()


def ancestors(org: Org) -> list[Org]:
    """The org's committees from the nearest up to the county (paths are prefixes of the org's path)."""
    prefixes = [org.path[: org.steplen * depth] for depth in range(1, org.depth)]
    return list(Org.objects.filter(path__in=prefixes, county_id=org.county_id).order_by("-depth"))


def township_of(org: Org) -> Org | None:
    return next((o for o in ancestors(org) if o.level == OrgLevel.TOWNSHIP), None)


def step_orgs(applicant: Applicant, number: int) -> tuple[list[Org], Org]:
    """The orgs that may answer for step `number` and the usual one (the branch, its committee, or higher)."""
    above = ancestors(applicant.org)
    own = [applicant.org] + ([applicant.trainer_org] if applicant.trainer_org_id else [])
    choices = own + above
    if number in HIGHER_STEPS:
        default = above[1] if len(above) > 1 else (above[0] if above else applicant.org)
    elif number in COMMITTEE_STEPS:
        default = above[0] if above else applicant.org
    elif number in rules.TRAINER_STEPS and applicant.trainer_org_id:
        default = applicant.trainer_org
    else:
        default = applicant.org
    return choices, default


def people_pool(user: Any, applicant: Applicant, *, search: str = "", keep: Iterable[int] = ()) -> list[Person]:
    """Members offered as introducers, contacts or talkers: the formal members of the admitting and training
    branches, or those of the user's scope whose name contains `search`; the ones already chosen stay."""
    people = scoped(Person, user).filter(standing__in=COUNTED_STANDINGS).select_related("org")
    search = search.strip()
    if search:
        found = people.filter(name__contains=search)
    else:
        orgs = [applicant.org_id] + ([applicant.trainer_org_id] if applicant.trainer_org_id else [])
        found = people.filter(org_id__in=orgs, status=MemberStatus.FULL)
    chosen = list(people.filter(pk__in=[pk for pk in keep if isinstance(pk, int)]))
    rows = chosen + [p for p in found.order_by("org_path", "name", "id")[:PICKER_LIMIT] if p not in chosen]
    return rows


def people_by_ids(user: Any, ids: Iterable[int]) -> list[Person]:
    wanted = [pk for pk in ids if isinstance(pk, int)]
    found = {p.pk: p for p in scoped(Person, user).filter(pk__in=wanted)}
    return [found[pk] for pk in wanted if pk in found]


def steps_of(user: Any, applicant: Applicant) -> list[RecruitStep]:
    """The steps done, with their org, people and documents, in order."""
    return list(
        scoped(RecruitStep, user)
        .filter(applicant=applicant)
        .select_related("org", "recorded_by")
        .prefetch_related("documents", "people__person")
        .order_by("number", "done_on", "id")
    )


def people_of(user: Any, applicant: Applicant) -> list[RecruitPerson]:
    return list(
        scoped(RecruitPerson, user).filter(applicant=applicant).select_related("person", "person__org").order_by("id")
    )


def document_detail(user: Any, pk: Any) -> RecruitDocument:
    return get_scoped_or_404(RecruitDocument, user, pk=pk)


@dataclass(frozen=True)
class ScoreRow:
    item: ScoreItem
    score: Decimal | None


@dataclass(frozen=True)
class SixThree:
    """The 六评三定 panel of one candidate: the configured items with the scores given, and the quota."""

    rows: list[ScoreRow]
    township: Org | None
    year: int
    quota: int | None
    used: int

    @property
    def left(self) -> int | None:
        return None if self.quota is None else self.quota - self.used


def six_three_panel(applicant: Applicant, *, today: dt.date) -> SixThree:
    # The items are the county's: a township administrator scores on them without seeing the county's own rows.
    items = list(ScoreItem.objects.filter(county_id=applicant.county_id, active=True).order_by("order", "id"))
    given = {s.item_id: s.score for s in CandidateScore.objects.filter(applicant=applicant)}
    used_items = list(ScoreItem.objects.filter(pk__in=given).exclude(active=True))
    rows = [ScoreRow(item=i, score=given.get(i.pk)) for i in items + used_items]
    township = township_of(applicant.org)
    year = applicant.quota_year or today.year
    quota = None
    used = 0
    if township is not None:
        row = TownshipQuota.objects.filter(township=township, year=year).first()
        quota = row.quota if row else None
        used = quota_used(township, year)
    return SixThree(rows=rows, township=township, year=year, quota=quota, used=used)
