"""Pages of the platform core; each views module owns its own urlpatterns."""

from dangjian.core.views import auth, workbench

app_name = "core"
urlpatterns = [
    *auth.urlpatterns,
    *workbench.urlpatterns,
]
