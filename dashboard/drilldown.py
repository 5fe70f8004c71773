"""The list behind each figure: which items a figure counted, read from the very selection it was counted from.

Each entry names a selection of the figure's own query module (dashboard/queries/*) and how to describe it in
words ("16 Community Special Constables in post on 31 August 2026"). The page (``dashboard.figure_list``)
counts the selection for its heading and shows its rows (dashboard/listing.py), so a figure, its heading and
the rows below it come from one query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from core.extensions import db
from core.models import Command, District
from core.params import whole_number
from dashboard.periods import Period
from dashboard.queries import activity, alerts, partners, people, recruitment
from schemes.models import AgreementStatus
from volunteers.models import ApplicationOutcome, ApplicationStage, LearningStage, Programme


def plural(label: str) -> str:
    """A programme's label in the plural ('Special Constable' -> 'Special Constables')."""
    return label if label.endswith("s") else f"{label}s"


@dataclass(frozen=True)
class FigureList:
    """One kind of list: the items a figure counted.

    ``select(period, value)`` gives the items' ids (first column ``id``, then any measured columns);
    ``nouns(value)`` the singular and plural words for them; ``on_day`` whether they are counted on the
    period's last day (else over the period); ``values`` the accepted values (None: any whole number).
    """

    kind: str
    select: Callable[[Period, str | None], sa.Select]
    nouns: Callable[[str | None], tuple[str, str]]
    on_day: bool = True
    values: Callable[[], list[str]] | None = lambda: [""]  # None: any id, or 'none' for the items without one
    measures: tuple[tuple[str, str], ...] = ()  # (column, words) summed over the items, e.g. vehicles checked


def _ids(stmt: sa.Select) -> sa.Select:
    """A selection's first column named ``id`` (the list pages join on it)."""
    sub = stmt.subquery()
    first, *rest = sub.c
    return sa.select(first.label("id"), *rest)


def _name(model, value: str | None, none: str) -> str:
    if value == "none":
        return none
    return db.session.scalar(sa.select(model.name).where(model.id == int(value or 0))) or none


def _programme(value: str) -> str:
    return "no programme held on the day" if value == activity.NO_PROGRAMME else plural(Programme(value).label)


def _whole_or_none(value: str | None) -> int | None:
    return None if value == "none" else int(value or 0)


def _command(period: Period, value: str | None) -> sa.Select:
    sub = people.specials_on(period.end)
    wanted = _whole_or_none(value)
    return sa.select(sub.c.volunteer_id.label("id")).where(
        sub.c.command_id.is_(None) if wanted is None else sub.c.command_id == wanted
    )


def _district(period: Period, value: str | None) -> sa.Select:
    sub = partners.active_citizens_on(period.end)
    wanted = _whole_or_none(value)
    return _ids(
        sa.select(sub.c.volunteer_id)
        .outerjoin(District, District.id == sub.c.district_id)
        .where(District.id.is_(None) if wanted is None else District.id == wanted)
        .distinct()
    )


def _cadet_people(period: Period, value: str | None) -> sa.Select:
    sub = partners.cadet_people_on(period.end)
    return _ids(sa.select(sub.c.volunteer_id).where(sub.c.role == value).distinct())


def _specials(column: str, period: Period, value: str | None) -> sa.Select:
    sub = people.specials_on(period.end)
    return sa.select(sub.c.volunteer_id.label("id")).where(sub.c[column] == value)


AGREEMENT_WORDS = {
    AgreementStatus.ACTIVE.value: ("parish signed up and recruited", "parishes signed up and recruited"),
    AgreementStatus.UNABLE_TO_RECRUIT.value: (
        "parish signed up but unable to recruit",
        "parishes signed up but unable to recruit",
    ),
    AgreementStatus.SIGNED.value: ("parish signed up and recruiting", "parishes signed up and recruiting"),
    AgreementStatus.ENDED.value: ("parish whose agreement ended", "parishes whose agreements ended"),
}
BUSINESS_STATUSES = {"registered": ("registered",), "being_engaged": partners.BEING_ENGAGED}
ALERT_WORDS = {
    "vetting_expiring": ("person whose vetting expires within 60 days", "people whose vetting expires within 60 days"),
    "vetting_expired": ("person whose vetting has expired", "people whose vetting has expired"),
    "specials_below_commitment": (
        "Special below their commitment over the last 3 months",
        "Specials below their commitment over the last 3 months",
    ),
    "cadets_ageing_out": ("cadet turning 18 within 90 days", "cadets turning 18 within 90 days"),
    "cadets_over_age": ("cadet aged 18 or over", "cadets aged 18 or over"),
}
CLOSED = [o.value for o in ApplicationOutcome if o != ApplicationOutcome.OPEN]

LISTS: dict[str, FigureList] = {
    "members": FigureList(
        "people",
        lambda p, v: _ids(people.members_at_end(p, Programme(v))),
        lambda v: (Programme(v).label, plural(Programme(v).label)),
        values=lambda: [p.value for p in Programme],
    ),
    "specials_stage": FigureList(
        "people",
        lambda p, v: _specials("stage", p, v),
        lambda v: (f"Special at {LearningStage(v).label}", f"Specials at {LearningStage(v).label}"),
        values=lambda: [s.value for s in LearningStage],
    ),
    "specials_command": FigureList(
        "people",
        _command,
        lambda v: (f"Special in {_name(Command, v, 'no command')}", f"Specials in {_name(Command, v, 'no command')}"),
        values=None,
    ),
    "csc": FigureList(
        "people",
        lambda p, v: _specials("csc_state", p, v),
        lambda v: (
            ("Community Special Constable in post", "Community Special Constables in post")
            if v == people.IN_POST
            else ("CSC in post-foundation training", "CSCs in post-foundation training")
        ),
        values=lambda: [people.IN_POST, people.IN_TRAINING],
    ),
    "csc_parishes": FigureList(
        "parishes",
        lambda p, v: _ids(people.parishes_with_csc_in_post(p.end)),
        lambda v: ("parish with a CSC in post", "parishes with a CSC in post"),
    ),
    "parishes_agreement": FigureList(
        "parishes",
        lambda p, v: _ids(people.parishes_by_agreement(p.end, v)),
        lambda v: AGREEMENT_WORDS[v],
        values=lambda: list(AGREEMENT_WORDS),
    ),
    "csc_duties": FigureList(
        "duties",
        lambda p, v: _ids(sa.select(activity.csc_own_parish_duties(p).c.id)),
        lambda v: ("duty by a CSC in their own parish", "duties by CSCs in their own parishes"),
        on_day=False,
    ),
    "esp_businesses": FigureList(
        "businesses",
        lambda p, v: _ids(partners.businesses(p.end, BUSINESS_STATUSES[v])),
        lambda v: ("ESP business " + v.replace("_", " "), "ESP businesses " + v.replace("_", " ")),
        values=lambda: list(BUSINESS_STATUSES),
    ),
    "esp_specials": FigureList(
        "people",
        lambda p, v: _ids(sa.select(partners.esp_specials(p.end).c.volunteer_id)),
        lambda v: ("Special released by an ESP employer", "Specials released by ESP employers"),
    ),
    "cadet_people": FigureList(
        "people",
        _cadet_people,
        lambda v: (Programme(v).label, plural(Programme(v).label)),
        values=lambda: list(partners.CADET_ROLES),
    ),
    "cadet_units": FigureList(
        "units",
        lambda p, v: _ids(partners.cadet_units_with_members(p.end)),
        lambda v: ("cadet unit with members", "cadet units with members"),
    ),
    "active_citizens": FigureList(
        "people",
        _district,
        lambda v: (
            f"Active Citizen in {_name(District, v, 'no recorded district')}",
            f"Active Citizens in {_name(District, v, 'no recorded district')}",
        ),
        values=None,
    ),
    "watch_schemes": FigureList(
        "schemes",
        lambda p, v: _ids(activity.watch_schemes_with_members(p)),
        lambda v: ("watch scheme with members", "watch schemes with members"),
        measures=(("end", "members"),),
    ),
    "speed_watch_groups": FigureList(
        "groups",
        lambda p, v: _ids(sa.select(activity.speed_watch_groups_on(p).c.id)),
        lambda v: ("active Speed Watch group", "active Speed Watch groups"),
    ),
    "speed_watch_sessions": FigureList(
        "sessions",
        lambda p, v: _ids(activity.speed_watch_sessions(p)),
        lambda v: ("Speed Watch session", "Speed Watch sessions"),
        on_day=False,
        measures=(("vehicles_checked", "vehicles checked"), ("letters", "warning letters")),
    ),
    "duties": FigureList(
        "duties",
        lambda p, v: _ids(activity.approved_duties(p, v or "")),
        lambda v: (
            (f"approved duty under {_programme(v)}", f"approved duties under {_programme(v)}")
            if v
            else ("approved duty", "approved duties")
        ),
        on_day=False,
        values=lambda: ["", activity.NO_PROGRAMME, *(p.value for p in Programme)],
    ),
    "applications_received": FigureList(
        "applications",
        lambda p, v: recruitment.applications(p, which="received"),
        lambda v: ("application received", "applications received"),
        on_day=False,
    ),
    "applications_open": FigureList(
        "applications",
        lambda p, v: recruitment.applications(p, which="open", open_stage=v or None),
        lambda v: (
            (f"application open at {ApplicationStage(v).label}", f"applications open at {ApplicationStage(v).label}")
            if v
            else ("application open", "applications open")
        ),
        values=lambda: ["", *(s.value for s in ApplicationStage)],
    ),
    "applications_closed": FigureList(
        "applications",
        lambda p, v: recruitment.applications(p, which=v),
        lambda v: (f"applicant {v}", f"applicants {v}"),
        on_day=False,
        values=lambda: CLOSED,
    ),
    "alert": FigureList(
        "people",
        lambda p, v: _ids(alerts.alert_ids(v, p.end)),
        lambda v: ALERT_WORDS[v],
        values=lambda: list(ALERT_WORDS),
    ),
}


def accepts(name: str, value: str | None) -> bool:
    """Whether ``name`` is a list and ``value`` one it takes (a whole number or 'none' where any id goes)."""
    entry = LISTS.get(name)
    if entry is None:
        return False
    if entry.values is not None:
        return (value or "") in entry.values()
    return value == "none" or whole_number(value, 9) is not None
