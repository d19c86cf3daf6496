"""meetings: api."""

urlpatterns: list = []
