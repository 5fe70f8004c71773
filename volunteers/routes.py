"""Routes of the volunteers blueprint."""
