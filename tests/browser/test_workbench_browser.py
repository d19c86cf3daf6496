"""A county admin logs in through the real login page in Chromium and lands on the workbench."""

import pytest

from tests.browser.conftest import login
from tests.core.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_shows_the_workbench_of_the_account_scope(page, live_server, tree):
    login(page, live_server, "town_a_admin", PASSWORD)
    assert page.title().startswith("工作台")
    assert page.locator("h1").first.inner_text() == "工作台"
    assert "东城镇党委" in page.locator("nav").inner_text()


def test_wrong_password_shows_a_chinese_error(page, live_server, tree):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "town_a_admin")
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    assert "用户名或密码错误" in page.locator(".alert-danger").inner_text()
