"""Demo records of talent."""
