"""rectification."""

__all__: list[str] = []
