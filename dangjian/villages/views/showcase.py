"""showcase."""

urlpatterns: list = []
