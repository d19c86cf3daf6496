"""talent."""

__all__: list[str] = []
