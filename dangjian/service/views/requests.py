"""requests (placeholder)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path


def public_request_track(request: HttpRequest) -> HttpResponse:
    raise Http404


urlpatterns: list[URLPattern] = []
public_urlpatterns = [path("requests/track/", public_request_track, name="public_request_track")]
