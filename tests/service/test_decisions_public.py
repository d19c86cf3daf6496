"""四议两公开 on the public pages (no sign-in): a place's disclosures from their date through their last day (and not
the day after), with the resolution's counts, never the notes, minutes or who recorded them; one matter's page
answers 404 outside its period."""

import datetime as dt

import pytest
from django.urls import reverse

from dangjian.service.selectors import decisions as selectors
from tests.service.decisions_world import carry, hold, make_decision

pytestmark = pytest.mark.django_db

DISCLOSED = dt.date(2025, 9, 1)  # 30 days: shown through 2025-09-30


@pytest.fixture
def disclosed(tree, settings):
    settings.DANGJIAN_TODAY = DISCLOSED
    decision = carry(make_decision(tree.village_a1, title="村集体闲置厂房出租"), 4, dt.date(2025, 8, 20))
    hold(decision, 5, DISCLOSED, content="厂房出租经村民代表会议表决通过,租金每年12万元。", notes="内部备注不公开")
    return decision


def test_place_page_shows_the_disclosure_through_its_last_day(tree, client, settings, disclosed):
    settings.DANGJIAN_TODAY = dt.date(2025, 9, 30)
    response = client.get(reverse("service:public_place", args=["V001"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "四议两公开" in html and "村集体闲置厂房出租" in html
    assert "应到45人,实到38人,赞成35票" in html
    assert "内部备注" not in html and "会议记录已存档" not in html
    settings.DANGJIAN_TODAY = dt.date(2025, 10, 1)
    html = client.get(reverse("service:public_place", args=["V001"])).content.decode()
    assert "村集体闲置厂房出租" not in html


def test_matter_page_within_period_only(tree, client, settings, disclosed):
    url = reverse("service:public_decision", args=[disclosed.pk])
    settings.DANGJIAN_TODAY = dt.date(2025, 8, 31)
    assert client.get(url).status_code == 404  # before its date
    settings.DANGJIAN_TODAY = dt.date(2025, 9, 30)
    html = client.get(url).content.decode()
    assert "租金每年12万元" in html and "村民代表会议表决:应到45人,实到38人,赞成35票" in html
    assert "公开至 2025年9月30日" in html
    assert "内部备注不公开" not in html and "村党群服务中心" not in html and "闲置厂房对外出租,租期五年" not in html
    settings.DANGJIAN_TODAY = dt.date(2025, 10, 1)
    assert client.get(url).status_code == 404


def test_result_disclosure_keeps_the_matter_public(tree, client, settings, disclosed):
    settings.DANGJIAN_TODAY = dt.date(2025, 9, 20)
    hold(disclosed, 6, dt.date(2025, 9, 20), content="厂房已出租,首年租金已入账。", period_days=60)
    settings.DANGJIAN_TODAY = dt.date(2025, 11, 18)  # 决议公开 over, 实施结果公开 (60 days) on its last day
    html = client.get(reverse("service:public_decision", args=[disclosed.pk])).content.decode()
    assert "首年租金已入账" in html and "应到45人" not in html
    block = selectors.public_block(tree.village_a1, dt.date(2025, 11, 18))
    assert block is not None and block["resolutions"] == [] and len(block["results"]) == 1
    assert selectors.public_block(tree.village_a1, dt.date(2025, 11, 19)) is None


def test_only_places_matters_and_missing_ones_404(tree, client, settings, disclosed):
    settings.DANGJIAN_TODAY = DISCLOSED
    assert client.get(reverse("service:public_decision", args=[10**9])).status_code == 404
    undisclosed = carry(make_decision(tree.village_a2), 4, dt.date(2025, 8, 20))
    assert client.get(reverse("service:public_decision", args=[undisclosed.pk])).status_code == 404
    assert selectors.public_block(tree.village_a2, DISCLOSED) is None


def test_place_block_is_cheap(tree, settings, disclosed, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        block = selectors.public_block(tree.village_a1, DISCLOSED)
    assert block["resolutions"][0]["votes"] == "应到45人,实到38人,赞成35票"
