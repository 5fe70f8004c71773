"""One way to refuse input: a Refusal shown on a form (field or form level, in the error summary) and as API JSON."""

from __future__ import annotations

import sqlalchemy as sa
from flask import get_flashed_messages, render_template_string
from flask_wtf import FlaskForm
from govuk_frontend_wtf.main import wtforms_errors
from wtforms import StringField, SubmitField

from core.models import District, Role
from core.refusals import Refusal, flash_refusal, refusal_json, show_refusal
from tests import factories as f

SUMMARY = (
    '{% from "govuk_frontend_jinja/components/error-summary/macro.html" import govukErrorSummary %}'
    "{% if form.errors %}{{ govukErrorSummary(wtforms_errors(form)) }}{% endif %}"
)


class NameForm(FlaskForm):
    class Meta:
        csrf = False

    name = StringField("Name")
    email = StringField("Email")
    submit = SubmitField("Save")


def _districts(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(District))


def test_a_refusal_naming_a_field_goes_beside_that_field(app, db):
    with app.test_request_context(method="POST", data={"name": "Ann", "email": "ann"}):
        form = NameForm()
        assert form.validate()
        show_refusal(form, Refusal("An account with this email address already exists", "email"))
        assert form.email.errors == ["An account with this email address already exists"]
        assert form.name.errors == [] and form.form_errors == []
        assert wtforms_errors(form)["errorList"] == [
            {"text": "An account with this email address already exists", "href": "#email"}
        ]


def test_a_refusal_naming_no_field_of_the_form_is_a_form_level_error_in_the_summary(app, db):
    for field in ("shift_id", None):  # a field this form does not have; no field at all
        with app.test_request_context(method="POST", data={"name": "Ann"}):
            form = NameForm()
            assert form.validate()
            show_refusal(form, Refusal("That shift has already started", field))
            assert form.form_errors == ["That shift has already started"]
            assert all(not one.errors for one in form)
            page = render_template_string(SUMMARY, form=form)
            assert "govuk-error-summary" in page and "That shift has already started" in page


def test_showing_a_refusal_undoes_what_the_refused_action_started(app, db):
    before = _districts(db)
    with app.test_request_context(method="POST", data={"name": "Ann"}):
        f.DistrictFactory(name="Half-made district")  # flushed, not committed: the refused action's work
        assert _districts(db) == before + 1
        show_refusal(NameForm(), Refusal("Enter a name", "name"))
    assert _districts(db) == before


def test_a_refused_button_action_is_undone_and_shown_as_an_error_banner(app, db):
    before = _districts(db)
    with app.test_request_context(method="POST"):
        f.DistrictFactory(name="Half-made district")
        flash_refusal(Refusal("You are already signed up to this shift", "shift_id"), "Ann Smith")
        flash_refusal(Refusal("That shift has already started", "shift_id"))
        assert get_flashed_messages(with_categories=True) == [
            ("error", "Ann Smith: You are already signed up to this shift"),
            ("error", "That shift has already started"),
        ]
    assert _districts(db) == before


def test_the_api_answers_a_refusal_as_json_naming_the_field_and_rolls_back(app, db):
    before = _districts(db)
    with app.test_request_context("/api/v1/duties", method="POST"):
        f.DistrictFactory(name="Half-made district")
        response, status = refusal_json(Refusal("The duty must end after it starts", "end"))
        assert status == 422
        assert response.get_json() == {
            "error": {"status": 422, "reason": "The duty must end after it starts", "field": "end"}
        }
        response, status = refusal_json(Refusal("Send a JSON object in the body"), 400)
        assert status == 400 and response.get_json()["error"] == {
            "status": 400,
            "reason": "Send a JSON object in the body",
            "field": None,
        }
    assert _districts(db) == before


def test_a_refusal_raised_inside_an_api_route_becomes_its_json_error(client, make_user, db):
    from api.auth import issue_token

    user = make_user(Role.VOLUNTEER)
    shift = f.ShiftFactory()
    _token, secret = issue_token(user, "phone")
    db.session.commit()
    response = client.post(f"/api/v1/shifts/{shift.id}/withdraw", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 422
    assert response.get_json() == {
        "error": {"status": 422, "reason": "You are not signed up to this shift", "field": "shift_id"}
    }
