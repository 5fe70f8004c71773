"""Who may call which address: the authorisation table, written by hand from the domain.

This table is the oracle of tests/test_authorization_matrix.py. It is NOT read from the views'
``@allow`` decorators: a reviewer checks it against docs (who may do what, DOMAIN.md), and the test
checks the running app against it, for every role, on every route and method (GET pages and POST
actions alike). A route missing here, a row for a route that no longer exists, or a decorator that
lets in one role more or fewer than the row says, fails the test.

Roles: A admin (user accounts, privacy), C CiP coordinator, S supervisor (read-mostly, their own
command), V volunteer (their own records), P parish or town council, E ESP employer, anonymous
(not signed in).

Outcomes in a cell:
    OK     allowed (any object of the kind)
    OWN    allowed on an object in the role's own scope (their own duty, their command's volunteer,
           the unit they lead); another's object answers 404, as if it did not exist
    NO     refused: 403
    LOGIN  sent to the sign-in page (the JSON API answers 401 instead)
    OPEN   public: answered for everyone, signed in or not

In the test's world the volunteer is a Special posted to the supervisor's command who also leads a
cadet unit; the parish account's council funds a CSC post; the employer account's business is
registered for ESP. "Another's object" is the same kind of record belonging to a volunteer of
another command, another council, another unit, another business.

Paths are Flask rules with the converters left out (``<int:duty_id>`` is written ``<duty_id>``). A row
covers every method of its path, unless two views share the path: then each row starts with its method
("GET /api/v1/duties").
"""

from __future__ import annotations

from typing import NamedTuple

OK, OWN, NO, LOGIN, OPEN = "allowed", "own only", "refused", "sign in", "public"


class Row(NamedTuple):
    path: str
    admin: str
    coordinator: str
    supervisor: str
    volunteer: str
    parish: str
    employer: str
    anonymous: str


# Shorthands for the most common rows (each still lists all seven roles in Row order).
def staff(path: str) -> Row:
    """The CiP team's own work (records, editing, reports): admin and coordinator only."""
    return Row(path, OK, OK, NO, NO, NO, NO, LOGIN)


def staff_and_supervisors(path: str) -> Row:
    """Read-only views of the schemes that supervisors may also read."""
    return Row(path, OK, OK, OK, NO, NO, NO, LOGIN)


def admin_only(path: str) -> Row:
    return Row(path, OK, NO, NO, NO, NO, NO, LOGIN)


def volunteer_only(path: str) -> Row:
    """A volunteer's own pages: only someone who is a volunteer has anything to see there."""
    return Row(path, NO, NO, NO, OK, NO, NO, LOGIN)


def signed_in(path: str) -> Row:
    """Every account, whatever its role (own password, notifications, home)."""
    return Row(path, OK, OK, OK, OK, OK, OK, LOGIN)


def public(path: str) -> Row:
    return Row(path, OPEN, OPEN, OPEN, OPEN, OPEN, OPEN, OPEN)


TABLE: list[Row] = [
    # ---------------------------------------------------------------- core: home, public pages
    #   path                                        A    C    S    V    P    E    anonymous
    public("/accessibility"),
    public("/privacy"),
    public("/healthz"),
    public("/readyz"),  # database, migrations at head, the worker's heartbeat: cheap and unauthenticated
    signed_in("/"),
    signed_in("/home"),  # sends each role to its own home page
    admin_only("/admin/home"),
    Row("/scheduling/home/supervisor",              NO,  NO,  OK,  NO,  NO,  NO,  LOGIN),
    volunteer_only("/scheduling/home/volunteer"),
    # ---------------------------------------------------------------- auth: signing in, own account
    public("/auth/login"),
    public("/auth/forgotten-password"),
    public("/auth/set-password/<token>"),  # the secret link is the credential
    public("/auth/two-factor"),  # the second step of signing in (no session yet)
    signed_in("/auth/logout"),
    signed_in("/auth/password"),
    signed_in("/auth/two-factor/setup"),
    signed_in("/auth/two-factor/disable"),
    signed_in("/auth/two-factor/recovery-codes"),
    # ---------------------------------------------------------------- apply: applying online (no account)
    public("/apply/"),
    public("/apply/<slug>"),  # one question per page; answers kept in the signed session
    public("/apply/cannot-apply"),
    public("/apply/check-your-answers"),
    public("/apply/application-sent"),
    public("/apply/check-your-application"),
    public("/apply/sign-in/<token>"),  # the emailed single-use link is the credential
    public("/apply/your-application"),  # only the application this browser signed in to by link
    public("/apply/your-application/withdraw"),
    public("/apply/your-application/remind-guardian"),
    public("/apply/your-application/sign-out"),
    public("/apply/guardian/<token>"),  # the parent's or guardian's emailed link is the credential
    # ---------------------------------------------------------------- admin: user accounts
    admin_only("/admin/users"),
    admin_only("/admin/users/new"),
    admin_only("/admin/users/<user_id>/password"),
    admin_only("/admin/users/<user_id>/role"),
    admin_only("/admin/users/<user_id>/active"),
    admin_only("/admin/users/<user_id>/returns"),  # grant or withdraw the permission to compile returns
    # ---------------------------------------------------------------- privacy: subject access, erasure, audit
    # The data-protection work on a person's whole record is the administrator's, not the coordinator's.
    admin_only("/privacy-admin/"),
    admin_only("/privacy-admin/audit"),
    admin_only("/privacy-admin/retention"),
    admin_only("/privacy-admin/volunteers/<volunteer_id>"),
    admin_only("/privacy-admin/volunteers/<volunteer_id>/export"),
    admin_only("/privacy-admin/volunteers/<volunteer_id>/erase"),
    # ---------------------------------------------------------------- dashboard: headline figures
    # Figures for the force and the Commissioner's office are the CiP team's; they are not scoped to a
    # command, so a supervisor does not get them.
    staff("/dashboard/"),
    staff("/dashboard/alerts/<key>"),
    staff("/dashboard/lists/<name>"),  # the list behind a figure
    staff("/dashboard/figures.csv"),
    staff("/dashboard/figures.pdf"),
    staff("/api/v1/figures"),
    # ---------------------------------------------------------------- returns: the Home Office return
    # The figures are the CiP team's; the breakdown by sex and ethnic group inside them appears only for holders
    # of the permission to compile returns (tests/returns/test_equality_permission.py: content, not status).
    staff("/returns/home-office"),
    staff("/returns/home-office.csv"),
    staff("/returns/home-office.pdf"),
    # ---------------------------------------------------------------- equality: a volunteer's own answers
    volunteer_only("/equality/me"),  # nobody else sees or changes them
    # ---------------------------------------------------------------- api: the JSON API (volunteers' phones)
    public("/api/v1/openapi.json"),
    #   path                                        A    C    S    V    P    E    anonymous
    Row("GET /api/v1/duties",                       OK,  OK,  OK,  OK,  NO,  NO,  LOGIN),  # scoped list: own / command
    # log a duty, as /scheduling/duties/new
    Row("POST /api/v1/duties",                      OK,  OK,  NO,  OK,  NO,  NO,  LOGIN),
    Row("/api/v1/shifts",                           OK,  OK,  OK,  OK,  NO,  NO,  LOGIN),
    volunteer_only("/api/v1/me/hours"),
    volunteer_only("/api/v1/me/shifts"),
    volunteer_only("/api/v1/shifts/<shift_id>/signup"),
    volunteer_only("/api/v1/shifts/<shift_id>/withdraw"),
    # ---------------------------------------------------------------- scheduling: shifts, rosters, calendar
    Row("/scheduling/shifts",                       OK,  OK,  OK,  OK,  NO,  NO,  LOGIN),  # volunteers find open shifts
    Row("/scheduling/shifts/<shift_id>",            OK,  OK,  OK,  OK,  NO,  NO,  LOGIN),
    staff("/scheduling/shifts/new"),
    staff("/scheduling/shifts/<shift_id>/assign"),  # the CiP team builds rosters
    volunteer_only("/scheduling/shifts/<shift_id>/signup"),
    volunteer_only("/scheduling/shifts/<shift_id>/withdraw"),
    staff_and_supervisors("/scheduling/rosters"),
    # a supervisor marks their command's people
    Row("/scheduling/signups/<signup_id>/attendance", OK, OK, OWN, NO,  NO,  NO,  LOGIN),
    volunteer_only("/scheduling/calendar"),
    volunteer_only("/scheduling/calendar/new"),
    volunteer_only("/scheduling/calendar/revoke"),
    public("/scheduling/calendar/<token>.ics"),  # the feed's secret token is the credential
    # the old inbox: redirects to /notices/ (and its "mark all read" to /notices/read)
    signed_in("/scheduling/notifications"),
    signed_in("/scheduling/notifications/read"),
    # coordinators run the week's shifts (issue 15): change, cancel, repeat, templates, fill a gap
    staff("/scheduling/shifts/<shift_id>/edit"),
    staff("/scheduling/shifts/<shift_id>/cancel"),
    staff("/scheduling/shifts/<shift_id>/repeat"),
    staff("/scheduling/shifts/<shift_id>/template"),
    staff("/scheduling/shifts/<shift_id>/gaps"),
    staff("/scheduling/shifts/<shift_id>/gaps/left-out"),
    staff("/scheduling/shifts/templates"),
    staff("/scheduling/shifts/templates/delete"),
    # a supervisor moves or removes their command's people; a coordinator anyone
    Row("/scheduling/signups/<signup_id>/move",     OK,  OK,  OWN, NO,  NO,  NO,  LOGIN),
    Row("/scheduling/signups/<signup_id>/remove",   OK,  OK,  OWN, NO,  NO,  NO,  LOGIN),
    # availability and absence (issue 16): a volunteer sets their own; the team reads and records absences,
    # a supervisor for their command's people only
    volunteer_only("/scheduling/availability"),
    volunteer_only("/scheduling/availability/dates/new"),
    volunteer_only("/scheduling/availability/dates/remove"),
    volunteer_only("/scheduling/availability/absences/new"),
    volunteer_only("/scheduling/availability/absences/remove"),
    staff_and_supervisors("/scheduling/availability/day"),  # scoped list: a supervisor's command only
    Row("/scheduling/volunteers/<volunteer_id>/availability", OK, OK, OWN, NO, NO, NO, LOGIN),
    Row("/scheduling/volunteers/<volunteer_id>/absences/new", OK, OK, OWN, NO, NO, NO, LOGIN),
    Row("/scheduling/volunteers/<volunteer_id>/absences/remove", OK, OK, OWN, NO, NO, NO, LOGIN),
    # call-outs (issue 16): a supervisor calls out for shifts of their command (or with no district, as the
    # world's shift) to their command's people; another command's call-out is not found
    staff_and_supervisors("/scheduling/callouts/shifts/<shift_id>"),
    staff_and_supervisors("/scheduling/callouts/shifts/<shift_id>/left-out"),
    Row("/scheduling/callouts/<callout_id>",        OK,  OK,  OWN, NO,  NO,  NO,  LOGIN),
    Row("/scheduling/callouts/<callout_id>/answers.json", OK, OK, OWN, NO, NO, NO, LOGIN),
    public("/scheduling/callouts/answer/<token>"),  # the link's secret is the credential (single use)
    # GOV.UK Notify's inbound texts: its bearer token is the credential; anyone without it is answered 401
    Row("/scheduling/callouts/inbound-text",        LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    # in-app notices: everyone reads their own
    signed_in("/notices/"),
    signed_in("/notices/read"),
    signed_in("/notices/preferences"),  # how we contact you: every account chooses its own
    staff("/notices/outbox"),  # every email and text, with resend: the CiP team
    staff("/notices/outbox/resend"),
    # API tokens: whoever may use the API may hold tokens; parish and employer accounts have no API.
    # Revoking looks the token up among the user's own, so another's token cannot be reached (the page
    # answers "No such token"; test_revoking_another_users_token_leaves_it_live checks it).
    Row("/scheduling/api-tokens",                   OK,  OK,  OK,  OK,  NO,  NO,  LOGIN),
    Row("/scheduling/api-tokens/<token_id>/revoke", OK,  OK,  OK,  OK,  NO,  NO,  LOGIN),
    # ---------------------------------------------------------------- scheduling: duties, approval, hours
    #   path                                        A    C    S    V    P    E    anonymous
    Row("/scheduling/duties",                       OK,  OK,  OK,  OK,  NO,  NO,  LOGIN),  # scoped list: own / command
    Row("/scheduling/duties/<duty_id>",             OK,  OK,  OWN, OWN, NO,  NO,  LOGIN),
    # volunteers log what they did; the team may log for them
    Row("/scheduling/duties/new",                   OK,  OK,  NO,  OK,  NO,  NO,  LOGIN),
    # a supervisor approves, never rewrites
    # "I did this shift": a volunteer confirms their own booked, finished shift
    Row("/scheduling/duties/from-signup/<signup_id>", NO, NO,  NO,  OWN, NO,  NO,  LOGIN),
    Row("/scheduling/duties/<duty_id>/edit",        OK,  OK,  NO,  OWN, NO,  NO,  LOGIN),
    staff("/scheduling/duties/import"),
    # A supervisor authorises their command's duties; a volunteer never approves their own.
    staff_and_supervisors("/scheduling/duties/approvals"),
    staff_and_supervisors("/scheduling/duties/approvals/approve"),  # several at once, only their area's
    Row("/scheduling/duties/<duty_id>/approve",     OK,  OK,  OWN, NO,  NO,  NO,  LOGIN),
    Row("/scheduling/duties/<duty_id>/reject",      OK,  OK,  OWN, NO,  NO,  NO,  LOGIN),
    staff_and_supervisors("/scheduling/hours"),  # hours against commitment, for the command
    staff_and_supervisors("/scheduling/hours/welfare"),  # too few / too many hours (welfare)
    volunteer_only("/scheduling/hours/mine"),
    # ---------------------------------------------------------------- scheduling: reports and job runs
    staff("/scheduling/reports"),
    staff("/scheduling/jobs"),
    staff("/scheduling/jobs/<run_id>/rerun"),
    staff("/scheduling/jobs/<run_id>/download"),
    # ---------------------------------------------------------------- volunteers: people, roles, records
    # The CiP team keeps the records. A supervisor reads their command's people; a volunteer reads
    # only their own profile (and /volunteers/me).
    #   path                                        A    C    S    V    P    E    anonymous
    staff_and_supervisors("/volunteers/"),  # a supervisor's list holds only their command (scoped)
    Row("/volunteers/<volunteer_id>",               OK,  OK,  OWN, OWN, NO,  NO,  LOGIN),
    staff("/volunteers/export.csv"),
    staff("/volunteers/import"),
    staff("/volunteers/new"),
    staff("/volunteers/new/<kind>"),
    staff("/volunteers/<volunteer_id>/edit"),
    staff("/volunteers/<volunteer_id>/roles/<kind>/new"),
    staff("/volunteers/<volunteer_id>/roles/<kind>/edit"),
    staff("/volunteers/<volunteer_id>/records/<kind>/new"),  # vetting, training, awards
    staff("/volunteers/<volunteer_id>/leave"),
    staff("/volunteers/<volunteer_id>/pause"),
    staff("/volunteers/<volunteer_id>/rejoin"),
    volunteer_only("/volunteers/me"),
    volunteer_only("/volunteers/me/contact"),  # a volunteer corrects their own contact details
    volunteer_only("/volunteers/me/unit"),  # a cadet leader's own unit
    # ---------------------------------------------------------------- volunteers: recruitment pipeline
    # Applicants are not yet volunteers: recruitment is the CiP team's business only.
    staff("/volunteers/applications"),
    staff("/volunteers/applications/new"),
    staff("/volunteers/applications/import"),
    staff("/volunteers/applications/export.csv"),
    staff("/volunteers/applications/report"),
    staff("/volunteers/applications/<application_id>"),
    staff("/volunteers/applications/<application_id>/move"),
    staff("/volunteers/applications/<application_id>/close"),
    staff("/volunteers/applications/<application_id>/attest"),
    # ---------------------------------------------------------------- schemes: overview
    # Supervisors read every scheme's pages and CSVs; only the CiP team changes them.
    staff_and_supervisors("/schemes/"),
    # ---------------------------------------------------------------- schemes: parishes and CSC posts
    staff_and_supervisors("/schemes/parishes"),
    staff_and_supervisors("/schemes/parishes/export.csv"),
    staff_and_supervisors("/schemes/parishes/unable-to-recruit"),
    staff_and_supervisors("/schemes/parishes/unable-to-recruit.csv"),
    staff_and_supervisors("/schemes/parishes/posts"),
    staff_and_supervisors("/schemes/parishes/posts.csv"),
    staff_and_supervisors("/schemes/parishes/claims.csv"),
    staff_and_supervisors("/schemes/parishes/<parish_id>"),
    staff_and_supervisors("/schemes/parishes/<parish_id>/statement.pdf"),
    staff("/schemes/parishes/new"),
    staff("/schemes/parishes/<parish_id>/edit"),
    staff("/schemes/parishes/<parish_id>/agreements/new"),
    staff("/schemes/parishes/agreements/<agreement_id>/edit"),
    staff("/schemes/parishes/agreements/<agreement_id>/signed/new"),  # file the signed copy
    staff_and_supervisors("/schemes/parishes/agreements/<agreement_id>/signed.pdf"),
    staff("/schemes/parishes/posts/<post_id>"),  # edit a post's state
    # A council sees its own posts and hours, without phoning anyone; the portal takes no id.
    #   path                                        A    C    S    V    P    E    anonymous
    Row("/schemes/parishes/portal",                 NO,  NO,  NO,  NO,  OK,  NO,  LOGIN),
    Row("/schemes/parishes/portal/statement.pdf",   NO,  NO,  NO,  NO,  OK,  NO,  LOGIN),
    # ---------------------------------------------------------------- schemes: Employer Supported Policing
    staff_and_supervisors("/schemes/esp"),
    staff_and_supervisors("/schemes/esp/export.csv"),
    staff_and_supervisors("/schemes/esp/<business_id>"),
    staff_and_supervisors("/schemes/esp/<business_id>/statement.pdf"),
    staff_and_supervisors("/schemes/esp/<business_id>/statement"),
    staff("/schemes/esp/new"),
    staff("/schemes/esp/<business_id>/edit"),
    staff("/schemes/esp/<business_id>/engagements"),
    staff("/schemes/esp/<business_id>/agreement/new"),  # file the signed memorandum
    staff_and_supervisors("/schemes/esp/<business_id>/agreement.pdf"),
    # An employer sees the time its own Specials were given; the portal takes no id.
    Row("/schemes/esp/portal",                      NO,  NO,  NO,  NO,  NO,  OK,  LOGIN),
    Row("/schemes/esp/portal/statement.pdf",        NO,  NO,  NO,  NO,  NO,  OK,  LOGIN),
    Row("/schemes/esp/portal/statement",            NO,  NO,  NO,  NO,  NO,  OK,  LOGIN),
    # ---------------------------------------------------------------- schemes: Volunteer Police Cadets
    staff_and_supervisors("/schemes/cadet-units"),
    staff_and_supervisors("/schemes/cadet-units/export.csv"),
    staff("/schemes/cadet-units/new"),
    staff("/schemes/cadet-units/<unit_id>/edit"),
    volunteer_only("/schemes/cadet-units/mine"),  # a cadet leader's own unit
    #   path                                        A    C    S    V    P    E    anonymous
    # a leader: only the unit they lead
    Row("/schemes/cadet-units/<unit_id>",           OK,  OK,  OK,  OWN, NO,  NO,  LOGIN),
    # The roll holds cadets' dates of birth and guardians' contacts (minors: safeguarding): the team and
    # the unit's own leaders only, not supervisors.
    Row("/schemes/cadet-units/<unit_id>/roll",      OK,  OK,  NO,  OWN, NO,  NO,  LOGIN),
    Row("/schemes/cadet-units/<unit_id>/roll.csv",  OK,  OK,  NO,  OWN, NO,  NO,  LOGIN),
    # ---------------------------------------------------------------- schemes: Community Safety Accreditation
    staff_and_supervisors("/schemes/csas"),
    staff_and_supervisors("/schemes/csas/export.csv"),
    staff_and_supervisors("/schemes/csas/persons"),
    staff_and_supervisors("/schemes/csas/persons.csv"),
    staff_and_supervisors("/schemes/csas/<organisation_id>"),
    staff("/schemes/csas/new"),
    staff("/schemes/csas/<organisation_id>/edit"),
    staff("/schemes/csas/<organisation_id>/persons/new"),
    staff("/schemes/csas/persons/<person_id>/edit"),
    # ---------------------------------------------------------------- schemes: Community Speed Watch
    staff_and_supervisors("/schemes/speedwatch"),
    staff_and_supervisors("/schemes/speedwatch/export.csv"),
    staff_and_supervisors("/schemes/speedwatch/figures"),
    staff_and_supervisors("/schemes/speedwatch/figures.csv"),
    staff_and_supervisors("/schemes/speedwatch/sessions.csv"),
    staff_and_supervisors("/schemes/speedwatch/<group_id>"),
    staff("/schemes/speedwatch/new"),
    staff("/schemes/speedwatch/<group_id>/edit"),
    staff("/schemes/speedwatch/<group_id>/sites"),
    staff("/schemes/speedwatch/<group_id>/sessions/new"),
    # ---------------------------------------------------------------- schemes: Watch schemes
    staff_and_supervisors("/schemes/watch"),
    staff_and_supervisors("/schemes/watch/export.csv"),
    staff_and_supervisors("/schemes/watch/interests"),
    staff_and_supervisors("/schemes/watch/interests.csv"),
    staff_and_supervisors("/schemes/watch/<scheme_id>"),
    staff("/schemes/watch/new"),
    staff("/schemes/watch/types"),
    staff("/schemes/watch/<scheme_id>/edit"),
    staff("/schemes/watch/<scheme_id>/snapshots"),  # members on a date
    staff("/schemes/watch/<scheme_id>/messages"),
    staff("/schemes/watch/<scheme_id>/interests/new"),
    staff("/schemes/watch/interests/<interest_id>/edit"),
    # ---------------------------------------------------------------- kit: the store, issues, what people hold
    #   path                                        A    C    S    V    P    E    anonymous
    staff("/kit/"),
    staff("/kit/stock/new"),
    staff("/kit/items/new"),
    staff("/kit/people/<volunteer_id>/issue"),
    staff("/kit/issues/<issue_id>/return"),
    staff("/kit/issues/<issue_id>/write-off"),
    # a person's kit: a supervisor their command's people, a volunteer their own (a leader their unit's cadets)
    Row("/kit/people/<volunteer_id>",               OK,  OK,  OWN, OWN, NO,  NO,  LOGIN),
    volunteer_only("/kit/mine"),
    # kit outstanding, scoped: a supervisor counts their command's people only
    staff_and_supervisors("/kit/outstanding"),
    staff_and_supervisors("/kit/outstanding/<figure>"),
    # background work: a job's progress page, its refusals and its file are its requester's (an admin sees all)
    Row("/work/<job_id>",                           OK,  OWN, NO,  NO,  NO,  NO,  LOGIN),
    Row("/work/<job_id>/import",                    OK,  OWN, NO,  NO,  NO,  NO,  LOGIN),
    Row("/work/<job_id>/refusals.csv",              OK,  OWN, NO,  NO,  NO,  NO,  LOGIN),
    Row("/work/<job_id>/download",                  OK,  OWN, NO,  NO,  NO,  NO,  LOGIN),
    # ---------------------------------------------------------------- expenses
    # a volunteer claims and sees their own claims; a supervisor their command's; a parish only its CSCs' claims
    # paid from its budget; an employer none
    Row("/expenses/claims",                         OK,  OK,  OK,  OK,  OK,  NO,  LOGIN),  # scoped list
    volunteer_only("/expenses/claims/new"),
    Row("/expenses/claims/<claim_id>",              OK,  OK,  OWN, OWN, OWN, NO,  LOGIN),
    Row("/expenses/claims/<claim_id>/receipt",      OK,  OK,  OWN, OWN, OWN, NO,  LOGIN),
    Row("/expenses/claims/<claim_id>/approve",      OK,  OK,  OWN, NO,  NO,  NO,  LOGIN),
    Row("/expenses/claims/<claim_id>/reject",       OK,  OK,  OWN, NO,  NO,  NO,  LOGIN),
    staff_and_supervisors("/expenses/approvals"),  # only their area's claims
    staff_and_supervisors("/expenses/figures"),  # a supervisor: their command's spend
    staff("/expenses/rates"),
    staff("/expenses/cost-codes"),
    staff("/expenses/runs"),
    staff("/expenses/runs/<payment_run_id>"),
    staff("/expenses/runs/<payment_run_id>/finance.csv"),
    staff("/expenses/runs/<payment_run_id>/finance.xlsx"),
]  # fmt: skip

ROLES = ("admin", "coordinator", "supervisor", "volunteer", "parish", "employer", "anonymous")


def by_path() -> dict[str, Row]:
    """The table keyed by path, or by "METHOD path" (a key written twice is an error in the table)."""
    rows: dict[str, Row] = {}
    for row in TABLE:
        assert row.path not in rows, f"{row.path} has two rows in the authorisation table"
        rows[row.path] = row
    return rows
