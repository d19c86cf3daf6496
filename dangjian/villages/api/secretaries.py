"""secretaries."""

urlpatterns: list = []
