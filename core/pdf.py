"""ReportLab building blocks: escaped text, tables, bar charts and a branded A4 document."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

BRAND = colors.HexColor("#1d3c6e")
# An embedded Unicode font (DejaVu Sans, vendored in static/fonts): ReportLab's built-in Helvetica covers only
# Latin-1, so names such as Łukasz, Siân's Welsh ŵ or Zoë's neighbours' Żaneta printed as black boxes.
FONT, FONT_BOLD = "CipSans", "CipSans-Bold"
_FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"


def _register_fonts() -> None:
    """Register the embedded font once per process (ReportLab keeps a global registry)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, _FONT_DIR / "DejaVuSans.ttf"))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, _FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


_register_fonts()
_styles = getSampleStyleSheet()
_body, _bold = {"fontName": FONT}, {"fontName": FONT_BOLD}
STYLES = {
    "title": ParagraphStyle(
        "CipTitle", parent=_styles["Title"], textColor=BRAND, alignment=0, fontSize=20, leading=24, **_bold
    ),
    "h2": ParagraphStyle("CipH2", parent=_styles["Heading2"], textColor=BRAND, **_bold),
    "h3": ParagraphStyle("CipH3", parent=_styles["Heading3"], **_bold),
    "body": ParagraphStyle("CipBody", parent=_styles["BodyText"], fontSize=10, leading=13, **_body),
    "small": ParagraphStyle("CipSmall", parent=_styles["BodyText"], fontSize=8, textColor=colors.grey, **_body),
    "cell": ParagraphStyle("CipCell", parent=_styles["BodyText"], fontSize=8.5, leading=10.5, **_body),
    "cell_right": ParagraphStyle(
        "CipCellRight", parent=_styles["BodyText"], fontSize=8.5, leading=10.5, alignment=2, **_body
    ),
}


def text(value: object, style: str = "body") -> Paragraph:
    """A paragraph of plain text. ReportLab reads Paragraph text as markup (and can fetch
    images named in <img> tags), so user text is always escaped here."""
    return Paragraph(escape("" if value is None else str(value)), STYLES[style])


def heading(value: str, level: int = 2) -> Paragraph:
    return text(value, "h2" if level == 2 else "h3")


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    col_widths: Sequence[float] | None = None,
    numeric_columns: Sequence[int] = (),
) -> Table:
    """A striped table; every cell escaped; numeric columns right-aligned."""
    numeric = set(numeric_columns)

    def style_for(col: int) -> str:
        return "cell_right" if col in numeric else "cell"

    def cell(col: int, value: object):
        # A number is drawn as a plain string: nothing to wrap, no markup to parse (a Paragraph per
        # numeric cell made a table of a thousand parishes take seconds).
        if col in numeric and isinstance(value, int | float) and not isinstance(value, bool):
            return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
        return text(value, style_for(col))

    data = [[text(h, style_for(i)) for i, h in enumerate(headers)]]
    for row in rows:
        data.append([cell(i, value) for i, value in enumerate(row)])
    tbl = Table(data, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 1), (-1, -1), 8.5),
        *[("ALIGN", (col, 1), (col, -1), "RIGHT") for col in sorted(numeric)],
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, BRAND),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f6f7f9")]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    tbl.setStyle(TableStyle(style))
    return tbl


def bar_chart(
    title: str, labels: Sequence[str], values: Sequence[float], width: float = 170 * mm, height: float = 60 * mm
) -> Drawing:
    """A simple vertical bar chart with a title (labels and title are drawn as plain strings)."""
    drawing = Drawing(width, height + 14)
    drawing.add(String(0, height + 4, title, fontName=FONT_BOLD, fontSize=9, fillColor=BRAND))
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 28
    chart.width, chart.height = width - 40, height - 36
    chart.data = [list(values) or [0]]
    chart.categoryAxis.categoryNames = [str(label)[:14] for label in labels] or [""]
    chart.categoryAxis.labels.angle = 30 if len(labels) > 6 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(labels) > 6 else "n"
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.fontName = FONT
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = FONT
    chart.barLabels.fontName = FONT
    chart.bars[0].fillColor = BRAND
    drawing.add(chart)
    return drawing


def render(
    title: str,
    story: Sequence[Flowable],
    subtitle: str | None = None,
    force_name: str = "Essex Police",
    author: str = "Citizens in Policing",
) -> bytes:
    """An A4 PDF: title block, the story, and a footer with the page number and generation time.

    It declares its language (/Lang en-GB), a viewer shows its title rather than its file name
    (DisplayDocTitle), and its title, author and subject are set. (Open-source ReportLab cannot tag
    the structure; every PDF's figures are also an HTML page.)"""
    buffer = io.BytesIO()
    generated = datetime.now(UTC).strftime("%d %b %Y %H:%M UTC")

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(15 * mm, 10 * mm, f"{force_name} - {author} - generated {generated}")
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=f"{force_name} {author}",
        initialFontName=FONT,
        subject=f"{title}: {subtitle}" if subtitle else title,
        creator="Citizens in Policing",
        lang="en-GB",
        displayDocTitle=True,
    )
    flowables: list[Flowable] = [text(f"{force_name} | Citizens in Policing", "small"), text(title, "title")]
    if subtitle:
        flowables.append(text(subtitle, "body"))
    flowables.append(Spacer(1, 4 * mm))
    flowables.extend(story)
    doc.build(flowables, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
