"""Routes of the scheduling blueprint, one module per sub-domain."""

from scheduling import (  # noqa: F401  (common registers the scope rules)
    common,
    home_routes,  # noqa: F401,E402
    tokens,
)
from scheduling.availability import erasure as availability_erasure  # noqa: F401,E402  (registers its hook)
from scheduling.availability import routes as availability_routes  # noqa: F401,E402
from scheduling.callouts import answer_routes  # noqa: F401,E402
from scheduling.callouts import routes as callout_routes  # noqa: F401,E402
from scheduling.duties import did_shift_routes, review_routes  # noqa: F401,E402
from scheduling.duties import routes as duty_routes  # noqa: F401
from scheduling.hours import routes as hours_routes  # noqa: F401
from scheduling.jobs import routes as job_routes  # noqa: F401
from scheduling.rosters import calendar_routes, change_routes, repeat_routes  # noqa: F401
from scheduling.rosters import routes as roster_routes  # noqa: F401
