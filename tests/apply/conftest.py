"""Fixtures for applying online: the emails sent (captured at the one sending function) and a journey walker."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.factories import csrf_token_from
from tests.factories.people import SourceFactory
from tests.factories.places import DistrictFactory


@dataclass
class Sent:
    email: str
    subject: str
    text: str
    link: str | None


@pytest.fixture
def sent(monkeypatch) -> list[Sent]:
    """Every email the apply package sends, in order (captured where it leaves: apply.messages.deliver)."""
    outbox: list[Sent] = []
    monkeypatch.setattr(
        "apply.messages.deliver",
        lambda email, subject, text, link=None: outbox.append(Sent(email, subject, text, link)),
    )
    return outbox


@pytest.fixture
def places(db):
    """A district and a recruitment source to choose."""
    district = DistrictFactory(name="Maldon")
    source = SourceFactory(name="My Other Life")
    db.session.commit()
    return district, source


class Walker:
    """Answers the journey's pages through the HTTP client, as a browser posts them."""

    def __init__(self, client):
        self.client = client
        self.token = csrf_token_from(client.get("/apply/role").get_data(as_text=True))

    def post(self, path: str, data: dict | None = None):
        return self.client.post(f"/apply/{path}", data={"csrf_token": self.token, **(data or {})})

    def adult(self, places, email="ann@example.org", route="special", **changes):
        district, source = places
        pages = {
            "role": {"route": route},
            "date-of-birth": {"dob-day": "3", "dob-month": "4", "dob-year": "1990"},
            "living-in-the-uk": {"answer": "yes"},
            "right-to-work": {"answer": "yes"},
            "convictions": {"answer": "no"},
            "barred-list": {"answer": "no"},
            "name": {"first_name": "Ann", "last_name": "Smith"},
            "email": {"email": email},
            "phone": {"phone": "07700 900982"},
            "area": {"district_id": str(district.id)},
            "how-you-heard": {"source_id": str(source.id)},
            "equality": {"sex": "female", "ethnicity": "prefer_not_to_say"},
            **changes,
        }
        return self._answer(pages)

    def cadet(self, places, email="kid@example.org", born=("1", "6", "2012"), guardian="mum@example.org"):
        district, source = places
        pages = {
            "role": {"route": "cadet"},
            "date-of-birth": dict(zip(("dob-day", "dob-month", "dob-year"), born, strict=True)),
            "live-or-study-in-essex": {"answer": "yes"},
            "name": {"first_name": "Kit", "last_name": "Young"},
            "email": {"email": email},
            "phone": {"phone": "07700 900111"},
            "parent-or-guardian": {"guardian_name": "Pat Young", "guardian_email": guardian},
            "area": {"district_id": str(district.id)},
            "how-you-heard": {"source_id": "none"},
            "equality": {},
        }
        return self._answer(pages)

    def _answer(self, pages: dict):
        """Answer whichever page the journey asks next until it reaches check your answers; returns its page."""
        path = "role"
        for _ in range(20):
            response = self.post(path, pages[path])
            assert response.status_code == 302, (path, response.get_data(as_text=True)[:3000])
            target = response.headers["Location"].rsplit("/apply/", 1)[1]
            if target in ("check-your-answers", "cannot-apply"):
                return self.client.get(f"/apply/{target}")
            path = target
        raise AssertionError("the journey never reached check your answers")

    def send(self):
        return self.post("check-your-answers")
