"""The "How we contact you" form: one group of radios per kind of message, offering only what can reach them."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from core.form_widgets import GovRadios
from notices.kinds import KINDS
from notices.outbox.models import Channel


def preferences_form(options: list[tuple[Channel, str]], chosen: dict[str, Channel]) -> FlaskForm:
    """A form with a radio group per kind of message (its label the group's legend), each set to the choice."""
    choices = [(channel.value, label) for channel, label in options]

    class PreferencesForm(FlaskForm):
        submit = SubmitField("Save how we contact you", widget=GovSubmitInput())

    for name, kind in KINDS.items():
        if name not in chosen:
            continue
        setattr(
            PreferencesForm,
            name,
            RadioField(
                kind.label,
                choices=choices,
                widget=GovRadios(),
                validate_choice=False,  # a choice not offered is refused by the service, naming the kind
                validators=[InputRequired(f"Choose how you want to hear about: {kind.label.lower()}")],
            ),
        )
    offered = {value for value, _label in choices}
    data = {name: (c.value if c.value in offered else Channel.APP.value) for name, c in chosen.items()}
    return PreferencesForm(data=data)
