"""Forms for CSAS organisations and accredited persons."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSubmitInput, GovTextInput
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from core.form_fields import gov_date, not_before_2000, not_in_future


class OrganisationForm(FlaskForm):
    name = StringField(
        "Organisation", widget=GovTextInput(), validators=[DataRequired("Enter the organisation"), Length(max=160)]
    )
    accredited_on = gov_date(
        "Accredited on", validators=[InputRequired("Enter the date of accreditation"), not_in_future, not_before_2000]
    )
    contact_name = StringField("Contact name", widget=GovTextInput(), validators=[Optional(), Length(max=120)])
    contact_email = StringField(
        "Contact email",
        widget=GovTextInput(),
        validators=[Optional(), Email("Enter a contact email like csas@example.org"), Length(max=254)],
    )
    submit = SubmitField("Save organisation", widget=GovSubmitInput())


class PersonForm(FlaskForm):
    name = StringField("Name", widget=GovTextInput(), validators=[DataRequired("Enter the name"), Length(max=120)])
    role = StringField("Role", widget=GovTextInput(), validators=[Optional(), Length(max=80)])
    accredited_on = gov_date(
        "Accredited on (or last refresher)",
        validators=[InputRequired("Enter the date of accreditation"), not_in_future, not_before_2000],
    )
    active = BooleanField("Still accredited and working", widget=GovCheckboxInput(), default=True)
    submit = SubmitField("Save person", widget=GovSubmitInput())
