"""volunteers."""
