"""Kit tests post forms directly: no CSRF token."""

import pytest


@pytest.fixture(autouse=True)
def _no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False
