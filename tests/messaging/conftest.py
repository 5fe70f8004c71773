"""Fixtures for messages: a real SMTP server on 127.0.0.1 (plain, or STARTTLS under a test CA)."""

from __future__ import annotations

import pytest

from tests.smtp_server import make_certificates, running_smtp_server, server_tls_context


@pytest.fixture
def smtp_server(app):
    """An SMTP server on 127.0.0.1, and the app set to send email there (the test's config is restored after)."""
    with running_smtp_server() as server:
        app.config.update(server.config())
        yield server


@pytest.fixture(scope="session")
def test_certificates(tmp_path_factory):
    """(CA certificate, server certificate, server key) made for this run."""
    return make_certificates(tmp_path_factory.mktemp("certs"))


@pytest.fixture
def tls_smtp_server(app, test_certificates):
    """An SMTP server offering STARTTLS with a certificate from the test CA (``server.ca_file`` trusts it);
    the app is set to send there with CIP_MAIL_USE_TLS on and no CA file (so it is not trusted yet)."""
    ca, cert, key = test_certificates
    with running_smtp_server(server_tls_context(cert, key)) as server:
        server.ca_file = str(ca)
        app.config.update(server.config(MAIL_USE_TLS=True))
        yield server


@pytest.fixture
def notify_server(app):
    """The local GOV.UK Notify stand-in on 127.0.0.1, and the app set to send email and texts through it."""
    from tests.notify_server import running_notify_server

    with running_notify_server() as server:
        app.config.update(server.config())
        yield server
