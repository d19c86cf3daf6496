"""showcase."""

__all__: list[str] = []
