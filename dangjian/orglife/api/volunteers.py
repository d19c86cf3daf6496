"""volunteers: api."""

urlpatterns: list = []
