"""Organisational life's reminders on the workbench: counted in the user's scope, each linking to its page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dangjian.orglife.choices import MeetingKind
from dangjian.orglife.selectors.points import claim_items
from dangjian.orglife.services import meetings, points
from tests.core.pages import login

pytestmark = pytest.mark.django_db


def panel(client, tree, who):
    client.logout()
    login(client, tree, who)
    return client.get(reverse("members:reminders")).content.decode()


def test_an_unrecorded_meeting_and_a_pending_claim_show_for_their_branch_only(tree, client):
    ended = timezone.now() - dt.timedelta(days=10)
    meetings.meeting_plan(
        actor=tree.accounts["secretary_a1"],
        org=tree.village_a1,
        kind=MeetingKind.COMMITTEE_MEETING,
        topic="研究发展党员",
        starts_at=ended - dt.timedelta(hours=2),
        ends_at=ended,
        place="村委会",
        host=tree.people["a1"][0],
    )
    today = timezone.localdate()
    points.schemes_seed_defaults(actor=None, county=tree.county, month=today.replace(day=1))
    member = tree.people["a1"][0]
    points.point_claim(
        actor=tree.accounts["member_a1"],
        person=member,
        item=claim_items(member, today)[0],
        occurred_on=today,
        note="帮助邻居抢收小麦",
    )

    own = panel(client, tree, "secretary_a1")
    assert "结束超过7天仍未登记召开情况" in own
    assert "党员申报待审核" in own and reverse("orglife:point_review") in own
    assert "仍未登记召开情况" in panel(client, tree, "town_a")
    other = panel(client, tree, "secretary_a2")
    assert "仍未登记召开情况" not in other and "党员申报待审核" not in other
    assert "待办提醒" not in panel(client, tree, "member_a1")
