"""Helpers for schemes tests: posting forms with their CSRF token, reading PDFs."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.factories import csrf_token_from


def post_form(client, url: str, data: dict, form_url: str | None = None, follow: bool = False):
    """GET the form (for its CSRF token), then POST the data."""
    page = client.get(form_url or url)
    assert page.status_code == 200, f"GET {form_url or url} answered {page.status_code}"
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token}, follow_redirects=follow)


def pdf_text(body: bytes) -> str:
    """All the text of a PDF, pages joined, whitespace collapsed."""
    reader = PdfReader(io.BytesIO(body))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
