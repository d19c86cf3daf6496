"""economy."""

urlpatterns: list = []
