"""volunteers: views."""

urlpatterns: list = []
