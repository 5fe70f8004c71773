"""PDFs print every name as written: the embedded Unicode font, read back with pypdf."""

from __future__ import annotations

import io

from pypdf import PdfReader

from core import pdf

NAMES = ["Łukasz Wójcik", "Siân ap Rhŵs", "Zoë Ó Súilleabháin", "Dvořák"]


def test_names_outside_latin_1_are_printed_not_boxed():
    story = [pdf.text(NAMES[0]), pdf.table(["Name", "Hours"], [[n, 3] for n in NAMES[1:]], numeric_columns=[1])]
    story.append(pdf.bar_chart("Hours by officer", NAMES, [1, 2, 3, 4]))
    made = pdf.render(f"Statement for {NAMES[1]}", story)
    reader = PdfReader(io.BytesIO(made))
    words = reader.pages[0].extract_text()
    for name in NAMES:
        assert name in words, name
    assert "■" not in words
    fonts = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    # The text is drawn in the embedded font (the chart renderer may still name Helvetica in its start state).
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= {name.rpartition("+")[2] for name in fonts}
