"""pairing."""

urlpatterns: list = []
