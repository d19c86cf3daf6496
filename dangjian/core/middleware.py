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
