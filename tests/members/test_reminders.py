"""The workbench's reminders: soft alerts of the lifecycle counted in the user's scope, linking to their pages."""

import datetime as dt

import pytest
from django.urls import reverse

from dangjian.core.choices import Standing
from dangjian.members.choices import StandingBasis
from dangjian.members.services.standing import standing_change
from tests.core.pages import login, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def lost_member(tree, settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 11, 24)
    person = tree.people["a1"][1]
    standing_change(
        actor=None,
        person=person,
        to_standing=Standing.LOST_CONTACT,
        changed_on=dt.date(2026, 5, 24),
        basis=StandingBasis.LOST_CONTACT,
        reason="多方联系未果",
    )
    return person


def test_workbench_loads_the_reminders_after_the_figures(tree, client):
    login(client, tree, "secretary_a1")
    assert reverse("members:reminders") in page(client.get(reverse("core:workbench")))


def test_the_branch_and_its_township_see_the_reminder_the_sibling_does_not(tree, client, lost_member):
    for who in ("secretary_a1", "town_a"):
        login(client, tree, who)
        panel = page(client.get(reverse("members:reminders")))
        assert "党籍:失联党员到期处置" in panel and reverse("members:standing_list") in panel
    login(client, tree, "secretary_a2")
    assert "党籍" not in page(client.get(reverse("members:reminders")))
    login(client, tree, "member_a1")
    assert "待办提醒" not in page(client.get(reverse("members:reminders")))


def test_the_reminder_waits_for_the_sixth_month(tree, client, lost_member, settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 11, 23)
    login(client, tree, "secretary_a1")
    assert "失联党员到期处置" not in page(client.get(reverse("members:reminders")))
