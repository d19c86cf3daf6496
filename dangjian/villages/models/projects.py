"""projects."""

__all__: list[str] = []
