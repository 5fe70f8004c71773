"""Forms for watch schemes, their member counts, messages and expressions of interest."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from core.form_fields import gov_date, not_before_2000, not_in_future, whole
from schemes.models import InterestStage, TermsOfReference
from schemes.watch.services import MAX_MEMBERS

TOR_CHOICES = [(t.value, t.label) for t in TermsOfReference]
STAGE_CHOICES = [(s.value, s.label) for s in InterestStage]


class TypeForm(FlaskForm):
    name = StringField(
        "Name of the type", widget=GovTextInput(), validators=[DataRequired("Enter the name"), Length(max=80)]
    )
    submit = SubmitField("Add type", widget=GovSubmitInput())


class SchemeForm(FlaskForm):
    name = StringField(
        "Scheme name", widget=GovTextInput(), validators=[DataRequired("Enter the scheme name"), Length(max=120)]
    )
    type_id = SelectField("Type", coerce=int, widget=GovSelect(), validators=[InputRequired("Choose the type")])
    district_id = SelectField(
        "District", coerce=lambda v: int(v) if v else None, widget=GovSelect(), validate_choice=False
    )
    liaison_officer = StringField(
        "Watch Liaison Officer", widget=GovTextInput(), validators=[Optional(), Length(max=120)]
    )
    terms_of_reference = SelectField("Terms of reference", choices=TOR_CHOICES, widget=GovSelect())
    launched_on = gov_date("Launched on", validators=[Optional(), not_in_future, not_before_2000])
    submit = SubmitField("Save scheme", widget=GovSubmitInput())


class SnapshotForm(FlaskForm):
    recorded_on = gov_date(
        "Date of the count", validators=[InputRequired("Enter the date of the count"), not_in_future, not_before_2000]
    )
    members = whole("Members", 0, MAX_MEMBERS)
    submit = SubmitField("Record member count", widget=GovSubmitInput())


class MessageForm(FlaskForm):
    sent_on = gov_date("Date sent", validators=[InputRequired("Enter the date sent"), not_in_future, not_before_2000])
    subject = StringField(
        "Subject", widget=GovTextInput(), validators=[DataRequired("Enter the subject"), Length(max=200)]
    )
    recipients = whole("Recipients", 0, MAX_MEMBERS)
    submit = SubmitField("Record message", widget=GovSubmitInput())


class InterestForm(FlaskForm):
    name = StringField("Name", widget=GovTextInput(), validators=[DataRequired("Enter the name"), Length(max=120)])
    contact = StringField("Email or phone", widget=GovTextInput(), validators=[Optional(), Length(max=254)])
    received_on = gov_date(
        "Received on", validators=[InputRequired("Enter the date received"), not_in_future, not_before_2000]
    )
    stage = SelectField("Stage", choices=STAGE_CHOICES, widget=GovSelect())
    notes = TextAreaField("Notes", widget=GovTextArea(), validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Save", widget=GovSubmitInput())
