"""The member lifecycle's pages: one module per area, each with its `urlpatterns`."""

from django.urls import include, path

app_name = "members"

urlpatterns = [
    path("members/", include("dangjian.members.views.recruitment")),
    path("members/", include("dangjian.members.views.dues")),
    path("members/", include("dangjian.members.views.transfers")),
    path("members/", include("dangjian.members.views.mobile")),
    path("members/", include("dangjian.members.views.evaluation")),
    path("members/", include("dangjian.members.views.care")),
    path("members/", include("dangjian.members.views.standing")),
    path("members/", include("dangjian.members.views.dual")),
    path("members/", include("dangjian.members.views.reminders")),
]
