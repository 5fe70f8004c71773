"""Routes of the dashboard blueprint."""
