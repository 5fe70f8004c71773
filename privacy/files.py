"""Stored report files: finding and removing a person's name from files under REPORTS_DIR."""

from __future__ import annotations

import base64
import contextlib
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".json", ".html", ".htm", ".md", ".xml", ".ics"}
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_PDF_STRING = re.compile(rb"\(((?:\\.|[^\\)])*)\)", re.S)


@dataclass
class FileSweep:
    """What happened to the stored files."""

    redacted: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _inflate(raw: bytes) -> bytes:
    """A PDF stream's content: ReportLab writes ASCII85 + Flate; others plain Flate or nothing."""
    candidates = [raw]
    stripped = raw.strip()
    if stripped.endswith(b"~>"):
        with contextlib.suppress(ValueError):
            candidates.insert(0, base64.a85decode(stripped[:-2]))
    for candidate in candidates:
        try:
            return zlib.decompress(candidate)
        except zlib.error:
            continue
    return raw


def _unescape(pdf_string: bytes) -> bytes:
    return re.sub(rb"\\(.)", rb"\1", pdf_string)


def readable_text(data: bytes) -> str:
    """Text a person could read from a file: PDF page strings (decompressed) or the file as text."""
    parts = [data.decode("latin-1")]
    if data.startswith(b"%PDF"):
        for stream in _STREAM.findall(data):
            content = _inflate(stream)
            strings = [_unescape(s).decode("latin-1") for s in _PDF_STRING.findall(content)]
            parts.append(" ".join(strings))
    return " ".join(parts)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).lower()


def mentions(data: bytes, identifiers: list[str]) -> bool:
    """Whether the file mentions any identifier (case- and spacing-insensitive)."""
    text = _normal(readable_text(data))
    with contextlib.suppress(UnicodeDecodeError):
        text += " " + _normal(data.decode("utf-8"))
    return any(_normal(i) in text for i in identifiers if i)


def sweep(reports_dir: str | Path, identifiers: list[str], label: str) -> FileSweep:
    """Redact text files that mention the person; remove other files that do (PDFs cannot be edited)."""
    result = FileSweep()
    root = Path(reports_dir)
    if not root.is_dir():
        return result
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if not mentions(data, identifiers):
            continue
        if path.suffix.lower() in TEXT_SUFFIXES:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = None
            if text is not None:
                for ident in sorted((i for i in identifiers if i), key=len, reverse=True):
                    text = re.sub(re.escape(ident), label, text, flags=re.I)
                if not mentions(text.encode("utf-8"), identifiers):
                    path.write_text(text, encoding="utf-8")
                    result.redacted.append(str(path.relative_to(root)))
                    continue
        path.unlink()
        result.removed.append(str(path.relative_to(root)))
    return result
