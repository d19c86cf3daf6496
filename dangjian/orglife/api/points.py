"""points: api."""

urlpatterns: list = []
