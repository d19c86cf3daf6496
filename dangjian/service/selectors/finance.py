"""finance (placeholder)."""
