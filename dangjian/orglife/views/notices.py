"""notices: views."""

urlpatterns: list = []
