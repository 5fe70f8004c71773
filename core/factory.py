"""The application factory: wiring only (no migrations, seeding, scheduler or network)."""

from __future__ import annotations

import importlib
from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from config import Config, ProductionConfig, config_from_env
from core.db import configure_sqlite
from core.extensions import csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


class IntegerIdConverter(IntegerConverter):
    """<int:...> URL parts, capped at the largest id a database column holds (2**31 - 1)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def create_app(config_class: type[Config] | None = None) -> Flask:
    """Build the Flask app for a configuration class (from CIP_ENV when not given)."""
    config_class = config_class or config_from_env()
    if issubclass(config_class, ProductionConfig):
        config_class.validate()
    app = Flask(
        "cip",
        root_path=str(ROOT),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(config_class)
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)  # type: ignore[method-assign]
    register_templates(app)
    register_extensions(app)
    # Record ids are 32-bit on PostgreSQL: a larger number in a URL is no record (404), never an overflow.
    app.url_map.converters["int"] = IntegerIdConverter
    register_blueprints(app)
    from core.cli import register_commands
    from core.errors import register_errorhandlers

    register_errorhandlers(app)
    register_commands(app)
    from worker.cli import register_worker_commands

    register_worker_commands(app)
    return app


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
    from core.navigation import service_navigation
    from core.summary_lists import govuk_summary_list
    from core.tables import govuk_table, responsive_table

    WTFormsHelpers(app)
    filters.register(app)
    app.add_template_global(service_navigation)
    app.add_template_global(govuk_table, "govukTable")  # the component's markup, built in Python
    app.add_template_global(responsive_table, "responsive_table_markup")
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
    from core import auth  # noqa: F401  (registers the user loader)


def import_models() -> None:
    """Import every feature's models so the metadata (and Alembic) sees all tables."""
    import core.background.models  # noqa: F401
    import scheduling.models  # noqa: F401
    import schemes.models  # noqa: F401
    import volunteers.models  # noqa: F401

    # The dated-history tables and their hook come last: core.history imports the feature packages.
    importlib.import_module("core.history")
    importlib.import_module("core.data_versions")


def register_blueprints(app: Flask) -> None:
    """Every feature blueprint."""
    from api import bp as api_bp
    from core.admin import bp as admin_bp
    from core.auth import bp as auth_bp
    from core.views import bp as core_bp
    from dashboard import bp as dashboard_bp
    from dashboard import figures_api_bp
    from privacy import bp as privacy_bp
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
        schemes_bp,
        scheduling_bp,
        dashboard_bp,
        figures_api_bp,
        api_bp,
        privacy_bp,
        worker_bp,
        health_bp,
    ):
        app.register_blueprint(blueprint)
    from core.security import register_security

    register_security(app)
