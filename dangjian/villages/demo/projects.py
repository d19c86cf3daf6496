"""Demo records of projects."""
