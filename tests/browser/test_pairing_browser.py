"""In Chromium: the township office opens the pairing page, pairs a weak village with a 党群 unit from a suggestion,
records 帮扶资金 and a 五个一 item on the pair's page, and the pairing page shows the new totals and the sentence."""

import pytest

from dangjian.core import clock
from dangjian.villages.choices import CategoryBasis
from dangjian.villages.models import ClassificationResult, VillageCategory, VillagePair
from dangjian.villages.services import pairing as services
from tests.browser.conftest import login
from tests.core.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def weak_village(tree):
    """李庄村 is a 弱村 this year; the county keeps a 党群 unit and an economic one."""
    year = clock.today().year
    category = VillageCategory.objects.create(
        county=tree.county,
        org=tree.county,
        org_path=tree.county.path,
        name="组织软弱村",
        tag="weak",
        basis=CategoryBasis.MANUAL,
        since_year=year,
    )
    ClassificationResult.objects.create(
        county=tree.county,
        org=tree.village_a1,
        org_path=tree.village_a1.path,
        category=category,
        year=year,
        reason="认定",
    )
    services.unit_create(actor=None, org=tree.county, name="县委组织部", department_type="party_mass")
    services.unit_create(actor=None, org=tree.county, name="县财政局", department_type="economic")
    return tree.village_a1


def test_township_pairs_from_a_suggestion_and_sees_the_new_totals(live_server, tree, weak_village, page):
    login(page, live_server, "town_a_admin", PASSWORD)
    page.goto(f"{live_server.url}/villages/pairing/")
    assert "暂无帮扶成效记录" in page.inner_text("body")
    page.get_by_role("link", name="结对建议").click()
    row = page.locator("#pairing-suggestions tr", has_text="东城镇李庄村党支部")
    assert "党群部门联弱村" in row.inner_text()
    row.get_by_role("link", name="按此建立结对").first.click()
    page.get_by_role("button", name="建立结对").click()
    page.get_by_text("已建立东城镇李庄村党支部的结对共建").wait_for()
    pair = VillagePair.objects.get(village=weak_village)
    assert [m.unit.name for m in pair.members.select_related("unit")] == ["县委组织部"]

    today = clock.today().isoformat()
    outputs = page.locator("#output-form")
    outputs.locator("select[name=kind]").select_option("funds")
    outputs.locator("input[name=quantity]").fill("805000")
    outputs.locator("input[name=occurred_on]").fill(today)
    outputs.get_by_role("button", name="登记成效").click()
    page.get_by_text("已登记帮扶资金80.5万元").wait_for()

    checklist = page.locator("#checklist-form")
    checklist.locator("select[name=item]").select_option("agreement")
    checklist.locator("input[name=done_on]").fill(today)
    checklist.locator("input[name=evidence]").fill("结对共建互助协议书")
    checklist.get_by_role("button", name="登记完成").click()
    page.get_by_text("已登记“共签一个互助协议”").wait_for()
    assert page.locator("[data-figure=pair-five-one]").inner_text() == "1/5"

    page.get_by_role("link", name="结对共建").first.click()
    page.wait_for_url(f"{live_server.url}/villages/pairing/")
    assert page.locator("[data-figure=paired-villages]").inner_text() == "1/2 (50.0%)"
    assert page.locator("[data-figure=paired-units]").inner_text() == "1"
    assert "帮扶资金80.5万元" in page.locator("[data-figure=sentence]").inner_text()
    assert "1/5 (20.0%)" in page.locator("#pairing-figures").inner_text()
    assert "80.5万元" in page.locator("#pairing-totals").inner_text()
