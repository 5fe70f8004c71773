"""Routes of the scheduling blueprint."""
