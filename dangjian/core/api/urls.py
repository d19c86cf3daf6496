"""The REST API under /api/v1/ and its documentation (OpenAPI 3 schema and Swagger UI, served offline)."""

from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from dangjian.core.api import auth, views


def not_found(request: HttpRequest) -> JsonResponse:
    """An unknown address under the API answers in JSON too, not with the HTML error page."""
    return JsonResponse(
        {"detail": "接口不存在,请查阅 /api/v1/docs/"}, status=404, json_dumps_params={"ensure_ascii": False}
    )


router = SimpleRouter()
router.register("orgs", views.OrgViewSet, basename="api-org")
router.register("people", views.PersonViewSet, basename="api-person")
router.register("posts", views.PostViewSet, basename="api-post")
router.register("audit", views.AuditViewSet, basename="api-audit")

urlpatterns = [
    path("auth/token/", auth.TokenView.as_view(), name="api-token"),
    path("me/", auth.MeView.as_view(), name="api-me"),
    *router.urls,
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file of its own: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Only addresses ending in "/": one without it still gets the trailing-slash redirect.
    re_path(r"^(?:.*/)?$", not_found),
]
