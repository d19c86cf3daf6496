"""centres (placeholder)."""
