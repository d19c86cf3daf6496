"""Service and transparency's pages: one module per area, each with its `urlpatterns`, under `/service/`; the public
pages (no sign-in) under `/public/`."""

from django.urls import include, path

app_name = "service"

AREAS = (
    "centres",
    "duty",
    "requests",
    "minqing",
    "decisions",
    "finance",
    "audits",
)

urlpatterns = [
    *[path("service/", include(f"dangjian.service.views.{area}")) for area in AREAS],
    path("public/", include("dangjian.service.views.public")),
]
