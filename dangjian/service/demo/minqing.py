"""minqing (placeholder)."""
