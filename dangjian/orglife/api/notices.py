"""notices: api."""

urlpatterns: list = []
