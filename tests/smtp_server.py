"""A real SMTP server on 127.0.0.1 for tests (aiosmtpd, in a thread of the test process), optionally with
STARTTLS under a certificate of a test-made certificate authority. Reuse it through the fixtures in
tests/messaging/conftest.py (``smtp_server``, ``tls_smtp_server``) or ``running_smtp_server`` directly."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from pathlib import Path

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on (now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    """One message the server accepted."""

    sender: str
    recipients: list[str]
    message: Message

    @property
    def body(self) -> str:
        return self.message.get_payload(decode=True).decode()  # type: ignore[union-attr]


@dataclass
class SmtpServer:
    """What a test needs of the running server: where it listens and what it received."""

    host: str
    port: int
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    ca_file: str | None = None
    delay: float = 0.0  # seconds before answering each message (it is kept first): a slow server

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's handler name)
        with self.lock:
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), message_from_bytes(envelope.original_content))
            )
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        """The messages received for this address."""
        with self.lock:
            return [r for r in self.received if address in r.recipients]

    def config(self, **extra) -> dict:
        """The app settings that send email here."""
        return {"MAIL_SERVER": self.host, "MAIL_PORT": self.port, "MAIL_DEFAULT_SENDER": "cip@example.org", **extra}


@contextmanager
def running_smtp_server(tls_context: ssl.SSLContext | None = None) -> Iterator[SmtpServer]:
    """An SMTP server on 127.0.0.1 for the block (STARTTLS offered when given a server TLS context)."""
    server = SmtpServer("127.0.0.1", free_port())
    options = {"tls_context": tls_context} if tls_context else {}
    controller = Controller(server, hostname=server.host, port=server.port, **options)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


def make_certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A test certificate authority and a server certificate it signed for 127.0.0.1:
    (CA certificate, server certificate, server key), as PEM files in ``folder``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CiP test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    paths = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return paths


def server_tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    """The server side's TLS context for STARTTLS."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context
