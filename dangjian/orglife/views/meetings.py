"""meetings: views."""

urlpatterns: list = []
