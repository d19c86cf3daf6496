"""decisions (placeholder)."""
