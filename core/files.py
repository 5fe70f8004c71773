"""Stored files: generated reports and exports (and, later, uploaded receipts and agreements) kept in the
database, so any app server can serve them and a database backup includes them.

A file is written once (``save_file``) and read back in chunks (``stored_file_response``); what it belongs
to is named by ``owner_type`` and ``owner_id`` (a job run, an expense claim ...), and each kind of file may
register how to make it again (``register_regenerator``), so erasure can regenerate a report that named a
person instead of removing it. Uploads are checked by their bytes, never by their name (``sniff``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

import sqlalchemy as sa
from flask import Response, stream_with_context
from sqlalchemy.orm import Mapped, mapped_column

from core.csvio import safe_filename
from core.db import UTCDateTime, utcnow
from core.extensions import db
from core.file_text import search_text

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
CSV = "text/csv"
# The first bytes of each kind of file a caller may insist on (the name or a browser's claim proves nothing).
MAGIC_NUMBERS: dict[str, tuple[bytes, ...]] = {
    PDF: (b"%PDF-",),
    PNG: (b"\x89PNG\r\n\x1a\n",),
    JPEG: (b"\xff\xd8\xff",),
}
CHUNK = 256 * 1024
MAX_NAME = 255


class StoredFile(db.Model):
    """One stored file: its bytes, their type, size and SHA-256, and what it belongs to."""

    __tablename__ = "stored_files"
    __table_args__ = (sa.Index("ix_stored_files_owner", "owner_type", "owner_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40), index=True)
    name: Mapped[str] = mapped_column(sa.String(MAX_NAME))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int] = mapped_column(sa.BigInteger)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    # Deferred: listing files never loads their bytes.
    data: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    owner_type: Mapped[str | None] = mapped_column(sa.String(40))
    owner_id: Mapped[int | None] = mapped_column(sa.Integer)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # The file's readable text, normalised (core.file_text), extracted once when stored: finding who a file
    # names (erasure) is then one query, not a PDF parse per file (pypdf takes seconds on a long report).
    search_text: Mapped[str | None] = mapped_column(sa.Text, deferred=True)


class FileRefused(ValueError):
    """A file that is not what the caller accepts; ``str()`` is a message naming the field."""

    def __init__(self, message: str, field: str = "file"):
        super().__init__(message)
        self.field = field


def sniff(data: bytes) -> str | None:
    """The content type the bytes themselves show (PDF, PNG or JPEG by their magic numbers), else None."""
    for content_type, signatures in MAGIC_NUMBERS.items():
        if any(data.startswith(signature) for signature in signatures):
            return content_type
    return None


def _fill(stored: StoredFile, data: bytes) -> None:
    stored.data = data
    stored.size = len(data)
    stored.sha256 = hashlib.sha256(data).hexdigest()
    stored.search_text = search_text(data, stored.content_type)


def save_file(
    kind: str,
    name: str,
    data: bytes,
    content_type: str | None = None,
    *,
    owner_type: str | None = None,
    owner_id: int | None = None,
    created_by_id: int | None = None,
    accept: Iterable[str] | None = None,
    field: str = "file",
) -> StoredFile:
    """Store ``data`` (added and flushed, not committed). With ``accept``, the bytes must be one of those types
    by their magic numbers (FileRefused otherwise) and are stored as the type they show."""
    if accept is not None:
        allowed = set(accept)
        shown = sniff(data)
        if shown is None or shown not in allowed:
            kinds = " or ".join(sorted(t.split("/")[1].upper() for t in allowed))
            raise FileRefused(f"The {field.replace('_', ' ')} must be a {kinds} file", field)
        content_type = shown
    stored = StoredFile(
        kind=kind,
        name=(safe_filename(name) or "file")[:MAX_NAME],
        content_type=content_type or sniff(data) or "application/octet-stream",
        owner_type=owner_type,
        owner_id=owner_id,
        created_by_id=created_by_id,
    )
    _fill(stored, data)
    db.session.add(stored)
    db.session.flush()
    return stored


def replace_data(stored: StoredFile, data: bytes) -> None:
    """Put new bytes in a stored file (a regenerated or redacted report); not committed."""
    _fill(stored, data)
    stored.created_at = utcnow()


def file_of(owner_type: str, owner_id: int, kind: str | None = None) -> StoredFile | None:
    """The newest file belonging to the owner (of the kind, if given)."""
    query = sa.select(StoredFile).where(StoredFile.owner_type == owner_type, StoredFile.owner_id == owner_id)
    if kind is not None:
        query = query.where(StoredFile.kind == kind)
    return db.session.scalars(query.order_by(StoredFile.id.desc()).limit(1)).first()


def read_data(file_id: int) -> bytes:
    """A stored file's bytes, whole (for checking or sweeping; downloads stream instead)."""
    return db.session.scalar(sa.select(StoredFile.data).where(StoredFile.id == file_id)) or b""


def _chunks(file_id: int, size: int) -> Iterator[bytes]:
    # One slice per query: a large file never sits whole in the web process.
    piece = sa.func.substr(StoredFile.data, sa.bindparam("start"), CHUNK, type_=sa.LargeBinary)
    query = sa.select(piece).where(StoredFile.id == file_id)
    for offset in range(0, size, CHUNK):
        yield bytes(db.session.scalar(query, {"start": offset + 1}) or b"")


def stored_file_response(stored: StoredFile, *, download_name: str | None = None, inline: bool = False) -> Response:
    """The file as a response: streamed in chunks, with its type, length, name and checksum as headers, never
    cached by a shared cache and never sniffed by the browser. Authorise before calling."""
    response = Response(stream_with_context(_chunks(stored.id, stored.size)), mimetype=stored.content_type)
    name = safe_filename(download_name or stored.name) or "file"
    response.headers["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{name}"'
    response.headers["Content-Length"] = str(stored.size)
    response.headers["ETag"] = f'"{stored.sha256}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def delete_files(
    ids: Iterable[int] | None = None, *, owner_type: str | None = None, owner_id: int | None = None
) -> int:
    """Delete the files with these ids, or every file of an owner; not committed. The number deleted."""
    query = sa.delete(StoredFile)
    if ids is not None:
        query = query.where(StoredFile.id.in_(list(ids)))
    elif owner_type is not None:
        query = query.where(StoredFile.owner_type == owner_type)
        if owner_id is not None:
            query = query.where(StoredFile.owner_id == owner_id)
    else:
        raise ValueError("delete_files needs ids or an owner")
    return db.session.execute(query.execution_options(synchronize_session=False)).rowcount


Regenerator = Callable[[StoredFile], bytes | None]
_REGENERATORS: dict[str, Regenerator] = {}


def register_regenerator(kind: str, make: Regenerator) -> None:
    """How to make a stored file of ``kind`` again from the database (None: it cannot be made again)."""
    _REGENERATORS[kind] = make


def regenerate(stored: StoredFile) -> bytes | None:
    """The file made afresh from the records as they are now, or None when its kind cannot be."""
    make = _REGENERATORS.get(stored.kind)
    return make(stored) if make is not None else None
