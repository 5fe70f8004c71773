"""The application factory: wiring only (no migrations, seeding, scheduler or network)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from config import Config, config_from_env, configure
from core.db import configure_sqlite
from core.extensions import csrf, db, limiter, login_manager, migrate
from core.logs import register_request_ids

ROOT = Path(__file__).resolve().parent.parent


class IntegerIdConverter(IntegerConverter):
    """<int:...> URL parts, capped at the largest id a database column holds (2**31 - 1)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def create_app(config_class: type[Config] | None = None) -> Flask:
    """Build the Flask app for a configuration class (from CIP_ENV when not given)."""
    config_class = config_class or config_from_env()
    app = Flask(
        "cip",
        root_path=str(ROOT),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    configure(app.config, config_class)
    check_roles(app)
    trust_proxies(app)
    register_request_ids(app)  # first, so every later hook's log lines carry the id
    register_templates(app)
    register_extensions(app)
    # Record ids are 32-bit on PostgreSQL: a larger number in a URL is no record (404), never an overflow.
    app.url_map.converters["int"] = IntegerIdConverter
    register_blueprints(app)
    from core.errors import register_errorhandlers

    register_errorhandlers(app)
    register_commands(app)
    from worker.cli import register_worker_commands

    register_worker_commands(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Believe X-Forwarded-For/-Proto/-Host/-Port only from the PROXY_COUNT proxies configured (none by default).

    Served directly, a client could otherwise choose its own address for the sign-in limits and the audit log."""
    count = app.config["PROXY_COUNT"]
    if count > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count
        )


def check_roles(app: Flask) -> None:
    """TOTP_REQUIRED_ROLES may only name roles that exist (a typo would silently require nothing)."""
    from core.models import Role

    configured = app.config.get("TOTP_REQUIRED_ROLES")
    unknown = sorted(set(configured or ()) - {role.value for role in Role})
    if unknown:
        raise RuntimeError(f"CIP_TOTP_REQUIRED_ROLES names unknown roles: {', '.join(unknown)}")


def register_templates(app: Flask) -> None:
    """Our templates first, then the GOV.UK Frontend macros under their package prefixes."""
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    from govuk_frontend_wtf.main import WTFormsHelpers

    from core import filters
    from core.form_fields import form_errors
    from core.navigation import service_navigation
    from core.summary_lists import govuk_summary_list
    from core.tables import govuk_table, responsive_table
    from core.titles import title_for_request

    WTFormsHelpers(app)
    app.add_template_global(form_errors, "wtforms_errors")  # a date's error links to its day box
    filters.register(app)
    app.add_template_global(service_navigation)
    app.add_template_global(govuk_table, "govukTable")  # the component's markup, built in Python
    app.add_template_global(responsive_table, "responsive_table_markup")
    app.add_template_global(title_for_request)  # core/titles.py: the view a query string chose, in the title
    app.add_template_global(govuk_summary_list, "govukSummaryList")


def register_extensions(app: Flask) -> None:
    """Bind the extension objects to this app."""
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
    import_models()
    register_session_hooks()
    from core import auth  # noqa: F401  (registers the user loader)


def import_models() -> None:
    """Import every feature's models so the metadata (and Alembic) sees all tables."""
    import core.background.models  # noqa: F401
    import core.data_versions  # noqa: F401
    import core.files  # noqa: F401
    import equality.models  # noqa: F401
    import expenses.models  # noqa: F401
    import history.models  # noqa: F401
    import notices.models  # noqa: F401
    import notices.outbox.models  # noqa: F401
    import scheduling.availability.models  # noqa: F401
    import scheduling.callouts.models  # noqa: F401
    import scheduling.models  # noqa: F401
    import scheduling.rosters.models  # noqa: F401
    import schemes.agreements.models  # noqa: F401
    import schemes.models  # noqa: F401
    import volunteers.models  # noqa: F401
    import apply.models  # noqa: F401  # isort: skip (apply builds on the pipeline: after volunteers)

    # isort: split
    import kit.models  # noqa: F401  (after the volunteers it issues kit to: its pages import theirs)


def register_session_hooks() -> None:
    """The session hooks that keep derived data inside every transaction, installed once, in this order:
    the hours ledger (rebuilds the months a flush touched), then the dated history (records the facts that
    changed), then the data versions (renewed last, just before commit, after every other row lock).
    Bulk loads that bypass the session call ``upkeep.after_bulk_load()`` instead."""
    from core import data_versions
    from core.db import install_session_hooks
    from history import recording
    from scheduling.hours import ledger

    for hooks in (ledger.HOOKS, recording.HOOKS, data_versions.HOOKS):
        install_session_hooks(hooks)


def register_commands(app: Flask) -> None:
    """The command-line tools; the sample-data commands load their code only when they run."""
    from accounts.cli import create_user_command
    from core.cli import LazyCommand, cip_group
    from notices.outbox.cli import outbox_group
    from upkeep.cli import check_command

    cip_group.add_command(check_command)
    cip_group.add_command(outbox_group)
    cip_group.add_command(LazyCommand("generate", "sampledata.cli:generate", "Fill an empty database at scale."))
    app.cli.add_command(cip_group)
    app.cli.add_command(create_user_command)
    app.cli.add_command(LazyCommand("seed-demo", "sampledata.cli:seed_demo", "Load the demo data set and logins."))


def register_blueprints(app: Flask) -> None:
    """Every feature blueprint."""
    from accounts import bp as admin_bp
    from api import bp as api_bp
    from apply import bp as apply_bp
    from core.auth import bp as auth_bp
    from core.views import bp as core_bp
    from dashboard import bp as dashboard_bp
    from dashboard import figures_api_bp
    from equality.routes import bp as equality_bp
    from expenses import bp as expenses_bp
    from kit import bp as kit_bp
    from notices import bp as notices_bp
    from privacy import bp as privacy_bp
    from returns import bp as returns_bp
    from scheduling import bp as scheduling_bp
    from schemes import bp as schemes_bp
    from volunteers import bp as volunteers_bp
    from worker import bp as worker_bp
    from worker.health import health_bp

    for blueprint in (
        core_bp,
        auth_bp,
        admin_bp,
        volunteers_bp,
        apply_bp,
        schemes_bp,
        scheduling_bp,
        dashboard_bp,
        figures_api_bp,
        api_bp,
        privacy_bp,
        notices_bp,
        expenses_bp,
        kit_bp,
        equality_bp,
        returns_bp,
        worker_bp,
        health_bp,
    ):
        app.register_blueprint(blueprint)
    from core.security import register_security

    register_security(app)
