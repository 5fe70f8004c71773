"""The Home Office return as a PDF (ReportLab, through core.pdf)."""

from __future__ import annotations

from core import pdf
from equality.suppression import SUPPRESSED
from returns.report import HomeOfficeReturn

TITLE = "Home Office return"


def return_pdf(result: HomeOfficeReturn, force_name: str) -> bytes:
    """The return on one or two A4 pages: headcount, then joiners and leavers with their breakdowns."""
    story = [
        pdf.heading(f"Headcount on {result.on:%-d %B %Y}"),
        pdf.table(["Who", "Headcount"], result.headcount, numeric_columns=(1,)),
        pdf.heading(f"Special Constable joiners and leavers, {result.year_label}"),
        pdf.table(
            ["Age band", f"Specials on {result.on:%-d %b %Y}", "Joiners", "Leavers"],
            [["All", result.specials.total, result.joiners.total, result.leavers.total]]
            + [
                [label, serving, joined, left]
                for (label, serving), (_, joined), (_, left) in zip(
                    result.specials.by_age, result.joiners.by_age, result.leavers.by_age, strict=True
                )
            ],
            numeric_columns=(1, 2, 3),
        ),
        pdf.text(
            f"By age band on the headcount date, or the day they joined or left. Left to join the regular force: "
            f"{result.leavers.to_regular_force}."
        ),
        pdf.heading("Special Constable leavers by reason for leaving", 3),
        pdf.table(["Reason for leaving", "Leavers"], result.leavers.by_reason, numeric_columns=(1,)),
    ]
    if result.with_equality:
        for title, attribute in (("By sex", "by_sex"), ("By ethnic group", "by_ethnicity")):
            serving = getattr(result.specials, attribute)
            joined, left = getattr(result.joiners, attribute), getattr(result.leavers, attribute)
            story.append(pdf.heading(title, 3))
            story.append(
                pdf.table(
                    ["", f"Specials on {result.on:%-d %b %Y}", "Joiners", "Leavers"],
                    [[s.label, s.shown, a.shown, b.shown] for s, a, b in zip(serving, joined, left, strict=True)],
                    numeric_columns=(1, 2, 3),
                )
            )
        story.append(
            pdf.text(
                f"{SUPPRESSED}: fewer people than the smallest number shown, or withheld so that such a "
                "figure cannot be worked out from the total. Sex and ethnic group are as the people gave them."
            )
        )
    subtitle = f"headcount on {result.on:%-d %B %Y}; year to 31 March {result.year_end}"
    return pdf.render(TITLE, story, subtitle=subtitle, force_name=force_name)
