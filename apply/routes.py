"""The questions of the online application, one per page, at /apply/<page> (public, no account)."""

from __future__ import annotations

from datetime import date

from flask import abort, redirect, render_template, url_for
from wtforms.validators import InputRequired

from apply import bp, forms
from apply.eligibility import ROUTES
from apply.journey import QUESTION_SLUGS, applies, ineligible_reason, next_page
from apply.services import districts, recruiting_posts
from apply.web import answers, go, heading_label, heading_legend, keep, question_page
from core.dates import today
from core.permissions import public
from volunteers.pipeline.services import sources


@bp.route("/")
@public
def start():
    """The start page: what each role involves, who can apply, and the button to start."""
    return render_template("apply/start.html", routes=ROUTES.values())


@bp.route("/<slug>", methods=["GET", "POST"])
@public
def question(slug: str):
    """One question of the journey; answered, it moves on to the first page still to answer."""
    state = answers()
    page = PAGES.get(slug)
    if page is None and slug not in QUESTION_SLUGS:
        abort(404)
    if slug != "role" and not applies(state, slug):
        return go(next_page(state))
    if slug in QUESTION_SLUGS:
        return _eligibility(state, QUESTION_SLUGS[slug])
    return page(state)


def _after(state: dict):
    """Keep the answers and go on: to "you cannot apply" when they rule the application out."""
    keep(state)
    if ineligible_reason(state, today()):
        return redirect(url_for("apply.cannot_apply"))
    return go(next_page(state))


def _role(state: dict):
    form = forms.RouteForm(data={"route": state.get("route")})
    if form.validate_on_submit():
        state["route"] = form.route.data
        return _after(state)
    return question_page(form, "What do you want to apply for?", "role", [(form.route, heading_legend())])


def _date_of_birth(state: dict):
    born = date.fromisoformat(state["dob"]) if state.get("dob") else None
    form = forms.BornForm(data={"dob": born})
    if form.validate_on_submit():
        state["dob"] = form.dob.data.isoformat()
        return _after(state)
    return question_page(form, "What is your date of birth?", "date-of-birth", [(form.dob, heading_legend())])


def _eligibility(state: dict, q):
    form = forms.YesNoForm(data={"answer": state.get("eligibility", {}).get(q.key)})
    form.answer.label.text, form.answer.description = q.text, q.hint
    form.answer.validators = [InputRequired(f"Select yes or no: {q.text[0].lower()}{q.text[1:]}")]
    if form.validate_on_submit():
        state["eligibility"] = {**state.get("eligibility", {}), q.key: form.answer.data}
        return _after(state)
    return question_page(form, q.text, q.slug, [(form.answer, heading_legend())])


def _name(state: dict):
    form = forms.NameForm(data={k: state.get(k) for k in ("first_name", "last_name")})
    if form.validate_on_submit():
        state["first_name"], state["last_name"] = form.first_name.data.strip(), form.last_name.data.strip()
        state["bot"] = state.get("bot") or bool(form.website.data)
        return _after(state)
    fields = [(form.first_name, {}), (form.last_name, {})]
    return question_page(form, "What is your name?", "name", fields)


def _email(state: dict):
    form = forms.EmailForm(data={"email": state.get("email")})
    if form.validate_on_submit():
        state["email"] = form.email.data.strip()
        if state["email"].lower() == (state.get("guardian_email") or "").lower():
            state.pop("guardian_email", None)  # a guardian needs an address of their own: asked again
        return _after(state)
    hint = {"hint": {"text": "We will only use this to send you messages about your application."}}
    return question_page(form, "What is your email address?", "email", [(form.email, heading_label(hint))])


def _phone(state: dict):
    form = forms.PhoneForm(data={"phone": state.get("phone")})
    if form.validate_on_submit():
        state["phone"] = form.phone.data.strip()
        return _after(state)
    hint = {"hint": {"text": "For international numbers include the country code."}}
    return question_page(form, "What is your phone number?", "phone", [(form.phone, heading_label(hint))])


def _guardian(state: dict):
    form = forms.GuardianForm(
        data={k: state.get(k) for k in ("guardian_name", "guardian_email")}, applicant_email=state.get("email", "")
    )
    if form.validate_on_submit():
        state["guardian_name"], state["guardian_email"] = (
            form.guardian_name.data.strip(),
            form.guardian_email.data.strip(),
        )
        return _after(state)
    lede = "A parent or guardian must confirm your application. We will email them a link to do it."
    fields = [(form.guardian_name, {}), (form.guardian_email, {})]
    return question_page(form, "Your parent or guardian", "parent-or-guardian", fields, lede=lede)


def _area(state: dict):
    form = forms.AreaForm(data={"district_id": str(state.get("district_id") or "")})
    form.district_id.choices = [(str(i), name) for i, name in districts()]
    if form.validate_on_submit():
        district_id = int(form.district_id.data)
        if district_id != state.get("district_id"):
            state.pop("csc_post_id", None)  # a parish of another district no longer applies
        state["district_id"] = district_id
        state["parish_posts"] = bool(recruiting_posts(district_id))
        return _after(state)
    return question_page(form, "Which area would you like to serve in?", "area", [(form.district_id, heading_legend())])


def _parish(state: dict):
    posts = recruiting_posts(state["district_id"])
    form = forms.ParishForm(
        data={"csc_post_id": str(state.get("csc_post_id") or forms.NONE) if "csc_post_id" in state else None}
    )
    form.csc_post_id.choices = [(str(i), name) for i, name in posts] + [(forms.NONE, "No, anywhere in the area")]
    if form.validate_on_submit():
        state["csc_post_id"] = None if form.csc_post_id.data == forms.NONE else int(form.csc_post_id.data)
        return _after(state)
    title = "Would you like to be the Community Special Constable for one of these parishes?"
    return question_page(form, title, "parish", [(form.csc_post_id, heading_legend())])


def _heard(state: dict):
    chosen = state.get("source_id")
    form = forms.HeardForm(data={"source_id": str(chosen or forms.NONE) if "source_id" in state else None})
    form.source_id.choices = [(str(i), name) for i, name in sources()] + [(forms.NONE, "Somewhere else")]
    if form.validate_on_submit():
        state["source_id"] = None if form.source_id.data == forms.NONE else int(form.source_id.data)
        return _after(state)
    title = "How did you hear about volunteering with us?"
    return question_page(form, title, "how-you-heard", [(form.source_id, heading_legend())])


def _equality(state: dict):
    form = forms.EqualityForm(data=state.get("equality") or {})
    if form.validate_on_submit():
        state["equality"] = {k: form[k].data or None for k in EQUALITY}
        return _after(state)
    lede = (
        "These questions are optional. Your answers help us check that we recruit fairly. They are kept apart "
        "from your application and are never shown to the people who decide on it."
    )
    # A dict each: the widget writes the field's label into the legend it is given.
    fields = [(form[name], {"fieldset": {"legend": {"classes": "govuk-fieldset__legend--m"}}}) for name in EQUALITY]
    return question_page(form, "Equality monitoring (optional)", "equality", fields, lede=lede)


EQUALITY = ("sex", "ethnicity", "disability")
PAGES = {
    "role": _role,
    "date-of-birth": _date_of_birth,
    "name": _name,
    "email": _email,
    "phone": _phone,
    "parent-or-guardian": _guardian,
    "area": _area,
    "parish": _parish,
    "how-you-heard": _heard,
    "equality": _equality,
}
