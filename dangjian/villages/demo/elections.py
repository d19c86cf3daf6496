"""Demo 村级换届: the county's last round (2021, 第十一届) with a confirmed change in nearly every village: the old
committee and the new one, drawn so that the county's figures come out as seed 003 describes them (younger and better
educated committees, about one in six secretaries adjusted, more 一肩挑). Set-based."""

from __future__ import annotations

import datetime as dt
import random

from dangjian.core import audit
from dangjian.core.choices import AuditAction
from dangjian.core.demo import names
from dangjian.core.models import Org
from dangjian.villages import rules
from dangjian.villages.models import CommitteeMember, ElectionChange, ElectionRound
from dangjian.villages.selectors.common import villages_of

ROUND_YEAR = 2021
PARTY = (("secretary", True), ("deputy_secretary", False), ("member", False))
VILLAGER = (("director", False), ("deputy_director", False), ("member", False))
OLD_EDUCATION = (("junior_high", 55), ("high_school", 25), ("secondary_vocational", 8), ("junior_college", 8),
                 ("primary_or_below", 4))  # fmt: skip
NEW_EDUCATION = (("junior_high", 44), ("high_school", 28), ("secondary_vocational", 8), ("junior_college", 14),
                 ("bachelor", 6))  # fmt: skip


def _member(rng: random.Random, day: dt.date, *, young: float, women: float, education: tuple) -> dict:
    age = rng.randint(25, 34) if rng.random() < young else rng.randint(36, 62)
    male = rng.random() >= women
    birth = dt.date(day.year - age - 1, rng.randint(1, 12), rng.randint(1, 28))
    values, weights = zip(*education, strict=True)
    return {
        "name": names.person_name(rng, male=male, birth_year=birth.year),
        "gender": "male" if male else "female",
        "birth_date": birth,
        "education": rng.choices(values, weights)[0],
    }


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    if today.year < ROUND_YEAR:
        return
    election_round = ElectionRound.objects.create(
        county_id=county.pk,
        org=county,
        org_path=county.path,
        year=ROUND_YEAR,
        period="第十一届",
        name=f"{ROUND_YEAR}年村级“两委”换届",
        starts_on=dt.date(ROUND_YEAR, 1, 5),
        ends_on=dt.date(ROUND_YEAR, 4, 30),
    )
    villages = list(villages_of(county.pk).only("id", "path", "county_id"))
    changes = []
    for village in villages:
        if rng.random() < 0.03:
            continue  # a few villages postponed
        day = dt.date(ROUND_YEAR, rng.choice((1, 2, 3)), rng.randint(1, 28))
        changes.append(
            ElectionChange(
                county_id=county.pk,
                round=election_round,
                org=village,
                org_path=village.path,
                body="both",
                election_date=day,
                term_start=day,
                term_end=rules.election_term_end(day),
                status="done" if rng.random() < 0.97 else "planned",
            )
        )
    changes = ElectionChange.objects.bulk_create(changes, batch_size=5000)
    members = []
    for change in changes:
        day = change.election_date
        old = [_member(rng, day, young=0.04, women=0.18, education=OLD_EDUCATION) for _ in range(6)]
        new = [_member(rng, day, young=0.065, women=0.22, education=NEW_EDUCATION) for _ in range(6)]
        if rng.random() >= 0.155:
            new[0] = dict(old[0])  # the secretary stays (not 调整)
        old_shoulder, new_shoulder = rng.random() < 0.25, rng.random() < 0.6
        for side, people, shoulder in (("old", old, old_shoulder), ("new", new, new_shoulder)):
            posts = [("party", post, head and shoulder) for post, head in PARTY]
            posts += [("villager", post, False) for post, _ in VILLAGER]
            for index, ((body, post, concurrent), person) in enumerate(zip(posts, people, strict=True)):
                if body == "villager" and post == "director" and shoulder:
                    person = people[0]  # 书记兼主任: the same person on both committees
                members.append(
                    CommitteeMember(
                        county_id=county.pk,
                        org_path=change.org_path,
                        change=change,
                        side=side,
                        body=body,
                        post=post,
                        concurrent=concurrent,
                        position=index,
                        **person,
                    )
                )
    CommitteeMember.objects.bulk_create(members, batch_size=5000)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={"demo": "elections", "round": election_round.name, "changes": len(changes), "members": len(members)},
    )
