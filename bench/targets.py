"""What the benchmark measures, and how each target is found in the app's url_map at run time."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from flask import Flask, url_for


@dataclass
class Target:
    """A page or API call to measure; `patterns` match endpoint names, the first that exists wins."""

    name: str
    login: str  # the demo login (or "" for none) whose session or token is used
    patterns: list[str]
    query: str = ""
    method: str = "GET"
    kind: str = "page"  # page | floor | write | pdf | hours | report (a figure with its own 300 ms target)
    url: str | None = None
    endpoint: str | None = None
    extra: dict = field(default_factory=dict)


def targets() -> list[Target]:
    """Every target of the issue, in the order they are printed."""
    today = date.today()
    year_ago = today - timedelta(days=365)
    quarter_end = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) - timedelta(days=1)  # the last whole quarter
    quarter_start = date(quarter_end.year, quarter_end.month - 2, 1)
    return [
        Target("bare route (floor)", "", [r"core\.healthz$"], kind="floor"),
        Target("coordinator dashboard", "coordinator", [r"dashboard\.(index|dashboard|overview|home)$"]),
        Target(
            "volunteer list (filtered, paged)",
            "coordinator",
            [r"volunteers\.(index|list|people|volunteers|search)$"],
            query="programme=special&status=active&page=2",
        ),
        Target("volunteer profile", "coordinator", [r"volunteers\.(profile|detail|show|view|volunteer|person)$"]),
        # The coordinator's default: a week's summary by district (a national week is hundreds of shifts).
        Target("roster week", "coordinator", [r"scheduling\.(roster_week|roster|rosters|week)$"], query="view=week"),
        # And the shift lines: every shift of the week, the first page of 25 with who is on each (the figures
        # count the whole week), as when filling gaps force-wide.
        Target(
            "roster week, every shift",
            "coordinator",
            [r"scheduling\.(roster_week|roster|rosters|week)$"],
            query="view=week&area=every",
        ),
        Target(
            "hours totals",
            "coordinator",
            [r"scheduling\.(hours|hours_totals|totals|hours_index)$"],
            kind="hours",
            query=f"by=district&start={year_ago}&end={today}",
        ),
        # Issue 5: hours totals over five years of county data in under 300 ms.
        Target(
            "hours totals, 5 years",
            "coordinator",
            [r"scheduling\.(hours|hours_totals|totals|hours_index)$"],
            kind="report",
            query=f"by=district&start={today - timedelta(days=5 * 365 + 1)}&end={today}",
        ),
        # Issue 6: the dashboard answers in under 300 ms: recalculated on every request, not the cached page.
        Target(
            "dashboard, recalculated",
            "coordinator",
            [r"dashboard\.(index|dashboard|overview|home)$"],
            kind="report",
            query="fresh=1",
        ),
        # The list behind a figure: a quarter's approved duties (the longest list), counted and paged.
        Target(
            "dashboard figure list, approved duties",
            "coordinator",
            [],
            url=f"/dashboard/lists/duties?from={quarter_start}&to={quarter_end}",
        ),
        Target(
            "dashboard figure list, Specials at a stage",
            "coordinator",
            [],
            url=f"/dashboard/lists/specials_stage?from={quarter_start}&to={quarter_end}&value=qualified",
        ),
        Target("parish portal", "parish", [r"schemes\.(parish_portal|portal)$"]),
        Target(
            "duty logging (API)",
            "special",
            [r"api\.(create_duty|log_duty|duties_create)$"],
            method="POST",
            kind="write",
        ),
        # The recruitment-pipeline PDF is made by POSTing the reports form (a job run for the last year).
        Target(
            "recruitment PDF",
            "coordinator",
            [r"scheduling\.reports$"],
            method="POST",
            kind="pdf",
            extra={"form": {"job": "pipeline_monthly", "start": str(year_ago), "end": str(today)}},
        ),
    ]


def _id_for(arg: str, app: Flask) -> int | None:
    """A real id for a URL argument, read from the benchmark database."""
    from core.extensions import db
    from core.models import Parish
    from volunteers.models import SpecialConstable, Volunteer

    if arg in ("volunteer_id", "id", "person_id"):
        return db.session.scalar(
            sa.select(Volunteer.id).join(SpecialConstable).where(Volunteer.status == "active").order_by(Volunteer.id)
        )
    if arg == "parish_id":
        return db.session.scalar(sa.select(Parish.id).order_by(Parish.id))
    return None


def resolve(app: Flask, target: Target) -> Target:
    """Fill in the endpoint and URL if the app has a matching route (with ids it can fill)."""
    rules = sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint)
    for pattern in target.patterns:
        for rule in rules:
            if not re.match(pattern, rule.endpoint) or target.method not in (rule.methods or ()):
                continue
            values = {}
            for arg in rule.arguments:
                if arg == "week" or arg.endswith("date") or arg == "day":
                    values[arg] = date.today().isoformat()
                    continue
                value = _id_for(arg, app)
                if value is None:
                    break
                values[arg] = value
            else:
                with app.test_request_context():
                    url = url_for(rule.endpoint, **values)
                target.endpoint = rule.endpoint
                target.url = url + (f"?{target.query}" if target.query else "")
                return target
    return target
