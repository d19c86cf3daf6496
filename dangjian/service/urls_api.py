"""Service and transparency's API: one module per area, each with its `urlpatterns`, under `/api/v1/service/`."""

from django.urls import include, path

from dangjian.service.urls import AREAS

urlpatterns = [path("service/", include(f"dangjian.service.api.{area}")) for area in AREAS]
