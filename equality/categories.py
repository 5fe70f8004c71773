"""The answers offered to the equality questions: ONS 2021 census categories for England and Wales.

Each answer is stored by its code; ``PREFER_NOT`` is always offered, and an unanswered question is None.
"""

from __future__ import annotations

from typing import NamedTuple

PREFER_NOT = "prefer_not_to_say"
PREFER_NOT_LABEL = "Prefer not to say"


class Choice(NamedTuple):
    code: str
    label: str


SEX: tuple[Choice, ...] = (Choice("female", "Female"), Choice("male", "Male"))

DISABILITY: tuple[Choice, ...] = (Choice("yes", "Yes"), Choice("no", "No"))

# ONS 2021 census ethnic groups (England and Wales): five groups of nineteen categories, in the census order.
ETHNIC_GROUPS: tuple[tuple[Choice, tuple[Choice, ...]], ...] = (
    (
        Choice("asian", "Asian, Asian British or Asian Welsh"),
        (
            Choice("bangladeshi", "Bangladeshi"),
            Choice("chinese", "Chinese"),
            Choice("indian", "Indian"),
            Choice("pakistani", "Pakistani"),
            Choice("other_asian", "Any other Asian background"),
        ),
    ),
    (
        Choice("black", "Black, Black British, Black Welsh, Caribbean or African"),
        (
            Choice("african", "African"),
            Choice("caribbean", "Caribbean"),
            Choice("other_black", "Any other Black, Black British or Caribbean background"),
        ),
    ),
    (
        Choice("mixed", "Mixed or Multiple ethnic groups"),
        (
            Choice("white_asian", "White and Asian"),
            Choice("white_black_african", "White and Black African"),
            Choice("white_black_caribbean", "White and Black Caribbean"),
            Choice("other_mixed", "Any other Mixed or Multiple ethnic background"),
        ),
    ),
    (
        Choice("white", "White"),
        (
            Choice("white_british", "English, Welsh, Scottish, Northern Irish or British"),
            Choice("irish", "Irish"),
            Choice("gypsy_traveller", "Gypsy or Irish Traveller"),
            Choice("roma", "Roma"),
            Choice("other_white", "Any other White background"),
        ),
    ),
    (
        Choice("other", "Other ethnic group"),
        (Choice("arab", "Arab"), Choice("other_ethnic", "Any other ethnic group")),
    ),
)

ETHNICITY: tuple[Choice, ...] = tuple(choice for _, choices in ETHNIC_GROUPS for choice in choices)
ETHNIC_GROUP_OF: dict[str, str] = {choice.code: group.code for group, choices in ETHNIC_GROUPS for choice in choices}

QUESTIONS: dict[str, tuple[Choice, ...]] = {"sex": SEX, "ethnicity": ETHNICITY, "disability": DISABILITY}


def is_answer(question: str, code: str | None) -> bool:
    """Whether ``code`` is an answer offered to ``question`` (None, not answered, and "prefer not to say" are)."""
    return code is None or code == PREFER_NOT or code in {choice.code for choice in QUESTIONS[question]}


def label_of(question: str, code: str | None) -> str:
    """What an answer reads as ("Not answered" for None)."""
    if code is None:
        return "Not answered"
    if code == PREFER_NOT:
        return PREFER_NOT_LABEL
    return {choice.code: choice.label for choice in QUESTIONS[question]}[code]
