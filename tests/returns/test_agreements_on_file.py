"""Signed agreements on file: a PDF (checked by its bytes) with who signed for each side; an expiring one reminds
coordinators once; the twice-yearly Home Office return is a scheduled report."""

from __future__ import annotations

import io
from datetime import date, timedelta

import sqlalchemy as sa
from pypdf import PdfReader

from core.dates import today
from core.files import read_data
from core.models import Role
from notices.models import Notice
from scheduling.jobs import definitions
from schemes.agreements.models import SignedAgreement
from tests import factories as f
from tests.factories import dated
from volunteers.models import Programme

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _form(client, url: str, data: bytes, name: str = "signed.pdf", **extra):
    page = client.get(url)
    fields = {
        "csrf_token": f.csrf_token_from(page.text),
        "force_signatory": "Chief Inspector A Example",
        "force_signed_on-day": "3", "force_signed_on-month": "2", "force_signed_on-year": "2026",
        "partner_signatory": "J Smith, Managing Director",
        "partner_signed_on-day": "5", "partner_signed_on-month": "2", "partner_signed_on-year": "2026",
        "file": (io.BytesIO(data), name),
        **extra,
    }  # fmt: skip
    return client.post(url, data=fields, content_type="multipart/form-data", follow_redirects=True)


def test_an_esp_memorandum_is_filed_and_a_non_pdf_refused_by_its_content(db, client, make_user):
    business = f.EspBusinessFactory(name="Acme Haulage")
    f.sign_in_session(client, make_user(Role.COORDINATOR))
    url = f"/schemes/esp/{business.id}/agreement/new"
    refused = _form(client, url, b"\x89PNG\r\n\x1a\nnot a pdf at all", name="memorandum.pdf")
    assert "The file must be a PDF" in refused.text and db.session.scalar(sa.select(SignedAgreement.id)) is None
    late = _form(client, url, PDF, **{"expires_on-day": "1", "expires_on-month": "1", "expires_on-year": "2026"})
    assert "The expiry date must be after both signatures" in late.text
    done = _form(client, url, PDF, **{"expires_on-day": "31", "expires_on-month": "1", "expires_on-year": "2029"})
    assert "The signed agreement is on file" in done.text
    assert "J Smith, Managing Director, 5 February 2026" in done.text and "31 January 2029" in done.text
    download = client.get(f"/schemes/esp/{business.id}/agreement.pdf")
    assert download.status_code == 200 and download.data == PDF and download.mimetype == "application/pdf"


def test_a_parish_agreement_is_filed_and_too_big_a_file_refused(db, client, make_user, monkeypatch):
    from schemes.agreements import services

    post = f.CscPostFactory()
    agreement = post.agreement
    f.sign_in_session(client, make_user(Role.COORDINATOR))
    url = f"/schemes/parishes/agreements/{agreement.id}/signed/new"
    monkeypatch.setattr(services, "MAX_AGREEMENT_BYTES", 100)  # 10 MB in production; a small file here
    assert "The file must be smaller than 10 MB" in _form(client, url, PDF + b" " * 200).text
    monkeypatch.undo()
    assert "The signed agreement is on file" in _form(client, url, PDF).text
    page = client.get(f"/schemes/parishes/{agreement.parish_id}").text
    assert "Chief Inspector A Example, 3 February 2026" in page
    assert client.get(f"/schemes/parishes/agreements/{agreement.id}/signed.pdf").data == PDF


def test_an_expiring_agreement_reminds_coordinators_once(db, make_user):
    from schemes.agreements.services import Signing, file_agreement

    coordinators = [make_user(Role.COORDINATOR), make_user(Role.COORDINATOR)]
    now = today()
    signing = Signing("A", now - timedelta(days=400), "B", now - timedelta(days=400), now + timedelta(days=30))
    file_agreement(PDF, "a.pdf", signing, today=now, by=None, esp_business_id=f.EspBusinessFactory(name="Soon Ltd").id)
    far = Signing("A", now, "B", now, now + timedelta(days=400))
    file_agreement(PDF, "b.pdf", far, today=now, by=None, esp_business_id=f.EspBusinessFactory().id)
    db.session.commit()
    first = definitions.run_scheduled("agreement_reminders", now)
    assert first.message == "Agreement expiry reminders: 1 agreement"
    definitions.run_now("agreement_reminders", now, now, None, "again")  # a second run sends nothing more
    texts = db.session.scalars(sa.select(Notice.text).where(Notice.user_id.in_([c.id for c in coordinators]))).all()
    assert len(texts) == 2 and all("Soon Ltd expires on" in t for t in texts)


def test_the_twice_yearly_return_is_a_scheduled_report(db):
    dated.special(joined=date(2025, 1, 10))
    dated.person_in(Programme.ACTIVE_CITIZEN, date(2024, 1, 1))
    db.session.commit()
    assert definitions.last_return_day(date(2026, 4, 1)).end == date(2026, 3, 31)
    assert definitions.last_return_day(date(2026, 10, 1)).end == date(2026, 9, 30)
    run = definitions.run_scheduled("home_office_return", date(2025, 10, 1))
    pages = PdfReader(io.BytesIO(read_data(definitions.report_file(run).id))).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert "Headcount on 30 September 2025" in text and "Police Support Volunteers 1" in text
    assert "Female" not in text  # run reports are read by every coordinator: no equality figures


def test_erasing_a_person_named_in_a_signed_copy_removes_the_file_and_keeps_the_signatories(db):
    from core import pdf
    from privacy.erasure import erase_volunteer
    from schemes.agreements.services import Signing, file_agreement

    person = dated.special(joined=date(2024, 1, 1)).volunteer
    named = pdf.render("CSC agreement", [pdf.text(f"Officer: {person.first_name} {person.last_name}")])
    day = date(2026, 1, 5)
    row = file_agreement(
        named, "a.pdf", Signing("A", day, "B", day, None), today=day, by=None,
        csc_agreement_id=f.CscPostFactory().agreement_id,
    )  # fmt: skip
    db.session.commit()
    erase_volunteer(person.id)
    db.session.commit()
    db.session.refresh(row)
    assert row.file_id is None and row.partner_signatory == "B"
