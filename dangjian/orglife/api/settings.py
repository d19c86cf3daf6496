"""settings: api."""

urlpatterns: list = []
