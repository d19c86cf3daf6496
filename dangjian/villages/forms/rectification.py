"""rectification."""
