"""The Home Office return: a page, its CSV and its PDF, for any date and any year to 31 March.

Coordinators get the figures without equality data; the breakdown by sex and ethnic group is added only for
someone who may compile returns (core.permissions.compiles_returns)."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, make_response, render_template, request

from core import audit
from core.csvio import csv_response
from core.dates import today
from core.permissions import STAFF, allow, compiles_returns
from core.refusals import Refusal
from core.typed_dates import DateProblem, date_from_query, query_boxes
from equality.suppression import threshold
from returns import bp
from returns.pdf import return_pdf
from returns.report import HomeOfficeReturn, csv_rows, home_office_return, latest_return_day, latest_year_end

FIRST_YEAR = 1990


def _choice() -> tuple[date, int]:
    """The headcount date and the year to 31 March asked for (the latest return's by default); Refusal if not."""
    now = today()
    try:
        on = date_from_query(request.args, "on") or latest_return_day(now)
    except DateProblem as problem:
        raise Refusal(problem.message("The headcount date"), "on") from problem
    if on > now:
        raise Refusal("The headcount date must be today or in the past", "on")
    text = (request.args.get("year") or "").strip()
    if not text:
        return on, latest_year_end(now)
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise Refusal("The year ending 31 March must be a year, like 2026", "year")
    year = int(text)
    if not FIRST_YEAR <= year <= latest_year_end(now):
        raise Refusal(f"The year ending 31 March must be between {FIRST_YEAR} and {latest_year_end(now)}", "year")
    return on, year


def _return() -> HomeOfficeReturn:
    try:
        on, year = _choice()
    except Refusal as problem:
        abort(400, description=problem.message)
    return home_office_return(on, year, with_equality=compiles_returns())


def _audit(result: HomeOfficeReturn, fmt: str) -> None:
    detail = {"format": fmt, "on": result.on.isoformat(), "year": result.year_end, "equality": result.with_equality}
    audit.record("report_run", "home_office_return", detail=detail, commit=True)


@bp.route("/home-office")
@allow(STAFF)
def home_office():
    """The return as a page, with links to its CSV and PDF."""
    try:
        on, year = _choice()
    except Refusal as problem:
        page = render_template(
            "returns/home_office.html", error=problem, result=None, boxes=query_boxes(request.args, "on"),
            year=request.args.get("year", ""),
        )  # fmt: skip
        return page, 400
    result = home_office_return(on, year, with_equality=compiles_returns())
    if result.with_equality:
        _audit(result, "page")  # special category figures were read: say who and when
    return render_template(
        "returns/home_office.html",
        error=None,
        result=result,
        boxes=(str(on.day), str(on.month), str(on.year)),
        year=str(year),
        query={"on": on.isoformat(), "year": year},
        threshold=threshold(),
    )


@bp.route("/home-office.csv")
@allow(STAFF)
def home_office_csv():
    """The return as CSV: section, measure, category, value."""
    result = _return()
    _audit(result, "csv")
    name = f"home-office-return-{result.on.isoformat()}-year-to-{result.year_end}-03-31.csv"
    return csv_response(name, ["section", "measure", "category", "value"], csv_rows(result))


@bp.route("/home-office.pdf")
@allow(STAFF)
def home_office_pdf():
    """The return as a PDF."""
    result = _return()
    _audit(result, "pdf")
    response = make_response(return_pdf(result, current_app.config["FORCE_NAME"]))
    response.mimetype = "application/pdf"
    name = f"home-office-return-{result.on.isoformat()}-year-to-{result.year_end}-03-31.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response
