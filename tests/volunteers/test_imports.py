"""CSV import and export: dry run, all-or-nothing, and bad files."""

from __future__ import annotations

import codecs
import csv
import io
from datetime import date

import pytest
import sqlalchemy as sa

from core.csvio import MAX_IMPORT_BYTES
from core.models import AuditEvent, Role
from tests import factories as f
from tests.factories import ApplicationFactory, csrf_token_from, follow_job
from volunteers.imports import VOLUNTEER_HEADERS, import_volunteers
from volunteers.leaving_reasons import LeavingReason
from volunteers.models import Application, Programme, SpecialConstable, Volunteer, VolunteerStatus
from volunteers.pipeline import imports as app_imports


def _today() -> date:
    """Today, read when a test runs (not at import: a run that crosses midnight stays right)."""
    return date.today()


def _born(years_ago: int, month: int = 1, day: int = 1) -> str:
    """A date of birth ``years_ago`` years before this year, as the CSV writes it."""
    return date(_today().year - years_ago, month, day).isoformat()


def _csv(rows: list[dict], headers=VOLUNTEER_HEADERS) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headers, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _special(**kw):
    return {
        "kind": "special",
        "first_name": "Ann",
        "last_name": "Able",
        "email": "ann@example.org",
        "date_of_birth": "1980-01-01",
        "district": "Colchester",
        "joined_on": "2020-01-01",
        "rank": "Special Sergeant",
        "stage": "qualified",
        **kw,
    }


def _cadet(**kw):
    return {
        "kind": "cadet",
        "first_name": "Cal",
        "last_name": "Young",
        "date_of_birth": _born(14),
        "district": "Colchester",
        "joined_on": _today().replace(day=1).isoformat(),
        "cadet_unit": "Colchester VPC Unit",
        "guardian_name": "Gill Young",
        **kw,
    }


def _upload(client, data: bytes, run: bool, url="/volunteers/import"):
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    form = {"csrf_token": token, "file": (io.BytesIO(data), "people.csv")}
    form["run" if run else "check"] = "y"
    return follow_job(client, client.post(url, data=form, content_type="multipart/form-data"))


def _count(db, model=Volunteer):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_dry_run_reports_and_writes_nothing_then_real_run_writes_all(as_role, ref, db):
    client = as_role(Role.COORDINATOR)
    data = _csv(
        [
            _special(),
            _cadet(),
            {
                "kind": "csc",
                "first_name": "Cy",
                "last_name": "Csc",
                "date_of_birth": "1985-05-05",
                "district": "Colchester",
                "joined_on": "2023-01-01",
                "parish": "Wivenhoe",
            },
            {
                "kind": "active_citizen",
                "first_name": "Al",
                "last_name": "Cit",
                "date_of_birth": "1970-01-01",
                "district": "basildon",
                "joined_on": "2019-01-01",
                "role_type": "Cyber volunteer",
                "left_on": "2022-01-01",
                "leave_reason": "Moved",
            },
            {
                "kind": "cadet_leader",
                "first_name": "Lee",
                "last_name": "Leader",
                "date_of_birth": "27/03/1975",
                "district": "Colchester",
                "joined_on": "2021-01-01",
                "cadet_unit": "Colchester VPC Unit",
                "phone": "+44 7700 900000",
            },
        ]
    )
    dry = _upload(client, data, run=False).get_data(as_text=True)
    assert "All 5 rows are valid" in dry and _count(db) == 0
    done = _upload(client, data, run=True).get_data(as_text=True)
    assert "5 rows imported" in done
    assert _count(db) == 5
    ann = db.session.scalars(sa.select(Volunteer).where(Volunteer.email == "ann@example.org")).one()
    assert ann.special.rank == ref.sergeant and ann.special.stage.value == "qualified"
    cy = db.session.scalars(sa.select(Volunteer).where(Volunteer.first_name == "Cy")).one()
    assert cy.special.csc_post_id == ref.post.id
    al = db.session.scalars(sa.select(Volunteer).where(Volunteer.first_name == "Al")).one()
    assert al.status == VolunteerStatus.LEFT and al.memberships[0].ended_on == date(2022, 1, 1)
    cal = db.session.scalars(sa.select(Volunteer).where(Volunteer.first_name == "Cal")).one()
    assert cal.memberships[0].programme == Programme.CADET
    assert db.session.scalar(sa.select(AuditEvent.id).where(AuditEvent.action == "volunteer_imported"))


# (a row, built when its test runs, and the message naming what is wrong with it)
BAD_ROWS = [
    (lambda: _cadet(date_of_birth=_born(8)), "at least 10"),
    (lambda: _cadet(first_name="Old", date_of_birth="1990-01-01"), "register them as an adult"),
    (lambda: _special(first_name="Kid", email="kid@example.org", date_of_birth=_born(16)), "at least 18"),
    (lambda: _special(first_name="Late", email="late@example.org", left_on="2019-01-01"), "left_on: before joined_on"),
    (lambda: _special(first_name="Nowhere", email="n@example.org", district="Atlantis"), "unknown district 'Atlantis'"),
    (
        lambda: {
            "kind": "csc",
            "first_name": "Cy",
            "last_name": "Csc",
            "date_of_birth": "1985-05-05",
            "district": "Colchester",
            "joined_on": "2023-01-01",
            "parish": "Nowhere-on-Sea",
        },
        "unknown parish",
    ),
    (lambda: _special(first_name="Bad", email="not-an-email"), "is not an email address"),
    (lambda: _special(first_name="Formula", last_name='=HYPERLINK("http://x")', email="f@example.org"), "formula"),
    (
        lambda: _special(first_name="When", email="w@example.org", joined_on="next tuesday"),
        "joined_on: 'next tuesday' must be a real date: write it as 27/03/2026 or 2026-03-27",
    ),
    (lambda: _special(first_name="Leap", email="l@example.org", joined_on="30/02/2025"), "joined_on: '30/02/2025'"),
    (lambda: {**_special(first_name="Kind", email="k@example.org"), "kind": "wizard"}, "kind: 'wizard'"),
    (lambda: _cadet(first_name="Nounit", cadet_unit="", date_of_birth=_born(15, 2, 2)), "cadet_unit: required"),
    (
        lambda: _special(first_name="Why", email="y@example.org", left_on="2022-01-01", leaving_reason="Fed up"),
        "leaving_reason: 'Fed up' is not a reason for leaving",
    ),
]


@pytest.mark.parametrize(("row", "message"), BAD_ROWS, ids=[m for _r, m in BAD_ROWS])
def test_bad_rows_are_refused_with_line_and_field_and_nothing_is_written(as_role, ref, db, row, message):
    client = as_role(Role.COORDINATOR)
    data = _csv([_special(), row()])
    page = _upload(client, data, run=True).get_data(as_text=True)
    assert "nothing was saved" in page
    assert "Line 3:" in page and message in page.replace("&#39;", "'").replace("&#34;", '"')
    assert _count(db) == 0  # the valid first row was not written either


def test_duplicates_in_the_file_and_in_the_system(as_role, ref, db):
    f.VolunteerFactory(email="exists@example.org")
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    data = _csv(
        [
            _special(),
            _special(email="other@example.org"),  # same name and birth date as line 2
            _special(first_name="Bea", email="ANN@example.org"),  # same email as line 2
            _special(first_name="Cat", email="exists@example.org"),
        ]
    )
    page = _upload(client, data, run=False).get_data(as_text=True)
    assert "Line 3: first_name: Ann Able born 1980-01-01 is already recorded" in page
    assert "Line 4: email: ANN@example.org is already recorded" in page
    assert "Line 5: email: exists@example.org is already recorded" in page
    assert _count(db) == 1


def test_quoted_newlines_keep_line_numbers(as_role, ref, db):
    client = as_role(Role.COORDINATOR)
    text = ",".join(VOLUNTEER_HEADERS) + "\r\n"
    text += "special,Ann,Able,ann@example.org,,1980-01-01,Colchester,2020-01-01,,,,,,,,,,,,\r\n"
    text += 'special,"Multi\nLine",Person,m@example.org,,1980-01-01,Colchester,2020-01-01,,,,,,,,,,,,\r\n'
    text += "special,Bad,Row,b@example.org,,1980-01-01,Atlantis,2020-01-01,,,,,,,,,,,,\r\n"
    page = _upload(client, text.encode(), run=False).get_data(as_text=True)
    assert "Line 5: district: unknown district" in page


@pytest.mark.parametrize(
    ("encode", "name"),
    [
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8 BOM"),
        (lambda t: t.encode("utf-16"), "utf-16"),
        (lambda t: t.encode("cp1252"), "windows-1252"),
    ],
)
def test_encodings_are_read(as_role, ref, db, encode, name):
    client = as_role(Role.COORDINATOR)
    text = _csv([_special(first_name="Zoë")]).decode("utf-8")
    page = _upload(client, encode(text), run=True).get_data(as_text=True)
    assert "1 rows imported" in page, name
    assert db.session.scalar(sa.select(Volunteer.first_name)) == "Zoë"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name,email\r\nAnn,ann@example.org\r\n", "The header row is missing: kind"),
        (b"", "Choose a CSV file"),
        (b"   \r\n", "The file is empty"),
        (b"kind,first_name\x00\r\n", "NUL"),
        (codecs.BOM_UTF8 + b"kind,first_name\xff\xfe\r\n", "save it again as CSV UTF-8"),
        (codecs.BOM_UTF16_LE + b"k\x00i\x00n", "save it again as CSV UTF-8"),
    ],
    ids=["wrong headers", "no file", "empty", "binary", "bom then latin-1", "truncated utf-16"],
)
def test_malformed_files_are_refused(as_role, ref, db, data, message):
    client = as_role(Role.COORDINATOR)
    response = _upload(client, data, run=True)
    assert message in response.get_data(as_text=True)
    assert _count(db) == 0


def test_oversize_file_is_refused_before_reading(ref, db):
    # over HTTP the app's MAX_CONTENT_LENGTH answers 413 first; the importer refuses on its own too
    report = import_volunteers(b"x" * (MAX_IMPORT_BYTES + 10), dry_run=False, today=_today())
    assert report.fatal and "larger than" in report.fatal and _count(db) == 0


def test_export_is_formula_safe_and_round_trips(as_role, ref, db):
    client = as_role(Role.COORDINATOR)
    f.SpecialFactory(volunteer__first_name="=cmd", volunteer__last_name="Safe", volunteer__district=ref.district)
    db.session.commit()
    response = client.get("/volunteers/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data(as_text=True)
    assert "'=cmd" in body and body.startswith("\ufeff")
    assert db.session.scalar(sa.select(AuditEvent.id).where(AuditEvent.action == "volunteers_exported"))
    filtered = client.get("/volunteers/export.csv?q=nobody").get_data(as_text=True)
    assert "Safe" not in filtered


def test_import_pages_are_staff_only(as_role, db):
    for role in (Role.SUPERVISOR, Role.VOLUNTEER, Role.PARISH, Role.EMPLOYER):
        client = as_role(role)
        assert client.get("/volunteers/import").status_code == 403
        assert client.get("/volunteers/export.csv").status_code == 403
        assert client.get("/volunteers/applications/export.csv").status_code == 403


# --- Applications ----------------------------------------------------------------------------


def _application(**kw):
    return {
        "first_name": "Pat",
        "last_name": "Applies",
        "email": "pat@example.org",
        "date_of_birth": "1990-01-01",
        "district": "Colchester",
        "programme": "special",
        "source": "My Other Life",
        "applied_on": "2026-01-05",
        "stage": "vetting",
        "stage_entered_on": "2026-03-01",
        **kw,
    }


def test_application_import_all_or_nothing(as_role, ref, db):
    client = as_role(Role.COORDINATOR)
    url = "/volunteers/applications/import"
    good = [
        _application(),
        _application(email="q@example.org", programme="csc", parish="Wivenhoe", stage="applied", stage_entered_on=""),
        _application(email="r@example.org", outcome="withdrawn", outcome_reason="Work", closed_on="2026-04-01"),
    ]
    bad = [
        *good,
        _application(email="s@example.org", source="Carrier pigeon"),
        _application(email="t@example.org", stage="attested"),
        _application(email="u@example.org", outcome="rejected"),
        _application(email="v@example.org", closed_on="2026-02-01"),
    ]
    page = _upload(client, _csv(bad, app_imports.HEADERS), run=True, url=url).get_data(as_text=True)
    assert "Line 5: source: unknown source" in page
    assert "Line 6: stage: applicants are attested through the pipeline" in page
    assert "Line 7: outcome_reason: required" in page
    assert "Line 8: closed_on: an open application has no closing date" in page
    assert _count(db, Application) == 0
    page = _upload(client, _csv(good, app_imports.HEADERS), run=True, url=url).get_data(as_text=True)
    assert "3 rows imported" in page and _count(db, Application) == 3
    csc = db.session.scalars(sa.select(Application).where(Application.email == "q@example.org")).one()
    assert csc.csc_post_id == ref.post.id and ref.post.state.value == "applicant_in_pipeline"
    again = _upload(client, _csv([_application()], app_imports.HEADERS), run=False, url=url).get_data(as_text=True)
    assert "already an open application" in again


def test_application_export(as_role, db):
    ApplicationFactory(first_name="+SUM(1)", last_name="Export")
    db.session.commit()
    body = as_role(Role.COORDINATOR).get("/volunteers/applications/export.csv").get_data(as_text=True)
    assert "'+SUM(1)" in body and "Export" in body
    assert _count(db, SpecialConstable) == 0


def test_leavers_reasons_from_the_list_and_old_words_as_other(ref, db):
    day = "2022-01-01"
    rows = [
        _special(first_name="Reg", email="r@example.org", left_on=day, leaving_reason="joined_regulars"),
        _special(first_name="Wes", email="w@example.org", left_on=day, leaving_reason="Work commitments"),
        _special(first_name="Old", email="o@example.org", left_on=day, leave_reason="Joined the regulars"),  # words
    ]
    rows[1]["leave_reason"] = "Shifts"
    report = import_volunteers(_csv(rows), dry_run=False, today=_today())
    assert report.ok, report.errors
    found = {
        v.first_name: (v.left_because, v.leave_reason, {(m.left_because, m.end_reason) for m in v.memberships})
        for v in db.session.scalars(sa.select(Volunteer).where(Volunteer.status == VolunteerStatus.LEFT))
    }
    assert found == {
        "Reg": (LeavingReason.JOINED_REGULARS, None, {(LeavingReason.JOINED_REGULARS, None)}),
        "Wes": (LeavingReason.WORK, "Shifts", {(LeavingReason.WORK, "Shifts")}),
        "Old": (LeavingReason.OTHER, "Joined the regulars", {(LeavingReason.OTHER, "Joined the regulars")}),
    }
