"""Forms for account administration."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSelect, GovSubmitInput, GovTextInput
from wtforms import IntegerField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

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
    password = PasswordField(
        "Temporary password",
        widget=GovPasswordInput(),
        description="At least 8 characters. Give it to the person by a separate channel.",
        validators=[DataRequired("Enter a temporary password")],
    )
    submit = SubmitField("Create account", widget=GovSubmitInput())


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        "New temporary password", widget=GovPasswordInput(), validators=[DataRequired("Enter a temporary password")]
    )
    submit = SubmitField("Reset password", widget=GovSubmitInput())
