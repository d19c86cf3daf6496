"""The API documentation page works in Chromium under our CSP, with no network beyond this server."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_under_the_csp_offline(page, live_server):
    problems, outside = [], []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))

    def only_this_server(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_server)
    page.goto(f"{live_server.url}/api/v1/docs/")
    # The tags open collapsed (several hundred operations); open 党员 to see its operations.
    page.locator('h3.opblock-tag[data-tag="党员"]').click()
    page.get_by_text("党员列表").first.wait_for()
    assert page.get_by_text("查看完整公民身份号码").count() >= 1
    assert not problems, problems
    assert not outside, outside
