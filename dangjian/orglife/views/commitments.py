"""commitments: views."""

urlpatterns: list = []
