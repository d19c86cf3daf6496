"""Service and transparency: one module per area."""
