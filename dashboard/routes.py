"""Routes of the dashboard: the page, its CSV, PDF and alert lists, and the figures JSON API."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, jsonify, make_response, render_template, request, url_for

from core import audit
from core.csvio import safe_filename
from core.dates import today
from core.landing import register_home
from core.models import Role
from core.navigation import register_nav
from core.params import whole_number
from core.permissions import STAFF, allow
from core.refusals import Refusal, refusal_json
from core.typed_dates import query_boxes
from dashboard import bp, figures_api_bp
from dashboard.cache import cached
from dashboard.commentary import change_phrase, headline_sentences
from dashboard.drilldown import accepts
from dashboard.links import figure_links
from dashboard.periods import period_from_query, quarter_shortcuts
from dashboard.presenters import build_charts, figure_rows, figures_csv_text
from dashboard.queries.alerts import ALERTS
from dashboard.services import compute_figures

register_nav("Dashboard", "dashboard.index", STAFF, order=10)


@bp.record_once
def _take_over_coordinator_home(_state) -> None:
    # At registration time, so it wins over core.views' default whatever the import order.
    register_home(Role.COORDINATOR, "dashboard.index")


@bp.app_template_filter("iso_date")
def iso_date(value: str):
    """A YYYY-MM-DD string as a date (for the uk_date filter)."""
    return date.fromisoformat(value)


def _period(required: bool = False):
    return period_from_query(request.args, today(), required=required)


def _boxes(day: date) -> tuple[str, str, str]:
    return (str(day.day), str(day.month), str(day.year))


@bp.route("/")
@allow(STAFF)
def index():
    """The dashboard: every figure for a period (the current quarter to date by default), with charts."""
    shortcuts = quarter_shortcuts(today())
    try:
        period = _period()
    except Refusal as problem:
        page = render_template(
            "dashboard/index.html",
            error=problem,
            from_boxes=query_boxes(request.args, "from"),
            to_boxes=query_boxes(request.args, "to"),
            shortcuts=shortcuts,
        )
        return page, 400
    fresh = request.args.get("fresh") == "1"

    def build():
        figures = compute_figures(period)
        return figures, headline_sentences(figures), build_charts(figures)

    (figures, commentary, charts), computed_at = cached(("figures", period.start, period.end), build, fresh=fresh)
    return render_template(
        "dashboard/index.html",
        error=None,
        period=period,
        from_boxes=_boxes(period.start),
        to_boxes=_boxes(period.end),
        shortcuts=shortcuts,
        figures=figures,
        commentary=commentary,
        charts=charts,
        computed_at=computed_at,
        links=figure_links(figures, period),
        alerts=ALERTS,
        change=change_phrase,
    )


@bp.route("/figures.csv")
@allow(STAFF)
def figures_csv():
    """The figures for the period as CSV: one row per figure."""
    try:
        period = _period()
    except Refusal as problem:
        abort(400, description=problem.message)
    figures = compute_figures(period)
    audit.record("report_run", "figures", detail={"format": "csv", **period.query_args()}, commit=True)
    response = Response("\ufeff" + figures_csv_text(figure_rows(figures)), mimetype="text/csv; charset=utf-8")
    name = safe_filename(f"cip-figures-{period.start.isoformat()}-to-{period.end.isoformat()}.csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/figures.pdf")
@allow(STAFF)
def figures_pdf():
    """The figures for the period as the PDF 'Citizens in Policing quarterly figures'."""
    from dashboard.pdf import figures_pdf as build_pdf

    try:
        period = _period()
    except Refusal as problem:
        abort(400, description=problem.message)
    figures = compute_figures(period)
    body = build_pdf(figures, headline_sentences(figures))
    audit.record("report_run", "figures", detail={"format": "pdf", **period.query_args()}, commit=True)
    response = make_response(body)
    response.mimetype = "application/pdf"
    name = f"cip-quarterly-figures-{period.start.isoformat()}-to-{period.end.isoformat()}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _list_response(name: str, value: str | None):
    """The page listing exactly the items a figure counted, for the period in the address."""
    from dashboard.listing import list_page

    if not accepts(name, value):
        abort(404)
    try:
        period = _period()
    except Refusal as problem:
        abort(400, description=problem.message)
    page = whole_number(request.args.get("page"), 6) or 1
    listed = list_page(name, value, period, page, measure=request.args.get("measure"))
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "dashboard/figure_list.html",
        listed=listed,
        period=period,
        explanation=ALERTS[value].explanation if name == "alert" else None,
        url_for_page=lambda n: url_for(request.endpoint, **(request.view_args or {}), **args, page=n),
    )


@bp.route("/lists/<name>")
@allow(STAFF)
def figure_list(name: str):
    """The items behind one figure (?value= picks the programme, stage, command ... it was counted for)."""
    return _list_response(name, request.args.get("value", ""))


@bp.route("/alerts/<key>")
@allow(STAFF)
def alert_list(key: str):
    """The volunteers behind one alert on the period's last day (the alert's own selection)."""
    return _list_response("alert", key)


@figures_api_bp.route("/figures")
@allow(STAFF)
def figures_json():
    """The figures for ?from=YYYY-MM-DD&to=YYYY-MM-DD as JSON (both dates required, 'from' <= 'to')."""
    try:
        period = _period(required=True)
    except Refusal as problem:
        return refusal_json(problem, 400)
    figures = compute_figures(period)
    audit.record("report_run", "figures", detail={"format": "json", **period.query_args()}, commit=True)
    return jsonify(figures)
