"""classification."""

urlpatterns: list = []
