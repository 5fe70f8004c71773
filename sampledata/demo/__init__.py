"""Demo data: a deterministic, Essex-shaped data set that reproduces the Commissioner's 2023 figures."""
