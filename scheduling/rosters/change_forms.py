"""Forms for changing shifts: cancel with a reason, move a person, repeat weekly, save as a template."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from core.form_fields import whole
from scheduling.rosters.repeats import MAX_WEEKS


class CancelForm(FlaskForm):
    reason = TextAreaField(
        "Why is the shift cancelled?",
        description="Everyone booked or waiting is told, with this reason.",
        widget=GovTextArea(),
        validators=[
            DataRequired("Enter why the shift is cancelled"),
            Length(max=500, message="Reason must be 500 characters or fewer"),
        ],
    )
    submit = SubmitField("Cancel the shift", widget=GovSubmitInput())


class MoveForm(FlaskForm):
    to_shift_id = SelectField("Move to", coerce=str, widget=GovSelect(), validate_choice=False)
    submit = SubmitField("Move", widget=GovSubmitInput())


class RepeatForm(FlaskForm):
    weeks = whole("Number of weeks", 1, MAX_WEEKS)
    preview = SubmitField("Show the dates", widget=GovSubmitInput())
    confirm = SubmitField("Create the shifts", widget=GovSubmitInput())


class TemplateForm(FlaskForm):
    name = StringField(
        "Template name",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter a name for the template"),
            Length(max=160, message="Template name must be 160 characters or fewer"),
        ],
    )
    submit = SubmitField("Save as a template", widget=GovSubmitInput())
