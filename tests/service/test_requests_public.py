"""群众办事 public pages: filing with no sign-in (captcha, rate limit keep what was typed), the receipt shown only to
the browser that filed, following by receipt code (a wrong code, rate limit), never the resident's name or phone,
rating once when finished, and the place's public block."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.service import rules
from dangjian.service.models import PublicHit, ServiceRequest
from dangjian.service.services import requests as services
from tests.service.public import solve_captcha
from tests.service.requests_world import accept, file, requests_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 10)
NEW = reverse("service:public_request_new", args=["V001"])
TRACK = reverse("service:public_request_track")
TYPED = {
    "category": "household",
    "content": "给孙子办理户口迁入",
    "resident_name": "吴春梅",
    "resident_phone": "13712345678",
}


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


def _file(client):
    answer = solve_captcha(client, "request")
    return client.post(NEW, TYPED | {"captcha": answer})


def test_resident_files_without_signing_in_and_sees_the_code_once(client, tree):
    response = client.get(NEW)
    assert response.status_code == 200 and "我要办事" in response.content.decode()
    response = _file(client)
    assert response.status_code == 302 and response.url == reverse("service:public_request_receipt")
    item = ServiceRequest.objects.get()
    assert item.channel == "public" and item.org == tree.village_a1 and item.filed_by is None
    html = client.get(response.url).content.decode()
    assert rules.receipt_code_display(item.receipt_code) in html
    assert "吴春梅" not in html and "13712345678" not in html
    other = Client()  # another browser never sees it
    response = other.get(reverse("service:public_request_receipt"))
    assert response.status_code == 302 and response.url == TRACK


def test_wrong_captcha_keeps_what_was_typed(client, tree):
    solve_captcha(client, "request")
    response = client.post(NEW, TYPED | {"captcha": "0000"})
    html = response.content.decode()
    assert response.status_code == 200 and "验证码不正确或已过期" in html
    assert "给孙子办理户口迁入" in html and 'value="吴春梅"' in html
    assert not ServiceRequest.objects.exists()


def test_bad_phone_is_refused(client, tree):
    answer = solve_captcha(client, "request")
    html = client.post(NEW, TYPED | {"captcha": answer, "resident_phone": "110"}).content.decode()
    assert "联系电话应为11位手机号码或带区号的固定电话" in html


def test_rate_limit_answers_429_with_the_message_and_keeps_the_data(client, tree):
    for _ in range(5):
        _file(client)
    assert ServiceRequest.objects.count() == 5
    answer = solve_captcha(client, "request")
    response = client.post(NEW, TYPED | {"captcha": answer})
    html = response.content.decode()
    assert response.status_code == 429 and "提交过于频繁,请10分钟后再试" in html
    assert "给孙子办理户口迁入" in html and 'value="吴春梅"' in html
    assert ServiceRequest.objects.count() == 5


def test_only_places_have_the_form(client, tree):
    assert client.get(reverse("service:public_request_new", args=["T001"])).status_code == 404
    assert client.get(reverse("service:public_request_new", args=["NOPE"])).status_code == 404


def test_tracking_shows_progress_but_never_the_name_or_phone(client, tree):
    item = accept(file(tree.village_a1, name="周秀英", phone="13812345671"), mode="referral", referred_to="县医保局")
    services.request_progress_add(actor=None, request=item, text="材料已报送县医保局")
    html = client.get(TRACK, {"code": rules.receipt_code_display(item.receipt_code).lower()}).content.decode()
    assert "办理中" in html and "介绍办" in html and "县医保局" in html and "材料已报送县医保局" in html
    assert "2025-06-13" in html  # the deadline
    assert "周秀英" not in html and "13812345671" not in html and "刘建国" not in html


def test_a_wrong_code_is_not_found(client, tree):
    html = client.get(TRACK, {"code": "AAAA-AAAA-AAAA"}).content.decode()
    assert "未找到该回执码" in html
    html = client.get(TRACK, {"code": "hello"}).content.decode()
    assert "未找到该回执码" in html


def test_tracking_is_rate_limited(client, tree, settings):
    for _ in range(30):
        client.get(TRACK, {"code": "AAAA-AAAA-AAAA"})
    response = client.get(TRACK, {"code": "AAAA-AAAA-AAAA"})
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    assert PublicHit.objects.filter(kind="track").count() == 30


def test_rating_once_when_finished(client, tree):
    item = accept(file(tree.village_a1))
    html = client.get(TRACK, {"code": item.receipt_code}).content.decode()
    assert "评价办理结果" not in html
    services.request_finish(actor=None, request=item, result="已代办完成,请到村室领取")
    html = client.get(TRACK, {"code": item.receipt_code}).content.decode()
    assert "已办结" in html and "已代办完成,请到村室领取" in html and "评价办理结果" in html
    solve_captcha(client, "feedback")
    response = client.post(TRACK, {"code": item.receipt_code, "rating": "satisfied", "comment": "很好", "captcha": "0"})
    assert "验证码不正确" in response.content.decode() and 'value="很好"' in response.content.decode()
    answer = solve_captcha(client, "feedback")
    response = client.post(
        TRACK, {"code": item.receipt_code, "rating": "satisfied", "comment": "很好", "captcha": answer}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.rating == "satisfied" and item.rating_source == "resident"
    html = client.get(TRACK, {"code": item.receipt_code}).content.decode()
    assert "评价办理结果" not in html and "您的评价" in html
    answer = solve_captcha(client, "feedback")
    response = client.post(TRACK, {"code": item.receipt_code, "rating": "unsatisfied", "captcha": answer})
    assert "该事项已评价,不能重复评价" in response.content.decode()
    item.refresh_from_db()
    assert item.rating == "satisfied"


def test_feedback_is_rate_limited(client, tree):
    item = services.request_finish(actor=None, request=accept(file(tree.village_a1)), result="ok")
    for _ in range(10):
        client.post(TRACK, {"code": item.receipt_code, "rating": "satisfied", "captcha": "0"})
    answer = solve_captcha(client, "feedback")
    response = client.post(
        TRACK, {"code": item.receipt_code, "rating": "satisfied", "comment": "好", "captcha": answer}
    )
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    assert not ServiceRequest.objects.get(pk=item.pk).rating


def test_place_page_block(client, tree):
    requests_world(tree)
    html = client.get(reverse("service:public_place", args=["V001"])).content.decode()
    assert "我要办事" in html and "查询办理进度" in html
    assert "1/3 (33.3%)" in html and "1/1 (100.0%)" in html
    assert NEW in html
    assert "周秀英" not in html and "13812345671" not in html
