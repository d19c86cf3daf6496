"""compliance: api."""

urlpatterns: list = []
