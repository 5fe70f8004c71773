"""seed_demo: build the whole Essex-shaped demo data set in a few bulk inserts, then the demo logins."""

from __future__ import annotations

from datetime import date

from flask import current_app

from accounts.services import create_user
from core import dates
from core.db import reset_id_sequences
from core.extensions import db
from core.models import Role
from sampledata.demo import duties, expenses, kit, partners, recruitment, specials, speedwatch, watch, youth
from sampledata.demo.base import Seeder
from sampledata.demo.equality import seed_equality
from sampledata.demo.notices import seed_notices
from sampledata.demo.reference import seed_reference
from upkeep import after_bulk_load
from volunteers.models import LearningStage

SEED = 2026


def seed_demo(password: str, today: date | None = None) -> list[str]:
    """Insert the deterministic demo data set as of `today` and return summary lines. Its back-dated history
    (claims paid months ago, past reminders) stays in-app even when email or texts are configured: nobody is
    emailed about a seeded past."""
    config = current_app.config
    held = {key: config.pop(key) for key in ("MAIL_SERVER", "NOTIFY_API_KEY") if key in config}
    try:
        return _seed(password, today)
    finally:
        config.update(held)


def _seed(password: str, today: date | None) -> list[str]:
    s = Seeder(today or dates.today(), SEED)
    seed_reference(s)
    s.flush()
    create_user("admin@example.org", "Alex Admin", Role.ADMIN, password)
    coordinator = create_user("coordinator@example.org", "Chris Coordinator", Role.COORDINATOR, password)
    create_user(
        "supervisor@example.org", "Sam Supervisor", Role.SUPERVISOR, password, command_id=s.ids["command"]["South LPA"]
    )

    csc = partners.seed_csc(s)
    esp = partners.seed_esp(s)
    apps = recruitment.plan_applications(s)
    apps += recruitment.csc_pipeline_applications(s, csc.pipeline, csc.recruiting)
    built = specials.seed_specials(s, csc, esp, [a for a in apps if a.becomes_volunteer])
    active = built.active
    in_post = [i for i in active if i.csc_parish]
    leader_specials = [
        i
        for i in active
        if i.stage == LearningStage.QUALIFIED and not i.csc_parish and not i.esp_id and i.rank == "Special Constable"
    ][:3]
    leaders = youth.seed_cadets(s, leader_specials)
    psvs = youth.seed_active_citizens(s)
    speedwatch.seed_speed_watch(s)
    watch.seed_watch(s)
    watch.seed_csas(s)

    demo_special = next(i for i in active if i.email == "special@example.org")
    maker = duties.DutyMaker(s, coordinator.id)
    duties.seed_csc_duties(s, maker, in_post)
    others = [i for i in active if not i.csc_parish]
    duties.seed_shifts(s, maker, others, demo_special.vid)
    duties.seed_special_duties(s, maker, others)
    duties.seed_other_duties(s, maker, leaders, psvs)
    s.flush()
    # Applications last: the Specials they became now have ids to point at.
    recruitment.add_applications(s, apps)
    s.flush()
    # Claims for the duties above (the CSCs' against their councils' budgets), past months paid.
    expenses.seed_expenses(s, coordinator.id, demo_special.vid)

    csc_holder = next(i for i in active if i.email == "csc@example.org")
    create_user(
        "special@example.org", demo_special.person.full_name, Role.VOLUNTEER, password, volunteer_id=demo_special.vid
    )
    create_user("csc@example.org", csc_holder.person.full_name, Role.VOLUNTEER, password, volunteer_id=csc_holder.vid)
    create_user(
        "parish@example.org",
        "Billericay Town Council (clerk)",
        Role.PARISH,
        password,
        parish_id=s.ids["parish"]["Billericay"],
    )
    create_user(
        "employer@example.org", "ESP employer contact", Role.EMPLOYER, password, esp_business_id=esp.registered[0]
    )
    returns = create_user("returns@example.org", "Robin Returns", Role.COORDINATOR, password)
    returns.compiles_returns = True  # the one demo login that may read equality figures
    seed_equality()
    reset_id_sequences(db.session, db.metadata)  # the seed chose ids itself
    after_bulk_load()  # the rows above were inserted in bulk, outside the session's hooks
    seed_notices(s, demo_special.vid)  # the inboxes, written by the real senders (ids are the database's now)
    db.session.commit()
    extra = kit.seed_kit(s.today)
    db.session.commit()
    extra += extend_demo_by_features(s.today)
    return summary(s.today) + extra


# Feature packages that may add their own demo rows with `extend_demo(today) -> list[str]`.
DEMO_EXTENSIONS = ("volunteers.demo", "schemes.demo", "scheduling.demo", "privacy.demo", "notices.demo", "apply.demo")


def extend_demo_by_features(today: date) -> list[str]:
    """Let each feature package add the demo rows its screens need, after the core data set."""
    import importlib
    import importlib.util

    lines: list[str] = []
    for name in DEMO_EXTENSIONS:
        if importlib.util.find_spec(name) is None:
            continue
        lines.extend(importlib.import_module(name).extend_demo(today))
        db.session.commit()
    return lines


def summary(today: date) -> list[str]:
    """Headline figures, counted back from the database."""
    from sampledata.demo.summary import headline_figures

    return headline_figures(today) + [
        "Demo logins (one password for all): admin@, coordinator@, supervisor@ (South LPA), special@, csc@, "
        "parish@ (Billericay Town Council), employer@, returns@ (a coordinator who may compile returns) ... all "
        "@example.org",
    ]
