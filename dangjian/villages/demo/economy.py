"""Demo records of economy."""
