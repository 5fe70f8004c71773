"""The form for filing a signed agreement: the PDF, who signed for each side and when, and its expiry."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from core.form_fields import gov_date, not_before_2000, not_in_future


class SignedAgreementForm(FlaskForm):
    file = FileField("The signed agreement (PDF, up to 10 MB)", widget=GovFileInput())
    force_signatory = StringField(
        "Who signed for the force",
        widget=GovTextInput(),
        validators=[DataRequired("Enter who signed for the force"), Length(max=120)],
    )
    force_signed_on = gov_date(
        "Date the force signed",
        validators=[InputRequired("Enter the date the force signed"), not_in_future, not_before_2000],
    )
    partner_signatory = StringField(
        "Who signed for them",
        description="The name and role of the person who signed for the business or council",
        widget=GovTextInput(),
        validators=[DataRequired("Enter who signed for them"), Length(max=120)],
    )
    partner_signed_on = gov_date(
        "Date they signed", validators=[InputRequired("Enter the date they signed"), not_in_future, not_before_2000]
    )
    expires_on = gov_date("Expiry date (optional)", validators=[Optional()])
    submit = SubmitField("Keep the signed agreement", widget=GovSubmitInput())
