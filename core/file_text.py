"""The text a person can read in a stored file, for finding who a file names (erasure).

A PDF's text is extracted by pypdf (every page, and the title, subject and author); any other file is
decoded as text. ``normalise`` makes text comparable: Unicode NFKC, case folded, any run of white space as
one space, so "Siân", "Zoë" and "Seán" match however a file spells, cases or breaks them.
"""

from __future__ import annotations

import io
import re
import unicodedata

from pypdf import PdfReader
from pypdf.errors import PyPdfError

_SPACES = re.compile(r"\s+")
BINARY_TYPES = ("image/",)


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
            pass  # not a PDF pypdf can read: its bytes are matched as text below, as any other file's
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def normalise(text: str) -> str:
    """Text for matching names: NFKC, case folded, any run of white space as one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def search_text(data: bytes, content_type: str) -> str | None:
    """The normalised readable text of a PDF or a UTF-8 text file; None for images and other binary files,
    which hold no text a person reads."""
    if content_type.startswith(BINARY_TYPES):
        return None
    if data.startswith(b"%PDF"):
        text = readable_text(data)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return normalise(text).replace("\x00", "")  # PostgreSQL text cannot hold NUL
