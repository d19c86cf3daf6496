"""economy."""
