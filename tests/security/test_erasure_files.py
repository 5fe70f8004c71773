"""Erasure and stored files: a person is found in generated PDFs by their extracted text, accented names
included, and the files are made again (reports), redacted (text) or removed (other PDFs)."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
import sqlalchemy as sa

from core import files as stored
from core import pdf
from core.extensions import db
from core.files import StoredFile
from privacy import files
from privacy.services import erase
from scheduling.jobs import definitions
from tests import factories as f

NAMES = ["Siân Ó Briain", "Zoë Ní Bhriain", "Seán Ó Dálaigh", "Zoë Brontë-Ålund"]


def _report(name: str) -> bytes:
    story = [
        pdf.heading("Below commitment"),
        pdf.text(f"Briefing given by {name} at 9."),
        pdf.table(["Special", "Hours"], [[name, "2"], ["Someone Else", "9"]]),
    ]
    return pdf.render("Hours", story)


@pytest.mark.parametrize("name", NAMES)
def test_accented_names_are_read_back_from_generated_pdfs(name):
    data = _report(name)
    assert name in files.readable_text(data)
    assert files.mentions(data, [name])
    assert files.mentions(data, [name.upper()])  # case folded
    assert files.mentions(data, [unicodedata.normalize("NFD", name)])  # either Unicode form
    assert not files.mentions(data, [unicodedata.normalize("NFD", name).encode("ascii", "ignore").decode()])
    assert not files.mentions(data, ["Zoë Smith"])


def test_a_name_broken_across_lines_is_still_found():
    data = pdf.render("Hours", [pdf.table(["First", "Last"], [["Siân", "Ó Briain"]])])
    assert files.mentions(data, ["Siân Ó Briain"])
    assert files.mentions(b"Name\nSi\xc3\xa2n\n   \xc3\x93 Briain\n", ["Siân Ó Briain"])


def _person(first: str, last: str):
    special = f.SpecialFactory(volunteer__first_name=first, volunteer__last_name=last, volunteer__email=None)
    db.session.commit()
    return special.volunteer


def test_erasure_makes_a_stored_report_again_without_the_person(app, db):
    volunteer = _person("Siân", "Ó Briain")
    other = _person("Seán", "Ó Dálaigh")
    run = definitions.run_scheduled("hours_monthly", date(2026, 11, 2))
    report = definitions.report_file(run)
    before = stored.read_data(report.id)
    assert files.mentions(before, ["Siân Ó Briain"]) and files.mentions(before, ["Seán Ó Dálaigh"])

    result = erase(volunteer.id)
    db.session.expire_all()
    assert result.files_regenerated == [report.name] and result.files_removed == []
    after = stored.read_data(report.id)
    assert after != before
    assert not files.mentions(after, ["Siân Ó Briain", "Ó Briain, Siân"])
    assert files.mentions(after, [f"Erased volunteer #{volunteer.id}"])
    assert files.mentions(after, [other.full_name])  # everyone else stays in the report
    assert db.session.get(StoredFile, report.id).size == len(after)


def test_erasure_removes_pdfs_it_cannot_make_again_and_redacts_text_files(app, db):
    volunteer = _person("Zoë", "Ní Bhriain")
    named_pdf = stored.save_file("export", "zoe.pdf", _report("Zoë Ní Bhriain"), stored.PDF)
    # The CSV spells the name in decomposed form (e + combining diaeresis), as some systems export it.
    csv = unicodedata.normalize("NFD", "Name,Hours\r\nZoë  Ní Bhriain,2\r\nSomeone Else,9\r\n").encode()
    named_csv = stored.save_file("export", "hours.csv", csv, "text/csv")
    unrelated = stored.save_file("export", "other.pdf", _report("Someone Else"), stored.PDF)
    db.session.commit()
    ids = (named_pdf.id, named_csv.id, unrelated.id)

    result = erase(volunteer.id)
    db.session.expire_all()
    assert result.files_removed == ["zoe.pdf"] and result.files_redacted == ["hours.csv"]
    left = dict(db.session.execute(sa.select(StoredFile.id, StoredFile.data)).all())
    assert set(left) == {ids[1], ids[2]}
    text = left[ids[1]].decode("utf-8")
    assert f"Erased volunteer #{volunteer.id},2" in text and "Someone Else,9" in text
    assert not files.mentions(left[ids[1]], ["Zoë Ní Bhriain"])


def test_erasure_finds_the_files_by_their_stored_text_without_parsing_every_pdf(app, db, monkeypatch):
    volunteer = _person("Seán", "Ó Dálaigh")
    for n in range(3):
        stored.save_file("export", f"other-{n}.pdf", _report(f"Someone Else {n}"), stored.PDF)
    naming = stored.save_file("export", "sean.pdf", _report("SEÁN  Ó DÁLAIGH"), stored.PDF)
    db.session.commit()
    assert "seán ó dálaigh" in db.session.get(StoredFile, naming.id).search_text
    from core import file_text

    parsed = []
    monkeypatch.setattr(file_text, "pdf_text", lambda data: parsed.append(data) or "")
    result = erase(volunteer.id)
    assert result.files_removed == ["sean.pdf"]
    assert parsed == []  # found by one query on the text extracted when the files were stored
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StoredFile)) == 3
