"""Forms of the privacy pages: confirmations only (every write is a POST with a CSRF token)."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

REASONS = [
    ("request", "The person asked to be erased (UK GDPR article 17)"),
    ("retention", "The retention period has passed"),
    ("other", "Another lawful reason (recorded in the audit log)"),
]


class ExportForm(FlaskForm):
    submit = SubmitField("Download everything held (ZIP)", widget=GovSubmitInput())


class EraseForm(FlaskForm):
    reason = SelectField("Reason", choices=REASONS, widget=GovSelect(), validators=[DataRequired("Choose a reason")])
    confirm = StringField(
        "Type ERASE to confirm",
        widget=GovTextInput(),
        validators=[DataRequired("Type ERASE to confirm"), Length(max=10)],
    )
    submit = SubmitField("Erase this person", widget=GovSubmitInput())

    def validate_confirm(self, field):
        """Only the exact word confirms."""
        if (field.data or "").strip().upper() != "ERASE":
            from wtforms.validators import ValidationError

            raise ValidationError("Type ERASE to confirm")


class RetentionForm(FlaskForm):
    submit = SubmitField("Apply the retention schedule now", widget=GovSubmitInput())
