"""The PDF 'Citizens in Policing quarterly figures', laid out like the Commissioner's report section."""

from __future__ import annotations

from datetime import date

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from core import pdf

TITLE = "Citizens in Policing quarterly figures"
ABOUT = (
    "People are counted on the period's last day from dated programme memberships; a Special's command and rank, "
    "a cadet's unit, a volunteer's district and the status of posts, agreements, Speed Watch groups and cadet units "
    "are those recorded for that day; duties, hours, letters and applications are those dated within the period."
)


NUMBER_STYLE = ParagraphStyle("CipCellNumber", parent=pdf.STYLES["cell"], alignment=TA_RIGHT)


def _table(headers, rows, col_widths=None, numeric_columns=()):
    """core.pdf.table with its numeric columns right-aligned (a Paragraph ignores the cell's ALIGN)."""
    table = pdf.table(headers, rows, col_widths=col_widths, numeric_columns=numeric_columns)
    for row in table._cellvalues:
        for column in numeric_columns:
            cell = row[column]
            if isinstance(cell, Paragraph):
                cell.style = NUMBER_STYLE
    return table


def _n(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def _signed(value: int) -> str:
    return f"{value:+,d}"


def _month(key: str) -> str:
    year, month = (int(p) for p in key.split("-"))
    return date(year, month, 1).strftime("%b %y")


def figures_pdf(figures: dict, commentary: list[str]) -> bytes:
    """The PDF bytes: headline commentary, tables, then charts."""
    f = figures
    story: list = [pdf.heading("Headline figures")]
    for sentence in commentary:
        story.append(pdf.text(f"\u2022 {sentence}"))
    story.append(Spacer(1, 3 * mm))

    story.append(pdf.heading("Headcount by programme", 3))
    story.append(
        _table(
            ["Programme", "At start", "At end", "Change", "Joined", "Left"],
            [
                [h["label"], _n(h["start"]), _n(h["end"]), _signed(h["change"]), _n(h["joined"]), _n(h["left"])]
                for h in f["headcount"]
            ],
            numeric_columns=[1, 2, 3, 4, 5],
        )
    )
    sp = f["specials"]
    story.append(pdf.heading("Special Constables by learning stage and command", 3))
    story.append(
        _table(
            ["Learning stage", "Specials"],
            [[s["label"], _n(s["count"])] for s in sp["by_stage"]] + [["Total", _n(sp["total"])]],
            col_widths=[110 * mm, 30 * mm],
            numeric_columns=[1],
        )
    )
    story.append(Spacer(1, 2 * mm))
    story.append(
        _table(
            ["Command or area", "Specials"],
            [[c["command"], _n(c["count"])] for c in sp["by_command"]],
            col_widths=[110 * mm, 30 * mm],
            numeric_columns=[1],
        )
    )
    csc, own = f["csc"], f["csc"]["duties_in_own_parishes"]
    story.append(pdf.heading("Community Special Constables", 3))
    story.append(
        _table(
            ["Figure", "Number"],
            [
                ["CSCs in post", _n(csc["in_post"])],
                ["CSCs in post-foundation training", _n(csc["in_training"])],
                ["Parishes with a CSC in post", _n(csc["parishes_with_csc_in_post"])],
                ["Parishes signed up and recruited", _n(csc["parishes_signed_and_recruited"])],
                ["Parishes signed up but unable to recruit", _n(csc["parishes_signed_unable_to_recruit"])],
                ["CSCs on duty in their own parishes", _n(own["cscs"])],
                ["Duties in their own parishes", _n(own["duties"])],
                ["Hours in their own parishes", _n(own["hours"])],
            ],
            col_widths=[110 * mm, 30 * mm],
            numeric_columns=[1],
        )
    )
    esp = f["esp"]
    story.append(pdf.heading("Employer Supported Policing", 3))
    story.append(
        _table(
            ["Figure", "Number"],
            [
                ["Businesses registered", _n(esp["businesses_registered"])],
                ["Specials benefiting", _n(esp["specials_benefiting"])],
                ["of whom force staff", _n(esp["force_staff"])],
                ["Businesses being engaged", _n(esp["businesses_being_engaged"])],
            ],
            col_widths=[110 * mm, 30 * mm],
            numeric_columns=[1],
        )
    )
    cadets = f["cadets"]
    story.append(pdf.heading("Volunteer Police Cadets by unit", 3))
    story.append(
        _table(
            ["Unit", "Cadets", "Junior cadets", "Leaders"],
            [[u["unit"], _n(u["cadets"]), _n(u["junior_cadets"]), _n(u["leaders"])] for u in cadets["by_unit"]]
            + [["Total", _n(cadets["cadets"]), _n(cadets["junior_cadets"]), _n(cadets["leaders"])]],
            numeric_columns=[1, 2, 3],
        )
    )
    ac = f["active_citizens"]
    story.append(pdf.heading("Active Citizens by district", 3))
    story.append(
        _table(
            ["District", "Active Citizens"],
            [[d["district"], _n(d["count"])] for d in ac["by_district"]] + [["Total", _n(ac["total"])]],
            col_widths=[110 * mm, 30 * mm],
            numeric_columns=[1],
        )
    )
    watch = f["watch"]
    story.append(pdf.heading("Watch schemes", 3))
    story.append(
        _table(
            ["Scheme", "At start", "At end", "Change"],
            [[s["scheme"], _n(s["start"]), _n(s["end"]), _signed(s["change"])] for s in watch["by_scheme"]]
            + [["All schemes", _n(watch["members_start"]), _n(watch["members_end"]), _signed(watch["change"])]],
            numeric_columns=[1, 2, 3],
        )
    )
    sw = f["speed_watch"]
    story.append(pdf.heading("Community Speed Watch", 3))
    story.append(
        _table(
            ["Figure", "Number"],
            [
                ["Groups", _n(sw["groups"])],
                ["Volunteers", _n(sw["volunteers"])],
                ["Sessions", _n(sw["sessions"])],
                ["Vehicles checked", _n(sw["vehicles_checked"])],
                ["Warning letters", _n(sw["letters"])],
            ],
            col_widths=[110 * mm, 30 * mm],
            numeric_columns=[1],
        )
    )
    duties = f["duties"]
    story.append(pdf.heading("Approved duties and hours by programme", 3))
    story.append(
        _table(
            ["Programme", "Duties", "Hours"],
            [[d["label"], _n(d["duties"]), _n(d["hours"])] for d in duties["by_programme"]]
            + [["Total", _n(duties["duties"]), _n(duties["hours"])]],
            numeric_columns=[1, 2],
        )
    )
    rec = f["recruitment"]
    story.append(pdf.heading("Recruitment", 3))
    story.append(
        _table(
            ["Stage", "Open applications"],
            [[s["label"], _n(s["count"])] for s in rec["open_by_stage"]] + [["Total open", _n(rec["open"])]],
            col_widths=[110 * mm, 30 * mm],
            numeric_columns=[1],
        )
    )

    series = f["series"]
    story.append(pdf.heading("Charts"))
    dates = [date.fromisoformat(d).strftime("%b %y") for d in series["dates"]]
    charts = [
        pdf.bar_chart("Special Constables at each month end", dates, series["headcount"]["special"]),
        pdf.bar_chart(
            "Approved hours per month, all programmes",
            [_month(m) for m in series["months"]],
            [sum(values[i] for values in series["hours_by_programme"].values()) for i in range(len(series["months"]))],
        ),
        pdf.bar_chart(
            "Recruitment funnel: Special and CSC applications in the 12 months to the end",
            [s["label"] for s in rec["funnel"]["stages"]],
            [s["count"] for s in rec["funnel"]["stages"]],
        ),
        pdf.bar_chart("Watch scheme members at each month end", dates, series["watch_members"]),
    ]
    for chart in charts:
        story.append(KeepTogether([chart, Spacer(1, 4 * mm)]))
    story.append(pdf.text(" ".join([ABOUT, *f["notes"]]), "small"))
    return pdf.render(TITLE, story, subtitle=f["period"]["label"])
