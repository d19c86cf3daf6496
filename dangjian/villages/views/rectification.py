"""rectification."""

urlpatterns: list = []
