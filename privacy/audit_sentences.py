"""The audit trail read as sentences: "Sam Supervisor approved Tessa Parishwell's duty of 5 July 2023: 8 hours".

One sentence pattern per action; an action without one reads as a generic sentence built from its words,
its object and its detail, never as a raw code or JSON. Names are looked up once per page of events
(people, accounts, duties, shifts and the scheme records the trail names), so a page costs a few queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

import sqlalchemy as sa

from core.dates import local_date
from core.extensions import db
from core.filters import hours
from core.models import AuditEvent, Parish, User
from scheduling.models import Duty, Shift
from schemes.models import EspBusiness
from volunteers.models import Application, Volunteer

# {actor} is who did it; {object} the named object; other names are the event's detail.
PATTERNS: dict[str, str] = {
    "login": "{actor} signed in",
    "logout": "{actor} signed out",
    "login_failed": "A sign-in as {actor} failed ({why})",
    "login_throttled": "Sign-ins as {actor} were paused after too many failures",
    "access_refused": "{actor} was refused {path} ({reason})",
    "password_changed": "{actor} changed their password",
    "password_reset_requested": "{actor} asked for a password reset link",
    "two_factor_enabled": "{actor} turned on two-factor sign-in",
    "two_factor_disabled": "{actor} turned off two-factor sign-in",
    "two_factor_recovery_codes_replaced": "{actor} made new recovery codes",
    "user_created": "{actor} created the account of {object} ({role})",
    "user_enabled": "{actor} enabled the account of {object}",
    "user_disabled": "{actor} disabled the account of {object}",
    "user_role_changed": "{actor} changed the role of {object} from {from} to {to}",
    "setup_link_issued": "{actor} sent a set-up link to {object}",
    "reset_link_issued": "{actor} sent a password reset link to {object}",
    "api_token_issued": "{actor} issued an API token",
    "api_token_revoked": "{actor} revoked an API token",
    "duty_logged": "{actor} logged {object}",
    "duty_changed": "{actor} changed {object}",
    "duty_approved": "{actor} approved {object}",
    "duty_rejected": "{actor} rejected {object}: {reason}",
    "duties_imported": "{actor} imported {rows} duties",
    "shift_created": "{actor} created the shift {object}",
    "shift_signup": "{actor} signed {volunteer} up to {object} ({status})",
    "shift_withdrawn": "{actor} withdrew {volunteer} from {object}",
    "shift_promoted": "{volunteer} was given a place on {object} from the waiting list",
    "shift_attendance": "{actor} recorded {volunteer} as {attendance} on {object}",
    "calendar_feed_issued": "{actor} made a calendar address for {object}",
    "calendar_feed_revoked": "{actor} stopped the calendar address of {object}",
    "volunteer_created": "{actor} added {object} ({kind}, joined {joined_on})",
    "volunteer_updated": "{actor} changed the record of {object}",
    "volunteer_contact_updated": "{actor} changed the contact details of {object}",
    "volunteer_left": "{actor} recorded that {object} left on {left_on}: {reason}",
    "volunteer_paused": "{actor} paused {object} from {on}: {reason}",
    "volunteer_resumed": "{actor} recorded that {object} resumed on {on}",
    "volunteer_rejoined": "{actor} recorded that {object} rejoined on {on}",
    "volunteer_role_added": "{actor} added a {kind} role to {object}",
    "volunteer_attested": "{actor} recorded that {object} was attested on {on}",
    "volunteers_exported": "{actor} exported {rows} volunteers",
    "kit_issued": "{actor} issued kit to {object}",
    "kit_returned": "{actor} recorded kit returned by {object} on {on}",
    "kit_written_off": "{actor} wrote off kit held by {object} on {on}",
    "kit_checklist_opened": "{actor} opened a leaving checklist of {items} items of kit for {object} ({reason})",
    "kit_checklist_closed": "The leaving checklist of {object} closed: all kit back or written off",
    "kit_stock_added": "{actor} added {quantity} uniform to the store ({in_store} now in the store)",
    "kit_item_added": "{actor} added a {category} with serial number {serial} to the store",
    "application_created": "{actor} recorded the application of {object}",
    "application_stage_changed": "{actor} moved the application of {object} on {on}",
    "application_closed": "{actor} closed the application of {object} ({outcome})",
    "application_attested": "{actor} recorded the attestation of {object}",
    "applications_exported": "{actor} exported {rows} applications",
    "subject_access_export": "{actor} exported everything held about {object} (subject access)",
    "erasure": "{actor} erased {object} ({reason})",
    "retention_applied": "{actor} applied the retention schedule",
    "parish_created": "{actor} added the parish {object}",
    "parish_updated": "{actor} changed the parish {object}",
    "esp_business_created": "{actor} added the ESP employer {object}",
    "esp_business_updated": "{actor} changed the ESP employer {object}",
    "report_run": "{actor} made a report ({object})",
    "report_downloaded": "{actor} downloaded a report ({object})",
    "export_downloaded": "{actor} downloaded an export ({object})",
    "job_rerun": "{actor} ran the job {job} again for {period}",
}
# What each object type is called in a generic sentence.
OBJECT_WORDS = {
    "csc_post": "CSC post",
    "csc_claim": "CSC claim",
    "csc_agreement": "CSC agreement",
    "api_token": "API token",
}


def _names(model, ids: set[int], describe) -> dict[int, str]:
    if not ids:
        return {}
    return {row.id: describe(row) for row in db.session.scalars(sa.select(model).where(model.id.in_(ids)))}


def _duty_name(duty: Duty, people: Mapping[int, str]) -> str:
    who = people.get(duty.volunteer_id, f"volunteer #{duty.volunteer_id}")
    return f"{who}'s duty of {duty.duty_date:%-d %B %Y}: {hours(duty.minutes)} hours"


class Names:
    """The names the events of one page refer to, each kind looked up once."""

    def __init__(self, events: list[AuditEvent]):
        ids: dict[str, set[int]] = defaultdict(set)
        for event in events:
            if event.object_type and event.object_id is not None:
                ids[event.object_type].add(event.object_id)
            if isinstance(event.detail, dict) and isinstance(event.detail.get("volunteer_id"), int):
                ids["volunteer"].add(event.detail["volunteer_id"])
        duties = list(db.session.scalars(sa.select(Duty).where(Duty.id.in_(ids["duty"])))) if ids["duty"] else []
        ids["volunteer"].update(d.volunteer_id for d in duties)
        self.people = _names(Volunteer, ids["volunteer"], lambda v: v.full_name)
        self.objects: dict[str, dict[int, str]] = {
            "volunteer": self.people,
            "duty": {d.id: _duty_name(d, self.people) for d in duties},
            "shift": _names(Shift, ids["shift"], lambda s: f"{s.title} on {local_date(s.starts_at):%-d %B %Y}"),
            "user": _names(User, ids["user"], lambda u: u.display_name),
            "application": _names(Application, ids["application"], lambda a: a.full_name),
            "parish": _names(Parish, ids["parish"], lambda p: p.name),
            "esp_business": _names(EspBusiness, ids["esp_business"], lambda b: b.name),
        }
        emails = {e.actor for e in events if e.actor}
        self.actors = (
            dict(db.session.execute(sa.select(User.email, User.display_name).where(User.email.in_(emails))).all())
            if emails
            else {}
        )

    def actor(self, event: AuditEvent) -> str:
        if not event.actor:
            return "The system"
        return self.actors.get(event.actor) or event.actor

    def object(self, event: AuditEvent) -> str:
        if not event.object_type:
            return ""
        known = self.objects.get(event.object_type, {}).get(event.object_id)
        if known:
            return known
        word = OBJECT_WORDS.get(event.object_type, event.object_type.replace("_", " "))
        return f"{word} {event.object_id}" if event.object_id is not None else word


def _value(value) -> str:
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value) or "none"
    if isinstance(value, dict):
        return "; ".join(f"{str(k).replace('_', ' ')} {_value(v)}" for k, v in value.items()) or "none"
    if value is None:
        return "none"
    return str(value).replace("_", " ")


class _Detail(dict):
    def __missing__(self, key: str) -> str:
        return "not recorded"


def _generic(event: AuditEvent, names: Names) -> str:
    action = event.action.replace("_", " ")
    sentence = f"{names.actor(event)}: {action}"
    if event.object_type:
        sentence += f" ({names.object(event)})"
    if isinstance(event.detail, dict) and event.detail:
        sentence += ". " + "; ".join(f"{k.replace('_', ' ')}: {_value(v)}" for k, v in event.detail.items())
    return sentence


def sentence(event: AuditEvent, names: Names) -> str:
    """One event as a sentence a person reads."""
    pattern = PATTERNS.get(event.action)
    if pattern is None:
        return _generic(event, names) + "."
    detail = _Detail({k: _value(v) for k, v in (event.detail or {}).items() if isinstance(k, str)})
    volunteer_id = (event.detail or {}).get("volunteer_id")
    if isinstance(volunteer_id, int):
        detail["volunteer"] = names.people.get(volunteer_id, f"volunteer #{volunteer_id}")
    detail.update(actor=names.actor(event), object=names.object(event))
    return pattern.format_map(detail) + "."


def sentences(events: Iterable[AuditEvent]) -> dict[int, str]:
    """Each event's sentence by event id."""
    events = list(events)
    names = Names(events)
    return {event.id: sentence(event, names) for event in events}
