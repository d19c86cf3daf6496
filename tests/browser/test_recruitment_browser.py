"""In Chromium: one applicant walked from the application to full membership through the pages only.

The branch secretary and the township's administrator each work in their own browser; the test moves the clock
(`DANGJIAN_TODAY`) between the steps, as the months of the real procedure pass. On the way the pages refuse a
发展对象 named before the activist's year is over, and a branch meeting without the majority.
"""

import datetime as dt

import pytest

from dangjian.core.rules import make_id_number
from tests.browser.conftest import login
from tests.core.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = dt.date
ID_NUMBER = make_id_number(region="411102", birth_date=D(2000, 3, 15), sequence=88, is_male=False)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def township(browser, live_server, tree):
    """A second browser, logged in as the township's administrator (上级党委)."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    other = context.new_page()
    other.set_default_timeout(15000)
    login(other, live_server, "town_a_admin", PASSWORD)
    yield other
    context.close()


class Walk:
    """Records steps on the applicant's page, moving the clock to each step's date first."""

    def __init__(self, settings, live_server, url):
        self.settings, self.live_server, self.url = settings, live_server, url

    def open(self, page, number):
        page.goto(self.url)
        form = page.locator(f"#step-form-{number}")
        if not form.is_visible():
            page.locator("details", has=form).locator("summary").click()
        return form

    def step(self, page, number, on, *, people=(), select=None, fill=None, expect_ok=True):
        self.settings.DANGJIAN_TODAY = on
        form = self.open(page, number)
        form.locator(f"[name=s{number}-done_on]").fill(on.isoformat())
        for person in people:
            form.locator(f"input[name=s{number}-people][value='{person.pk}']").check()
        for name, value in (select or {}).items():
            form.locator(f"[name=s{number}-{name}]").select_option(value)
        for name, value in (fill or {}).items():
            form.locator(f"[name=s{number}-{name}]").fill(str(value))
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        if expect_ok:
            message = page.locator(".alert-success").first.inner_text()
            assert f"已记录第{number}步" in message, page.locator("main").inner_text()[:2000]


def test_one_applicant_from_application_to_full_membership(page, township, live_server, tree, settings):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    secretary_people = tree.people["a1"]
    settings.DANGJIAN_TODAY = D(2024, 1, 10)
    login(page, live_server, "secretary_a1", PASSWORD)

    # 1. The application, from the pipeline's button; a typo in the date is kept and explained first.
    page.click("nav >> text=党员队伍")
    page.click("nav >> text=发展党员")
    assert "暂无发展对象记录" in page.locator("main").inner_text()
    page.click("text=登记入党申请")
    page.fill("#id_name", "林晓")
    page.fill("#id_id_number", ID_NUMBER)
    page.select_option("#id_education", "bachelor")
    page.fill("#id_applied_on", "2024-01-11")
    page.click("button:has-text('登记')")
    assert "申请入党日期不能晚于今天" in page.locator("main").inner_text()
    assert page.input_value("#id_name") == "林晓"
    page.fill("#id_applied_on", "2024-01-10")
    page.click("button:has-text('登记')")
    assert "已登记“林晓”的入党申请" in page.locator(".alert-success").inner_text()
    url = page.url
    walk = Walk(settings, live_server, url)
    assert "应于2024-02-10前办理" in page.locator("#next-steps").inner_text()

    # Stage 一 and 二: the talk, the activist, the township's record, the contact, the half-yearly review.
    walk.step(page, 2, D(2024, 1, 20), people=[secretary_people[0]])
    walk.step(page, 3, D(2024, 3, 1))
    walk.step(township, 4, D(2024, 3, 5))
    walk.step(page, 5, D(2024, 3, 10), people=[secretary_people[1]])
    walk.step(page, 6, D(2024, 9, 1))

    # Stage 三: a day before the activist's year is over the page says why 发展对象 must wait…
    settings.DANGJIAN_TODAY = D(2025, 2, 28)
    page.goto(url)
    assert (
        "暂不能办理:确定为入党积极分子满1年后方可确定为发展对象(最早2025-03-01)"
        in page.locator("#next-steps").inner_text()
    )
    # …and a day later it refuses a date inside that year, on the form, with the rule.
    walk.step(page, 7, D(2025, 3, 1), fill={"done_on": "2025-02-28"}, expect_ok=False)
    form = page.locator("#step-form-7")
    assert "确定为入党积极分子满1年后方可确定为发展对象(最早2025-03-01)" in form.inner_text()
    walk.step(page, 7, D(2025, 3, 1))
    walk.step(township, 8, D(2025, 3, 5))
    # The introducers: one ticked from the branch's members, the other found by name; the first stays ticked.
    settings.DANGJIAN_TODAY = D(2025, 3, 10)
    form = walk.open(page, 9)
    form.locator(f"input[name=s9-people][value='{secretary_people[1].pk}']").check()
    with page.expect_response(lambda response: "/steps/9/people/" in response.url):
        form.locator("input[name=q]").fill(secretary_people[2].name)
    page.wait_for_load_state("networkidle")
    assert form.locator(f"#picker-9 input[value='{secretary_people[2].pk}']").count() == 1
    assert form.locator(f"#picker-9 input[value='{secretary_people[1].pk}']").is_checked()
    assert form.locator(f"#picker-9 input[value='{secretary_people[0].pk}']").count() == 0
    walk.step(page, 9, D(2025, 3, 10), people=[secretary_people[1], secretary_people[2]])
    walk.step(page, 10, D(2025, 4, 1), select={"passed": "yes"})
    walk.step(page, 11, D(2025, 5, 1), fill={"training_days": 3})

    # Stage 四: the branch meeting needs more than half of the 3 formal members' votes.
    walk.step(page, 12, D(2025, 5, 10))
    walk.step(township, 13, D(2025, 5, 20), select={"passed": "yes"})
    walk.step(page, 14, D(2025, 5, 25))
    settings.DANGJIAN_TODAY = D(2025, 6, 1)
    walk.open(page, 15)
    assert page.locator("#step-form-15 .dj-entitled").inner_text() == "3"
    walk.step(page, 15, D(2025, 6, 1), fill={"vote_present": 3, "vote_yes": 1, "vote_no": 2}, expect_ok=False)
    assert "赞成票1票,未超过应到会有表决权党员3人的半数,未通过" in page.locator("#step-form-15").inner_text()
    walk.step(page, 15, D(2025, 6, 1), fill={"vote_present": 3, "vote_yes": 3})
    assert "预备党员" in page.locator("#applicant-status").inner_text()
    walk.step(township, 16, D(2025, 6, 10), people=[secretary_people[0]])
    walk.step(township, 17, D(2025, 7, 1), select={"passed": "yes"})
    walk.step(township, 18, D(2025, 7, 5))

    # Stage 五: a year of probation, the branch meeting's decision, the approval, the archive.
    walk.step(page, 19, D(2025, 7, 10))
    walk.step(page, 20, D(2025, 7, 15))
    walk.step(page, 21, D(2025, 12, 1))
    walk.step(page, 22, D(2026, 5, 20))
    walk.step(page, 23, D(2026, 6, 1), fill={"vote_present": 3, "vote_yes": 3}, select={"decision": "confirm"})
    walk.step(township, 24, D(2026, 6, 15), select={"passed": "yes"})
    walk.step(page, 25, D(2026, 6, 20))
    assert "已转正" in page.locator("#applicant-status").inner_text()
    assert "已转正,发展工作已完成" in page.locator("#next-steps").inner_text()

    # The roll: the new member is a 正式党员 who joined on the resolution day and was confirmed a year later.
    page.click("nav >> text=党员")
    page.fill("#id_search", "林晓")
    page.click("button:has-text('查询')")
    row = page.locator("table tbody tr", has_text="林晓")
    assert "正式党员" in row.inner_text()
    row.locator("a", has_text="林晓").click()
    details = page.locator("main").inner_text()
    assert "入党日期\t2025-06-01" in details or "入党日期\n2025-06-01" in details, details
    assert "转正日期\t2026-06-01" in details or "转正日期\n2026-06-01" in details, details
    assert not [m for m in messages if "Content Security Policy" in m]
