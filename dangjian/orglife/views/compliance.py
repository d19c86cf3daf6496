"""compliance: views."""

urlpatterns: list = []
