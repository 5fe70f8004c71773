#!/usr/bin/env bash
# `make run`: the web server and, beside it, the one scheduler-and-worker process (imports, exports,
# reports, reminders and messages), both stopped together by Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
export FLASK_APP=wsgi:app
export CIP_BIND="${CIP_BIND:-127.0.0.1:5000}"
.venv/bin/flask scheduler run &
worker=$!
stop() { kill -TERM "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true; }
trap stop EXIT
echo "Serving Citizens in Policing on http://$CIP_BIND (demo logins in README.md); the worker runs beside it"
.venv/bin/gunicorn -c gunicorn.conf.py wsgi:app
