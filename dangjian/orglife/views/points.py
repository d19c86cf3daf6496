"""points: views."""

urlpatterns: list = []
