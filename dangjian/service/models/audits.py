"""audits (placeholder)."""

__all__: list[str] = []
