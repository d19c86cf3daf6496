"""Demo records of secretaries."""
