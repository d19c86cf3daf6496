"""elections."""

urlpatterns: list = []
