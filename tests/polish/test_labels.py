"""Labels read as plain English, with proper names capitalised."""

from __future__ import annotations

from core.models import LabelledEnum, plain_label
from scheduling.models import DutyType
from volunteers.models import AwardType


def _every_labelled_enum():
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return list(subclasses(LabelledEnum))


def test_award_labels_read_as_people_say_them():
    assert AwardType.PIN_3_YEAR.label == "3-year pin"
    assert AwardType.PIN_5_YEAR.label == "5-year pin"
    assert AwardType.LORD_FERRERS_NOMINATION.label == "Lord Ferrers nomination"
    assert AwardType.LONG_SERVICE_MEDAL.label == "Long Service Medal"
    assert DutyType.OP_COMMUNITY.label == "Op Community" and DutyType.DAY_OF_ACTION.label == "Day of action"


def test_a_plain_label_keeps_proper_names_and_capitals_only_the_first_word():
    assert plain_label("lord_ferrers_award") == "Lord Ferrers award"
    assert plain_label("esp_hours_in_essex") == "ESP hours in Essex"
    assert plain_label("unable_to_recruit") == "Unable to recruit"


def test_no_label_shows_an_underscore_or_a_lower_case_proper_name():
    enums = _every_labelled_enum()
    assert AwardType in enums
    for enum_class in enums:
        for member in enum_class:
            label = member.label
            assert "_" not in label and label[:1] == label[:1].upper(), (enum_class.__name__, label)
            assert not any(word in label.split() for word in ("ferrers", "essex", "esp", "csc")), label
