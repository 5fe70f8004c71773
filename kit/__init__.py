"""Kit: uniform and equipment held in stock, issued to people and got back (with a leaving checklist).

``kit.leaving.ask_for_kit_back`` is what ``volunteers.lifecycle`` calls when someone leaves or transfers.
"""

from flask import Blueprint

bp = Blueprint("kit", __name__, url_prefix="/kit")

from kit import people_routes, routes, scopes  # noqa: E402,F401
