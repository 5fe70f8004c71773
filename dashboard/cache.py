"""A short-lived, per-process cache of the dashboard's figures, so the page answers quickly.

The page says when its figures were calculated and offers to recalculate them; the CSV, PDF and
JSON always calculate afresh. Entries expire after DASHBOARD_CACHE_SECONDS (default 300; 0 turns
the cache off).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime

from flask import current_app

DEFAULT_SECONDS = 300
MAX_ENTRIES = 32


class FiguresCache:
    """Computed values by key, each kept for a number of seconds; the least recently used go first."""

    def __init__(self, max_entries: int = MAX_ENTRIES):
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries = max_entries

    def get(self, key, seconds: float, compute: Callable[[], object], fresh: bool = False):
        """(value, computed_at): the cached value while younger than ``seconds``, else computed now."""
        now = time.monotonic()
        if seconds > 0 and not fresh:
            with self._lock:
                entry = self._entries.get(key)
                if entry is not None and now - entry[0] < seconds:
                    self._entries.move_to_end(key)
                    return entry[2], entry[1]
        value = compute()
        computed_at = datetime.now(UTC)
        if seconds > 0:
            with self._lock:
                self._entries[key] = (now, computed_at, value)
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
        return value, computed_at


def cached(key, compute: Callable[[], object], fresh: bool = False):
    """Use the current app's figures cache."""
    cache = current_app.extensions.setdefault("cip_dashboard_figures", FiguresCache())
    seconds = float(current_app.config.get("DASHBOARD_CACHE_SECONDS", DEFAULT_SECONDS))
    return cache.get(key, seconds, compute, fresh=fresh)
