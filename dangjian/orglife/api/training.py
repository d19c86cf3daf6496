"""training: api."""

urlpatterns: list = []
