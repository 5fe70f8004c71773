"""Dated history of facts the feature records otherwise keep only as their current state.

This package sits above the features whose facts it records (volunteers, schemes): its tables
(``history.models``), the session hook that writes them and the bulk backfill (``history.recording``).
The generic pieces features need to read or date history (``valid_on``, ``as_of``, ``effective_on``) live
in ``core.dated``, so no feature imports this package.
"""
