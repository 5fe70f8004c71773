"""Whole numbers from query strings and forms: ASCII digits only and bounded, so int() and the database take them.

``str.isdigit()`` alone is not enough: it accepts digits ``int()`` refuses, such as "²".
"""

from __future__ import annotations

MAX_DIGITS = 9  # below 2**31: every id column is a 32-bit integer


def whole_number(value: object, max_digits: int = MAX_DIGITS) -> int | None:
    """``value`` as an int when it is 1 to ``max_digits`` ASCII digits, else None."""
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    return int(text) if 0 < len(text) <= max_digits and text.isascii() and text.isdigit() else None
