"""Accounts: the CLI, password policy, lockout after repeated failures, idle timeout, health check."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from dangjian.core.models import AuditEntry, User
from tests.core.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_add_account_cli_creates_a_scoped_account_and_audits_it(tree, capsys):
    call_command("add_account", "zhang", "--org", "V002", "--role", "branch_secretary", "--password", "Dangjian#2026")
    user = User.objects.get(username="zhang")
    assert (user.org.code, user.role) == ("V002", "branch_secretary")
    assert user.check_password("Dangjian#2026")
    assert AuditEntry.objects.filter(object_type="core.user", object_id=str(user.pk), source="cli").exists()
    assert "已建立账号 zhang" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "NOPE", "--role", "member", "--password", "Dangjian#2026"], "组织代码“NOPE”不存在"),
        (["--org", "V002", "--role", "branch_secretary", "--password", "short1"], "密码"),
        (["--org", "V002", "--role", "branch_secretary", "--password", "alllowercaseletters"], "至少3类"),
        (["--org", "V002", "--role", "member", "--password", "Dangjian#2026"], "党员账号须对应一名党员"),
    ],
)
def test_add_account_cli_refuses_bad_input(tree, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("add_account", "li", *args)
    assert not User.objects.filter(username="li").exists()


def test_login_then_lockout_after_five_failures(tree, client):
    url = reverse("core:login")
    response = client.post(url, {"username": "secretary_a1", "password": PASSWORD})
    assert response.status_code == 302
    client.logout()
    for _ in range(5):
        response = client.post(url, {"username": "secretary_a1", "password": "wrong-password"})
    response = client.post(url, {"username": "secretary_a1", "password": PASSWORD})
    assert response.status_code == 429
    assert "账号已锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_session_expires_after_thirty_idle_minutes(tree, client):
    client.force_login(tree.accounts["secretary_a1"])
    client.get(reverse("core:workbench"))
    assert client.session.get_expiry_age() == 30 * 60


def test_using_the_platform_renews_the_session_at_most_once_a_minute(tree, client, monkeypatch):
    import datetime as dt

    from django.contrib.sessions.models import Session

    from dangjian.core import middleware

    clock = [1_000_000.0]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    client.force_login(tree.accounts["secretary_a1"])

    def expiry():
        return Session.objects.get(session_key=client.session.session_key).expire_date

    client.get(reverse("core:workbench"))
    first = expiry()
    clock[0] += 30
    client.get(reverse("core:workbench"))
    assert expiry() == first  # no session write within the minute
    clock[0] += 31
    before = dt.datetime.now(dt.UTC)
    client.get(reverse("core:workbench"))
    assert expiry() > first
    assert expiry() >= before + dt.timedelta(minutes=29)


def test_pages_require_login(client, db):
    response = client.get(reverse("core:workbench"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_healthz_answers_when_the_database_does(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_security_headers(client, db):
    response = client.get(reverse("core:login"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
