"""Village governance and development: one module per area."""
