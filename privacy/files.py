"""Stored files that name a person (core.files): found by the text a reader would see, then made again,
redacted or removed.

A PDF's text is extracted by pypdf (every page, and the title, subject and author), a text file's is
decoded; both are normalised (Unicode NFKC, case folded, runs of spaces and line breaks as one space)
before matching, so "Siân", "Zoë" and "Seán" are found however the file spells or breaks them. A matching
file whose kind can be made again (``core.files.register_regenerator``: past figures are reproducible) is
regenerated from the anonymised records; otherwise a text file is redacted, and any other file (a PDF that
cannot be made again, an image) is removed.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field

import sqlalchemy as sa
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from core.extensions import db
from core.files import StoredFile, read_data, regenerate, replace_data

TEXT_TYPES = ("text/", "application/json", "application/xml", "application/csv")
_SPACES = re.compile(r"\s+")


@dataclass
class FileSweep:
    """What happened to the stored files (their names)."""

    regenerated: list[str] = field(default_factory=list)
    redacted: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def pdf_text(data: bytes) -> str:
    """The text of a PDF as a reader sees it: every page's text, then its title, subject and author."""
    reader = PdfReader(io.BytesIO(data))
    parts = [page.extract_text() or "" for page in reader.pages]
    info = reader.metadata or {}
    parts.extend(str(info.get(key) or "") for key in ("/Title", "/Subject", "/Author"))
    return "\n".join(parts)


def readable_text(data: bytes) -> str:
    """Text a person could read from a file: a PDF's extracted text, or the file decoded as text."""
    if data.startswith(b"%PDF"):
        try:
            return pdf_text(data)
        except (PyPdfError, ValueError, KeyError, TypeError):
            pass  # not a PDF pypdf can read: match on its bytes as text below, as for any other file
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def normalise(text: str) -> str:
    """Text for matching names: NFKC, case folded, any run of white space as one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def mentions(data: bytes, identifiers: list[str]) -> bool:
    """Whether the file's readable text contains any identifier (accents kept; case and spacing ignored)."""
    text = normalise(readable_text(data))
    return any(normalise(i) in text for i in identifiers if i and i.strip())


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
    listing = sa.select(StoredFile.id).order_by(StoredFile.id)
    for file_id in list(db.session.scalars(listing)):
        if not mentions(read_data(file_id), identifiers):
            continue
        stored = db.session.get(StoredFile, file_id)
        fresh = regenerate(stored)
        if fresh is not None and not mentions(fresh, identifiers):
            replace_data(stored, fresh)
            result.regenerated.append(stored.name)
            continue
        redacted = _redacted(read_data(file_id), identifiers, label) if _is_text(stored.content_type) else None
        if redacted is not None:
            replace_data(stored, redacted)
            result.redacted.append(stored.name)
            continue
        result.removed.append(stored.name)
        db.session.delete(stored)
    db.session.flush()
    return result
