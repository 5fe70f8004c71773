"""Forms for account administration."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import IntegerField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from core.form_widgets import GovRadios
from core.models import Role

ROLE_CHOICES = [("", "Choose a role")] + [(r.value, r.label) for r in Role]


class CreateUserForm(FlaskForm):
    display_name = StringField(
        "Name", widget=GovTextInput(), validators=[DataRequired("Enter a name"), Length(max=120)]
    )
    email = StringField(
        "Email address", widget=GovTextInput(), validators=[DataRequired("Enter an email address"), Length(max=254)]
    )
    role = SelectField("Role", choices=ROLE_CHOICES, widget=GovSelect(), validators=[DataRequired("Choose a role")])
    volunteer_id = IntegerField(
        "Volunteer record number (volunteer accounts)", widget=GovTextInput(), validators=[Optional()]
    )
    parish_id = SelectField(
        "Parish or town council (parish accounts)", coerce=str, widget=GovSelect(), validate_choice=False
    )
    esp_business_id = SelectField(
        "ESP business (employer accounts)", coerce=str, widget=GovSelect(), validate_choice=False
    )
    command_id = SelectField("Command or area (supervisors)", coerce=str, widget=GovSelect(), validate_choice=False)
    submit = SubmitField("Create account and set-up link", widget=GovSubmitInput())


class ResetPasswordForm(FlaskForm):
    """A confirmation only: the person chooses their own password from a single-use link."""

    submit = SubmitField("Create a reset link", widget=GovSubmitInput())


class ChangeRoleForm(FlaskForm):
    role = SelectField("New role", choices=ROLE_CHOICES, widget=GovSelect(), validators=[DataRequired("Choose a role")])
    submit = SubmitField("Change role", widget=GovSubmitInput())


class ReturnsPermissionForm(FlaskForm):
    """Grant or withdraw the permission to compile returns (read equality answers, as suppressed totals)."""

    compiles_returns = RadioField(
        "Can this person compile returns?",
        choices=[("yes", "Yes, they can read equality figures"), ("no", "No")],
        widget=GovRadios(),
        validators=[DataRequired("Select whether this person can compile returns")],
    )
    submit = SubmitField("Save permission", widget=GovSubmitInput())
