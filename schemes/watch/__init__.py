"""Watch schemes: types, liaison officers, member snapshots, expressions of interest and messages."""
