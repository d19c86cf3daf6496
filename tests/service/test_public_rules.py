"""The public forms' limits and captcha answers, at their edges."""

import pytest

from dangjian.service import rules

LIMITS = ((600, 5), (86400, 20))


def test_the_fifth_attempt_in_ten_minutes_is_the_last_one_allowed():
    assert rules.over_limit([1, 2, 3, 4], LIMITS) is None
    assert rules.over_limit([1, 2, 3, 4, 5], LIMITS) == 600


def test_an_attempt_exactly_a_window_old_no_longer_counts():
    assert rules.over_limit([599.9, 1, 2, 3, 4], LIMITS) == 600
    assert rules.over_limit([600, 1, 2, 3, 4], LIMITS) is None


def test_the_day_window_holds_when_each_ten_minutes_is_quiet():
    spread = [700 * i for i in range(1, 20)]  # 19 attempts, none two within ten minutes
    assert rules.over_limit(spread, LIMITS) is None
    assert rules.over_limit([*spread, 85000], LIMITS) == 86400
    assert rules.over_limit([*spread, 86400], LIMITS) is None


def test_no_earlier_attempts_is_never_over():
    assert rules.over_limit([], LIMITS) is None


@pytest.mark.parametrize(
    ("window", "text"),
    [(600, "10分钟"), (60, "1分钟"), (30, "1分钟"), (3600, "1小时"), (7200, "2小时"), (86400, "1天")],
)
def test_wait_text(window, text):
    assert rules.wait_text(window) == text


def test_every_public_form_has_limits_in_force():
    assert set(rules.PUBLIC_LIMITS) >= {"request", "track", "feedback"}
    for limits in rules.PUBLIC_LIMITS.values():
        assert all(window > 0 and allowed > 0 for window, allowed in limits)


def test_captcha_answer_forgives_spaces_and_full_width_digits():
    assert rules.captcha_matches("4071", "4071", age=5)
    assert rules.captcha_matches("4071", " 40 71 ", age=5)
    assert rules.captcha_matches("4071", "４０７１", age=5)
    assert not rules.captcha_matches("4071", "4017", age=5)
    assert not rules.captcha_matches("4071", "", age=5)
    assert not rules.captcha_matches("", "", age=5)


def test_captcha_expires_after_its_lifetime():
    assert rules.captcha_matches("4071", "4071", age=rules.CAPTCHA_TTL)
    assert not rules.captcha_matches("4071", "4071", age=rules.CAPTCHA_TTL + 0.01)
    assert not rules.captcha_matches("4071", "4071", age=-1)
