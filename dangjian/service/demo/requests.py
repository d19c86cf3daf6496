"""requests (placeholder)."""
