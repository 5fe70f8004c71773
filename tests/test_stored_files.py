"""Stored files (core.files): kept in the database with their checksum, streamed back with safe headers,
checked by their bytes when a caller asks, deleted by id or owner."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa
from flask import Flask

from core import files, pdf
from core.files import FileRefused, StoredFile, save_file, sniff

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\0" * 40
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\0" * 40


def test_a_saved_file_keeps_its_bytes_size_and_checksum(db):
    data = pdf.render("Hello", [pdf.text("Stored in the database")])
    stored = save_file("export", "hello report.pdf", data, files.PDF, owner_type="job_run", owner_id=7)
    db.session.commit()
    db.session.expire_all()
    again = db.session.get(StoredFile, stored.id)
    assert (again.size, again.sha256, again.content_type) == (len(data), hashlib.sha256(data).hexdigest(), files.PDF)
    assert again.name == "hello-report.pdf"  # a safe file name, whatever it was given
    assert files.read_data(stored.id) == data
    assert files.file_of("job_run", 7).id == stored.id
    assert files.file_of("job_run", 8) is None
    assert "stored in the database" in again.search_text  # its text, extracted once, for erasure
    assert save_file("receipt", "photo.png", PNG_BYTES).search_text is None
    assert save_file("export", "blob.bin", b"\xff\x00binary").search_text is None
    assert save_file("export", "nul.txt", b"a\x00b", "text/plain").search_text == "ab"


@pytest.mark.parametrize(
    ("data", "expected"),
    [(b"%PDF-1.4\n", files.PDF), (PNG_BYTES, files.PNG), (JPEG_BYTES, files.JPEG), (b"GIF89a", None), (b"", None)],
)
def test_sniff_reads_the_magic_numbers(data, expected):
    assert sniff(data) == expected


def test_a_caller_that_accepts_only_some_types_is_refused_others_whatever_the_name(db):
    with pytest.raises(FileRefused) as refused:
        save_file("receipt", "receipt.pdf", b"<html>not a pdf</html>", files.PDF, accept={files.PDF}, field="receipt")
    assert refused.value.field == "receipt" and "receipt must be a PDF file" in str(refused.value)
    with pytest.raises(FileRefused, match="JPEG or PNG"):
        save_file("receipt", "photo.png", b"", accept={files.PNG, files.JPEG})
    # The type stored is the one the bytes show, not the one claimed.
    stored = save_file("receipt", "scan.pdf", JPEG_BYTES, files.PDF, accept={files.PDF, files.JPEG})
    assert stored.content_type == files.JPEG
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StoredFile)) == 1


def test_the_response_streams_every_byte_with_safe_headers(app: Flask, db, monkeypatch):
    monkeypatch.setattr(files, "CHUNK", 1000)
    data = bytes(range(256)) * 20 + b"tail"  # several chunks, the last one short
    stored = save_file("export", 'evil"; name.bin', data, "application/octet-stream")
    db.session.commit()
    with app.test_request_context():
        response = files.stored_file_response(stored)
        assert response.is_streamed
        body = b"".join(response.response)
    assert body == data
    assert response.headers["Content-Length"] == str(len(data))
    assert response.headers["Content-Disposition"] == 'attachment; filename="evil-name.bin"'
    assert response.headers["ETag"] == f'"{hashlib.sha256(data).hexdigest()}"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]


def test_delete_files_by_id_or_owner(db):
    a = save_file("export", "a.csv", b"a", "text/csv", owner_type="claim", owner_id=1)
    save_file("export", "b.csv", b"b", "text/csv", owner_type="claim", owner_id=1)
    c = save_file("export", "c.csv", b"c", "text/csv", owner_type="claim", owner_id=2)
    db.session.commit()
    assert files.delete_files([a.id]) == 1
    assert files.delete_files(owner_type="claim", owner_id=1) == 1
    db.session.commit()
    assert db.session.scalars(sa.select(StoredFile.id)).all() == [c.id]
    with pytest.raises(ValueError, match="needs ids or an owner"):
        files.delete_files()
