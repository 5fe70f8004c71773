"""What long-running work (imports) reports as it goes: rows checked and saved, and each refused row."""

from __future__ import annotations

from typing import Protocol


class ProgressSink(Protocol):
    """Receives progress; the background worker writes it to the job row, the CLI draws a bar."""

    def update(self, *, checked: int | None = None, saved: int | None = None, phase: str | None = None) -> None: ...

    def refuse(self, line: int, reason: str) -> None: ...


class NoProgress:
    """Progress nobody watches (a direct call, a test)."""

    def update(self, *, checked: int | None = None, saved: int | None = None, phase: str | None = None) -> None:
        """Ignore the progress."""

    def refuse(self, line: int, reason: str) -> None:
        """Ignore the refusal (the report keeps it)."""
