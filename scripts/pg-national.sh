#!/usr/bin/env bash
# A persistent PostgreSQL cluster for the national-scale benchmark data (10 million duties).
#   scripts/pg-national.sh start [DIR] [PORT]   -> creates the cluster and database "cip" if missing,
#                                                  starts it, prints the DATABASE_URL
#   scripts/pg-national.sh stop [DIR]           -> stops it (the data stay)
#   scripts/pg-national.sh destroy [DIR]        -> stops it and deletes DIR
# Benchmark settings: fsync, full_page_writes and synchronous_commit are OFF (fast bulk loading; a crash can
# corrupt the cluster, regenerate it then). Memory settings are those of a small dedicated server.
set -euo pipefail
action=${1:-start}
dir=${2:-/work/pg-national}
port=${3:-5591}
# shellcheck source=scripts/pg-common.sh
source "$(dirname "$0")/pg-common.sh"

case "$action" in
  start)
    if [ ! -d "$dir/data" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
      as_owner "$bindir/initdb" -D "$dir/data" -U cip --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
      cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 100
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 2GB
effective_cache_size = 8GB
work_mem = 32MB
maintenance_work_mem = 1GB
max_wal_size = 8GB
checkpoint_timeout = 30min
CONF
    fi
    if ! as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start >/dev/null
    fi
    if ! as_owner "$bindir/psql" -h 127.0.0.1 -p "$port" -U cip -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'cip'" | grep -q 1; then
      as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U cip cip
    fi
    echo "postgresql+psycopg://cip@127.0.0.1:$port/cip"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    fi
    ;;
  destroy)
    if [ -d "$dir/data" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start [DIR] [PORT] | stop [DIR] | destroy [DIR]" >&2
    exit 2
    ;;
esac
