"""The public pages' shared parts against the database: the per-client limit holds across requests and clients, and a
captcha is good for one attempt."""

import datetime as dt

from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.utils import timezone

from dangjian.service import public, rules
from dangjian.service.models import PublicHit


def _request(address="10.0.0.1"):
    request = RequestFactory().post("/public/x/", REMOTE_ADDR=address)
    request.session = SessionStore()
    return request


def test_a_client_is_refused_once_its_window_is_full_and_others_are_not(db):
    allowed = rules.PUBLIC_LIMITS["request"][0][1]
    for _ in range(allowed):
        assert public.attempt(_request(), "request") is None
    refusal = public.attempt(_request(), "request")
    assert refusal == "提交过于频繁,请10分钟后再试"
    assert PublicHit.objects.count() == allowed  # the refused attempt is not counted
    assert public.attempt(_request("10.0.0.2"), "request") is None
    assert public.attempt(_request(), "track") is None  # each form has its own count


def test_attempts_older_than_the_window_free_the_client(db):
    allowed = rules.PUBLIC_LIMITS["request"][0][1]
    client = public.client_key(_request())
    old = timezone.now() - dt.timedelta(seconds=601)
    PublicHit.objects.bulk_create(PublicHit(kind="request", client=client, at=old) for _ in range(allowed))
    assert public.attempt(_request(), "request") is None


def test_the_address_itself_is_never_stored(db):
    public.attempt(_request("192.168.31.77"), "request")
    assert "192.168" not in PublicHit.objects.get().client


def test_a_captcha_is_good_for_one_attempt(db):
    request = _request()
    svg = public.captcha_svg(request, "request")
    answer = request.session["captcha:request"]["answer"]
    assert svg.startswith("<svg") and answer not in svg  # drawn as strokes, not as text
    assert len(answer) == rules.CAPTCHA_LENGTH
    assert public.captcha_passes(request, "request", answer)
    assert not public.captcha_passes(request, "request", answer)


def test_a_wrong_answer_uses_the_captcha_up(db):
    request = _request()
    public.captcha_svg(request, "request")
    answer = request.session["captcha:request"]["answer"]
    wrong = "0000" if answer != "0000" else "1111"
    assert not public.captcha_passes(request, "request", wrong)
    assert not public.captcha_passes(request, "request", answer)


def test_captchas_of_two_forms_do_not_mix(db):
    request = _request()
    public.captcha_svg(request, "request")
    public.captcha_svg(request, "feedback")
    assert public.captcha_passes(request, "feedback", request.session["captcha:feedback"]["answer"])
    assert public.captcha_passes(request, "request", request.session["captcha:request"]["answer"])


def test_a_captcha_drawn_too_long_ago_is_refused(db):
    request = _request()
    public.captcha_svg(request, "request")
    stored = request.session["captcha:request"]
    stored["at"] -= rules.CAPTCHA_TTL + 1
    request.session["captcha:request"] = stored
    assert not public.captcha_passes(request, "request", stored["answer"])


def test_behind_a_proxy_the_limit_counts_the_address_it_passes(db, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    allowed = rules.PUBLIC_LIMITS["request"][0][1]

    def via_proxy(resident):
        request = RequestFactory().post("/public/x/", REMOTE_ADDR="10.0.0.9", HTTP_X_REAL_IP=resident)
        request.session = SessionStore()
        return request

    for _ in range(allowed):
        assert public.attempt(via_proxy("203.0.113.5"), "request") is None
    assert public.attempt(via_proxy("203.0.113.5"), "request") is not None
    assert public.attempt(via_proxy("203.0.113.6, 10.0.0.9"), "request") is None  # another resident, same proxy
