"""Routes of the privacy blueprint."""
