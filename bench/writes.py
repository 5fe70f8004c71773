"""Duty logging over the API for the benchmark: a Bearer token, and distinct free slots for every POST.

Generated duties leave 06:00-07:00 free every day (sampledata/generate/duties.py), so each POST logs a
ten-minute duty in one of six slots of a past day: no write is refused as an overlap.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import secrets
import tempfile
from datetime import date, timedelta
from pathlib import Path

from bench.targets import Target

SLOTS = [
    ("06:00", "06:10"),
    ("06:10", "06:20"),
    ("06:20", "06:30"),
    ("06:30", "06:40"),
    ("06:40", "06:50"),
    ("06:50", "07:00"),
]
TOKEN_ISSUERS = [("api.auth", "issue_token"), ("api.tokens", "issue_token")]


def _issue_token(user) -> str:
    """A Bearer token for the user: through the API's own issuer if there is one, else a hashed row."""
    from core.extensions import db
    from scheduling.models import ApiToken

    for module_name, attr in TOKEN_ISSUERS:
        try:
            issuer = getattr(importlib.import_module(module_name), attr)
        except (ImportError, AttributeError):
            continue
        result = issuer(user, "bench")
        db.session.commit()
        return next(part for part in result if isinstance(part, str)) if isinstance(result, tuple) else result
    raw = secrets.token_urlsafe(32)
    db.session.add(
        ApiToken(user_id=user.id, name="bench", token_hash=hashlib.sha256(raw.encode()).hexdigest(), prefix=raw[:8])
    )
    db.session.commit()
    return raw


def prepare(app, target: Target, user) -> bool:
    """Token, headers and the (volunteer, day, slot) list for the write target; False if it cannot run."""
    from core.extensions import db
    from volunteers.models import Volunteer

    if user is None or user.volunteer_id is None:
        return False
    volunteer = db.session.get(Volunteer, user.volunteer_id)
    token = _issue_token(user)
    first = max(volunteer.joined_on, date.today() - timedelta(days=5 * 366))
    days = [first + timedelta(days=n) for n in range((date.today() - first).days - 1)]
    target.extra.update(
        {
            "headers": {
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
            "slots": [(volunteer.id, day.isoformat(), s, e) for day in days for s, e in SLOTS],
            "used": 0,
        }
    )
    return True


def body_for(volunteer_id: int, day: str, start: str, end: str) -> dict:
    """The JSON body of one duty, in the API's shape (api/schemas.py DutyInput); the token says who."""
    return {"date": day, "start": start, "end": end, "type": "patrol", "place": "Benchmark patrol"}


def one_body(target: Target) -> str:
    """A body for a single POST (used to count its SQL queries), taken from the end of the slot list."""
    slot = target.extra["slots"].pop()
    return json.dumps(body_for(*slot))


def lua_script(target: Target, clients: int) -> Path:
    """A wrk script posting a different free slot on every request; each run takes fresh slots."""
    used = target.extra["used"]
    # Each run takes its own share of the free slots (runs: one per client count).
    share = len(target.extra["slots"]) // target.extra.get("runs", 2)
    slots = target.extra["slots"][used : used + share]
    target.extra["used"] = used + len(slots)
    bodies = ",\n".join(json.dumps(json.dumps(body_for(*slot))) for slot in slots)
    script = f"""
local bodies = {{
{bodies}
}}
local counter = 0
local threads = 0
setup = function(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
init = function(args)
  counter = 0
end
request = function()
  local i = tid + counter * {clients}
  counter = counter + 1
  wrk.method = "POST"
  return wrk.format("POST", nil, nil, bodies[(i % #bodies) + 1])
end
""" + (Path(__file__).with_name("report.lua")).read_text()
    path = Path(tempfile.mkstemp(prefix="cip-bench-", suffix=".lua")[1])
    path.write_text(script)
    return path


def hours_aggregate_sql() -> tuple[str, dict]:
    """The raw SQL a by-district hours page for the last year needs at least."""
    today = date.today()
    return (
        "SELECT district_id, SUM(minutes) FROM duties WHERE status = 'approved' "
        "AND duty_date >= :start AND duty_date <= :end GROUP BY district_id",
        {"start": today - timedelta(days=365), "end": today},
    )


def form_post_script(body: str) -> Path:
    """A wrk script POSTing one urlencoded form body on every request."""
    script = f"""
wrk.method = "POST"
wrk.body = {json.dumps(body)}
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
""" + (Path(__file__).with_name("report.lua")).read_text()
    path = Path(tempfile.mkstemp(prefix="cip-bench-", suffix=".lua")[1])
    path.write_text(script)
    return path
