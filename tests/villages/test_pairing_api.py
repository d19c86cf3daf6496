"""结对共建 API: scope (another branch sees nothing and gets the same 404 as a missing object), the writes with
their refusals, and the figures with seed 000's sentence."""

import datetime as dt

import pytest

from dangjian.core.choices import Role
from dangjian.villages.models import PairActivity, PairChecklistItem, PairOutput, VillagePair
from tests.core.factories import make_account
from tests.members.api import api_as
from tests.villages.pairing_world import pairing_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)
BASE = "/api/v1/villages/pairing"


@pytest.fixture
def world(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    return pairing_world(tree)


@pytest.mark.parametrize(
    ("endpoint", "model"),
    [
        ("pairs", VillagePair),
        ("activities", PairActivity),
        ("checklist", PairChecklistItem),
        ("outputs", PairOutput),
    ],
)
def test_another_branch_sees_nothing_of_a1(tree, world, endpoint, model):
    mine = world[model][0]
    a2 = api_as(tree.accounts["secretary_a2"])
    listed = a2.get(f"{BASE}/{endpoint}/").json()
    assert listed["count"] == 1 and mine.pk not in [row["id"] for row in listed["results"]]
    assert a2.get(f"{BASE}/{endpoint}/{mine.pk}/").status_code == 404
    a1 = api_as(tree.accounts["secretary_a1"])
    assert a1.get(f"{BASE}/{endpoint}/{mine.pk}/").status_code == 200
    town_b = api_as(make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN))
    assert town_b.get(f"{BASE}/{endpoint}/").json()["count"] == 0


def test_units_are_published_to_the_villages(tree, world):
    listed = api_as(tree.accounts["secretary_a1"]).get(f"{BASE}/units/").json()
    assert {row["name"]: row["load"] for row in listed["results"]} == {"县委组织部": 1, "县农业农村局": 2}


def test_a_village_cannot_create_pairs_the_township_can(tree, world, settings):
    a1 = api_as(tree.accounts["secretary_a1"])
    unit = world[VillagePair][0].members.first().unit
    refused = a1.post(f"{BASE}/pairs/", {"village": "V001", "units": [unit.pk]}, format="json")
    assert refused.status_code == 403
    from tests.core.factories import make_org

    make_org(tree.town_a, "V009", "东城镇张庄村党支部")
    town = api_as(tree.accounts["town_a"])
    created = town.post(f"{BASE}/pairs/", {"village": "V009", "units": [unit.pk]}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["shape"] == "one_to_one" and created.json()["started_year"] == 2026
    again = town.post(f"{BASE}/pairs/", {"village": "V009", "units": [unit.pk]}, format="json")
    assert again.status_code == 400 and again.json()["village"] == [
        "东城镇张庄村党支部已有结对,可在原结对中增加结对单位"
    ]
    pair = created.json()["id"]
    ended = town.post(f"{BASE}/pairs/{pair}/end/", {"reason": "调整结对"}, format="json")
    assert ended.status_code == 200 and ended.json()["active"] is False


def test_records_and_the_figures(tree, world):
    pair = world[VillagePair][0]
    a1 = api_as(tree.accounts["secretary_a1"])
    created = a1.post(
        f"{BASE}/outputs/",
        {"pair": pair.pk, "kind": "trees", "quantity": "1200", "occurred_on": "2026-02-01"},
        format="json",
    )
    assert created.status_code == 201 and created.json()["text"] == "1200棵"
    bad = a1.post(
        f"{BASE}/outputs/",
        {"pair": pair.pk, "kind": "trees", "quantity": "1.5", "occurred_on": "2026-02-01"},
        format="json",
    )
    assert bad.status_code == 400 and bad.json()["quantity"] == ["棵数应为整数"]
    other = world[VillagePair][0].pk
    a2 = api_as(tree.accounts["secretary_a2"])
    hidden = a2.post(
        f"{BASE}/outputs/",
        {"pair": other, "kind": "trees", "quantity": "1", "occurred_on": "2026-02-01"},
        format="json",
    )
    assert hidden.status_code == 400 and hidden.json()["pair"] == [f"结对编号：编号为{other}的结对不存在"]
    mark = a1.post(
        f"{BASE}/checklist/",
        {"pair": pair.pk, "year": 2026, "item": "development", "done_on": "2026-02-02", "evidence": "发展规划"},
        format="json",
    )
    assert mark.status_code == 201
    figures = api_as(tree.accounts["county"]).get(f"{BASE}/figures/", {"year": 2026}).json()
    assert figures["sentence"] == "帮扶资金10万元,植树1200棵"
    assert (figures["paired_villages"], figures["paired_units"], figures["many_to_one"]) == (2, 2, 1)
    assert figures["paired_text"] == "2/2 (100.0%)"
    assert (figures["five_one_pairs"], figures["five_one_done"], figures["five_one_complete"]) == (2, 3, 0)
    own = a2.get(f"{BASE}/figures/").json()
    assert own["sentence"] == "帮扶资金5万元" and own["paired_units"] == 1
    window = api_as(tree.accounts["county"]).get(f"{BASE}/figures/", {"since": "2026-03-02", "until": "2026-12-31"})
    assert window.json()["sentence"] == ""
    wrong = api_as(tree.accounts["county"]).get(f"{BASE}/figures/", {"root": "NOPE"})
    assert wrong.status_code == 400
    deleted = a1.delete(f"{BASE}/outputs/{created.json()['id']}/")
    assert deleted.status_code == 204
    assert a2.delete(f"{BASE}/outputs/{world[PairOutput][0].pk}/").status_code == 404
