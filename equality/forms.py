"""The equality questions as a form: each optional, each with "Prefer not to say"."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import RadioField, SubmitField
from wtforms.validators import Optional, ValidationError

from core.form_widgets import GovRadios
from equality.categories import DISABILITY, ETHNIC_GROUPS, PREFER_NOT, PREFER_NOT_LABEL, SEX

NOT_ANSWERED = ""


def _choices(choices) -> list[tuple[str, str]]:
    return [(c.code, c.label) for c in choices] + [(PREFER_NOT, PREFER_NOT_LABEL)]


ETHNICITY_CHOICES = [(choice.code, choice.label) for _, choices in ETHNIC_GROUPS for choice in choices] + [
    (PREFER_NOT, PREFER_NOT_LABEL)
]
# The census group heading shown before the first answer of each group.
GROUP_BEFORE = {choices[0].code: group.label for group, choices in ETHNIC_GROUPS}


class GroupedRadios(GovRadios):
    """GOV.UK radios with each census group's name shown before its answers (as the census form does)."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        items = []
        for item in params.get("items", []):
            group = GROUP_BEFORE.get(item.get("value"))
            if group:
                items.append({"divider": group})
            elif item.get("value") == PREFER_NOT:
                items.append({"divider": "or"})
            items.append(item)
        first = next(item for item in items if "value" in item)
        first["id"] = params.get("idPrefix") or field.id  # the error summary links to the field's id
        params["items"] = items
        return params


class AnswerField(RadioField):
    """An optional radio question whose refusal of an answer not offered names the question (GOV.UK style)."""

    def __init__(self, label: str, subject: str, widget=None, **kwargs):
        super().__init__(label, widget=widget or GovRadios(), validators=[Optional()], **kwargs)
        self.subject = subject

    def pre_validate(self, form):
        if self.data and self.data not in {value for value, _ in self.choices}:
            raise ValidationError(f"Select {self.subject}, or Prefer not to say")


class EqualityForm(FlaskForm):
    """Sex, ethnic group and disability; leaving a question unanswered is allowed."""

    sex = AnswerField("What is your sex?", "your sex", choices=_choices(SEX))
    ethnicity = AnswerField(
        "What is your ethnic group?", "your ethnic group", choices=ETHNICITY_CHOICES, widget=GroupedRadios()
    )
    disability = AnswerField(
        "Do you consider yourself to have a disability?",
        "whether you consider yourself to have a disability",
        description="The Equality Act 2010 counts a physical or mental impairment with a substantial, long-term "
        "effect on your ability to do normal daily activities.",
        choices=_choices(DISABILITY),
    )
    submit = SubmitField("Save your answers", widget=GovSubmitInput())

    def answers(self) -> dict[str, str | None]:
        """The answers given (None where a question was left unanswered)."""
        return {name: (self[name].data or None) for name in ("sex", "ethnicity", "disability")}
