"""民情夜市 on a place's public page: no sign-in, the next and the last session with their hosts, this year's counts,
and nothing of a raiser, a party to a dispute or a mediator's phone."""

import datetime as dt

import pytest
from django.urls import reverse

from dangjian.service.selectors import minqing as selectors
from dangjian.service.services import minqing as services
from tests.service.minqing_world import PRIVATE_FIELDS, make_session, minqing_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 9, 24)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


def test_the_public_block_shows_sessions_and_counts_only(tree, client):
    objects = minqing_world(tree)
    make_session(tree.village_a1, held_on=TODAY + dt.timedelta(days=6), attendance=0, hosts="刘书记、陈主任、马委员")
    [issue] = objects[services.MinqingIssue]
    services.issue_resolve(actor=None, issue=issue, result="已修好")
    [dispute] = objects[services.Dispute]
    services.dispute_settle(actor=None, dispute=dispute, agreement="和解")
    response = client.get(reverse("service:public_place", args=["V001"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "民情夜市" in html and "9月30日" in html and "刘书记、陈主任、马委员" in html
    assert "9月17日" in html  # the last one held
    for model, fields in PRIVATE_FIELDS.items():
        for obj in model.objects.all():
            for name in fields:
                value = getattr(obj, name)
                assert not value or value not in html, (model.__name__, name)
    assert "宅基地" not in html and "村东组道路坑洼" not in html


def test_the_block_counts_this_year(tree):
    objects = minqing_world(tree)
    [issue] = objects[services.MinqingIssue]
    services.issue_resolve(actor=None, issue=issue, result="已修好")
    block = selectors.public_block(tree.village_a1, TODAY)
    assert (block["resolved"], block["settled"]) == (1, 0)
    assert block["last"]["held_on"] == TODAY - dt.timedelta(days=7) and block["next"] is None
    assert selectors.public_block(tree.village_a1, dt.date(2026, 1, 1))["resolved"] == 0


def test_a_place_without_anything_has_no_block(tree, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert selectors.public_block(tree.village_a2, TODAY) is None
