"""In Chromium: log in, open the workbench, import a roster through the upload page, see the people."""

import pytest

from dangjian.core.models import Person
from tests.browser.conftest import login
from tests.core.factories import PASSWORD
from tests.core.test_import_support import roster_row, write_roster

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_import_a_roster_through_the_upload_page_and_see_the_people(page, live_server, tree, tmp_path):
    rows = [roster_row("V001", 姓名="上传甲"), roster_row("V002", 姓名="上传乙", male=False)]
    path = write_roster(tmp_path / "东城镇花名册.xlsx", rows)
    messages = []
    page.on("console", lambda message: messages.append(message.text))

    login(page, live_server, "town_a_admin", PASSWORD)
    assert page.locator("h1").first.inner_text() == "工作台"
    page.click("nav >> text=导入导出")
    page.click("text=上传花名册")
    page.set_input_files("#file", str(path))
    page.click("button:has-text('上传并校验')")

    page.wait_for_selector("text=确认导入")
    assert "上传甲" in page.content() and page.locator("[data-count=created]").first.inner_text() == "2"
    page.screenshot(path=str(tmp_path / "preview.png"), full_page=True)
    page.click("button:has-text('确认导入')")
    page.wait_for_selector("text=导入完成")
    page.click("text=查看党员名单")
    body = page.locator("body").inner_text()
    assert "上传甲" in body and "上传乙" in body
    assert Person.objects.filter(name__in=["上传甲", "上传乙"]).count() == 2
    assert not [m for m in messages if "Content Security Policy" in m]
