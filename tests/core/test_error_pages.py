"""Refused and missing pages answer in Chinese."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_missing_page_says_so_in_chinese(client, tree):
    client.force_login(tree.accounts["secretary_a2"])
    response = client.get(f"/people/{tree.people['a1'][0].pk}/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_a_refused_page_says_so_in_chinese(client, tree):
    client.force_login(tree.accounts["member_a1"])
    response = client.get("/audit/")
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()
