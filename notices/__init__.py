"""In-app notices: what the system tells a person (a shift changed, a shift cancelled, a place moved).

``notices.send`` is the one way to tell someone anything; it also queues
the person's email or text in the outbox (``notices.outbox``); ``notices.send_to_address`` emails someone
with no account.
"""

from flask import Blueprint

bp = Blueprint("notices", __name__, url_prefix="/notices")

from notices import routes  # noqa: E402,F401
from notices.outbox import erasure as outbox_erasure  # noqa: E402,F401  (registers the erasure hook)
from notices.outbox import routes as outbox_routes  # noqa: E402,F401
from notices.services import send, send_each, send_to_address  # noqa: E402

__all__ = ["bp", "send", "send_each", "send_to_address"]
