"""audits (placeholder)."""
