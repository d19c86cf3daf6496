"""study: views."""

urlpatterns: list = []
