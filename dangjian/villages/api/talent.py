"""talent."""

urlpatterns: list = []
