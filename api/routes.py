"""Routes of the api blueprint."""
