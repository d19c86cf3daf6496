"""Demo records of classification."""
