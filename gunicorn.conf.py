"""gunicorn's settings for CiP, from CIP_ variables (docs/settings.md): `gunicorn -c gunicorn.conf.py wsgi:app`."""

import os

from config import config_from_env
from core.logs import ACCESS_TEXT_FORMAT, logging_config
from settings import choice, integer, seconds


def _read(name: str, parse, default: str):
    return parse(os.environ.get(name) or default)


_config = config_from_env()
bind = os.environ.get("CIP_BIND") or "127.0.0.1:5000"
workers = _read("CIP_WORKERS", integer(1, 64), "2")
threads = _read("CIP_THREADS", integer(1, 64), "1")
# A request that takes longer than this is killed: imports and reports run in the worker, not here.
timeout = _read("CIP_TIMEOUT", seconds(5), "30")
graceful_timeout = _read("CIP_GRACEFUL_TIMEOUT", seconds(1), "30")
keepalive = 5
max_requests = 2000  # a worker is replaced now and then, so a slow leak never grows
max_requests_jitter = 200
# No control socket: systemd's signals manage the server, and two servers on one machine would share
# gunicorn's default socket path.
control_socket_disable = True

# One formatter for the app's lines and the access log: JSON in production, readable otherwise.
accesslog = "-"
errorlog = "-"
access_log_format = ACCESS_TEXT_FORMAT
logconfig_dict = logging_config(
    _read("CIP_LOG_FORMAT", choice("json", "text"), _config.LOG_FORMAT),
    _read("CIP_LOG_LEVEL", choice("debug", "info", "warning", "error"), _config.LOG_LEVEL),
)

# gunicorn's own trust of X-Forwarded-Proto follows CIP_PROXY_COUNT, as the app's does.
if _read("CIP_PROXY_COUNT", integer(0, 5), "0") == 0:
    secure_scheme_headers: dict = {}
else:
    forwarded_allow_ips = os.environ.get("CIP_FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"
