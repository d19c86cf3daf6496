"""training: views."""

urlpatterns: list = []
