"""Village governance API."""
