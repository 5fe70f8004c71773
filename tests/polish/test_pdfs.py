"""Every PDF declares its language, shows its title and carries its metadata; the ESP annual statement is
also an HTML page with the same figures."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
import sqlalchemy as sa

from core.extensions import db
from schemes.models import EspBusiness
from tests.fuzz.conftest import signed_in


def _business_id(email: str | None = None) -> int:
    if email:
        from core.models import User

        return db.session.scalar(sa.select(User.esp_business_id).where(User.email == email))
    return db.session.scalar(sa.select(sa.func.min(EspBusiness.id)))


def _read(response) -> pypdf.PdfReader:
    assert response.status_code == 200 and response.mimetype == "application/pdf", response.status_code
    return pypdf.PdfReader(io.BytesIO(response.data))


@pytest.mark.parametrize(
    ("email", "path"),
    [
        ("coordinator@example.org", "/dashboard/figures.pdf"),
        ("parish@example.org", "/schemes/parishes/portal/statement.pdf"),
        ("employer@example.org", "/schemes/esp/portal/statement.pdf?year=2026"),
        ("coordinator@example.org", "/schemes/parishes/1/statement.pdf"),
    ],
)
def test_a_pdf_declares_its_language_and_shows_its_title(fuzz_app, email, path):
    reader = _read(signed_in(fuzz_app, email).get(path))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    meta = reader.metadata
    assert meta.title and meta.title in " ".join(reader.pages[0].extract_text().split())
    assert meta.author == "Essex Police Citizens in Policing" and meta.subject.startswith(meta.title)


def test_the_esp_statement_is_a_page_with_the_pdfs_figures(fuzz_app):
    employer = signed_in(fuzz_app, "employer@example.org")
    reader = _read(employer.get("/schemes/esp/portal/statement.pdf?year=2026"))
    pdf_total = re.search(r"Total ESP hours given in 2026: ([\d,]+(?:\.\d+)?)", reader.pages[0].extract_text()).group(1)

    page = employer.get("/schemes/esp/portal/statement?year=2026")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f"Total ESP hours given in 2026: <strong>{pdf_total}</strong>" in html
    assert "Hours by month" in html and "Hours by employee" in html
    assert "/schemes/esp/portal/statement.pdf?year=2026" in html

    staff = signed_in(fuzz_app, "coordinator@example.org")
    business_id = _business_id("employer@example.org")
    assert f"<strong>{pdf_total}</strong>" in staff.get(f"/schemes/esp/{business_id}/statement?year=2026").get_data(
        as_text=True
    )
    # The employer sees only its own statement: the staff page is not theirs to open.
    assert employer.get(f"/schemes/esp/{business_id}/statement").status_code in (403, 404)
