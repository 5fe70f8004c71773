"""Links from each figure to the list behind it, for whichever of those lists exist in this build."""

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


def volunteers(**filters) -> str | None:
    """The volunteer list filtered (by programme, stage, command ...)."""
    return link_to("volunteers.index", **{k: v for k, v in filters.items() if v is not None})


# Lists other blueprints provide (or may): the first registered endpoint wins.
LISTS: dict[str, list[Candidate]] = {
    "parishes": [("schemes.parishes", {})],
    "parishes_unable": [("schemes.parishes_unable", {}), ("schemes.parishes", {})],
    "csc_posts": [("schemes.parish_posts", {}), ("schemes.parishes", {})],
    "esp": [("schemes.esp", {}), ("schemes.esp_businesses", {})],
    "cadet_units": [("schemes.cadet_units", {})],
    "watch": [("schemes.watch", {}), ("schemes.watch_schemes", {})],
    "speed_watch": [("schemes.speedwatch", {}), ("schemes.speed_watch", {})],
    "speed_watch_figures": [("schemes.speedwatch_figures", {})],
    "duties": [("scheduling.duties", {"status": "approved"})],
    "applications": [("volunteers.applications", {})],
}


def list_link(name: str) -> str | None:
    """The link for one of the named lists in ``LISTS``."""
    return first_link(LISTS.get(name, []))


def figure_links(figures: dict, period) -> dict:
    """The link behind each figure on the dashboard (None where no list exists yet)."""
    from dashboard.queries.alerts import ALERTS

    links: dict = {
        "headcount": {h["programme"]: volunteers(programme=h["programme"]) for h in figures["headcount"]},
        "stage": {
            s["stage"]: volunteers(programme="special", stage=s["stage"]) for s in figures["specials"]["by_stage"]
        },
        "command": {
            c["command"]: volunteers(programme="special", command_id=c["command_id"])
            for c in figures["specials"]["by_command"]
        },
        "csc_people": volunteers(programme="csc"),
        "csc_posts": list_link("csc_posts") or volunteers(programme="csc"),
        "parishes": list_link("parishes"),
        "parishes_unable": list_link("parishes_unable"),
        "duties": list_link("duties"),
        "esp": list_link("esp"),
        "cadet_units": list_link("cadet_units"),
        "watch": list_link("watch"),
        "speed_watch": list_link("speed_watch"),
        "speed_watch_figures": list_link("speed_watch_figures"),
        "applications": list_link("applications"),
        "applications_open": link_to("volunteers.applications", outcome="open"),
        "applications_joined": link_to("volunteers.applications", outcome="joined"),
        "open_stage": {
            st["stage"]: link_to("volunteers.applications", stage=st["stage"], outcome="open")
            for st in figures["recruitment"]["open_by_stage"]
        },
        "district": {
            row["district"]: volunteers(programme="active_citizen", district_id=row.get("district_id"))
            if row.get("district_id")
            else None
            for row in figures["active_citizens"]["by_district"]
        },
        "alerts": {key: link_to("dashboard.alert_list", key=key, **period.query_args()) for key in ALERTS},
    }
    return links
