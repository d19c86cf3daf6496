"""centres (placeholder)."""

__all__: list[str] = []
