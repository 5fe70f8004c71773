"""Routes of the schemes blueprint: the landing page, and each sub-domain's routes."""

from __future__ import annotations

from flask import render_template

from core.navigation import register_nav
from core.permissions import STAFF_AND_SUPERVISORS, allow, is_staff
from schemes import bp, scopes, services  # noqa: F401  (registers the scope rules)

# Not named "index": the navigation marks an ".index" entry active on every page of its blueprint,
# and Parishes and ESP have their own entries.
register_nav("Schemes", "schemes.overview", STAFF_AND_SUPERVISORS, order=45)


@bp.app_template_global("schemes_can_edit")
def schemes_can_edit() -> bool:
    """Whether the signed-in user may change schemes records (the CiP team)."""
    return is_staff()


@bp.route("/")
@allow(STAFF_AND_SUPERVISORS)
def overview():
    """The schemes landing page: headline figures and links to each scheme."""
    return render_template("schemes/index.html", figures=services.landing_figures())


from schemes.agreements import routes as _agreements  # noqa: E402,F401
from schemes.cadets import routes as _cadets  # noqa: E402,F401
from schemes.csas import routes as _csas  # noqa: E402,F401
from schemes.esp import routes as _esp  # noqa: E402,F401
from schemes.esp import statement_routes as _esp_statement  # noqa: E402,F401
from schemes.parishes import portal_routes as _parish_portal  # noqa: E402,F401
from schemes.parishes import routes as _parishes  # noqa: E402,F401
from schemes.speedwatch import routes as _speedwatch  # noqa: E402,F401
from schemes.watch import routes as _watch  # noqa: E402,F401
