"""projects."""

urlpatterns: list = []
