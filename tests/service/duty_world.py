"""值班坐班 data for tests: in every place (a1, a2, b1) a centre with today's roster (a 坐班 cadre of the place,
signed in, and a township leader's 带班). Shared by the duty tests, the API scope walk and the public crawl."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dangjian.core import clock
from dangjian.service.models import DutyEntry, DutySign, ServiceCentre
from dangjian.service.services import duty as services
from tests.service.centres_world import PHONES, PLACES, make_centre

# Roster entries name cadres on duty, which the notice board shows; nothing of residents.
PRIVATE_FIELDS: dict = {}
CADRES = {"a1": ("李建华", "村党支部书记"), "a2": ("王振东", "村委会主任"), "b1": ("孙晓梅", "社区党委书记")}


def signed_at(day: dt.date, hour: int = 8, minute: int = 20) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def duty_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model (the places' centres are made here when the centres world has not)."""
    today = clock.today()
    found: dict[str, tuple] = {}
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1)):
        centre = ServiceCentre.objects.filter(org=org, is_main=True).first() or make_centre(
            org, f"{PLACES[key]}党群服务中心", duty_phone=PHONES[key]
        )
        name, post = CADRES[key]
        person = tree.people[key][0]
        sit = services.entry_create(
            actor=None, centre=centre, date=today, kind="sit", slot="full_day", person=person, name=name, post=post
        )
        lead = services.entry_create(
            actor=None, centre=centre, date=today, kind="lead", slot="morning", name="赵志刚", post="镇党委副书记"
        )
        sign = services.sign_in(actor=None, entry=sit, at=signed_at(today))
        found[key] = (sit, lead, sign)
    sit, lead, sign = found["a1"]
    return {DutyEntry: [sit, lead], DutySign: [sign]}
