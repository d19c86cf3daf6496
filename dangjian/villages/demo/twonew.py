"""Demo records of twonew."""
