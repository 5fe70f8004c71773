"""The job table and queue primitives (the worker package runs the jobs)."""
