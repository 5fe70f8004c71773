"""Links from each figure to the list of exactly the items it counted (dashboard/drilldown.py)."""

from __future__ import annotations

from collections.abc import Sequence

from flask import current_app, url_for
from werkzeug.routing import BuildError

Candidate = tuple[str, dict]


def link_to(endpoint: str, **values) -> str | None:
    """The URL of an endpoint, or None when no such view is registered (or it needs other arguments)."""
    if endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def first_link(candidates: Sequence[Candidate]) -> str | None:
    """The first candidate endpoint that is registered."""
    for endpoint, values in candidates:
        url = link_to(endpoint, **values)
        if url:
            return url
    return None


def figure_list(period, name: str, value=None, measure: str | None = None) -> str | None:
    """The list of exactly the items a figure counted (dashboard/drilldown.py), for the same period."""
    args = dict(period.query_args())
    if value is not None:
        args["value"] = value
    if measure:
        args["measure"] = measure
    return link_to("dashboard.figure_list", name=name, **args)


def figure_links(figures: dict, period) -> dict:
    """The link behind each figure on the dashboard: the list of the items it counted, for the same period."""
    from dashboard.queries.alerts import ALERTS

    def listed(name: str, value=None, measure=None):
        return figure_list(period, name, value, measure)

    links: dict = {
        "headcount": {h["programme"]: listed("members", h["programme"]) for h in figures["headcount"]},
        "stage": {s["stage"]: listed("specials_stage", s["stage"]) for s in figures["specials"]["by_stage"]},
        "command": {
            c["command"]: listed("specials_command", c["command_id"] or "none")
            for c in figures["specials"]["by_command"]
        },
        "csc_in_post": listed("csc", "in_post"),
        "csc_in_training": listed("csc", "in_training"),
        "csc_parishes": listed("csc_parishes"),
        "parishes_recruited": listed("parishes_agreement", "active"),
        "parishes_unable": listed("parishes_agreement", "unable_to_recruit"),
        "csc_duties": listed("csc_duties"),
        "duties": listed("duties"),
        "duties_by_programme": {
            d["programme"]: listed("duties", d["programme"]) for d in figures["duties"]["by_programme"]
        },
        "esp_registered": listed("esp_businesses", "registered"),
        "esp_engaged": listed("esp_businesses", "being_engaged"),
        "esp_specials": listed("esp_specials"),
        "cadet_people": {role: listed("cadet_people", role) for role in ("cadet", "junior_cadet", "cadet_leader")},
        "cadet_units": listed("cadet_units"),
        "watch_members": listed("watch_schemes", measure="end"),
        "watch_schemes": listed("watch_schemes"),
        "speed_watch_groups": listed("speed_watch_groups"),
        "speed_watch_letters": listed("speed_watch_sessions", measure="letters"),
        "speed_watch_checked": listed("speed_watch_sessions", measure="vehicles_checked"),
        "applications_received": listed("applications_received"),
        "applications_open": listed("applications_open"),
        "applications_joined": listed("applications_closed", "joined"),
        "open_stage": {
            st["stage"]: listed("applications_open", st["stage"]) for st in figures["recruitment"]["open_by_stage"]
        },
        "district": {
            row["district"]: listed("active_citizens", row.get("district_id") or "none")
            for row in figures["active_citizens"]["by_district"]
        },
        "alerts": {key: link_to("dashboard.alert_list", key=key, **period.query_args()) for key in ALERTS},
    }
    return links
