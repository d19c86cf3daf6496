"""pairing."""

__all__: list[str] = []
