"""Pages of the platform core; each views module owns its own urlpatterns."""

from dangjian.core.views import accounts, audit_log, auth, imports, orgs, people, workbench

app_name = "core"
urlpatterns = [
    *auth.urlpatterns,
    *workbench.urlpatterns,
    *orgs.urlpatterns,
    *people.urlpatterns,
    *audit_log.urlpatterns,
    *accounts.urlpatterns,
    *imports.urlpatterns,
]
