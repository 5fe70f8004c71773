"""`make bench` (messages, issue 16): the outbox's speed on this machine, through a real SMTP server on 127.0.0.1.

1. Queueing a call-out to 500 people: ``notices.send`` called once per person, in one transaction (target < 1 s).
2. What queueing adds to a request: a transaction telling one person (and one telling a shift's 10 people)
   something, with email configured against in-app only; the difference of the medians (target < 2 ms).
3. Sending: the 500 queued emails sent by ``send_due`` to a local aiosmtpd server (target >= 50 emails/s);
   the server's count proves each arrived once.

Usage: .venv/bin/python bench/messages.py [--database-url URL_OF_AN_EMPTY_DATABASE] [--people 500]
(a fresh SQLite file in a temporary folder by default).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUEUE_500_S, ADDED_MS, EMAILS_PER_S = 1.0, 2.0, 50.0
REQUESTS = 200


def _app(url: str):
    from config import DevelopmentConfig
    from core.factory import create_app

    return create_app(type("MessagesBench", (DevelopmentConfig,), {"SQLALCHEMY_DATABASE_URI": url}))


def _people(count: int) -> list[int]:
    """``count`` volunteers with email addresses, written in one statement; their ids."""
    import sqlalchemy as sa

    from core.extensions import db
    from volunteers.models import Volunteer

    rows = [
        {
            "first_name": f"Bench{i}",
            "last_name": "Messages",
            "email": f"bench-messages-{i}@example.org",
            "date_of_birth": date(1985, 1, 1),
            "joined_on": date(2024, 1, 1),
            "status": "active",
        }
        for i in range(count)
    ]
    db.session.execute(sa.insert(Volunteer), rows)
    db.session.commit()
    return list(db.session.scalars(sa.select(Volunteer.id).order_by(Volunteer.id)))


def _request_ms(app, volunteer_ids: list[int], email_on: bool, smtp_config: dict) -> float:
    """Median ms of a transaction that tells these people something and commits (email on or off)."""
    import notices
    from core.extensions import db

    app.config.update(smtp_config if email_on else {"MAIL_SERVER": None})
    times = []
    for i in range(REQUESTS):
        started = time.perf_counter()
        notices.send(
            f"Your shift changed ({i})", "/scheduling/shifts/1", volunteer_ids=volunteer_ids, kind="shift_changed"
        )
        db.session.commit()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _clear_outbox() -> None:
    from core.extensions import db
    from notices.outbox.models import OutboxMessage

    db.session.execute(OutboxMessage.__table__.delete())
    db.session.commit()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", help="an empty database (it is migrated); a temporary SQLite file if not given"
    )
    parser.add_argument("--people", type=int, default=500)
    args = parser.parse_args()

    import flask_migrate

    from core.cli import database_has_data
    from core.extensions import db
    from tests.smtp_server import running_smtp_server

    folder = tempfile.TemporaryDirectory(prefix="cip-messages-bench-")
    url = args.database_url or f"sqlite:///{folder.name}/bench.sqlite3"
    app = _app(url)
    verdicts = []
    with app.app_context(), running_smtp_server() as server:
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        if database_has_data():
            print("The database already holds data: give an empty one", file=sys.stderr)
            return 2
        ids = _people(args.people)
        smtp_config = server.config()
        print(
            f"Messages benchmark on {db.engine.dialect.name}, {args.people} people, SMTP at {server.host}:{server.port}"
        )

        # what queueing adds to a request
        _request_ms(app, ids[:1], True, smtp_config)  # warm up
        one_off, one_on = _request_ms(app, ids[:1], False, smtp_config), _request_ms(app, ids[:1], True, smtp_config)
        ten_off, ten_on = _request_ms(app, ids[:10], False, smtp_config), _request_ms(app, ids[:10], True, smtp_config)
        added = max(one_on - one_off, ten_on - ten_off)
        for who, off, on in (("1 person", one_off, one_on), ("10 people", ten_off, ten_on)):
            print(f"Telling {who}: {off:.2f} ms in-app only, {on:.2f} ms with email queued: +{on - off:.2f} ms")
        verdicts.append(("queueing adds < 2 ms to a request", added < ADDED_MS))
        _clear_outbox()

        # a call-out to everyone, one send per person
        import notices

        started = time.perf_counter()
        for volunteer_id in ids:
            notices.send(
                "A call-out: Saturday 18:00 needs people",
                "/scheduling/shifts/1",
                volunteer_ids=[volunteer_id],
                kind="callout",
            )
        db.session.commit()
        queued_s = time.perf_counter() - started
        print(f"Queueing a call-out to {len(ids)} people (one send each, one transaction): {queued_s:.3f} s")
        verdicts.append((f"a call-out to {len(ids)} is queued in < 1 s", queued_s < QUEUE_500_S * len(ids) / 500))

        # sending
        from notices.outbox.delivery import send_due

        server.received.clear()
        started = time.perf_counter()
        tally = send_due()
        sent_s = time.perf_counter() - started
        rate = tally.counts["sent"] / sent_s if sent_s else 0.0
        arrived = {r.recipients[0] for r in server.received}
        print(f"Sending {tally.counts['sent']} emails to the local SMTP server: {sent_s:.2f} s, {rate:.0f} emails/s")
        print(f"The server received {len(server.received)} messages for {len(arrived)} addresses")
        verdicts.append((">= 50 emails/s", rate >= EMAILS_PER_S))
        verdicts.append(("each email arrived exactly once", len(server.received) == len(arrived) == len(ids)))
        db.session.remove()
        db.engine.dispose()
    for what, met in verdicts:
        print(f"{'met' if met else 'NOT met'}: {what}")
    folder.cleanup()
    return 0 if all(met for _what, met in verdicts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
