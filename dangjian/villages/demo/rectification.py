"""Demo records of rectification."""
