"""Organisational life's API: one module per area, each with its `urlpatterns`, under `/api/v1/orglife/`."""

from django.urls import include, path

from dangjian.orglife.urls import AREAS

urlpatterns = [path("orglife/", include(f"dangjian.orglife.api.{area}")) for area in AREAS]
