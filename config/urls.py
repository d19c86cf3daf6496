from django.urls import include, path

from dangjian.core.views.auth import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("dangjian.members.urls_api")),
    path("api/v1/", include("dangjian.orglife.urls_api")),
    path("api/v1/", include("dangjian.villages.urls_api")),
    path("api/v1/", include("dangjian.service.urls_api")),
    path("api/v1/", include("dangjian.core.api.urls")),
    path("", include("dangjian.members.urls")),
    path("", include("dangjian.orglife.urls")),
    path("", include("dangjian.villages.urls")),
    path("", include("dangjian.service.urls")),
    path("", include("dangjian.core.urls")),
]
