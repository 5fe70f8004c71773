"""What the apply pages share: the answers kept in the session (encrypted), and rendering one question."""

from __future__ import annotations

import json

from flask import redirect, render_template, session, url_for

from apply.journey import CHECK, previous_page
from core.encrypted import decrypt, encrypt

KEY = "apply"  # the session key of the answers so far
FOLLOWING = "apply_following"  # the application an applicant signed in to follow


def answers() -> dict:
    """The answers given so far (a copy: change it, then keep it); none if the session's copy cannot be read."""
    sealed = session.get(KEY)
    if not isinstance(sealed, str):
        return {}
    try:
        state = json.loads(decrypt(sealed))
    except ValueError:  # another key, or tampered with: start again rather than fail
        return {}
    return state if isinstance(state, dict) else {}


def keep(state: dict) -> None:
    """Keep the answers in the session cookie, encrypted (the browser holds personal details and, perhaps,
    equality answers until the application is sent: signed alone, the cookie could be read on the device)."""
    session[KEY] = encrypt(json.dumps(state, separators=(",", ":")))
    session.modified = True


def url_of(slug: str | None) -> str:
    """The address of a page of the journey (the start page for None)."""
    if slug is None:
        return url_for("apply.start")
    if slug == CHECK:
        return url_for("apply.check_answers")
    return url_for("apply.question", slug=slug)


def go(slug: str | None):
    return redirect(url_of(slug))


def question_page(form, title: str, slug: str, fields: list[tuple], status: int = 200, lede: str = ""):
    """One question page: back link, error summary, the fields (each with its GOV.UK parameters)."""
    back = url_of(previous_page(answers(), slug))
    page = render_template("apply/question.html", form=form, title=title, back=back, fields=fields, lede=lede)
    return page, (400 if form.errors else status)


def heading_legend(extra: dict | None = None) -> dict:
    """Parameters making a radio or date group's legend the page's heading."""
    return {"fieldset": {"legend": {"isPageHeading": True, "classes": "govuk-fieldset__legend--l"}}, **(extra or {})}


def heading_label(extra: dict | None = None) -> dict:
    """Parameters making a single input's label the page's heading."""
    return {"label": {"isPageHeading": True, "classes": "govuk-label--l"}, **(extra or {})}
