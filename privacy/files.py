"""Stored files that name a person (core.files): found by the text a reader would see, then made again,
redacted or removed.

Each stored file keeps its readable text, normalised, from when it was stored (core.file_text: pypdf for
PDFs; NFKC, case folded, white space collapsed), so the files naming a person are found by one query,
accented names included. A matching file whose kind can be made again (``core.files.register_regenerator``:
past figures are reproducible) is regenerated from the anonymised records; otherwise a text file is
redacted, and any other file (a PDF that cannot be made again) is removed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import sqlalchemy as sa

from core.extensions import db
from core.file_text import normalise, readable_text
from core.files import StoredFile, regenerate, replace_data

__all__ = ["FileSweep", "mentions", "readable_text", "redact_text", "sweep"]
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/csv")


@dataclass
class FileSweep:
    """What happened to the stored files (their names)."""

    regenerated: list[str] = field(default_factory=list)
    redacted: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _needles(identifiers: list[str]) -> list[str]:
    return [normalise(i) for i in identifiers if i and i.strip()]


def mentions(data: bytes, identifiers: list[str]) -> bool:
    """Whether the file's readable text contains any identifier (accents kept; case and spacing ignored)."""
    text = normalise(readable_text(data))
    return any(needle in text for needle in _needles(identifiers))


def _is_text(content_type: str) -> bool:
    return content_type.startswith(TEXT_TYPES)


def redact_text(text: str, identifiers: list[str], label: str) -> str:
    """The text with every identifier replaced by the label (case, spacing and Unicode form ignored)."""
    text = unicodedata.normalize("NFC", text)
    for ident in sorted((i for i in identifiers if i and i.strip()), key=len, reverse=True):
        words = unicodedata.normalize("NFC", ident).split()
        pattern = r"\s+".join(re.escape(word) for word in words)
        text = re.sub(pattern, label, text, flags=re.IGNORECASE)
    return text


def _redacted(data: bytes, identifiers: list[str], label: str) -> bytes | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    new = redact_text(text, identifiers, label).encode("utf-8")
    return None if mentions(new, identifiers) else new


def sweep(identifiers: list[str], label: str) -> FileSweep:
    """Every stored file naming the person is regenerated, redacted or removed (flushed, not committed)."""
    result = FileSweep()
    needles = _needles(identifiers)
    if not needles:
        return result
    naming = sa.or_(*(StoredFile.search_text.contains(needle, autoescape=True) for needle in needles))
    listing = sa.select(StoredFile.id).where(naming).order_by(StoredFile.id)
    for file_id in list(db.session.scalars(listing)):
        stored = db.session.get(StoredFile, file_id)
        fresh = regenerate(stored)
        if fresh is not None:
            replace_data(stored, fresh)  # extracts the new file's text once
            if not any(needle in (stored.search_text or "") for needle in needles):
                result.regenerated.append(stored.name)
                continue
        redacted = _redacted(stored.data, identifiers, label) if _is_text(stored.content_type) else None
        if redacted is not None:
            replace_data(stored, redacted)
            result.redacted.append(stored.name)
            continue
        result.removed.append(stored.name)
        db.session.delete(stored)
    db.session.flush()
    return result
