"""The channels a message can leave by: SMTP (verified TLS) and GOV.UK Notify (email and text), chosen by
configuration. A channel either returns the provider's id for a message or raises a ``Problem`` saying
whether the message certainly did not go (retry), cannot go (fail), or may have gone (check, never resend).
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

from notices.outbox.models import Channel

TIMEOUT_SECONDS = 20


class Problem(Exception):
    """A message not (certainly) sent: ``outcome`` is "retry", "fail" or "check"; ``stop`` when the
    channel itself is down (unreachable, refused sign-in, untrusted certificate), so the rest wait too."""

    def __init__(self, outcome: str, reason: str, *, stop: bool = False):
        super().__init__(reason)
        self.outcome, self.reason, self.stop = outcome, reason[:500], stop


@dataclass(frozen=True)
class Outgoing:
    """What a channel needs of one message."""

    id: int
    channel: Channel
    address: str
    subject: str
    body: str


@dataclass(frozen=True)
class Configured:
    """Which provider carries each channel: "smtp" or "notify" for email, "notify" for text, or None."""

    email: str | None
    sms: str | None

    @property
    def any(self) -> bool:
        return bool(self.email or self.sms)

    def offers(self, channel: Channel) -> bool:
        """Whether messages can go by this channel (in-app always can)."""
        return channel is Channel.APP or bool(self.email if channel is Channel.EMAIL else self.sms)


def configured(config: Mapping) -> Configured:
    """The providers the configuration sets up: SMTP when CIP_MAIL_SERVER is set, else Notify for email when
    its key and email template are set; Notify for texts when its key and text template are set."""
    notify = bool(config.get("NOTIFY_API_KEY"))
    email = (
        "smtp"
        if config.get("MAIL_SERVER")
        else ("notify" if notify and config.get("NOTIFY_EMAIL_TEMPLATE_ID") else None)
    )
    sms = "notify" if notify and config.get("NOTIFY_SMS_TEMPLATE_ID") else None
    return Configured(email, sms)


def _smtp_code_problem(code: int, reason: str) -> Problem:
    return Problem("retry" if 400 <= code < 500 else "fail", reason)


class SmtpChannel:
    """Email by SMTP: one connection kept for a run, STARTTLS with a verified certificate when asked."""

    def __init__(self, config: Mapping):
        self.host = str(config["MAIL_SERVER"])
        self.port = int(config.get("MAIL_PORT") or 25)
        self.use_tls = bool(config.get("MAIL_USE_TLS"))
        self.ca_file = config.get("MAIL_CA_FILE") or None
        self.username = config.get("MAIL_USERNAME") or None
        self.password = config.get("MAIL_PASSWORD") or ""
        self.sender = str(config.get("MAIL_DEFAULT_SENDER") or "cip-noreply@localhost")
        self.domain = self.sender.rpartition("@")[2] or "localhost"
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        try:
            smtp = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_SECONDS)
        except (OSError, smtplib.SMTPException) as problem:
            raise Problem(
                "retry", f"Could not reach the mail server {self.host}:{self.port}: {problem}", stop=True
            ) from None
        try:
            if self.use_tls:
                smtp.starttls(context=ssl.create_default_context(cafile=self.ca_file))
            if self.username:
                smtp.login(self.username, self.password)
        except ssl.SSLCertVerificationError as problem:
            smtp.close()
            raise Problem(
                "retry", f"The mail server's certificate is not trusted: {problem.verify_message}", stop=True
            ) from None
        except (OSError, smtplib.SMTPException) as problem:
            smtp.close()
            raise Problem("retry", f"The mail server refused TLS or sign-in: {problem}", stop=True) from None
        return smtp

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is not None:
            try:
                self._smtp.noop()
                return self._smtp
            except (OSError, smtplib.SMTPException):
                self.close()
        self._smtp = self._connect()
        return self._smtp

    def send(self, message: Outgoing) -> str:
        """Send one email; returns its Message-ID."""
        smtp = self._connection()
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.address
        email["Subject"] = message.subject
        email["Message-ID"] = make_msgid(f"cip-{message.id}", domain=self.domain)
        email.set_content(message.body)
        try:
            smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused as problem:
            code, reply = next(iter(problem.recipients.values()))
            raise _smtp_code_problem(code, f"The mail server refused {message.address}: {code} {reply!r}") from None
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as problem:
            raise _smtp_code_problem(problem.smtp_code, f"The mail server refused the message: {problem}") from None
        except (OSError, smtplib.SMTPException) as problem:  # the line dropped mid-message: it may have gone
            self.close()
            raise Problem(
                "check", f"The connection to the mail server broke while sending: {problem}", stop=True
            ) from None
        return str(email["Message-ID"])

    def close(self) -> None:
        """Say goodbye to the server (if connected)."""
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                self._smtp.close()
            self._smtp = None


class NotifyChannel:
    """Email and text by GOV.UK Notify, through its Python client (templates with ((subject)) and ((body)))."""

    def __init__(self, config: Mapping):
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(
            str(config["NOTIFY_API_KEY"]), base_url=str(config["NOTIFY_BASE_URL"]), timeout=TIMEOUT_SECONDS
        )
        self.email_template = config.get("NOTIFY_EMAIL_TEMPLATE_ID")
        self.sms_template = config.get("NOTIFY_SMS_TEMPLATE_ID")

    def send(self, message: Outgoing) -> str:
        """Send one email or text; returns Notify's notification id."""
        import requests
        from notifications_python_client.errors import APIError

        personalisation = {"subject": message.subject, "body": message.body}
        reference = f"cip-outbox-{message.id}"
        try:
            if message.channel is Channel.SMS:
                answer = self.client.send_sms_notification(
                    phone_number=message.address,
                    template_id=self.sms_template,
                    personalisation=personalisation,
                    reference=reference,
                )
            else:
                answer = self.client.send_email_notification(
                    email_address=message.address,
                    template_id=self.email_template,
                    personalisation=personalisation,
                    reference=reference,
                )
        except APIError as problem:
            cause = problem.__cause__
            if isinstance(cause, requests.ConnectTimeout) or (
                isinstance(cause, requests.ConnectionError) and "NewConnectionError" in repr(cause)
            ):
                raise Problem("retry", f"Could not reach GOV.UK Notify: {cause}", stop=True) from None
            if isinstance(cause, requests.RequestException) and problem.response is None:
                raise Problem("check", f"GOV.UK Notify did not answer properly: {cause}", stop=True) from None
            status = problem.status_code
            reason = f"GOV.UK Notify answered {status}: {problem.message}"
            if status == 429 or status >= 500:
                raise Problem("retry", reason, stop=True) from None
            raise Problem("fail", reason, stop=status in (401, 403)) from None
        except requests.RequestException as problem:
            raise Problem("check", f"GOV.UK Notify did not answer properly: {problem}", stop=True) from None
        return str((answer or {}).get("id") or "")

    def close(self) -> None:
        """Let the HTTP connections go."""
        self.client.request_session.close()


class Channels:
    """The open channels of one sending run, made on first use and closed at its end."""

    def __init__(self, config: Mapping):
        self.config = config
        self.providers = configured(config)
        self._open: dict[str, SmtpChannel | NotifyChannel] = {}

    def provider_for(self, channel: Channel) -> SmtpChannel | NotifyChannel | None:
        """The open provider carrying this channel (None when no provider is configured for it)."""
        name = self.providers.email if channel is Channel.EMAIL else self.providers.sms
        if name is None:
            return None
        if name not in self._open:
            self._open[name] = SmtpChannel(self.config) if name == "smtp" else NotifyChannel(self.config)
        return self._open[name]

    def close(self) -> None:
        """Close every provider opened."""
        for provider in self._open.values():
            provider.close()
        self._open.clear()
