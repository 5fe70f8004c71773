"""core/csvio.py under hostile files: BOMs, UTF-16, quoted newlines, formula payloads, oversize uploads."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.csvio import (
    MAX_IMPORT_BYTES,
    csv_text,
    decode_upload,
    neutralise_cell,
    read_rows,
)
from core.refusals import Refusal
from tests.fuzz.hostile import FUZZ_SETTINGS

CELLS = st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=30)


@FUZZ_SETTINGS
@given(rows=st.lists(st.lists(CELLS, min_size=2, max_size=2), max_size=8))
def test_export_then_import_round_trips_and_never_starts_a_formula(rows):
    text = csv_text(["name", "note"], rows)
    for record in csv.reader(io.StringIO(text, newline="")):
        for cell in record:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), f"formula cell {cell!r}"
    data = ("\ufeff" + text).encode("utf-8")
    parsed = (
        list(read_rows(decode_upload(data), ["name", "note"])) if any(any(c.strip() for c in r) for r in rows) else []
    )
    kept = [r for r in rows if any(c.strip() for c in r)]
    assert len(parsed) == len(kept)


@pytest.mark.parametrize("payload", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x")'])
def test_formula_payloads_are_neutralised(payload):
    assert neutralise_cell(payload).startswith("'")


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),  # with its BOM
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: t.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "cp1252"],
)
def test_every_supported_encoding_reads_the_same(encode):
    text = 'name,note\r\n"Zoë O\'Brien","two\nlines, and a comma"\r\nJosé,£5\r\n'
    rows = list(read_rows(decode_upload(encode(text)), ["name", "note"]))
    assert [r.values["name"] for r in rows] == ["Zoë O'Brien", "José"]
    assert rows[0].values["note"] == "two\nlines, and a comma"
    assert [r.line for r in rows] == [2, 4]  # the quoted newline moves the next row's line number


def test_oversize_and_empty_files_are_refused_clearly():
    with pytest.raises(Refusal, match="larger than"):
        decode_upload(b"a" * (MAX_IMPORT_BYTES + 1))
    with pytest.raises(Refusal, match="empty"):
        decode_upload(b"  \r\n")


def test_nul_and_broken_quoting_are_refused_with_a_line_number():
    with pytest.raises(Refusal, match="NUL"):
        list(read_rows("name\r\na\x00b\r\n", ["name"]))
    with pytest.raises(Refusal, match="missing"):
        list(read_rows("other\r\nx\r\n", ["name"]))


@FUZZ_SETTINGS
@given(data=st.binary(max_size=300))
def test_any_bytes_either_read_or_refused_cleanly(data):
    """Whatever the bytes, the importer reads them or raises Refusal: nothing else escapes."""
    with contextlib.suppress(Refusal):
        list(read_rows(decode_upload(data), ["name"]))


def test_bom_then_invalid_utf8_is_a_format_error():
    with pytest.raises(Refusal):
        decode_upload(codecs.BOM_UTF8 + b"name\r\n\xff\xfe\xfa\r\n")


def test_truncated_utf16_is_a_format_error():
    with pytest.raises(Refusal):
        decode_upload(codecs.BOM_UTF16_LE + "name\r\nx".encode("utf-16-le") + b"\x00\xd8")
