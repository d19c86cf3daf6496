"""economy."""

__all__: list[str] = []
