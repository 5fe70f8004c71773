"""Routes of the schemes blueprint."""
