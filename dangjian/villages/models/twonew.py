"""twonew."""

__all__: list[str] = []
