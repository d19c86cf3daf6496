"""elections."""

__all__: list[str] = []
