"""talent."""
