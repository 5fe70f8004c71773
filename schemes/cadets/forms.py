"""Forms for cadet units."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from core.form_fields import whole
from schemes.cadets.services import MAX_CAPACITY
from schemes.models import UnitStatus

STATUS_CHOICES = [(s.value, "Re-opening" if s == UnitStatus.REOPENING else s.label) for s in UnitStatus]


class UnitForm(FlaskForm):
    name = StringField(
        "Unit name", widget=GovTextInput(), validators=[DataRequired("Enter the unit name"), Length(max=120)]
    )
    place = StringField("Place", widget=GovTextInput(), validators=[DataRequired("Enter the place"), Length(max=120)])
    district_id = SelectField(
        "District", coerce=int, widget=GovSelect(), validators=[InputRequired("Choose a district")]
    )
    capacity = whole("Capacity (cadets)", 0, MAX_CAPACITY)
    status = SelectField("Status", choices=STATUS_CHOICES, widget=GovSelect())
    meeting_night = StringField("Meeting night", widget=GovTextInput(), validators=[Optional(), Length(max=20)])
    submit = SubmitField("Save unit", widget=GovSubmitInput())
