"""In Chromium, in a phone-sized window: a member opens a meeting's QR link, checks in, and sees the points.

The branch secretary opens the meeting on a desktop browser and reads the check-in link printed under the QR code;
the member follows it on a phone (390×844), taps 签到, and the automatic 参加组织生活 points show on 我的积分.
"""

import datetime as dt

import pytest
from django.utils import timezone

from dangjian.core import clock
from dangjian.orglife.choices import MeetingKind
from dangjian.orglife.services import meetings, points
from tests.browser.conftest import login
from tests.core.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def meeting(tree):
    """A 主题党日 of branch a1 that started ten minutes ago, and the county's default points schemes."""
    points.schemes_seed_defaults(actor=None, county=tree.county, month=clock.today().replace(day=1))
    now = timezone.now()
    return meetings.meeting_plan(
        actor=tree.accounts["secretary_a1"],
        org=tree.village_a1,
        kind=MeetingKind.THEME_DAY,
        topic="重温入党誓词",
        starts_at=now - dt.timedelta(minutes=10),
        ends_at=now + dt.timedelta(minutes=50),
        place="村党群服务中心",
        host=tree.people["a1"][1],
        agenda=["学习党章", "交纳党费"],
    )


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_member_checks_in_by_the_qr_link_on_a_phone_and_sees_the_points(browser, live_server, tree, meeting, page):
    login(page, live_server, "secretary_a1", PASSWORD)
    page.goto(f"{live_server.url}/orglife/meetings/{meeting.pk}/")
    assert page.locator("svg").first.is_visible(), "the QR code is drawn on the meeting page"
    link = page.locator(f"a[href*='/orglife/meetings/checkin/{meeting.checkin_token}/']").first.get_attribute("href")

    phone = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    member = phone.new_page()
    member.set_default_timeout(15000)
    try:
        login(member, live_server, "member_a1", PASSWORD)
        member.goto(link)
        assert member.get_by_text("重温入党誓词").first.is_visible()
        assert fits_the_screen(member)
        member.get_by_role("button", name="签到").click()
        member.get_by_text("签到成功").wait_for()

        member.get_by_role("link", name="查看我的积分").first.click()
        member.wait_for_url(f"{live_server.url}/orglife/points/mine/")
        assert fits_the_screen(member)
        assert member.locator(".dj-card-figure").first.inner_text().strip() in {"2", "2.0"}
        assert member.get_by_text("参加组织生活").first.is_visible()

        # The secretary's attendance shows the member present, checked in by the QR code.
        page.goto(f"{live_server.url}/orglife/meetings/{meeting.pk}/")
        row = page.locator("tr", has_text=tree.people["a1"][0].name).first
        assert "扫码签到" in row.inner_text()
    finally:
        phone.close()
