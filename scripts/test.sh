#!/usr/bin/env bash
# The whole suite, on the embedded SQLite default and on a throw-away PostgreSQL cluster.
# The two runs go side by side (one per core); the PostgreSQL run leaves out the browser tests,
# which drive the SQLite demo server. Exit status: failure if either run failed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

scripts/ensure-system-deps.sh

pgdir=$(mktemp -d /tmp/cip-pg-XXXXXX)
chmod 755 "$pgdir"
pglog="$pgdir/pytest-postgresql.log"
port=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
cleanup() { scripts/pg-test-cluster.sh stop "$pgdir/cluster"; rm -rf "$pgdir"; }
trap cleanup EXIT
url=$(scripts/pg-test-cluster.sh start "$pgdir/cluster" "$port")

echo "== Test suite on PostgreSQL (running alongside, output below) =="
TEST_DATABASE_URL="$url" $PY -m pytest -m "not browser and not sqlite_only" "$@" >"$pglog" 2>&1 &
pg_pid=$!

echo "== Test suite on SQLite =="
set +e
$PY -m pytest "$@"
sqlite_status=$?
wait "$pg_pid"
pg_status=$?
set -e

echo "== Test suite on PostgreSQL =="
cat "$pglog"
echo "SQLite run exit status: $sqlite_status; PostgreSQL run exit status: $pg_status"
[ "$sqlite_status" -eq 0 ] && [ "$pg_status" -eq 0 ]
