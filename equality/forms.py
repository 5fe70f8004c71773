"""The equality questions as a form: each optional, each with "Prefer not to say"."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import RadioField, SubmitField
from wtforms.validators import Optional

from core.form_widgets import GovRadios
from equality.categories import DISABILITY, ETHNIC_GROUPS, PREFER_NOT, PREFER_NOT_LABEL, SEX

NOT_ANSWERED = ""


def _choices(choices) -> list[tuple[str, str]]:
    return [(c.code, c.label) for c in choices] + [(PREFER_NOT, PREFER_NOT_LABEL)]


ETHNICITY_CHOICES = [
    (choice.code, f"{group.label}: {choice.label}") for group, choices in ETHNIC_GROUPS for choice in choices
] + [(PREFER_NOT, PREFER_NOT_LABEL)]


class EqualityForm(FlaskForm):
    """Sex, ethnic group and disability; leaving a question unanswered is allowed."""

    sex = RadioField("What is your sex?", choices=_choices(SEX), widget=GovRadios(), validators=[Optional()])
    ethnicity = RadioField(
        "What is your ethnic group?", choices=ETHNICITY_CHOICES, widget=GovRadios(), validators=[Optional()]
    )
    disability = RadioField(
        "Do you consider yourself to have a disability?",
        description="The Equality Act 2010 counts a physical or mental impairment with a substantial, long-term "
        "effect on your ability to do normal daily activities.",
        choices=_choices(DISABILITY),
        widget=GovRadios(),
        validators=[Optional()],
    )
    submit = SubmitField("Save your answers", widget=GovSubmitInput())

    def answers(self) -> dict[str, str | None]:
        """The answers given (None where a question was left unanswered)."""
        return {name: (self[name].data or None) for name in ("sex", "ethnicity", "disability")}
