"""CSV in and out: safe exports (no spreadsheet formulas) and forgiving, line-numbered imports."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from flask import Response

from core.refusals import Refusal

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")
MAX_IMPORT_BYTES = 5 * 1024 * 1024


def neutralise_cell(value: object) -> str:
    """A cell value a spreadsheet will not run as a formula (OWASP CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # a number (even negative) is data, not a formula
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with a header row; every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise_cell(h) for h in headers])
    for row in rows:
        writer.writerow([neutralise_cell(cell) for cell in row])
    return out.getvalue()


def safe_filename(name: str) -> str:
    """A download file name of letters, digits, dot, dash and underscore only."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip(".-")
    return cleaned[:120] or "download"


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> Response:
    """A CSV download (UTF-8 with BOM so Excel reads it), never cached."""
    body = "\ufeff" + csv_text(headers, rows)
    response = Response(body, mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{safe_filename(filename)}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def decode_upload(data: bytes) -> str:
    """Text from an uploaded CSV: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252."""
    if len(data) > MAX_IMPORT_BYTES:
        raise Refusal(f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB", "file")
    if not data.strip():
        raise Refusal("The file is empty", "file")
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    except UnicodeDecodeError as problem:
        raise Refusal(
            f"The file says it is Unicode text but byte {problem.start + 1} is not: save it again as CSV UTF-8", "file"
        ) from problem
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as problem:
            raise Refusal("The file is not UTF-8 or Windows text: save it as CSV UTF-8", "file") from problem


@dataclass
class CsvRow:
    line: int  # the line in the file where the row starts (the header is line 1)
    values: dict[str, str]


def read_rows(text: str, required: Sequence[str]) -> Iterator[CsvRow]:
    """Rows keyed by lower-cased header, with the file line each starts on; checks required headers."""
    if "\0" in text:
        raise Refusal("The file contains NUL characters: it is not a CSV file", "file")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration as problem:
        raise Refusal("The file is empty", "file") from problem
    except csv.Error as problem:
        raise Refusal(f"The header row cannot be read: {problem}", "file") from problem
    names = [h.strip().lower() for h in header]
    missing = [r for r in required if r not in names]
    if missing:
        raise Refusal(f"The header row is missing: {', '.join(missing)}", "file")
    line = reader.line_num + 1
    try:
        for record in reader:
            start = line
            line = reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            padded = record + [""] * (len(names) - len(record))
            yield CsvRow(start, {name: padded[i].strip() for i, name in enumerate(names)})
    except csv.Error as problem:
        raise Refusal(f"Line {line}: {problem}", "file") from problem
