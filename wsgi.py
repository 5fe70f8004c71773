"""WSGI entry point: gunicorn -c gunicorn.conf.py wsgi:app (and FLASK_APP=wsgi:app for the CLI)."""

from core.factory import create_app
from core.logs import configure_logging

app = create_app()
# The entry point, not the factory, sets up logging: tests build many apps and keep pytest's handlers.
configure_logging(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])
