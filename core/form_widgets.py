"""GOV.UK radios and checkboxes whose group always has a fieldset and a visible, spoken legend.

govuk-frontend-wtf puts the field's label in the legend only when the template passes no ``fieldset``
of its own; a template that only styles the legend (``{"fieldset": {"legend": {"classes": ...}}}``)
loses the question. These widgets keep the label as the legend's text whatever the template passes,
and leave out an empty hint (which would describe the group with nothing). Every feature's forms use
them instead of the library's GovRadioInput and GovCheckboxesInput.
"""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput, GovTextInput


def _with_legend(params: dict, field) -> dict:
    """The group's fieldset with the field's label as its legend, unless the template gave one."""
    fieldset = params.setdefault("fieldset", {})
    legend = fieldset.setdefault("legend", {})
    if not (legend.get("text") or legend.get("html")):
        legend["text"] = field.label.text
    hint = params.get("hint") or {}
    if not (hint.get("text") or hint.get("html")):
        params.pop("hint", None)
    return params


class GovRadios(GovRadioInput):
    """GOV.UK radios in a fieldset whose legend is the field's label."""

    def map_gov_params(self, field, **kwargs):
        return _with_legend(super().map_gov_params(field, **kwargs), field)


class GovCheckboxes(GovCheckboxesInput):
    """GOV.UK checkboxes in a fieldset whose legend is the field's label."""

    def map_gov_params(self, field, **kwargs):
        return _with_legend(super().map_gov_params(field, **kwargs), field)


class PersonalInput(GovTextInput):
    """A text input for a fact about the person filling in the form, with its WCAG 1.3.5 purpose
    (``autocomplete``: email, tel, street-address, postal-code ...) and the input type phones key for."""

    def __init__(self, autocomplete: str, input_type: str = "text", **kwargs):
        super().__init__(**kwargs)
        self.autocomplete = autocomplete
        self.input_type = input_type

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.setdefault("autocomplete", self.autocomplete)
        params.setdefault("type", self.input_type)
        if self.input_type in ("email", "tel") or self.autocomplete == "postal-code":
            params.setdefault("spellcheck", False)
        return params
