"""secretaries."""
