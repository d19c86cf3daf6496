"""Village governance's API: one module per area, each with its `urlpatterns`, under `/api/v1/villages/`."""

from django.urls import include, path

from dangjian.villages.urls import AREAS

urlpatterns = [path("villages/", include(f"dangjian.villages.api.{area}")) for area in AREAS]
