"""commitments: api."""

urlpatterns: list = []
