import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from dangjian.core.audit import audit_context


class RequestIdMiddleware:
    """Give each request an id and tell the audit trail where its changes come from (web or API)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request.headers.get("X-Request-ID", "")[:36] or str(uuid.uuid4())
        source = "api" if request.path.startswith("/api/") else "web"
        with audit_context(source=source, request_id=request_id):
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class IdleTimeoutMiddleware:
    """Keep a session alive while it is used: 30 idle minutes end it (SESSION_COOKIE_AGE).

    Instead of saving the session on every request, save it when the last save is more than a minute old, so a
    page costs no session write while the timeout stays accurate to the minute.
    """

    REFRESH_AFTER_SECONDS = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a logged-in browser session; token (API) clients have none and must not get one.
        if session is not None and session.session_key and "_auth_user_id" in session:
            now = int(time.time())
            if now - session.get("_touched", 0) >= self.REFRESH_AFTER_SECONDS:
                session["_touched"] = now
        return response
