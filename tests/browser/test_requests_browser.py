"""In Chromium, in a phone-sized window: a resident opens the village's public page, taps 我要办事, files a request
(reading the captcha's answer from the session store, as only the server knows it), gets the receipt code, follows
it on the tracking page (待受理); the village's cadre accepts and finishes it; the resident reloads, sees 已办结 and
the result, and rates it 满意."""

import pytest
from django.contrib.sessions.backends.db import SessionStore

from dangjian.service.models import ServiceRequest
from dangjian.service.services import requests as services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def captcha_answer(context, page, key: str) -> str:
    """The answer the captcha image on the page drew, from the browser's session on the server."""
    page.wait_for_function("() => { const i = document.querySelector('img.dj-captcha'); return i && i.complete; }")
    session_key = next(c["value"] for c in context.cookies() if c["name"] == "sessionid")
    return SessionStore(session_key=session_key).load()[f"captcha:{key}"]["answer"]


def test_resident_files_follows_and_rates_a_request_on_a_phone(browser, live_server, tree):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.set_default_timeout(15000)
    try:
        phone.goto(f"{live_server.url}/public/place/V001/")
        assert fits_the_screen(phone)
        phone.get_by_role("link", name="我要办事").tap()
        phone.wait_for_url("**/public/requests/new/V001/")
        assert fits_the_screen(phone)
        phone.select_option("#id_category", "certificate")
        phone.fill("#id_content", "孩子上学需要开具居住证明")
        phone.fill("#id_resident_name", "周秀英")
        phone.fill("#id_resident_phone", "13812345671")
        phone.fill("#id_captcha", captcha_answer(context, phone, "request"))
        phone.get_by_role("button", name="提交").tap()
        phone.wait_for_url("**/public/requests/receipt/")
        code = phone.locator("#receipt-code").inner_text().strip()
        item = ServiceRequest.objects.get()
        assert code.replace("-", "") == item.receipt_code
        assert "周秀英" not in phone.content() and "13812345671" not in phone.content()

        phone.locator("main").get_by_role("link", name="查询办理进度").tap()
        phone.locator("#track-status").wait_for()
        assert phone.locator("#track-status").inner_text() == "待受理"
        assert fits_the_screen(phone)

        secretary = tree.accounts["secretary_a1"]
        item = services.request_accept(actor=secretary, request=item, mode="proxy", handler_name="刘建国")
        services.request_finish(actor=secretary, request=item, result="证明已开具,请到村党群服务中心领取")

        phone.reload()
        assert phone.locator("#track-status").inner_text() == "已办结"
        assert "证明已开具,请到村党群服务中心领取" in phone.locator("#track-result-text").inner_text()
        assert "周秀英" not in phone.content() and "13812345671" not in phone.content()
        phone.get_by_label("满意", exact=True).check()
        phone.fill("#id_captcha", captcha_answer(context, phone, "feedback"))
        phone.get_by_role("button", name="提交评价").tap()
        phone.get_by_text("感谢您的评价").wait_for()
        assert ServiceRequest.objects.get().rating == "satisfied"
        assert phone.locator("#feedback-form").count() == 0
    finally:
        context.close()
