"""Turn the figures into charts and into flat rows (CSV, PDF tables)."""

from __future__ import annotations

import csv
import io
from datetime import date

from core.csvio import neutralise_cell
from dashboard.charts import Chart, funnel_chart, line_chart, stacked_bar_chart

SHORT_LABELS = {
    "special": "Specials",
    "csc": "CSCs",
    "cadet": "Cadets",
    "junior_cadet": "Junior cadets",
    "cadet_leader": "Cadet leaders",
    "active_citizen": "Active Citizens",
    "speed_watch": "Speed Watch",
    "none": "No programme",
}


def _month_label(key: str) -> str:
    year, month = (int(part) for part in key.split("-"))
    return date(year, month, 1).strftime("%b %Y")


def _day_label(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%-d %b %Y")


def build_charts(figures: dict) -> list[Chart]:
    """The dashboard's four charts, each with a one-sentence description."""
    series = figures["series"]
    dates = [_day_label(d) for d in series["dates"]]
    adult = ["special", "cadet", "cadet_leader", "active_citizen"]
    head_series = [(SHORT_LABELS[p], series["headcount"][p]) for p in adult]
    specials = series["headcount"]["special"]
    headcount = line_chart(
        "chart-headcount",
        "Headcount over time",
        f"People in each programme at each month end from {dates[0]} to {dates[-1]}. Specials went from "
        f"{specials[0]:,} to {specials[-1]:,}.",
        dates,
        head_series,
    )
    months = [_month_label(m) for m in series["months"]]
    hour_series = [
        (SHORT_LABELS.get(key, key), values) for key, values in series["hours_by_programme"].items() if any(values)
    ] or [(SHORT_LABELS["special"], [0.0] * len(months))]
    totals = [sum(values[i] for _, values in hour_series) for i in range(len(months))]
    busiest = max(range(len(months)), key=lambda i: totals[i]) if months else 0
    hours = stacked_bar_chart(
        "chart-hours",
        "Approved hours per month by programme",
        f"Approved duty hours in each month from {months[0]} to {months[-1]}, stacked by programme. The busiest "
        f"month was {months[busiest]} with {totals[busiest]:,.0f} hours.",
        months,
        hour_series,
    )
    funnel_data = figures["recruitment"]["funnel"]
    stages = [(s["label"], s["count"]) for s in funnel_data["stages"]]
    first = stages[0][1] if stages else 0
    attested = next((c for label, c in stages if label == "Attested"), 0)
    funnel = funnel_chart(
        "chart-funnel",
        "Recruitment funnel: Special and CSC applications",
        f"Of {first:,} applications received from {_day_label(funnel_data['from'])} to "
        f"{_day_label(funnel_data['to'])}, the number that reached each stage; {attested:,} were attested.",
        stages,
    )
    watch = series["watch_members"]
    members = line_chart(
        "chart-watch",
        "Watch scheme members over time",
        f"Members of all watch schemes at each month end, from {watch[0]:,} on {dates[0]} to {watch[-1]:,} on "
        f"{dates[-1]}.",
        dates,
        [("Watch scheme members", watch)],
    )
    return [headcount, hours, funnel, members]


def figure_rows(figures: dict) -> list[tuple[str, str, str, object]]:
    """Every figure as (section, figure, breakdown, value) rows: the CSV and the PDF tables read these."""
    out: list[tuple[str, str, str, object]] = []
    add = out.append
    period = figures["period"]
    add(("Period", "From", "", period["from"]))
    add(("Period", "To", "", period["to"]))
    for h in figures["headcount"]:
        for key, text in (
            ("start", "at start"),
            ("end", "at end"),
            ("change", "change"),
            ("joined", "joined"),
            ("left", "left"),
        ):
            add(("Headcount", h["label"], text, h[key]))
    sp = figures["specials"]
    add(("Special Constables", "Total at end", "", sp["total"]))
    for s in sp["by_stage"]:
        add(("Special Constables", "By learning stage", s["label"], s["count"]))
    for c in sp["by_command"]:
        add(("Special Constables", "By command", c["command"], c["count"]))
    for r in sp["by_rank"]:
        add(("Special Constables", "By rank", r["rank"], r["count"]))
    csc = figures["csc"]
    for key, text in (
        ("in_post", "CSCs in post"),
        ("in_training", "CSCs in training"),
        ("parishes_with_csc_in_post", "Parishes with a CSC in post"),
        ("parishes_signed_and_recruited", "Parishes signed up and recruited"),
        ("parishes_signed_unable_to_recruit", "Parishes signed up but unable to recruit"),
        ("parishes_signed_recruiting", "Parishes signed up and recruiting"),
    ):
        add(("Community Special Constables", text, "", csc[key]))
    for p in csc["posts_by_state"]:
        add(("Community Special Constables", "Posts by state", p["label"], p["count"]))
    own = csc["duties_in_own_parishes"]
    for key, text in (("cscs", "CSCs"), ("parishes", "Parishes"), ("duties", "Duties"), ("hours", "Hours")):
        add(("Community Special Constables", "Duties in own parishes", text, own[key]))
    esp = figures["esp"]
    for key, text in (
        ("businesses_registered", "Businesses registered"),
        ("specials_benefiting", "Specials benefiting"),
        ("force_staff", "of whom force staff"),
        ("businesses_being_engaged", "Businesses being engaged"),
    ):
        add(("Employer Supported Policing", text, "", esp[key]))
    cadets = figures["cadets"]
    for key, text in (
        ("cadets", "Cadets"),
        ("junior_cadets", "Junior cadets"),
        ("leaders", "Cadet leaders"),
        ("units_with_members", "Units with members"),
        ("units_open", "Units open"),
    ):
        add(("Volunteer Police Cadets", text, "", cadets[key]))
    add(("Volunteer Police Cadets", "Units to re-open", "", len(cadets["units_reopening"])))
    for u in cadets["by_unit"]:
        add(("Volunteer Police Cadets", "Cadets by unit", u["unit"], u["cadets"]))
        add(("Volunteer Police Cadets", "Junior cadets by unit", u["unit"], u["junior_cadets"]))
        add(("Volunteer Police Cadets", "Leaders by unit", u["unit"], u["leaders"]))
    ac = figures["active_citizens"]
    add(("Active Citizens", "Total at end", "", ac["total"]))
    for d in ac["by_district"]:
        add(("Active Citizens", "By district", d["district"], d["count"]))
    watch = figures["watch"]
    add(("Watch schemes", "Members at start", "", watch["members_start"]))
    add(("Watch schemes", "Members at end", "", watch["members_end"]))
    add(("Watch schemes", "Change", "", watch["change"]))
    for s in watch["by_scheme"]:
        add(("Watch schemes", "Members at end", s["scheme"], s["end"]))
        add(("Watch schemes", "Change", s["scheme"], s["change"]))
    sw = figures["speed_watch"]
    for key, text in (
        ("groups", "Groups"),
        ("new_groups", "New groups in period"),
        ("volunteers", "Volunteers"),
        ("sessions", "Sessions"),
        ("vehicles_checked", "Vehicles checked"),
        ("first_letters", "First letters"),
        ("final_letters", "Final letters"),
        ("letters", "Letters"),
        ("referrals", "Referrals"),
    ):
        add(("Community Speed Watch", text, "", sw[key]))
    duties = figures["duties"]
    add(("Duties", "Approved duties", "All programmes", duties["duties"]))
    add(("Duties", "Approved hours", "All programmes", duties["hours"]))
    for d in duties["by_programme"]:
        add(("Duties", "Approved duties", d["label"], d["duties"]))
        add(("Duties", "Approved hours", d["label"], d["hours"]))
    rec = figures["recruitment"]
    for key, text in (
        ("received", "Applications received"),
        ("open", "Open at end"),
        ("joined", "Joined"),
        ("withdrawn", "Withdrawn"),
        ("rejected", "Rejected"),
    ):
        add(("Recruitment", text, "", rec[key]))
    for s in rec["open_by_stage"]:
        add(("Recruitment", "Open by stage", s["label"], s["count"]))
    for s in rec["funnel"]["stages"]:
        add(("Recruitment", "Funnel (12 months to end)", s["label"], s["count"]))
    for key, value in rec["forecast"].items():
        add(("Recruitment forecast", key.replace("_", " ").capitalize(), "", "" if value is None else value))
    from dashboard.queries.alerts import ALERTS

    for key, count in figures["alerts"]["counts"].items():
        add(("Alerts", ALERTS[key].label, f"on {figures['alerts']['on']}", count))
    return out


def figures_csv_text(rows: list[tuple[str, str, str, object]]) -> str:
    """CSV text of the figure rows. Numbers are written as numbers (a change of -3 stays -3, which
    core.csvio would quote as text); every other cell is neutralised against spreadsheet formulas."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["section", "figure", "breakdown", "value"])
    for row in rows:
        writer.writerow(
            [
                cell if isinstance(cell, int | float) and not isinstance(cell, bool) else neutralise_cell(cell)
                for cell in row
            ]
        )
    return out.getvalue()
