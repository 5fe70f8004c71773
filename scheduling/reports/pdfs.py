"""The PDF reports: recruitment pipeline and monthly hours (ReportLab through core.pdf)."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from core import pdf
from core.dates import month_start
from scheduling.hours import services as hours
from scheduling.hours import welfare
from scheduling.hours.csc import csc_hours_in_own_parish
from scheduling.reports.pipeline import PipelineFigures
from volunteers.pipeline.forecast import RecruitmentForecast


def _h(minutes: int) -> str:
    value = minutes / 60
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _forecast_story(found: RecruitmentForecast) -> list:
    """The forecast's figures as the pipeline page and the dashboard give them (volunteers.pipeline.forecast)."""
    plan = found.forecast
    projected = found.projected_headcount

    def shown(value):
        return "Not measurable" if value is None else value

    rows = [
        ["Headcount at end of period", found.headcount_end],
        ["Joined in the 12 months to the end of period", found.joined],
        ["Left in the 12 months to the end of period", found.left],
        ["Applications received in the 12 months", found.applications],
        [
            "Conversion of the year before's applications",
            "Not measurable" if found.conversion is None else f"{found.conversion:.1%}",
        ],
        ["Forecast in 12 months at the same rates", shown(projected)],
        ["Target headcount", found.target],
        ["Gap to target", shown(None if projected is None else max(found.target - projected, 0))],
        ["New Specials needed a year to hold the target", shown(plan.joiners_needed if plan else None)],
        ["Applications needed a year to hold the target", shown(plan.applications_needed if plan else None)],
    ]
    story = [
        pdf.heading("Forecast against target headcount"),
        pdf.table(["Measure", "Specials"], rows, numeric_columns=[1]),
    ]
    if projected is not None:
        story.append(
            pdf.bar_chart(
                "Headcount, forecast and target",
                ["Now", "Forecast", "Target"],
                [found.headcount_end, projected, found.target],
            )
        )
    return story


def pipeline_pdf(figures: PipelineFigures, force_name: str = "Essex Police") -> bytes:
    """The recruitment-pipeline report: stages, sources, conversion, time in stage, attrition, forecast, CSC posts."""
    story = [
        pdf.heading("Summary"),
        pdf.table(
            ["Measure", "Figure"],
            [
                ["Applications received", figures.received],
                ["Joined", figures.joined],
                ["Withdrawn", figures.withdrawn],
                ["Rejected", figures.rejected],
                ["Conversion (joined of closed)", f"{figures.conversion_percent}%"],
            ],
            numeric_columns=[1],
        ),
        Spacer(1, 4 * mm),
        pdf.heading("Open applications by stage"),
        pdf.table(["Stage", "Applications"], figures.by_stage, numeric_columns=[1]),
        pdf.bar_chart("Open applications by stage", [s for s, _ in figures.by_stage], [n for _, n in figures.by_stage]),
        pdf.heading("Applications by source"),
        pdf.table(["Source", "Applications", "Joined"], figures.by_source or [["None", 0, 0]], numeric_columns=[1, 2]),
    ]
    if figures.by_source:
        story.append(
            pdf.bar_chart(
                "Applications by source", [s for s, *_ in figures.by_source], [n for _, n, _ in figures.by_source]
            )
        )
    story += [
        pdf.heading("Time in stage"),
        pdf.table(
            ["Stage", "Mean days", "Moves on"],
            figures.time_in_stage or [["No moves in the period", "", ""]],
            numeric_columns=[1, 2],
        ),
        pdf.heading("Attrition reasons"),
        pdf.table(["Outcome", "Reason", "Applications"], figures.attrition or [["None", "", 0]], numeric_columns=[2]),
        *_forecast_story(figures.forecast),
        pdf.heading("Community Special Constable posts per parish"),
        pdf.table(
            ["Parish", "Posts funded", "In post", "Not in post"],
            figures.csc_posts or [["No parish agreements", 0, 0, 0]],
            numeric_columns=[1, 2, 3],
        ),
    ]
    subtitle = f"{figures.start:%-d %B %Y} to {figures.end:%-d %B %Y}"
    return pdf.render("Recruitment pipeline report", story, subtitle=subtitle, force_name=force_name)


def hours_pdf(start: date, end: date, force_name: str = "Essex Police") -> bytes:
    """The hours report: totals by programme, LPA, district, ESP employer, CSC hours and shortfall."""

    def rows(totals, people: bool = False):
        if people:
            return [[t.label, t.duties, _h(t.minutes), t.people] for t in totals] or [["None", 0, 0, 0]]
        return [[t.label, t.duties, _h(t.minutes)] for t in totals] or [["None", 0, 0]]

    headers = ["", "Duties", "Hours"]
    csc = csc_hours_in_own_parish(start, end)
    by_programme = hours.totals_by_programme(start, end)
    month = month_start(end)
    shortfall = welfare.shortfall_list(month)
    story = [
        pdf.heading("Community Special Constables"),
        pdf.text(csc.sentence() + "."),
        pdf.heading("By programme"),
        pdf.table(["Programme", *headers[1:], "Volunteers"], rows(by_programme, True), numeric_columns=[1, 2, 3]),
        pdf.bar_chart("Hours by programme", [t.label for t in by_programme], [t.minutes / 60 for t in by_programme]),
        pdf.heading("By Local Policing Area"),
        pdf.table(["LPA", *headers[1:]], rows(hours.totals_by_lpa(start, end)), numeric_columns=[1, 2]),
        pdf.heading("By district"),
        pdf.table(["District", *headers[1:]], rows(hours.totals_by_district(start, end)), numeric_columns=[1, 2]),
        pdf.heading("Employer Supported Policing"),
        pdf.table(["Employer", *headers[1:]], rows(hours.esp_hours_by_employer(start, end)), numeric_columns=[1, 2]),
        pdf.heading(f"Below commitment in {month:%B %Y}"),
        pdf.table(
            ["Special", "Hours", "Commitment"],
            [[r.name, _h(r.minutes), _h(r.commitment)] for r in shortfall] or [["Nobody", "", ""]],
            numeric_columns=[1, 2],
        ),
    ]
    return pdf.render("Hours report", story, subtitle=f"{start:%-d %B %Y} to {end:%-d %B %Y}", force_name=force_name)
