"""settings: views."""

urlpatterns: list = []
