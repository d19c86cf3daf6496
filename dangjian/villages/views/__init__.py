"""Village governance pages."""
