"""study: api."""

urlpatterns: list = []
