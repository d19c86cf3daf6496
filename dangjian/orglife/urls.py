"""Organisational life's pages: one module per area, each with its `urlpatterns`, under `/orglife/`."""

from django.urls import include, path

app_name = "orglife"

AREAS = (
    "settings",
    "meetings",
    "compliance",
    "points",
    "commitments",
    "training",
    "content",
    "volunteers",
    "notices",
    "study",
)

urlpatterns = [path("orglife/", include(f"dangjian.orglife.views.{area}")) for area in AREAS]
