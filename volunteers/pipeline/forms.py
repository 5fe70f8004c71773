"""Forms of the recruitment pipeline."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import IntegerField, SelectField, SubmitField
from wtforms.validators import DataRequired, NumberRange, Optional

from core.form_fields import in_the_past
from core.form_widgets import PersonalInput
from volunteers.forms import EMAIL, _date, _select, _text
from volunteers.models import ApplicationOutcome, Programme
from volunteers.pipeline.services import MOVABLE, ORDER, S


class ApplicationForm(FlaskForm):
    first_name = _text("First name", 80, "Enter the first name")
    last_name = _text("Last name", 80, "Enter the last name")
    email = _text("Email address", 254, validators=[EMAIL], widget=PersonalInput("off", "email"))
    phone = _text("Phone number", 40, widget=PersonalInput("off", "tel"))
    date_of_birth = _date("Date of birth", more=[in_the_past])
    district_id = _select("District", "Choose the district")
    programme = SelectField(
        "Applying to be",
        widget=GovSelect(),
        choices=[(p.value, p.label) for p in (Programme.SPECIAL, Programme.CSC)],
        default=Programme.SPECIAL.value,
    )
    csc_post_id = _select("Parish post (Community Special Constable applicants)")
    source_id = _select("Source or campaign")
    applied_on = _date("Date applied", "Enter the date they applied")
    submit = SubmitField("Save application", widget=GovSubmitInput())


class MoveForm(FlaskForm):
    stage = SelectField(
        "Move to stage",
        widget=GovSelect(),
        choices=[(s.value, s.label) for s in [*MOVABLE[1:], S.INDEPENDENT_PATROL]],
        validators=[DataRequired("Choose the stage")],
    )
    on = _date("Date entered", "Enter the date they entered the stage")
    submit = SubmitField("Move", widget=GovSubmitInput(), id="move-submit")


class CloseForm(FlaskForm):
    outcome = SelectField(
        "Outcome",
        widget=GovSelect(),
        choices=[(o.value, o.label) for o in (ApplicationOutcome.WITHDRAWN, ApplicationOutcome.REJECTED)],
        validators=[DataRequired("Choose withdrawn or rejected")],
    )
    reason = _text("Reason", 200, "Enter the reason")
    on = _date("Date", "Enter the date", id="close-on")  # one page shows three forms: ids of its own
    submit = SubmitField("Close application", widget=GovSubmitInput(), id="close-submit")


class AttestForm(FlaskForm):
    on = _date("Date attested", "Enter the date they were attested", id="attest-on")
    submit = SubmitField("Attest", widget=GovSubmitInput(), id="attest-submit")


class ForecastForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: it changes nothing

    target = IntegerField(
        "Target headcount",
        widget=GovTextInput(),
        default=600,
        validators=[Optional(), NumberRange(min=0, max=100000, message="Enter a headcount from 0 to 100,000")],
    )
    window = IntegerField(
        "Measure turnover and conversion over the last (days)",
        widget=GovTextInput(),
        default=365,
        validators=[Optional(), NumberRange(min=30, max=3650, message="Enter 30 to 3,650 days")],
    )


ALL_STAGES = ORDER
