"""Public pages of 党群服务中心 (no sign-in): a centre's page shows its address, hours, fixed duty phone, rooms and who
is on duty today (names, posts, kinds) and links to file a request; never a Person's phone or ID number. The place's
public block lists its centres with today's duty."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.service.models import ServiceCentre
from dangjian.service.services import centres as services
from tests.service.centres_world import centres_world
from tests.service.duty_world import duty_world

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 11)


@pytest.fixture(autouse=True)
def pinned(settings):
    settings.DANGJIAN_TODAY = TODAY


@pytest.fixture
def world(tree):
    centres_world(tree)
    return duty_world(tree)


def test_centre_page_without_login_shows_duty_and_fixed_phone(tree, world):
    centre = ServiceCentre.objects.get(org=tree.village_a1)
    response = Client().get(reverse("service:public_centre", args=[centre.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "李庄村党群服务中心" in html and "工作日 8:30-12:00" in html
    assert "0395-8123401" in html
    assert "李建华" in html and "村党支部书记" in html and "坐班" in html
    assert "赵志刚" in html and "领导干部带班" in html
    assert "服务大厅" in html
    assert reverse("service:public_request_new", args=["V001"]) in html
    person = tree.people["a1"][0]
    for private in (person.name, person.id_number_masked, getattr(person, "phone", "") or "never-shown"):
        assert private not in html


def test_no_duty_today_and_unknown_centre(tree, world):
    centre = ServiceCentre.objects.get(org=tree.town_a)
    html = Client().get(reverse("service:public_centre", args=[centre.pk])).content.decode()
    assert "今日暂无值班安排" in html
    assert Client().get(reverse("service:public_centre", args=[999999])).status_code == 404
    services.centre_update(actor=None, centre=centre, status="none")
    assert Client().get(reverse("service:public_centre", args=[centre.pk])).status_code == 404


def test_place_block_lists_centres_with_today_duty(tree, world):
    html = Client().get(reverse("service:public_place", args=["V001"])).content.decode()
    assert "党群服务中心" in html and "李建华" in html
    centre = ServiceCentre.objects.get(org=tree.village_a1)
    assert reverse("service:public_centre", args=[centre.pk]) in html
    assert "王振东" not in html  # another village's duty


def test_place_block_hidden_without_a_centre(tree):
    from dangjian.service.selectors.centres import public_block

    assert public_block(tree.village_a2, TODAY) is None
