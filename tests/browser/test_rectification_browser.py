"""In Chromium: a township cadre keeps a listed branch's ledger on a phone — adds a progress entry, ticks four of the
five "不撤离" conditions and is refused the exit naming the fifth, ticks it with evidence and applies; the county
accepts, and the figures show the branch converted."""

import pytest

from dangjian.core import clock
from dangjian.villages.choices import ExitCondition
from dangjian.villages.models import RectCase
from dangjian.villages.services import rectification as services
from tests.browser.conftest import login
from tests.core.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def case(tree):
    round_ = services.round_create(actor=None, county=tree.county, year=clock.today().year)
    services.assessment_save(actor=None, round=round_, org=tree.village_a1, score=58)
    services.assessment_save(actor=None, round=round_, org=tree.village_a2, score=91)
    services.candidates_propose(actor=None, round=round_)
    candidate = round_.candidates.get(org=tree.village_a1)
    return services.candidate_confirm(actor=None, candidate=candidate)


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_township_keeps_the_ledger_and_the_county_accepts_the_exit(browser, live_server, tree, case, page):
    phone = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    cadre = phone.new_page()
    cadre.set_default_timeout(15000)
    labels = [str(label) for _, label in ExitCondition.choices]
    try:
        login(cadre, live_server, "town_a_admin", PASSWORD)
        cadre.goto(f"{live_server.url}/villages/rectification/cases/{case.pk}/")
        assert cadre.get_by_role("heading", name="东城镇李庄村党支部 整顿台账").is_visible()
        assert fits_the_screen(cadre)

        cadre.get_by_role("link", name="记整顿台账").click()
        cadre.get_by_label("整顿措施").fill("召开村两委班子专题民主生活会")
        cadre.get_by_label("进展情况").fill("班子成员逐一对照检查,明确整改清单12条")
        cadre.get_by_label("责任人").fill("王强")
        assert fits_the_screen(cadre)
        cadre.get_by_role("button", name="保存").click()
        cadre.get_by_text("已记入整顿台账").wait_for()
        assert cadre.get_by_text("召开村两委班子专题民主生活会").first.is_visible()

        for value, label in list(ExitCondition.choices)[:4]:
            block = cadre.locator(f"[data-condition='{value}']")
            block.locator("input[type=checkbox]").check()
            block.locator("textarea").fill(f"{label}:已达到,材料齐全")
            block.get_by_role("button", name="保存").click()
            cadre.get_by_text(f"已确认达到“{label}”").wait_for()
        assert cadre.get_by_text("已达到 4/5").is_visible()

        cadre.get_by_role("link", name="申请整顿到位验收").click()
        cadre.get_by_role("button", name="确认").click()
        refusal = cadre.get_by_text(f"尚未达到以下不撤离条件,不能申请整顿到位:{labels[4]}")
        refusal.wait_for()
        assert all(label not in refusal.inner_text() for label in labels[:4])

        block = cadre.locator(f"[data-condition='{ExitCondition.PEOPLE_SATISFIED}']")
        block.locator("input[type=checkbox]").check()
        block.locator("textarea").fill("入户测评群众满意度92%")
        block.get_by_role("button", name="保存").click()
        cadre.get_by_text("已达到 5/5").wait_for()
        cadre.get_by_role("link", name="申请整顿到位验收").click()
        cadre.get_by_role("button", name="确认").click()
        cadre.get_by_text("待县委组织部验收").first.wait_for()
    finally:
        phone.close()

    login(page, live_server, "county_admin", PASSWORD)
    page.goto(f"{live_server.url}/villages/rectification/cases/{case.pk}/")
    page.get_by_role("link", name="验收整顿到位").click()
    page.get_by_role("button", name="确认").click()
    page.get_by_text("已验收,整顿到位").wait_for()
    assert RectCase.objects.get(pk=case.pk).exited_on == clock.today()

    page.goto(f"{live_server.url}/villages/rectification/")
    assert page.locator("#conversion-text").inner_text() == "已整顿到位1个/1个 (100.0%)"
    assert "确定软弱涣散村党组织1个,已整顿到位1个" in page.locator("#conversion-sentence").inner_text()
