"""村级换届 data for tests: a county round and, in each village, a confirmed change with committees before and after
(branch a1's objects returned by model, for the API scope walk; the round is the county's, seen by all)."""

from __future__ import annotations

import datetime as dt

from dangjian.villages.models import CommitteeMember, ElectionChange
from dangjian.villages.services import elections as services


def member(name, post, *, body="party", birth=dt.date(1975, 6, 1), gender="male", education="high_school", **extra):
    return {
        "name": name,
        "post": post,
        "body": body,
        "birth_date": birth,
        "gender": gender,
        "education": education,
        **extra,
    }


def elections_world(tree) -> dict[type, list]:
    election_round = services.round_create(
        actor=None, county=tree.county, year=2021, period="第十一届", starts_on=dt.date(2021, 1, 1)
    )
    found = {}
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2)):
        change = services.change_create(
            actor=None, election_round=election_round, org=org, election_date=dt.date(2021, 3, 10), body="party"
        )
        services.committee_set(
            actor=None, change=change, side="old", rows=[member(f"{key}老书记", "secretary", birth=dt.date(1960, 1, 1))]
        )
        rows = [member(f"{key}新书记", "secretary", birth=dt.date(1990, 1, 1), education="bachelor")]
        services.committee_set(actor=None, change=change, side="new", rows=rows)
        services.change_complete(actor=None, change=change)
        found[key] = change
    change = found["a1"]
    return {
        ElectionChange: [change],
        CommitteeMember: list(CommitteeMember.objects.filter(change=change)),
    }
