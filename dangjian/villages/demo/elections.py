"""Demo records of elections."""
