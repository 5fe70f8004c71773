"""Counting the SQL statements a block of code runs (query-count tests)."""

from __future__ import annotations

from sqlalchemy import event


class QueryCounter:
    """Counts the SQL statements an engine runs inside a ``with`` block."""

    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def __call__(self, *args, **kwargs):
        self.count += 1

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self)
