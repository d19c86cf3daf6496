"""minqing (placeholder)."""

__all__: list[str] = []
