"""Apply online: the public journey to volunteer, applicants following their application, guardians confirming."""

from flask import Blueprint

bp = Blueprint("apply", __name__, url_prefix="/apply")

from apply import follow_routes, routes, send_routes  # noqa: E402,F401
from apply.staff_view import register_staff_view  # noqa: E402

register_staff_view(bp)
