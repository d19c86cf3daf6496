"""twonew."""

urlpatterns: list = []
