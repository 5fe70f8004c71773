"""Sign-in and password forms."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from core.auth.passwords import MAX_LENGTH, MIN_LENGTH


class LoginForm(FlaskForm):
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter your email address"), Length(max=254)],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[DataRequired(message="Enter your password"), Length(max=MAX_LENGTH)],
    )
    remember = BooleanField("Keep me signed in on this device", widget=GovCheckboxInput())
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password", widget=GovPasswordInput(), validators=[DataRequired(message="Enter your current password")]
    )
    new_password = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        description=f"At least {MIN_LENGTH} characters. A short phrase is easier to remember.",
        validators=[
            DataRequired(message="Enter a new password"),
            Length(min=MIN_LENGTH, max=MAX_LENGTH, message=f"Password must be {MIN_LENGTH} to {MAX_LENGTH} characters"),
        ],
    )
    confirm_password = PasswordField(
        "Confirm new password",
        widget=GovPasswordInput(),
        validators=[
            DataRequired(message="Confirm your new password"),
            EqualTo("new_password", "Passwords do not match"),
        ],
    )
    submit = SubmitField("Change password", widget=GovSubmitInput())


class TwoFactorForm(FlaskForm):
    code = StringField(
        "Code from your authenticator app, or a recovery code",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter the 6-digit code or a recovery code"), Length(max=40)],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class EnrolTwoFactorForm(FlaskForm):
    code = StringField(
        "6-digit code from your authenticator app",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter the 6-digit code"), Length(max=12)],
    )
    submit = SubmitField("Turn on two-factor authentication", widget=GovSubmitInput())


class ConfirmPasswordForm(FlaskForm):
    current_password = PasswordField(
        "Your password", widget=GovPasswordInput(), validators=[DataRequired(message="Enter your password")]
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class ForgottenPasswordForm(FlaskForm):
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter your email address"), Length(max=254)],
    )
    submit = SubmitField("Ask for a reset link", widget=GovSubmitInput())


class SetPasswordForm(FlaskForm):
    new_password = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        description=f"At least {MIN_LENGTH} characters. A short phrase of three or more words is easy to remember.",
        validators=[
            DataRequired(message="Enter a new password"),
            Length(min=MIN_LENGTH, max=MAX_LENGTH, message=f"Password must be {MIN_LENGTH} to {MAX_LENGTH} characters"),
        ],
    )
    confirm_password = PasswordField(
        "Confirm new password",
        widget=GovPasswordInput(),
        validators=[
            DataRequired(message="Confirm your new password"),
            EqualTo("new_password", "Passwords do not match"),
        ],
    )
    submit = SubmitField("Set password", widget=GovSubmitInput())
