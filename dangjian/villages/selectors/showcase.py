"""showcase."""
