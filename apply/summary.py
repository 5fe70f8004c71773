"""The rows of "Check your answers": each answer as the applicant gave it, with a link to change it."""

from __future__ import annotations

from markupsafe import escape

from apply.eligibility import QUESTIONS, ROUTES
from apply.journey import born_on, steps
from apply.services import districts, recruiting_posts
from apply.web import url_of
from core.extensions import db
from equality.categories import label_of
from volunteers.models import RecruitmentSource


def _row(key: str, value: str, slug: str, what: str) -> dict:
    return {
        "key": {"text": key},
        "value": {"text": value},
        "actions": {
            "items": [{"href": url_of(slug), "text": "Change", "visuallyHiddenText": what}],
        },
    }


def answer_rows(state: dict) -> list[dict]:
    """One summary-list row per page answered, in the journey's order."""
    rows = []
    route = ROUTES[state["route"]]
    given = state.get("eligibility", {})
    for slug, _ in steps(state):
        if slug == "role":
            rows.append(_row("Applying to be", route.label, slug, "what you are applying for"))
        elif slug == "date-of-birth":
            rows.append(_row("Date of birth", f"{born_on(state):%-d %B %Y}", slug, "your date of birth"))
        elif slug == "name":
            rows.append(_row("Name", f"{state['first_name']} {state['last_name']}", slug, "your name"))
        elif slug == "email":
            rows.append(_row("Email address", state["email"], slug, "your email address"))
        elif slug == "phone":
            rows.append(_row("Phone number", state["phone"], slug, "your phone number"))
        elif slug == "parent-or-guardian":
            value = f"{state['guardian_name']}, {state['guardian_email']}"
            rows.append(_row("Parent or guardian", value, slug, "your parent or guardian"))
        elif slug == "area":
            name = dict(districts()).get(state["district_id"], "Not known")
            rows.append(_row("Area", name, slug, "the area you would like to serve in"))
        elif slug == "parish":
            parish = dict(recruiting_posts(state["district_id"])).get(state.get("csc_post_id") or 0, "No")
            rows.append(_row("Community Special Constable for", parish, slug, "the parish"))
        elif slug == "how-you-heard":
            source = db.session.get(RecruitmentSource, state["source_id"]) if state.get("source_id") else None
            rows.append(
                _row(
                    "How you heard about us",
                    source.name if source else "Somewhere else",
                    slug,
                    "how you heard about us",
                )
            )
        elif slug == "equality":
            equality = state.get("equality") or {}
            value = "; ".join(
                f"{q.capitalize()}: {label_of(q, equality.get(q))}" for q in ("sex", "ethnicity", "disability")
            )
            rows.append(_row("Equality monitoring", value, slug, "your equality monitoring answers"))
        else:
            q = next(q for q in QUESTIONS.values() if q.slug == slug)
            rows.append(_row(q.text, given[q.key].capitalize(), slug, f"your answer to: {escape(q.text)}"))
    return rows
