"""duty (placeholder)."""
