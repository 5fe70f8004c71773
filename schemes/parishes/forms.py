"""Forms for councils, agreements, posts and claims."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from core.form_fields import gov_date, not_before_2000, not_in_future, whole
from core.models import CouncilKind
from schemes.common import MoneyField
from schemes.models import AgreementStatus, FundingOnLeaving, PostState


def _choices(enum_cls):
    return [(m.value, m.label) for m in enum_cls]


class CouncilForm(FlaskForm):
    name = StringField(
        "Council name",
        widget=GovTextInput(),
        description="Without 'Parish Council' or 'Town Council', for example Billericay",
        validators=[
            DataRequired("Enter the council name"),
            Length(max=120, message="Council name must be 120 characters or fewer"),
        ],
    )
    council_kind = SelectField("Kind of council", choices=_choices(CouncilKind), widget=GovSelect())
    district_id = SelectField(
        "District", coerce=int, widget=GovSelect(), validators=[InputRequired("Choose a district")]
    )
    contact_name = StringField("Contact name", widget=GovTextInput(), validators=[Optional(), Length(max=120)])
    contact_email = StringField(
        "Contact email",
        widget=GovTextInput(),
        validators=[Optional(), Email("Enter a contact email like clerk@example.org"), Length(max=254)],
    )
    contact_phone = StringField("Contact phone", widget=GovTextInput(), validators=[Optional(), Length(max=40)])
    submit = SubmitField("Save council", widget=GovSubmitInput())


class AgreementForm(FlaskForm):
    signed_on = gov_date(
        "Date signed", validators=[InputRequired("Enter the date signed"), not_in_future, not_before_2000]
    )
    posts_funded = whole("Posts funded", 1, 50)
    annual_budget = MoneyField("Annual budget (pounds)", validators=[DataRequired("Enter the annual budget")])
    status = SelectField("Status", choices=_choices(AgreementStatus), widget=GovSelect())
    funding_on_leaving = SelectField(
        "What happens to the funding when a CSC leaves", choices=_choices(FundingOnLeaving), widget=GovSelect()
    )
    ended_on = gov_date("Date ended (if ended)", validators=[Optional(), not_before_2000])
    notes = TextAreaField("Notes", widget=GovTextArea(), validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Save agreement", widget=GovSubmitInput())


class PostForm(FlaskForm):
    state = SelectField("State of the post", choices=_choices(PostState), widget=GovSelect())
    state_since = gov_date(
        "In this state since", validators=[InputRequired("Enter the date"), not_in_future, not_before_2000]
    )
    holder_volunteer_id = whole(
        "Officer's volunteer record number",
        1,
        2_000_000_000,
        required=False,
        description="For a post in training or in post. Leave empty for a vacant post.",
    )
    submit = SubmitField("Save post", widget=GovSubmitInput())
