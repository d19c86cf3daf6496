"""Filling in a public form as a resident would: draw the captcha (its answer is in the visitor's session)."""

from __future__ import annotations

from django.urls import reverse


def solve_captcha(client, form_key: str) -> str:
    """Fetch the form's captcha image, as the browser does, and read back the answer it drew."""
    response = client.get(reverse("service:public_captcha", args=[form_key]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    return client.session[f"captcha:{form_key}"]["answer"]
