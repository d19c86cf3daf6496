"""secretaries."""

__all__: list[str] = []
