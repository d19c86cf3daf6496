"""Village governance's pages: one module per area, each with its `urlpatterns`, under `/villages/`."""

from django.urls import include, path

app_name = "villages"

AREAS = (
    "economy",
    "classification",
    "rectification",
    "pairing",
    "projects",
    "secretaries",
    "talent",
    "elections",
    "twonew",
    "showcase",
)

urlpatterns = [path("villages/", include(f"dangjian.villages.views.{area}")) for area in AREAS]
