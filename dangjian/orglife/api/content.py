"""content: api."""

urlpatterns: list = []
