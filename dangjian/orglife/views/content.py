"""content: views."""

urlpatterns: list = []
