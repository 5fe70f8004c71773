"""Forms for ESP businesses and their engagement history."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSelect, GovSubmitInput, GovTextInput
from wtforms import BooleanField, DecimalField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from core.form_fields import gov_date, not_before_2000, not_in_future
from schemes.models import EspStatus

SIZE_BANDS = [
    ("", "Not recorded"),
    ("micro", "Micro (1-9)"),
    ("small", "Small (10-49)"),
    ("medium", "Medium (50-249)"),
    ("large", "Large (250+)"),
]
STATUS_CHOICES = [(s.value, s.label) for s in EspStatus]


class HoursField(DecimalField):
    """Hours as a decimal, with a 'not a number' message naming the field."""

    def process_formdata(self, valuelist):
        message = f"{self.label.text} must be a number of hours, like 4 or 7.5"
        try:
            super().process_formdata(valuelist)
        except ValueError as problem:
            raise ValueError(message) from problem
        if self.data is not None and not self.data.is_finite():  # NaN or Infinity would break the range check
            self.data = None
            raise ValueError(message)


class BusinessForm(FlaskForm):
    name = StringField(
        "Business name", widget=GovTextInput(), validators=[DataRequired("Enter the business name"), Length(max=160)]
    )
    sector = StringField("Sector", widget=GovTextInput(), validators=[Optional(), Length(max=80)])
    size_band = SelectField("Size", choices=SIZE_BANDS, widget=GovSelect())
    district_id = SelectField(
        "District", coerce=lambda v: int(v) if v else None, widget=GovSelect(), validate_choice=False
    )
    contact_name = StringField("Contact name", widget=GovTextInput(), validators=[Optional(), Length(max=120)])
    contact_email = StringField(
        "Contact email",
        widget=GovTextInput(),
        validators=[Optional(), Email("Enter a contact email like hr@example.org"), Length(max=254)],
    )
    contact_phone = StringField("Contact phone", widget=GovTextInput(), validators=[Optional(), Length(max=40)])
    status = SelectField("Status", choices=STATUS_CHOICES, widget=GovSelect())
    is_force = BooleanField("This is the force itself (Essex Police as an ESP employer)", widget=GovCheckboxInput())
    release_hours = HoursField(
        "Paid release hours a month per employee-Special",
        widget=GovTextInput(),
        places=1,
        validators=[
            InputRequired("Enter the paid release hours a month"),
            NumberRange(0, 160, "Paid release hours a month must be between 0 and 160"),
        ],
    )
    training_time_off = BooleanField("Gives time off for training", widget=GovCheckboxInput())
    agreement_signed_on = gov_date("Agreement signed on", validators=[Optional(), not_in_future, not_before_2000])
    submit = SubmitField("Save business", widget=GovSubmitInput())


class EngagementForm(FlaskForm):
    occurred_on = gov_date("Date", validators=[InputRequired("Enter the date"), not_in_future, not_before_2000])
    status = SelectField("Status after this step", choices=STATUS_CHOICES, widget=GovSelect())
    note = StringField("What happened", widget=GovTextInput(), validators=[Optional(), Length(max=300)])
    submit = SubmitField("Add to the history", widget=GovSubmitInput())
