"""Every CSV import route (volunteers, applications, duties) fed hostile files over HTTP: BOMs, UTF-16,
Windows-1252, quoted newlines, formula payloads, oversize files, broken quoting and random bytes.
Each file either imports correctly or is refused with a reason (line-numbered for a row), never a 5xx,
never half-saved; a formula that is stored comes out neutralised in every CSV export of it."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from config import Config
from core.csvio import FORMULA_START, MAX_IMPORT_BYTES
from core.extensions import db
from core.models import Role
from privacy.subject_access import export_zip
from scheduling.duties.importer import COLUMNS as DUTY_COLUMNS
from scheduling.models import Duty
from tests import factories as f
from tests.factories import SourceFactory, csrf_token_from, follow_job
from tests.fuzz.hostile import FUZZ_SETTINGS, NASTY, assert_safe_output, row_counts
from volunteers.imports import VOLUNTEER_HEADERS
from volunteers.models import Application, Volunteer
from volunteers.pipeline.imports import HEADERS as APPLICATION_HEADERS

FORMULAS = ['=HYPERLINK("http://evil.example","click")', "=cmd|' /C calc'!A0", "+SUM(1)", "-2+3", "@SUM(A1)"]
ENCODINGS = {
    "utf8": lambda t: t.encode("utf-8"),
    "utf8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf16-le-bom": lambda t: t.encode("utf-16"),
    "utf16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "cp1252": lambda t: t.encode("cp1252"),
}


@dataclass
class Importer:
    """One CSV import route: how to post to it, rows it accepts, and where what it stores is exported."""

    name: str
    url: str
    headers: list[str]
    model: type
    check_fields: dict[str, str]
    run_fields: dict[str, str]
    rows: Callable[[dict], list[dict]]  # two valid rows; the second has a quoted newline in free text
    free_text: str  # the column a formula payload goes into
    text_of: Callable[[object], str]  # the stored free text of a written row
    export: Callable[[object, dict], str]  # the CSV export(s) that carry the free text


def _volunteer_rows(ref: dict) -> list[dict]:
    base = {"kind": "special", "district": "Colchester", "joined_on": "2020-01-01", "date_of_birth": "1980-01-01"}
    return [
        {**base, "first_name": "Zoë", "last_name": "O'Brien", "email": "zoe@example.org", "leave_reason": ""},
        {
            **base,
            "first_name": "Ann",
            "last_name": "Able",
            "email": "ann@example.org",
            "left_on": "2021-01-01",
            "leave_reason": "Moved away,\nto Leeds (£5 fare)",
        },
    ]


def _application_rows(ref: dict) -> list[dict]:
    base = {"district": "Colchester", "programme": "special", "source": "My Other Life", "applied_on": "2026-01-05"}
    return [
        {**base, "first_name": "Zoë", "last_name": "O'Brien", "email": "zoe@example.org", "outcome_reason": ""},
        {
            **base,
            "first_name": "Pat",
            "last_name": "Applies",
            "email": "pat@example.org",
            "outcome": "withdrawn",
            "outcome_reason": "Work shifts,\nmaybe next year (£5)",
            "closed_on": "2026-04-01",
        },
    ]


def _duty_rows(ref: dict) -> list[dict]:
    ten_days_ago = (datetime.now(UTC) - timedelta(days=10)).date().isoformat()
    base = {"volunteer": str(ref["volunteer_id"]), "date": ten_days_ago, "type": "patrol", "esp": "no"}
    return [
        {**base, "start": "09:00", "end": "12:00", "place": "Zoë's café", "notes": ""},
        {**base, "start": "13:00", "end": "15:00", "notes": "Town centre,\nthen the station (£5 taxi)"},
    ]


def _get_csv(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/csv", url
    return response.get_data(as_text=True)


def _duty_export(client, ref: dict) -> str:
    archive = zipfile.ZipFile(io.BytesIO(export_zip(ref["volunteer_id"])))
    return archive.read("duties.csv").decode("utf-8-sig")


IMPORTERS = [
    Importer(
        "volunteers",
        "/volunteers/import",
        VOLUNTEER_HEADERS,
        Volunteer,
        {"check": "y"},
        {"run": "y"},
        _volunteer_rows,
        "leave_reason",
        lambda v: v.leave_reason,
        lambda client, ref: _get_csv(client, "/volunteers/export.csv?status=all"),
    ),
    Importer(
        "applications",
        "/volunteers/applications/import",
        APPLICATION_HEADERS,
        Application,
        {"check": "y"},
        {"run": "y"},
        _application_rows,
        "outcome_reason",
        lambda a: a.outcome_reason,
        lambda client, ref: _get_csv(client, "/volunteers/applications/export.csv"),
    ),
    Importer(
        "duties",
        "/scheduling/duties/import",
        list(DUTY_COLUMNS),
        Duty,
        {"mode": "dry"},
        {"mode": "import"},
        _duty_rows,
        "notes",
        lambda d: d.notes,
        _duty_export,
    ),
]
ROUTES = pytest.mark.parametrize("imp", IMPORTERS, ids=[i.name for i in IMPORTERS])


@pytest.fixture
def ref(db, as_role) -> dict:
    """The names the rows use, a Special for the duties, and a coordinator's client (admin for exports)."""
    district = f.DistrictFactory(name="Colchester", command=f.CommandFactory(name="North LPA"))
    f.RankFactory(name="Special Constable", seniority=1)
    SourceFactory(name="My Other Life")
    special = f.SpecialFactory(volunteer__district=district)
    db.session.commit()
    made = {"volunteer_id": special.volunteer.id, "client": as_role(Role.ADMIN)}
    db.session.remove()
    return made


def csv_bytes(headers: list[str], rows: list[dict], encode=ENCODINGS["utf8"]) -> bytes:
    """A CSV file (CRLF rows; quoted cells keep their own newlines) in the given encoding."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headers, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return encode(out.getvalue())


def post_file(client, imp: Importer, data: bytes, fields: dict[str, str]):
    """Post the file to the import page with a fresh CSRF token, the multipart body built in memory
    (the test client would spool a large body to a temporary file it never closes)."""
    page = client.get(imp.url)
    assert page.status_code == 200, imp.url
    upload = FileStorage(io.BytesIO(data), filename="hostile.csv", content_type="text/csv")
    values = {"csrf_token": csrf_token_from(page.get_data(as_text=True)), "file": upload, **fields}
    boundary, body = encode_multipart(values)
    return client.post(imp.url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def upload(client, imp: Importer, data: bytes, run: bool):
    """Import the file (or only check it), and check the page is no server error and escapes its input."""
    response = follow_job(client, post_file(client, imp, data, imp.run_fields if run else imp.check_fields))
    assert_safe_output(response, f"{imp.name} import")
    return response


def stored(imp: Importer) -> list:
    """The rows of the importer's model, oldest first, detached for reading."""
    rows = list(db.session.scalars(sa.select(imp.model).order_by(imp.model.id)))
    db.session.expunge_all()
    return rows


def text(response) -> str:
    """The page text with the HTML entities Jinja uses for quotes undone."""
    return response.get_data(as_text=True).replace("&#39;", "'").replace("&#34;", '"').replace("&amp;", "&")


@ROUTES
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_encoding_imports_the_same_rows(ref, imp, encoding):
    before = len(stored(imp))
    data = csv_bytes(imp.headers, imp.rows(ref), ENCODINGS[encoding])
    response = upload(ref["client"], imp, data, run=True)
    rows = stored(imp)
    page = text(response)
    assert len(rows) == before + 2, f"{imp.name}/{encoding}: {page[page.find('<main') :][:3000]}"
    assert imp.rows(ref)[1][imp.free_text] in [imp.text_of(r) for r in rows]  # the quoted newline kept
    dump = repr([vars(r) for r in rows])
    assert "Zoë" in dump and "£5" in dump, f"{imp.name}/{encoding}: text mangled"


@ROUTES
def test_a_quoted_newline_moves_the_line_numbers_of_later_rows(ref, imp):
    rows = imp.rows(ref)
    bad = {**rows[0], **{"email": "x@example.org", "last_name": "Other", "start": "18:00", "end": "19:00"}}
    bad["district" if imp.name != "duties" else "volunteer"] = "Atlantis"
    before = row_counts()
    response = upload(ref["client"], imp, csv_bytes(imp.headers, [*rows, bad]), run=True)
    # header line 1, rows on lines 2 and 3-4 (the quoted newline), the bad row on line 5
    assert "Line 5:" in text(response) and "Atlantis" in text(response), text(response)[-800:]
    assert "Line 2:" not in text(response) and "Line 3:" not in text(response)
    assert row_counts() == before, "a refused import saved rows"


@ROUTES
@pytest.mark.parametrize("payload", FORMULAS)
def test_formula_payloads_are_refused_or_neutralised_on_export(ref, imp, payload):
    rows = imp.rows(ref)
    rows[1][imp.free_text] = payload
    before = row_counts()
    response = upload(ref["client"], imp, csv_bytes(imp.headers, rows), run=True)
    if row_counts() == before:  # refused: the reason names the line and the column
        assert f"Line 3: {imp.free_text}" in text(response), text(response)[-800:]
        return
    assert payload in [imp.text_of(r) for r in stored(imp)], "stored, but not as given"
    exported = imp.export(ref["client"], ref)
    cells = [cell for record in csv.reader(io.StringIO(exported.lstrip("\ufeff"), newline="")) for cell in record]
    assert "'" + payload in cells, f"{imp.name}: {payload!r} not neutralised on export"
    live = [c for c in cells if c.startswith(FORMULA_START) and not c.lstrip("-").replace(".", "").isdigit()]
    assert not live, f"{imp.name} export has live formulas: {live}"


@ROUTES
def test_an_upload_over_the_request_limit_is_refused_with_413(ref, imp):
    before = row_counts()
    data = csv_bytes(imp.headers, imp.rows(ref)) + b"x" * Config.MAX_CONTENT_LENGTH
    response = post_file(ref["client"], imp, data, imp.run_fields)
    assert response.status_code == 413 and row_counts() == before


@ROUTES
def test_a_large_file_under_the_limit_is_read_or_refused_in_bounded_time(ref, imp):
    """Just under the upload limit, tens of thousands of rows: refused whole by the row cap, promptly."""
    row = imp.rows(ref)[0]
    one = csv_bytes(imp.headers, [row]).split(b"\r\n", 1)[1]
    data = csv_bytes(imp.headers, []) + one * ((MAX_IMPORT_BYTES - 4096) // len(one))
    before = row_counts()
    started = datetime.now(UTC)
    response = upload(ref["client"], imp, data, run=True)
    took = (datetime.now(UTC) - started).total_seconds()
    assert row_counts() == before, "duplicate rows must not be half-saved"
    assert "govuk-error-summary" in text(response) and "split it" in text(response), text(response)[-800:]
    assert took < 30, f"{imp.name}: {took:.1f}s to refuse a large file"


BROKEN_FILES = {
    "header only": lambda imp: csv_bytes(imp.headers, []),
    "bom only": lambda imp: codecs.BOM_UTF8,
    "utf16 without bom": lambda imp: (",".join(imp.headers) + "\r\nx\r\n").encode("utf-16-le"),
    "bom then cp1252": lambda imp: codecs.BOM_UTF8 + (",".join(imp.headers) + "\r\nZo\xeb\r\n").encode("cp1252"),
    "utf16 cut mid-character": lambda imp: (",".join(imp.headers) + "\r\nx").encode("utf-16") + b"\x00",
    "nul byte": lambda imp: (",".join(imp.headers) + "\r\na\x00b\r\n").encode(),
    "huge quoted cell": lambda imp: (",".join(imp.headers) + '\r\n"' + "x" * 200_000 + '"\r\n').encode(),
    "unterminated quote": lambda imp: (",".join(imp.headers) + '\r\n"never closed,\r\nmore\r\n').encode(),
    "binary": lambda imp: bytes(range(256)) * 4,
    "wrong header": lambda imp: b"name,when\r\nx,y\r\n",
}


@ROUTES
@pytest.mark.parametrize("broken", BROKEN_FILES)
def test_broken_files_are_refused_with_a_reason_and_nothing_saved(ref, imp, broken):
    before = row_counts()
    response = upload(ref["client"], imp, BROKEN_FILES[broken](imp), run=True)
    page = text(response)
    assert response.status_code in (200, 400) and row_counts() == before
    if broken == "header only" and "0 rows imported" in page:
        return  # an empty file of the right shape imports nothing, correctly
    assert "govuk-error-summary" in page, f"{imp.name}/{broken}: refused without a reason"


HOSTILE_VALUES = {
    "huge number": "99999999999999999999999",
    "past 32 bits": "3000000000",
    "negative": "-1",
    "zero": "0",
    "superscript digit": "²",
    "arabic digit": "٣",
    "right-to-left override": "\u202e",
    "10,000 characters": "x" * 10_000,
    "81 characters": "x" * 81,  # each length just past a column size or a cell limit
    "121 characters": "x" * 121,
    "161 characters": "x" * 161,
    "200 characters": "x" * 200,
    "255 characters": "x" * 255,
    "year 9999": "9999-12-31",
    "year 1": "0001-01-01",
    "bad time": "25:61",
    "NaN": "NaN",
}


def _varied(imp: Importer, template: dict, i: int) -> dict:
    """The template row made distinct (name, email, hours) so rows do not clash with each other."""
    if imp.name == "duties":
        return {**template, "start": f"{i:02d}:00", "end": f"{i:02d}:30"}
    return {**template, "last_name": f"Able-{chr(97 + i)}", "email": f"p{i}@example.org"}


@ROUTES
@pytest.mark.parametrize("value", HOSTILE_VALUES.values(), ids=HOSTILE_VALUES.keys())
def test_a_hostile_value_in_any_column_is_refused_on_its_line_or_imported(ref, imp, value):
    """Row N has the value in column N: each row is imported or refused on its line, all rows or none."""
    template = imp.rows(ref)[0]
    rows = [{**_varied(imp, template, i), column: value} for i, column in enumerate(imp.headers)]
    before, stored_before = row_counts(), len(stored(imp))
    page = text(upload(ref["client"], imp, csv_bytes(imp.headers, rows), run=True))
    if row_counts() == before:
        assert "Line " in page or "The file cannot be read" in page, page[-800:]
    else:
        assert len(stored(imp)) == stored_before + len(rows), "half-saved"


HOSTILE_CELL = st.one_of(st.sampled_from(NASTY + FORMULAS), st.text(max_size=20))


@ROUTES
@FUZZ_SETTINGS
@given(data=st.data())
def test_hostile_cells_import_whole_or_not_at_all(ref, imp, data):
    """Valid rows with one hostile cell each (any column): all rows saved or none, never a 5xx."""
    rows = imp.rows(ref)
    for row in rows:
        row[data.draw(st.sampled_from(imp.headers))] = data.draw(HOSTILE_CELL)
    body = csv_bytes(imp.headers, rows, lambda t: t.encode("utf-8", "surrogatepass"))
    before = len(stored(imp))
    response = upload(ref["client"], imp, body, run=True)
    after = len(stored(imp))
    assert after - before in (0, len(rows)), f"{imp.name}: {after - before} of {len(rows)} rows saved"
    if after == before:
        assert "govuk-error-summary" in text(response)
