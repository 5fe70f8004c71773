"""Forms for volunteers: the person, each kind of role, leaving, records and self-service."""

from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from core.form_fields import DATE_EXAMPLE, GovDateField, gov_date, in_the_past, not_in_future
from core.form_widgets import GovCheckboxes, GovRadios, PersonalInput
from volunteers.leaving_reasons import LeavingReason
from volunteers.models import AwardType, DofeLevel, LearningStage

EMAIL = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Enter an email address like name@example.org")


def _date(label: str, required: str | None = None, hint: str = DATE_EXAMPLE, more=(), **kwargs) -> GovDateField:
    validators = [InputRequired(required)] if required else [Optional()]
    return gov_date(label, validators=[*validators, *more], description=hint, **kwargs)


def _select(label: str, required: str | None = None) -> SelectField:
    validators = [DataRequired(required)] if required else [Optional()]
    return SelectField(label, coerce=str, widget=GovSelect(), validators=validators, choices=[])


def _text(label: str, max_len: int, required: str | None = None, validators=(), widget=None) -> StringField:
    base = [DataRequired(required)] if required else [Optional()]
    return StringField(label, widget=widget or GovTextInput(), validators=[*base, Length(max=max_len), *validators])


class PersonFields(FlaskForm):
    first_name = _text("First name", 80, "Enter the first name")
    last_name = _text("Last name", 80, "Enter the last name")
    # Staff type someone else's details: no autofill from the staff member's own.
    email = _text("Email address", 254, validators=[EMAIL], widget=PersonalInput("off", "email"))
    phone = _text("Phone number", 40, widget=PersonalInput("off", "tel"))
    date_of_birth = _date("Date of birth", hint=f"Required for cadets. {DATE_EXAMPLE}", more=[in_the_past])
    address = _text("Address", 300)
    postcode = _text("Postcode", 10)
    district_id = _select("District", "Choose the district")


class JoinedField(FlaskForm):
    joined_on = _date("Date joined", "Enter the date they joined")


class SpecialFields(FlaskForm):
    warrant_number = _text("Warrant number", 20)
    rank_id = _select("Rank", "Choose the rank")
    command_id = _select("Command or area", "Choose the command or area")
    stage = SelectField(
        "Learning programme stage",
        widget=GovSelect(),
        choices=[(s.value, s.label) for s in LearningStage],
        default=LearningStage.INITIAL_LEARNING.value,
    )
    initial_learning_on = _date("Initial learning started")
    accompanied_patrol_on = _date("Accompanied patrol started")
    independent_patrol_on = _date("Independent patrol started")
    qualified_on = _date("Qualified Special Constable on")
    skill_ids = SelectMultipleField("Skills", coerce=int, widget=GovCheckboxes(), choices=[])
    esp_business_id = _select("ESP employer")
    commitment_hours = DecimalField(
        "Monthly commitment in hours",
        widget=GovTextInput(),
        description="Leave blank to use the programme's usual commitment (16 hours)",
        places=1,
        validators=[Optional(), NumberRange(min=Decimal("0.5"), max=Decimal("200"), message="Enter 0.5 to 200 hours")],
    )


class CscFields(FlaskForm):
    csc_post_id = _select("Parish post", "Choose the parish post this Community Special Constable fills")


class CadetFields(FlaskForm):
    cadet_unit_id = _select("Cadet unit", "Choose the cadet unit")
    guardian_name = _text("Guardian's name", 120, "Enter the guardian's name")
    guardian_phone = _text("Guardian's phone number", 40, widget=PersonalInput("off", "tel"))
    guardian_email = _text("Guardian's email address", 254, validators=[EMAIL], widget=PersonalInput("off", "email"))
    guardian_consent_on = _date("Guardian consent given on")
    referral_source = _text("Referral source", 120)
    referred_by_partner_agency = BooleanField("Referred by a partner agency", widget=GovCheckboxInput())
    dofe_level = SelectField(
        "Duke of Edinburgh level", widget=GovSelect(), choices=[(d.value, d.label) for d in DofeLevel], default="none"
    )
    dofe_progress_percent = IntegerField(
        "Duke of Edinburgh progress (%)",
        widget=GovTextInput(),
        default=0,
        validators=[Optional(), NumberRange(min=0, max=100, message="Enter a percentage from 0 to 100")],
    )


class LeaderFields(FlaskForm):
    cadet_unit_id = _select("Cadet unit they lead", "Choose the cadet unit")
    is_unit_lead = BooleanField("Unit lead", widget=GovCheckboxInput())


class CitizenFields(FlaskForm):
    role_type_id = _select("Volunteer role", "Choose the volunteer role")
    is_leader = BooleanField("Active Citizen leader", widget=GovCheckboxInput())
    barred_list_checked_on = _date("Barred-list check on")


class SaveFields(FlaskForm):
    submit = SubmitField("Save", widget=GovSubmitInput())


ROLE_FIELDS = {
    "special": (SpecialFields,),
    "csc": (SpecialFields, CscFields),
    "cadet": (CadetFields,),
    "cadet_leader": (LeaderFields,),
    "active_citizen": (CitizenFields,),
}


def create_form_class(kind: str) -> type[FlaskForm]:
    """Person + date joined + the kind's own fields."""
    return type(f"Create{kind.title()}Form", (SaveFields, *reversed(ROLE_FIELDS[kind]), JoinedField, PersonFields), {})


def role_form_class(kind: str, with_csc: bool = True) -> type[FlaskForm]:
    """Only the role's fields (adding a role to a person, or editing it)."""
    parts = ROLE_FIELDS[kind] if with_csc else tuple(p for p in ROLE_FIELDS[kind] if p is not CscFields)
    return type(f"Role{kind.title()}Form", (SaveFields, *reversed(parts)), {})


class PersonForm(SaveFields, PersonFields):
    """Editing the shared facts."""


class ContactForm(FlaskForm):
    """Self-service: the only fields a volunteer may change on their own record."""

    email = _text(
        "Email address", 254, "Enter your email address", validators=[EMAIL], widget=PersonalInput("email", "email")
    )
    phone = _text("Phone number", 40, widget=PersonalInput("tel", "tel"))
    address = _text("Address", 300, widget=PersonalInput("street-address"))
    postcode = _text("Postcode", 10, widget=PersonalInput("postal-code"))
    submit = SubmitField("Save my details", widget=GovSubmitInput())


class LeaveForm(FlaskForm):
    left_on = _date("Date they left", "Enter the date they left")
    reason = RadioField(
        "Why did they leave?",
        # The Home Office return counts "left to join the regular force" from this (returns.counts).
        choices=[(r.value, r.label) for r in LeavingReason],
        description="The Home Office return counts the Specials who left to become police officers",
        widget=GovRadios(),
        validators=[InputRequired("Choose why they left")],
    )
    detail = StringField(
        "Why they left, in a few words (needed for Other)",
        widget=GovTextInput(),
        validators=[Length(max=200, message="Why they left must be 200 characters or fewer")],
    )
    submit = SubmitField("Record leaving", widget=GovSubmitInput())

    def validate_detail(self, field) -> None:
        if self.reason.data == LeavingReason.OTHER.value and not (field.data or "").strip():
            raise ValidationError("Enter why they left")


class PauseForm(FlaskForm):
    on = _date("Date", "Enter the date")
    reason = _text("Reason for the pause", 200)
    submit = SubmitField("Save", widget=GovSubmitInput())


class RejoinForm(FlaskForm):
    rejoined_on = _date("Date they re-joined", "Enter the date they re-joined")
    submit = SubmitField("Re-join", widget=GovSubmitInput())


class VettingForm(FlaskForm):
    level = _text("Vetting level", 40, "Enter the vetting level")
    granted_on = _date("Granted on", "Enter the date vetting was granted", more=[not_in_future])
    expires_on = _date("Expires on", "Enter the expiry date")
    submit = SubmitField("Add vetting", widget=GovSubmitInput())

    def validate_expires_on(self, field):
        if self.granted_on.data and field.data and field.data <= self.granted_on.data:
            raise ValidationError("Expiry date must be after the date granted")


class TrainingForm(FlaskForm):
    course = _text("Course", 120, "Enter the course")
    completed_on = _date("Completed on", "Enter the date completed", more=[not_in_future])
    expires_on = _date("Expires on")
    notes = TextAreaField("Notes", widget=GovTextArea(), validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Add training", widget=GovSubmitInput())

    def validate_expires_on(self, field):
        if self.completed_on.data and field.data and field.data < self.completed_on.data:
            raise ValidationError("Expiry date must not be before the date completed")


class AwardForm(FlaskForm):
    award_type = SelectField(
        "Award",
        widget=GovSelect(),
        choices=[("", "Choose the award")] + [(a.value, a.label) for a in AwardType],
        validators=[DataRequired("Choose the award")],
    )
    awarded_on = _date("Awarded on", "Enter the date awarded", more=[not_in_future])
    citation = TextAreaField("Citation", widget=GovTextArea(), validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Add award", widget=GovSubmitInput())
