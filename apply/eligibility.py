"""Who may apply for what: the force's rules as data (ages, and the yes/no questions asked first).

Each route names its age range and the questions it asks; each question names the answer that stops an
application and the reason the applicant reads. Change the rules here, nowhere else.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from volunteers.models import Programme
from volunteers.rules import age_on


class Question(NamedTuple):
    key: str
    slug: str  # the page's address under /apply/
    text: str
    hint: str
    stops_on: str  # the answer ("yes" or "no") that means they cannot apply
    reason: str  # what the "you cannot apply" page says


class Route(NamedTuple):
    key: str
    label: str
    programme: Programme
    min_age: int
    max_age: int | None  # the oldest age at which they may apply, None for no upper limit
    questions: tuple[str, ...]
    commitment: str


QUESTIONS: dict[str, Question] = {
    q.key: q
    for q in (
        Question(
            "uk_residence",
            "living-in-the-uk",
            "Have you lived in the UK for the last 3 years?",
            "Vetting checks your history over the last 3 years, so we need it to have been in the UK.",
            "no",
            "we can only vet people who have lived in the UK for the last 3 years.",
        ),
        Question(
            "right_to_work",
            "right-to-work",
            "Do you have the right to live and work in the UK without restrictions?",
            "For example, as a British or Irish citizen, or with settled status or indefinite leave to remain.",
            "no",
            "volunteers in policing must have the right to live and work in the UK without restrictions.",
        ),
        Question(
            "convictions",
            "convictions",
            "Do you have a criminal conviction or caution that is not yet spent?",
            "Spent convictions and cautions do not count. You will be asked about everything at vetting.",
            "yes",
            "people with an unspent conviction or caution cannot join the Special Constabulary.",
        ),
        Question(
            "barred",
            "barred-list",
            "Are you on a list of people barred from working with children or vulnerable adults?",
            "A barred-list check comes before anything else for police support volunteers.",
            "yes",
            "people on a barred list cannot volunteer with the police.",
        ),
        Question(
            "lives_in_essex",
            "live-or-study-in-essex",
            "Do you live, or go to school or college, in Essex?",
            "Including Southend-on-Sea and Thurrock.",
            "no",
            "Essex Police cadet units are for young people who live, or go to school or college, in Essex.",
        ),
    )
}

ROUTES: dict[str, Route] = {
    r.key: r
    for r in (
        Route(
            "special",
            "Special Constable",
            Programme.SPECIAL,
            18,
            None,
            ("uk_residence", "right_to_work", "convictions"),
            "at least 16 hours a month",
        ),
        Route(
            "psv",
            "Police Support Volunteer or Active Citizen",
            Programme.ACTIVE_CITIZEN,
            18,
            None,
            ("uk_residence", "right_to_work", "barred"),
            "a few hours a month, when it suits you",
        ),
        Route(
            "cadet",
            "Volunteer Police Cadet",
            Programme.CADET,
            10,
            17,
            ("lives_in_essex",),
            "a weekly meeting of about 2 hours and about 3 hours of volunteering a month",
        ),
    )
}
JUNIOR_UNTIL = 13  # cadets aged 10 to 12 join as junior cadets


def route_named(key: str | None) -> Route | None:
    """The route of this key, or None."""
    return ROUTES.get(key or "")


def age_reason(route: Route, born: date, on: date) -> str | None:
    """Why someone born on ``born`` cannot apply for the route on ``on`` because of their age, or None."""
    age = age_on(born, on)
    if age < route.min_age:
        return f"you must be at least {route.min_age} to apply to be a {route.label}."
    if route.max_age is not None and age > route.max_age:
        return f"you must be {route.max_age} or younger to apply to be a {route.label}."
    return None


def reason_not_eligible(route: Route, born: date | None, answers: dict[str, str], on: date) -> str | None:
    """The first reason, from the answers given so far, that stops an application; None when none does."""
    if born is not None and (reason := age_reason(route, born, on)):
        return reason
    for key in route.questions:
        if answers.get(key) == QUESTIONS[key].stops_on:
            return QUESTIONS[key].reason
    return None


def programme_for(route: Route, born: date, on: date, csc_post_id: int | None) -> Programme:
    """The pipeline programme of an application: a CSC for a parish post, a junior cadet under 13."""
    if route.programme == Programme.SPECIAL and csc_post_id:
        return Programme.CSC
    if route.programme == Programme.CADET and age_on(born, on) < JUNIOR_UNTIL:
        return Programme.JUNIOR_CADET
    return route.programme


def needs_guardian(route: Route) -> bool:
    """Whether a parent or guardian must confirm applications on this route (every cadet is under 18)."""
    return route.max_age is not None and route.max_age < 18
