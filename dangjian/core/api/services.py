"""Writes of the API itself: issuing an account's API token, recorded in the audit trail."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from rest_framework.authtoken.models import Token

from dangjian.core import audit
from dangjian.core.choices import AuditAction
from dangjian.core.permissions import require


@transaction.atomic
def api_token_issue(*, actor: Any) -> str:
    """The actor's API token, created on first use. Call only after the actor's password was checked."""
    require(actor is not None and actor.is_authenticated and actor.is_active, "账号已停用,不能取得令牌")
    token, created = Token.objects.get_or_create(user=actor)
    if created:
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=actor,
            before={"api_token": "无"},
            after={"api_token": "已签发"},
        )
    return token.key
