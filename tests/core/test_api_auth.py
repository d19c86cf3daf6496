"""API token login: a token for good credentials, a Chinese refusal otherwise, lockout shared with the pages."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dangjian.core.models import AuditEntry
from tests.core.factories import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


def obtain(client, username, password):
    return client.post(TOKEN_URL, {"username": username, "password": password}, format="json")


def test_token_for_good_credentials_opens_the_api(tree):
    client = APIClient()
    response = obtain(client, "secretary_a1", PASSWORD)
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=tree.accounts["secretary_a1"]).key == token
    assert response["Cache-Control"] == "no-store"

    assert APIClient().get("/api/v1/me/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/v1/me/").json()
    assert me["username"] == "secretary_a1"
    assert me["role"] == "branch_secretary"
    assert me["role_display"] == "党组织书记"
    assert me["org"]["code"] == "V001"
    assert me["scope"]["kind"] == "subtree"
    assert "李庄村" in me["scope"]["description"]


def test_token_can_be_asked_for_with_a_plain_form_post(tree, client):
    response = client.post(TOKEN_URL, {"username": "secretary_a1", "password": PASSWORD})
    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=tree.accounts["secretary_a1"]).key


def test_issuing_a_token_is_recorded_once(tree):
    user = tree.accounts["secretary_a1"]
    first = obtain(APIClient(), "secretary_a1", PASSWORD).json()["token"]
    second = obtain(APIClient(), "secretary_a1", PASSWORD).json()["token"]
    assert first == second
    entries = AuditEntry.objects.filter(object_type="core.user", object_id=str(user.pk), source="api")
    assert [(e.action, e.after) for e in entries] == [("update", {"api_token": "已签发"})]
    assert first not in str(list(entries.values()))


def test_bad_password_gets_a_chinese_refusal_and_no_token(tree):
    response = obtain(APIClient(), "secretary_a1", "wrong-password")
    assert response.status_code == 400
    assert "用户名或密码不正确" in response.json()["non_field_errors"][0]
    assert not Token.objects.exists()


def test_missing_fields_are_named_in_chinese(db):
    response = APIClient().post(TOKEN_URL, {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "用户名" in body["username"][0]
    assert "密码" in body["password"][0]


def test_unknown_user_reads_like_a_bad_password(tree):
    response = obtain(APIClient(), "nobody", "wrong-password")
    assert response.status_code == 400
    assert response.json() == obtain(APIClient(), "secretary_a1", "wrong-password").json()


def test_inactive_account_gets_no_token(tree):
    user = tree.accounts["secretary_a1"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = obtain(APIClient(), "secretary_a1", PASSWORD)
    assert response.status_code == 400
    assert not Token.objects.exists()


def test_five_failures_lock_the_account_for_the_api_and_the_pages(tree):
    client = APIClient()
    statuses = [obtain(client, "secretary_a1", "wrong-password").status_code for _ in range(5)]
    assert statuses[:4] == [400] * 4
    response = obtain(client, "secretary_a1", PASSWORD)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert "账号已被锁定" in response.json()["detail"]
    assert not Token.objects.exists()
    # The same lockout holds on the login page.
    page = client.post(reverse("core:login"), {"username": "secretary_a1", "password": PASSWORD})
    assert page.status_code == 429
    assert "账号已锁定" in page.content.decode()


def test_page_login_failures_count_towards_the_api_lockout(tree, client):
    for _ in range(5):
        client.post(reverse("core:login"), {"username": "secretary_a2", "password": "wrong-password"})
    response = obtain(APIClient(), "secretary_a2", PASSWORD)
    assert response.status_code == 429
    assert not Token.objects.exists()


def test_a_success_resets_the_failure_count(tree):
    client = APIClient()
    for _ in range(4):
        obtain(client, "secretary_a1", "wrong-password")
    assert obtain(client, "secretary_a1", PASSWORD).status_code == 200
    for _ in range(4):
        obtain(client, "secretary_a1", "wrong-password")
    assert obtain(client, "secretary_a1", PASSWORD).status_code == 200


def test_bad_token_is_refused_in_chinese(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = client.get("/api/v1/people/")
    assert response.status_code == 401
    assert response.json() == {"detail": "认证令牌无效。"}


def test_member_sees_their_own_scope(tree):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {obtain(client, 'member_a1', PASSWORD).json()['token']}")
    me = client.get("/api/v1/me/").json()
    assert me["scope"]["kind"] == "self"
    assert me["person_id"] == tree.people["a1"][0].pk


def test_unknown_api_address_answers_in_json(tree):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {obtain(APIClient(), 'secretary_a1', PASSWORD).json()['token']}")
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("接口不存在")
    assert client.get("/api/v1/people").status_code == 301  # the trailing-slash redirect still works
