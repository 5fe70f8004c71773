"""In-app notices: what the system tells a person (a shift changed, a shift cancelled, a place moved).

``notices.send`` is the one way to tell someone anything; later channels (email, text) hang off it.
"""

from flask import Blueprint

bp = Blueprint("notices", __name__, url_prefix="/notices")

from notices import routes  # noqa: E402,F401
from notices.services import send  # noqa: E402

__all__ = ["bp", "send"]
