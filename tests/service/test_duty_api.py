"""API of 值班坐班: roster entries, the rota, sign-in and sign-out actions (代签, once, 404 for another branch) and the
uncovered days."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian.service.models import DutyEntry, ServiceCentre
from tests.members.api import api_as
from tests.service.centres_world import centres_world
from tests.service.duty_world import duty_world

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 11)


@pytest.fixture(autouse=True)
def pinned(settings):
    settings.DANGJIAN_TODAY = TODAY


@pytest.fixture
def world(tree):
    objects = centres_world(tree)
    return objects | duty_world(tree)


def test_duty_entry_rota_and_sign(tree, world):
    centre = world[ServiceCentre][0]
    client = api_as(tree.accounts["secretary_a1"])
    made = client.post(
        "/api/v1/service/duty/entries/", {"centre": centre.pk, "date": "2025-06-12", "name": "张秀兰"}, format="json"
    )
    assert made.status_code == 201
    rota = client.post(
        "/api/v1/service/duty/entries/rota/",
        {
            "centre": centre.pk,
            "first": "2025-06-16",
            "last": "2025-06-20",
            "weekdays": [0, 1, 2, 3, 4],
            "cadres": [{"name": "李建华"}],
        },
        format="json",
    )
    assert rota.status_code == 201 and rota.json()["added"] == 5
    lead = DutyEntry.objects.get(centre=centre, kind="lead")
    signed = client.post(f"/api/v1/service/duty/entries/{lead.pk}/sign-in/", {}, format="json")
    assert signed.status_code == 201 and signed.json()["by_proxy"] is True
    again = client.post(f"/api/v1/service/duty/entries/{lead.pk}/sign-in/", {}, format="json")
    assert again.status_code == 400 and "不能重复签到" in str(again.json())
    assert client.post(f"/api/v1/service/duty/entries/{lead.pk}/sign-out/").status_code == 200
    other = api_as(tree.accounts["secretary_a2"])
    assert other.post(f"/api/v1/service/duty/entries/{lead.pk}/sign-in/", {}, format="json").status_code == 404
    uncovered = client.get("/api/v1/service/duty/uncovered/", {"first": "2025-06-09", "last": "2025-06-13"})
    assert uncovered.status_code == 200 and [row["name"] for row in uncovered.json()["results"]] == [
        "李庄村党群服务中心"
    ]
