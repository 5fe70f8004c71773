#!/usr/bin/env bash
# The whole suite: on the embedded SQLite default, then on a throw-away PostgreSQL cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

scripts/ensure-system-deps.sh

echo "== Test suite on SQLite =="
$PY -m pytest "$@"

echo "== Test suite on PostgreSQL =="
pgdir=$(mktemp -d /tmp/cip-pg-XXXXXX)
chmod 755 "$pgdir"
port=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
trap 'scripts/pg-test-cluster.sh stop "$pgdir"' EXIT
url=$(scripts/pg-test-cluster.sh start "$pgdir/cluster" "$port")
TEST_DATABASE_URL="$url" $PY -m pytest -m "not browser and not sqlite_only" "$@"
