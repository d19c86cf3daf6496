"""Demo records of pairing."""
