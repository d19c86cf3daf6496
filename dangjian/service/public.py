"""What every public page (no sign-in) shares: a captcha drawn on the server that needs nothing from outside, a
limit on how often one client may submit a form, and the form base that uses both.

The captcha's answer lives in the visitor's session (keyed per form), is good for one attempt and for
`CAPTCHA_TTL` seconds; the image is an SVG of jittered strokes (no text for a script to read). Limits count
`PublicHit` rows, so they hold across server processes; the client is a keyed hash of its address."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import secrets
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from dangjian.service import rules
from dangjian.service.models import PublicHit

# Each digit as a polyline on a 10 × 16 box.
GLYPHS: dict[str, tuple[tuple[float, float], ...]] = {
    "0": ((2, 1), (8, 1), (9, 8), (8, 15), (2, 15), (1, 8), (2, 1)),
    "1": ((3, 4), (6, 1), (6, 15)),
    "2": ((1, 4), (3, 1), (8, 1), (9, 5), (1, 15), (9, 15)),
    "3": ((1, 2), (8, 1), (5, 7), (9, 11), (7, 15), (1, 14)),
    "4": ((7, 15), (7, 1), (1, 11), (9, 11)),
    "5": ((9, 1), (2, 1), (1, 7), (7, 7), (9, 11), (7, 15), (1, 14)),
    "6": ((8, 1), (3, 5), (1, 11), (3, 15), (8, 15), (9, 11), (6, 8), (1, 10)),
    "7": ((1, 1), (9, 1), (4, 15)),
    "8": ((5, 8), (1, 4), (4, 1), (7, 1), (9, 4), (5, 8), (1, 12), (3, 15), (7, 15), (9, 12), (5, 8)),
    "9": ((9, 6), (4, 8), (1, 5), (3, 1), (8, 1), (9, 6), (7, 15)),
}
COLOURS = ("#8b0000", "#1d3557", "#2d6a4f", "#6a040f", "#3a0ca3", "#7f4f24")


def _session_key(form_key: str) -> str:
    return f"captcha:{form_key}"


def captcha_svg(request: HttpRequest, form_key: str) -> str:
    """Draw a new captcha for a form, remember its answer in the session (replacing any earlier one)."""
    rng = random.Random(secrets.randbits(64))
    answer = "".join(
        rng.choice("23456789") if i == 0 else rng.choice("0123456789") for i in range(rules.CAPTCHA_LENGTH)
    )
    request.session[_session_key(form_key)] = {"answer": answer, "at": timezone.now().timestamp()}
    width, height = 40 * len(answer) + 20, 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f'<rect width="{width}" height="{height}" fill="#f8f1e5"/>',
    ]
    for _ in range(5):
        x1, y1, x2, y2 = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(0, width), rng.uniform(0, height)
        cx, cy = rng.uniform(0, width), rng.uniform(0, height)
        parts.append(
            f'<path d="M{x1:.1f} {y1:.1f} Q{cx:.1f} {cy:.1f} {x2:.1f} {y2:.1f}" fill="none" '
            f'stroke="{rng.choice(COLOURS)}" stroke-opacity="0.45" stroke-width="1.5"/>'
        )
    for index, digit in enumerate(answer):
        scale = rng.uniform(2.4, 2.9)
        left, top = 14 + index * 40 + rng.uniform(-3, 3), 8 + rng.uniform(-4, 4)
        angle = rng.uniform(-18, 18)
        points = " ".join(
            f"{left + (x + rng.uniform(-0.5, 0.5)) * scale:.1f},{top + (y + rng.uniform(-0.5, 0.5)) * scale:.1f}"
            for x, y in GLYPHS[digit]
        )
        centre = (left + 5 * scale, top + 8 * scale)
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{rng.choice(COLOURS)}" stroke-width="3.2" '
            f'stroke-linecap="round" stroke-linejoin="round" '
            f'transform="rotate({angle:.1f} {centre[0]:.1f} {centre[1]:.1f})"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def captcha_passes(request: HttpRequest, form_key: str, given: str) -> bool:
    """Check an answer; the captcha is used up either way (a new one must be drawn for the next attempt)."""
    stored = request.session.pop(_session_key(form_key), None)
    if not isinstance(stored, dict):
        return False
    age = timezone.now().timestamp() - float(stored.get("at", 0))
    return rules.captcha_matches(str(stored.get("answer", "")), given or "", age=age)


def client_key(request: HttpRequest) -> str:
    """The client as a keyed hash of its address (the address itself is never stored); behind a proxy, the address
    the proxy passes in `settings.CLIENT_IP_HEADER`."""
    address = request.META.get("REMOTE_ADDR", "")
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header and request.META.get(header):  # the first address a trusted proxy names
        address = request.META[header].split(",")[0].strip()
    address = address or "unknown"
    return hashlib.sha256(f"{settings.SECRET_KEY}|{address}".encode()).hexdigest()[:40]


def attempt(request: HttpRequest, kind: str) -> str | None:
    """Count one attempt at a public form. Returns None when it may go ahead, or the refusal to show (Chinese)
    when the client has used up a window of `rules.PUBLIC_LIMITS[kind]` (the refused attempt is not counted)."""
    limits = rules.PUBLIC_LIMITS[kind]
    now = timezone.now()
    longest = max(window for window, _ in limits)
    client = client_key(request)
    since = now - dt.timedelta(seconds=longest)
    stamps = PublicHit.objects.filter(client=client, kind=kind, at__gt=since).values_list("at", flat=True)
    full = rules.over_limit([(now - stamp).total_seconds() for stamp in stamps], limits)
    if full is not None:
        return f"提交过于频繁,请{rules.wait_text(full)}后再试"
    PublicHit.objects.create(kind=kind, client=client, at=now)
    if secrets.randbelow(200) == 0:  # now and then, forget what no window reaches any more
        PublicHit.objects.filter(
            at__lt=now - dt.timedelta(seconds=max(w for k in rules.PUBLIC_LIMITS.values() for w, _ in k))
        ).delete()
    return None


def captcha_field() -> forms.CharField:
    return forms.CharField(
        label="验证码",
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text="请输入图中的数字,看不清可点图片换一张",
    )


class CaptchaFormMixin:
    """A public form's captcha field (added last) and its check, for a Form or a ModelForm. Build the form with
    `request=` and `captcha_key=`; the answer is checked once, in `clean_captcha`, and a wrong or stale answer
    keeps everything else the visitor typed."""

    def __init__(self, *args: Any, request: HttpRequest, captcha_key: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.request = request
        self.captcha_key = captcha_key
        self.fields["captcha"] = captcha_field()  # type: ignore[attr-defined]

    def clean_captcha(self) -> str:
        given = self.cleaned_data.get("captcha", "")  # type: ignore[attr-defined]
        if not captcha_passes(self.request, self.captcha_key, given):
            raise forms.ValidationError("验证码不正确或已过期,请看新图重新输入")
        return given


class PublicForm(CaptchaFormMixin, forms.Form):
    """A plain public form with a captcha (declare the other fields on the subclass)."""
