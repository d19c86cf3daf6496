"""The OpenAPI schema: valid, in Chinese, served offline, and the API keeps to it under generated requests."""

import re

import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, settings
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from dangjian.core.api.services import api_token_issue

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_every_operation_has_a_chinese_summary_and_tag():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = [(path, method, op) for path, item in schema["paths"].items() for method, op in item.items()]
    assert len(operations) >= 15
    for path, method, operation in operations:
        assert CJK.search(operation.get("summary", "")), f"{method.upper()} {path} has no Chinese summary"
        assert all(CJK.search(tag) for tag in operation["tags"]), f"{method.upper()} {path}"
    english = [text for text in _texts(schema) if not CJK.search(text)]
    assert not english, f"texts a reader sees must be Chinese: {english}"


def _texts(node):
    """Every summary, description and title in the schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("summary", "description", "title") and isinstance(value, str) and value:
                yield value
            else:
                yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


@pytest.mark.django_db
def test_schema_is_served(client):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")
    assert "/api/v1/people/{id}/reveal-id-number/" in response.json()["paths"]


@pytest.mark.django_db
def test_swagger_ui_is_served_from_our_own_files_with_no_inline_script(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts
    assert all('src="' in attrs and not body.strip() for attrs, body in scripts), "inline script blocked by the CSP"
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert not [u for u in urls if u.startswith(("http:", "https:", "//"))], "the page must work offline"
    for url in urls:
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), f"{url} is not among our static files"
    start_script = next(u for u in urls if "script" in u and not u.startswith("/static/"))
    script = client.get(start_script.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


# --- generated requests (schemathesis over the WSGI app, authenticated as the county admin) -----------


@pytest.fixture
def county_token(tree):
    return api_token_issue(actor=tree.accounts["county"])


@pytest.fixture
def keep_test_connection():
    """Requests go to the raw WSGI app: keep it from closing the test's connection around each one.

    Django's own test client does the same.
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


# Loaded once at collection: the schema view needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_keeps_to_its_schema(case, county_token, keep_test_connection):
    case.call_and_validate(
        headers={"Authorization": f"Token {county_token}"},
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    )


@pytest.mark.django_db
def test_generated_requests_left_the_audit_chain_intact(tree):
    """Writes made by the API chain into the audit trail like any other."""
    from dangjian.core.audit import verify_chain

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(actor=tree.accounts['county'])}")
    person = tree.people["b1"][0]
    assert client.patch(f"/api/v1/people/{person.pk}/", {"address": "和平路1号"}, format="json").status_code == 200
    assert verify_chain().ok
