"""The member lifecycle's API: one module per area, each with its `urlpatterns`."""

from django.urls import include, path

urlpatterns = [
    path("", include("dangjian.members.api.recruitment")),
    path("", include("dangjian.members.api.dues")),
    path("", include("dangjian.members.api.transfers")),
    path("", include("dangjian.members.api.mobile")),
    path("", include("dangjian.members.api.evaluation")),
    path("", include("dangjian.members.api.care")),
    path("", include("dangjian.members.api.standing")),
    path("", include("dangjian.members.api.dual")),
]
