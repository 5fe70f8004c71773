"""The forms of the online application: one question (or one small group of questions) per page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextArea, GovTextInput
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp, ValidationError

from apply.eligibility import ROUTES
from apply.guardians import RELATIONSHIPS
from core.form_fields import GovDateField, in_the_past
from core.form_widgets import GovCheckboxes, GovRadios, PersonalInput
from equality.categories import DISABILITY, ETHNICITY, PREFER_NOT, PREFER_NOT_LABEL, SEX

EMAIL_SHAPE = Regexp(
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Enter an email address in the correct format, like name@example.com"
)
PHONE_SHAPE = Regexp(
    r"^\+?[0-9 ()-]{10,20}$", message="Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
)
NONE = "none"


def _text(label: str, required: str, max_len: int, widget=None, validators=()) -> StringField:
    too_long = f"{label} must be {max_len} characters or fewer"
    return StringField(
        label,
        widget=widget or GovTextInput(),
        validators=[DataRequired(required), Length(max=max_len, message=too_long), *validators],
    )


def _radios(label: str, required: str | None, choices=(), hint: str = "") -> RadioField:
    validators = [InputRequired(required)] if required else [Optional()]
    return RadioField(label, widget=GovRadios(), choices=list(choices), validators=validators, description=hint)


class Honeypot:
    """A field people never see (its wrapper is hidden): anything typed in it marks the application as a bot's."""

    website = StringField("Leave this blank", widget=GovTextInput(), validators=[Optional()])


class RouteForm(FlaskForm):
    route = _radios(
        "What do you want to apply for?",
        "Select what you want to apply for",
        [(r.key, r.label) for r in ROUTES.values()],
    )


class BornForm(FlaskForm):
    dob = GovDateField("What is your date of birth?", [InputRequired("Enter your date of birth"), in_the_past])


class YesNoForm(FlaskForm):
    answer = RadioField("", widget=GovRadios(), choices=[("yes", "Yes"), ("no", "No")], validators=[InputRequired()])


class NameForm(Honeypot, FlaskForm):
    first_name = _text("First name", "Enter your first name", 80, PersonalInput("given-name"))
    last_name = _text("Last name", "Enter your last name", 80, PersonalInput("family-name"))


class EmailForm(FlaskForm):
    email = _text(
        "What is your email address?", "Enter your email address", 254, PersonalInput("email", "email"), [EMAIL_SHAPE]
    )


class PhoneForm(FlaskForm):
    phone = _text(
        "What is your phone number?", "Enter your phone number", 20, PersonalInput("tel", "tel"), [PHONE_SHAPE]
    )


class GuardianForm(FlaskForm):
    guardian_name = _text("Their full name", "Enter your parent or guardian's full name", 120)
    guardian_email = _text(
        "Their email address",
        "Enter your parent or guardian's email address",
        254,
        PersonalInput("off", "email"),
        [EMAIL_SHAPE],
    )

    def __init__(self, *args, applicant_email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.applicant_email = applicant_email.lower()

    def validate_guardian_email(self, field) -> None:
        if field.data and field.data.strip().lower() == self.applicant_email:
            raise ValidationError("Enter your parent or guardian's own email address, not yours")


class AreaForm(FlaskForm):
    district_id = _radios("Which area would you like to serve in?", "Select the area you would like to serve in")


class ParishForm(FlaskForm):
    csc_post_id = _radios(
        "Would you like to be the Community Special Constable for one of these parishes?",
        "Select a parish, or No",
        hint="These councils fund a Special Constable of their own, who serves at least 16 hours a month there.",
    )


class HeardForm(FlaskForm):
    source_id = _radios(
        "How did you hear about volunteering with us?", "Select how you heard about us, or Somewhere else"
    )


def _with_prefer_not(choices) -> list[tuple[str, str]]:
    return [(c.code, c.label) for c in choices] + [(PREFER_NOT, PREFER_NOT_LABEL)]


class EqualityForm(FlaskForm):
    sex = _radios("What is your sex?", None, _with_prefer_not(SEX))
    ethnicity = _radios("What is your ethnic group?", None, _with_prefer_not(ETHNICITY))
    disability = _radios(
        "Do you have a disability?",
        None,
        _with_prefer_not(DISABILITY),
        hint="A physical or mental condition or illness lasting or expected to last 12 months or more that reduces "
        "your ability to carry out day-to-day activities.",
    )


class SendForm(Honeypot, FlaskForm):
    pass


class ContinueForm(FlaskForm):
    """A button only: following an emailed link takes a deliberate press, not just opening it."""


class FollowForm(FlaskForm):
    email = _text(
        "Email address", "Enter the email address you applied with", 254, PersonalInput("email", "email"), [EMAIL_SHAPE]
    )


class WithdrawForm(FlaskForm):
    reason = TextAreaField(
        "Why are you withdrawing your application?",
        widget=GovTextArea(),
        validators=[
            DataRequired("Enter why you are withdrawing your application"),
            Length(max=200, message="Your reason must be 200 characters or fewer"),
        ],
    )


class GuardianConfirmForm(FlaskForm):
    name = _text("Your full name", "Enter your full name", 120, PersonalInput("name"))
    relationship = _radios(
        "How are you related to the young person?", "Select how you are related to the young person", RELATIONSHIPS
    )
    consent = SelectMultipleField(
        "Your consent",
        widget=GovCheckboxes(),
        choices=[("yes", "I am their parent or guardian and I agree to them applying to the Volunteer Police Cadets")],
        validators=[DataRequired("Confirm that you agree to them applying")],
    )
