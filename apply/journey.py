"""The order of the questions in the online application, from the answers kept so far (a plain dict).

One rule moves the applicant on: after any answer, the first page that applies and is not answered yet,
else "Check your answers". So a change from "Check your answers" returns there, unless it opens a new
question (a cadet now needs a guardian, a new district has parish posts), which is asked first.
"""

from __future__ import annotations

from datetime import date

from apply.eligibility import QUESTIONS, age_reason, needs_guardian, reason_not_eligible, route_named

CHECK = "check-your-answers"
QUESTION_SLUGS = {q.slug: q for q in QUESTIONS.values()}


def _route(state: dict):
    return route_named(state.get("route"))


def born_on(state: dict) -> date | None:
    """The date of birth given, if any."""
    return date.fromisoformat(state["dob"]) if state.get("dob") else None


def steps(state: dict) -> list[tuple[str, bool]]:
    """Every page that applies to these answers, in order, each with whether it is answered."""
    route = _route(state)
    given = state.get("eligibility", {})
    steps = [("role", route is not None), ("date-of-birth", "dob" in state)]
    if route is None:
        return steps
    steps += [(QUESTIONS[key].slug, key in given) for key in route.questions]
    steps += [("name", "first_name" in state), ("email", "email" in state), ("phone", "phone" in state)]
    if needs_guardian(route):
        steps.append(("parent-or-guardian", "guardian_email" in state))
    steps.append(("area", "district_id" in state))
    if route.key == "special" and state.get("parish_posts"):
        steps.append(("parish", "csc_post_id" in state))
    steps += [("how-you-heard", "source_id" in state), ("equality", "equality" in state)]
    return steps


def applies(state: dict, slug: str) -> bool:
    """Whether the page belongs to the journey these answers make."""
    return slug in {name for name, _ in steps(state)}


def next_page(state: dict) -> str:
    """The first page not answered yet, or "Check your answers"."""
    return next((name for name, answered in steps(state) if not answered), CHECK)


def previous_page(state: dict, slug: str) -> str | None:
    """Where a page's back link goes: "Check your answers" once all is answered, else the page before."""
    names = [name for name, _ in steps(state)]
    if slug == CHECK:
        return names[-1]
    if next_page(state) == CHECK:
        return CHECK
    if slug not in names:
        return None
    at = names.index(slug)
    return names[at - 1] if at > 0 else None


def ineligible_reason(state: dict, today: date) -> str | None:
    """Why these answers cannot make an application, or None."""
    route = _route(state)
    if route is None:
        return None
    return reason_not_eligible(route, born_on(state), state.get("eligibility", {}), today)


def stopping_page(state: dict, today: date) -> str:
    """The page whose answer rules the application out (where "you cannot apply" leads back to)."""
    route = _route(state)
    born = born_on(state)
    if route is None or born is None or age_reason(route, born, today):
        return "date-of-birth"
    given = state.get("eligibility", {})
    return next((QUESTIONS[k].slug for k in route.questions if given.get(k) == QUESTIONS[k].stops_on), "role")
