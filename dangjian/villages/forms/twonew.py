"""twonew."""
