"""Demo records of showcase."""
